"""A network printer named by host name: the name is looked up within the connect timeout, since the
system's own lookup has none (a shop's router can leave it hanging), and a name that is not known
is said as such. The hanging and unknown lookups are faults injected into socket.getaddrinfo."""

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from printing.connections import TcpConnection
from printing.printer_url import parse_printer_url
from printing.problems import PrintProblem
from tests.helpers.fake_printer import FakePrinter, fake_printer


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    with fake_printer() as found:
        yield found


def test_a_printer_named_by_host_name_prints(printer: FakePrinter) -> None:
    connection = TcpConnection(parse_printer_url(f"tcp://localhost:{printer.port}"))
    connection.open()
    connection.write("小票\n".encode("gb18030"))
    connection.close()
    deadline = time.monotonic() + 5  # the fake printer reads on its own thread
    while not printer.data.endswith("小票\n".encode("gb18030")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert printer.data.endswith("小票\n".encode("gb18030"))


def test_a_lookup_that_hangs_is_given_up_after_the_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    released = threading.Event()

    def hanging(*_: object, **__: object) -> list[object]:
        released.wait(30)
        raise socket.gaierror("released")

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    connection = TcpConnection(parse_printer_url("tcp://printer.shop.lan:9100"), connect_timeout_s=0.2)
    try:
        with pytest.raises(PrintProblem) as problem:
            connection.open()
    finally:
        released.set()
    assert problem.value.code == "unreachable"
    assert "the name printer.shop.lan was not found within 0.2 s" in problem.value.detail


def test_a_name_that_is_not_known_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(*_: object, **__: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(PrintProblem) as problem:
        TcpConnection(parse_printer_url("tcp://no-such-printer:9100")).open()
    assert problem.value.code == "unreachable" and "is not known on this network" in problem.value.detail
