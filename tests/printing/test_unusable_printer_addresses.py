"""Printer addresses the URL parser or the system's name lookup cannot take: an unclosed IPv6 bracket,
a host name with a part over 63 letters. Each is the same clear "setting is wrong" as any other bad
address, on the command line and in config.toml, never an unexpected failure or a thread's traceback."""

import threading
from collections.abc import Iterator

import pytest

from printing.connections import TcpConnection
from printing.printer_url import parse_printer_url
from printing.problems import PrintProblem
from terminal.errors import Refused
from tests.helpers.cli import Jifen
from tests.printing.conftest import write_printer_config

LONG_NAME = "a" * 64 + ".example"


@pytest.fixture
def thread_crashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What any thread let escape, as threading would print it on stderr."""
    seen: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(f"{args.thread}: {args.exc_value!r}"))
    yield seen


@pytest.mark.parametrize("url", ["tcp://[::1", "tcp://[fe80::1:9100", "tcp://host]:9100", "tcp://[printer]:9100",
                                 "usb://[0416:5011", "cups://[receipts"])
def test_unmatched_brackets_are_not_a_printer_address(url: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_printer_url(url)
    assert refused.value.code == "bad_printer" and "is not a printer address" in refused.value.en
    assert "[ ] brackets" in refused.value.en and "tcp://HOST:9100" in refused.value.en


def test_an_unclosed_bracket_on_the_command_line_is_one_clear_message(cli: Jifen) -> None:
    sale = cli.ok("sale", "--line", "general:10", by="amy")
    before = cli.dump()
    run = cli("receipt", str(sale["sale_id"]), "--printer", "tcp://[::1")
    assert (run.status, run.out) == (2, "") and run.err.count("\n") == 1
    assert run.err.startswith("'tcp://[::1' is not a printer address") and "unexpected" not in run.err
    assert cli.dump() == before


def test_an_unclosed_bracket_in_config_is_said_by_printer_status_test_and_a_sale(cli: Jifen) -> None:
    write_printer_config(cli.home, url="tcp://[::1")
    for words in (["printer", "status"], ["printer", "test"]):
        run = cli(*words)
        assert run.status == 2 and "'tcp://[::1' is not a printer address" in run.err, str(run)
        assert "unexpected" not in run.err
    sale = cli("sale", "--line", "general:10", by="amy")
    assert sale.status == 0 and "what follows it failed" not in sale.out + sale.err
    assert "NOT printed: printer setting is wrong" in sale.out and "'tcp://[::1' is not a printer address" in sale.out
    assert [job["ref"] for job in cli.ok("print", "queue")["jobs"]] == ["T1-6"]


def test_a_host_name_the_system_will_not_look_up_is_said_to_be_invalid_at_once(thread_crashes: list[str]) -> None:
    connection = TcpConnection(parse_printer_url(f"tcp://{LONG_NAME}:9100"), connect_timeout_s=5)
    with pytest.raises(PrintProblem) as problem:
        connection.open()  # refused before any network is asked, not after the 5 s
    assert problem.value.code == "bad_printer"
    assert f"{LONG_NAME} is not a valid host name" in problem.value.detail
    assert thread_crashes == []


def test_a_receipt_to_an_invalid_host_name_says_so_without_a_traceback(cli: Jifen, thread_crashes: list[str]) -> None:
    sale = cli.ok("sale", "--line", "general:10", by="amy")
    run = cli("receipt", str(sale["sale_id"]), "--printer", f"tcp://{LONG_NAME}:9100")
    assert run.status == 2 and run.err.count("\n") == 1
    assert "NOT printed: printer setting is wrong" in run.err and f"{LONG_NAME} is not a valid host name" in run.err
    assert "Traceback" not in run.err and "within" not in run.err
    assert thread_crashes == []
