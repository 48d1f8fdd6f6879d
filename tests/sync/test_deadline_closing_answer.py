"""The answer's deadline holds while the body of an answer that closes the connection (``Connection: close``)
downloads: http.client hands that socket over to the answer, and the deadline must still find it and cut it.
A real server on a free port sends the headers at once, then the body a byte a second."""

import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger

DEADLINE = 2.0


class _Dripping(socketserver.BaseRequestHandler):
    stopping: threading.Event

    def handle(self) -> None:
        self.request.recv(65536)
        body = b"{\"merchant\": 1}"  # 15 s at a byte a second
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n").encode("ascii")
        try:
            self.request.sendall(head)
            for byte in body:
                if self.stopping.wait(1.0):
                    return
                self.request.sendall(bytes([byte]))
        except OSError:
            pass  # the terminal gave up


@contextmanager
def dripping_server() -> Iterator[str]:
    """A server that answers every request with headers, then its body at one byte a second."""
    stopping = threading.Event()
    handler = type("Handler", (_Dripping,), {"stopping": stopping})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()


def test_an_answer_that_closes_the_connection_and_drips_its_body_is_cut_at_the_deadline(
        jifen: Jifen, ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    ledger, _ = ledger_url
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", DEADLINE)
    token = ledger.terminal("m1", "静安店", "T1")
    with dripping_server() as url:
        started = time.monotonic()
        run = jifen("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        took = time.monotonic() - started
    assert took < DEADLINE + 3, f"connect took {took:.1f} s"  # without the cut: the body's 15 s
    assert run.status == 2 and f"did not answer within {DEADLINE:.0f} s" in run.err, str(run)
    assert not (jifen.home / "ledger.token").exists()
