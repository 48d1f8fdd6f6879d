"""The ledger as a real process (`jifen-ledger --db URL serve --port P`), to be killed with SIGKILL
and started again on the same port, as a shop's server would be after a power cut."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import requests

from tests.helpers.ledger_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def ledger_command() -> list[str]:
    """The installed `jifen-ledger` beside this Python, else the same entry point as a module."""
    script = Path(sys.executable).with_name("jifen-ledger")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ledger.cli"]


class LedgerProcess:
    """Use as a context manager (started on entry, stopped on exit); ``url`` stays the same across restarts."""

    def __init__(self, db_url: str, log: Path, env: dict[str, str] | None = None, port: int | None = None,
                 workers: int = 1) -> None:
        self.db_url, self.log_path, self.workers = db_url, log, workers
        self.port = port or free_port()
        self.env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))} \
            | (env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def command(self) -> list[str]:
        return [*ledger_command(), "--db", self.db_url, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                "--workers", str(self.workers)]

    def start(self, timeout: float = 60) -> None:
        """Start it and wait until it answers /v1/health."""
        assert self.process is None, "already running"
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the ledger exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"the ledger did not start in {timeout:.0f} s:\n{self.log_tail()}")

    def kill(self) -> int:
        """SIGKILL; returns how it ended (``-signal.SIGKILL`` unless it had died already)."""
        assert self.process is not None, "not running"
        self.process.send_signal(signal.SIGKILL)
        code = self.process.wait()
        self._close()
        return code

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._close()

    def _close(self) -> None:
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "LedgerProcess":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
