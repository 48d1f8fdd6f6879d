"""A fake network printer that holds one connection's status answers until the test lets it go: whoever
printed first is still printing (its job claimed, ``sending``) while another print comes along."""

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from printing.print_queue import list_jobs
from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter


class _HeldAnswers:
    """A printer's side of a connection that answers its status queries once ``gate`` opens."""

    def __init__(self, client: socket.socket, gate: threading.Event) -> None:
        self._client, self._gate = client, gate

    def sendall(self, data: bytes) -> None:
        self._gate.wait(timeout=30)
        self._client.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


class HeldPrinter(FakePrinter):
    """Connection number ``held`` (0: the first) answers nothing until ``gate`` is set."""

    def __init__(self, held: int = 0) -> None:
        self.gate = threading.Event()
        self.held = held
        super().__init__()

    def _serve(self, client: socket.socket, index: int) -> None:
        served = _HeldAnswers(client, self.gate) if index == self.held else client
        super()._serve(served, index)  # type: ignore[arg-type]

    def close(self) -> None:
        self.gate.set()
        super().close()


def job_statuses(till: Till, kind: str) -> list[str]:
    """The statuses of the print jobs of ``kind`` (receipt, refund…), read from the store."""
    return [job.status for job in list_jobs(till.reading(), everything=True) if job.kind == kind]


def meanwhile(condition: Callable[[], bool], what: str) -> None:
    """Wait on the worker threads alone: the app's own events (a record's result, hence the screen's print)
    are not handled until the test lets them."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)
