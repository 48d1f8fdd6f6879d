"""Slow things for the checkout's event-loop test: a TCP proxy that holds every chunk back for a while
in each direction (a printer or a ledger far away on a bad network), and the real ledger in its own
process, so that its work is not done by the app's interpreter."""

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

import requests

from ledger import db
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import free_port

ROOT = Path(__file__).resolve().parents[2]


class SlowProxy:
    """Forwards 127.0.0.1:``port`` to ``upstream``, each chunk ``delay`` seconds late, both ways."""

    def __init__(self, upstream: str, delay: float) -> None:
        parts = urlsplit(upstream if "://" in upstream else f"tcp://{upstream}")
        self.scheme = parts.scheme
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.delay = delay
        self.connections = 0
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def __enter__(self) -> "SlowProxy":
        self._spawn(self._accept)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._stopping.set()
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
        for thread in self._threads:
            thread.join(timeout=2)

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self.connections += 1
                self._sockets += [client, server]
            self._spawn(self._pump, client, server)
            self._spawn(self._pump, server, client)

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        source.settimeout(None)
        while not self._stopping.is_set():
            try:
                chunk = source.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            if self._stopping.wait(self.delay):
                break
            try:
                target.sendall(chunk)
            except OSError:
                break
        try:
            target.shutdown(socket.SHUT_WR)
        except OSError:
            pass


@contextmanager
def ledger_process(folder: Path, merchant: str = "m1", store: str = "静安店", terminal: str = "T1") -> Iterator[tuple[str, str]]:
    """The real ledger (``python -m ledger.cli serve``) on a SQLite file in ``folder``; yields its URL and
    the token of the terminal."""
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'ledger.db'}"
    engine = db.open_engine(url)
    ledger = open_ledger(engine)
    ledger.merchant(merchant)
    token = ledger.terminal(merchant, store, terminal)
    engine.dispose()
    port = free_port()
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    with (folder / "ledger.log").open("ab") as log:
        process = subprocess.Popen([sys.executable, "-m", "ledger.cli", "--db", url, "serve", "--host", "127.0.0.1",
                                    "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the ledger exited with {process.returncode}: see {folder / 'ledger.log'}")
            try:
                if requests.get(base + "/v1/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the ledger did not start in 60 s")
            time.sleep(0.05)
        yield base, token
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
