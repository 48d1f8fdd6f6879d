"""A serial receipt printer for tests: the far end of a pseudo-terminal, so pyserial opens a real
tty device (/dev/pts/N). It records what it is sent and answers DLE EOT status queries."""

import os
import select
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.helpers.escpos_reader import Printout, read_escpos
from tests.helpers.fake_printer import ANSWERS


class SerialPrinter:
    def __init__(self) -> None:
        self.mode = "ready"
        self._master, slave = os.openpty()
        self.device = os.ttyname(slave)
        self._slave = slave  # kept open so the device exists between the terminal's connections
        self.data = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"serial://{self.device}?baud=19200"

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            self.data += chunk
            answers = ANSWERS.get(self.mode)
            if answers and len(self.data) >= 3 and self.data[-3:-1] == b"\x10\x04" and self.data[-1] in answers:
                os.write(self._master, bytes([answers[self.data[-1]]]))

    def printout(self) -> Printout:
        return read_escpos(self.data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        os.close(self._master)
        os.close(self._slave)


@contextmanager
def serial_printer() -> Iterator[SerialPrinter]:
    printer = SerialPrinter()
    try:
        yield printer
    finally:
        printer.close()
