"""A terminal's sync client in its own process, syncing until killed.

Run as ``python -m tests.helpers.sync_worker HOME BATCH``: opens the store in HOME (connected to
a ledger with `ledger connect`), then calls ``Syncer.sync_once`` again and again, with batches of
at most BATCH entries (smaller than the protocol's 500, so a kill lands between batches as often
as inside one). It prints ``batch DONE TOTAL`` after each acknowledged batch, ``synced PENDING``
after each successful sync and ``down`` after a link failure. Anything else ends it with a traceback.
"""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sync import relay
from sync.client import LinkDown
from terminal.bootstrap import open_till
from terminal.home import Home
from tests.helpers.store import at

WHEN = "2026-03-01 10:00"
ROOT = Path(__file__).resolve().parents[2]


def main(home: str, batch: str) -> None:
    relay.MAX_BATCH = int(batch)
    till = open_till(Home(Path(home)), at(WHEN))
    syncer = relay.syncer_for(till)
    while True:
        try:
            syncer.sync_once(lambda done, total: print("batch", done, total, flush=True))
            print("synced", syncer.status().pending, flush=True)
        except LinkDown:
            print("down", flush=True)
        time.sleep(0.02)


class SyncWorker:
    """The worker process, its lines collected by a thread."""

    def __init__(self, home: Path, batch: int) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self.process = subprocess.Popen([sys.executable, "-m", "tests.helpers.sync_worker", str(home), str(batch)],
                                        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line.strip())
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, prefix: str, after: int = 0, timeout: float = 30) -> bool:
        """Until a line starting with ``prefix`` comes after the first ``after`` lines; False if it never does."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(line.startswith(prefix) for line in self.lines[after:]):
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    return False
                self._changed.wait(min(left, 0.1))
            return True

    def kill(self) -> tuple[int, str]:
        """SIGKILL it; its exit code and what it wrote to stderr."""
        self.process.send_signal(signal.SIGKILL)
        code = self.process.wait()
        self._reader.join()
        assert self.process.stderr is not None
        return code, self.process.stderr.read()


if __name__ == "__main__":
    main(*sys.argv[1:])
