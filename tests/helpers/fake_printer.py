"""A network receipt printer for tests: a real TCP server on 127.0.0.1 that records what it is sent.

It answers status queries (DLE EOT n) the way an ESC/POS printer does, for a printer that is
ready, out of paper or has its cover open; it can also stay silent (take data, never answer), answer
before the data but not after it (no_confirm), hang (accept the connection, then neither read nor
answer), or refuse connections altogether.
"""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from tests.helpers.escpos_reader import Printout, read_escpos

Mode = Literal["ready", "paper_low", "paper_out", "cover_open", "silent", "no_confirm", "hang"]
# Answers to DLE EOT 1 (printer), 2 (offline cause) and 4 (paper sensor).
ANSWERS: dict[str, dict[int, int]] = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "paper_low": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 | 0x0C},
    "paper_out": {1: 0x12 | 0x08, 2: 0x12 | 0x20, 3: 0x12, 4: 0x12 | 0x60},
    "cover_open": {1: 0x12 | 0x08, 2: 0x12 | 0x04, 3: 0x12, 4: 0x12},
}


class FakePrinter:
    def __init__(self) -> None:
        self.mode: Mode = "ready"
        self.connections = 0
        self.received: list[bytes] = []  # what each connection sent, in order
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._clients: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.port = 0
        self.accept()

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def accept(self) -> None:
        """Listen (again, on the same port)."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._acceptor = self._spawn(self._accept_loop, listener)

    def refuse(self) -> None:
        """Stop listening: connecting is refused, as with a printer switched off."""
        listener, self._listener = self._listener, None
        if listener is None:
            return
        try:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread and stops listening at once
        except OSError:
            pass
        self._acceptor.join(timeout=2)
        listener.close()

    def _spawn(self, target: object, *args: object) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()
        return thread

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopping.is_set() and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                self.received.append(b"")
                index = len(self.received) - 1
                self._clients.append(client)
            self._spawn(self._serve, client, index)

    def _serve(self, client: socket.socket, index: int) -> None:
        client.settimeout(0.05)
        buffer = b""
        while not self._stopping.is_set():
            if self.mode == "hang":
                self._stopping.wait(0.05)
                continue
            try:
                chunk = client.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            with self._lock:
                self.received[index] = buffer
            answers = ANSWERS["ready"] if self.mode == "no_confirm" and _only_queries(buffer) else ANSWERS.get(self.mode)
            if answers and len(buffer) >= 3 and buffer[-3:-1] == b"\x10\x04" and buffer[-1] in answers:
                try:
                    client.sendall(bytes([answers[buffer[-1]]]))
                except OSError:
                    return

    @property
    def data(self) -> bytes:
        with self._lock:
            return b"".join(self.received)

    def printout(self) -> Printout:
        """Everything received, read as the printer would print it."""
        return read_escpos(self.data)

    def forget(self) -> None:
        with self._lock:
            self.received = [b"" for _ in self.received]

    def close(self) -> None:
        self._stopping.set()
        self.refuse()
        with self._lock:
            for client in self._clients:
                client.close()
        for thread in self._threads:
            thread.join(timeout=2)


def _only_queries(buffer: bytes) -> bool:
    """Nothing but status queries (DLE EOT n) so far on this connection."""
    return len(buffer) % 3 == 0 and all(buffer[at:at + 2] == b"\x10\x04" for at in range(0, len(buffer), 3))


@contextmanager
def fake_printer() -> Iterator[FakePrinter]:
    printer = FakePrinter()
    try:
        yield printer
    finally:
        printer.close()


@contextmanager
def unanswering_port() -> Iterator[int]:
    """A port on 127.0.0.1 whose listen queue is full: connecting never completes, as with a hung printer."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    try:
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
