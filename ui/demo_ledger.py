"""The demo's own central ledger: a SQLite file beside the demo store, the merchant and this terminal
registered in it (as `jifen-ledger migrate`, `merchant add` and `terminal add` do), and
`jifen-ledger serve` in a process of its own on a free port, stopped when the demo ends. No Qt."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from ledger import db, service
from terminal.errors import Refused

START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ledger_command() -> list[str] | None:
    """`jifen-ledger` beside this Python (a virtual environment's scripts), else this Python's
    ``-m ledger.cli``; None in a bundle that has neither."""
    here = Path(sys.executable)
    for name in ("jifen-ledger", "jifen-ledger.exe"):
        if (here.parent / name).is_file():
            return [str(here.parent / name)]
    if getattr(sys, "frozen", False):
        return None
    return [sys.executable, "-m", "ledger.cli"]


class DemoLedger:
    def __init__(self, folder: Path, merchant: str, store: str, terminal: str) -> None:
        self.folder, self.merchant, self.store, self.terminal = folder, merchant, store, terminal
        self.url = ""
        self.token = ""
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def db_url(self) -> str:
        return f"sqlite:///{(self.folder / 'ledger.db').as_posix()}"

    @property
    def log(self) -> Path:
        return self.folder / "ledger.log"

    def prepare(self) -> str:
        """The schema, the merchant and the terminal; the terminal's token."""
        self.folder.mkdir(parents=True, exist_ok=True)
        engine = db.open_engine(self.db_url)
        try:
            db.migrate(engine)
            sessions = db.sessions(engine)
            db.in_transaction(sessions, service.ensure_counters)
            db.in_transaction(sessions, lambda s: service.add_merchant(s, self.merchant, "静安连锁（演示）", None, 1))
            self.token = str(db.in_transaction(sessions, lambda s: service.add_terminal(s, self.merchant, self.store,
                                                                                          self.terminal)))
        finally:
            engine.dispose()
        return self.token

    def start(self) -> str:
        """Serve it; its URL once it answers."""
        command = ledger_command()
        if command is None:
            raise Refused("not_found", "this installation has no jifen-ledger to run the demo ledger",
                          "本安装中没有 jifen-ledger，无法运行演示总账")
        port = free_port()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([*command, "--db", self.db_url, "serve", "--host", "127.0.0.1",
                                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=os.environ.copy())
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if self.process.poll() is not None:
                raise Refused("offline", f"the demo ledger stopped at once (exit status {self.process.returncode}): "
                              f"see {self.log}", f"演示总账启动后立即退出（状态 {self.process.returncode}）：见 {self.log}")
            try:
                if requests.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return self.url
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise Refused("offline", f"the demo ledger did not answer in {START_TIMEOUT_S:.0f} s: see {self.log}",
                              f"演示总账 {START_TIMEOUT_S:.0f} 秒内没有响应：见 {self.log}")
            time.sleep(0.1)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
