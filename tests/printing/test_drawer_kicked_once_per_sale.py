"""A cash sale's drawer is kicked once, whatever its receipt's tries found: a paper out kicks it (the drawer
works without paper), and a later try that prints the receipt within DRAWER_WINDOW does not kick it again, even
when a try in between could not reach the printer (only the last problem is kept with the job)."""

from dataclasses import replace

import pytest

from printing.service import Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import Till
from tests.helpers.cli import Jifen
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.old_schema import downgrade_store
from tests.helpers.store import move_clock, sell
from tests.printing.conftest import write_printer_config


@pytest.fixture
def recording(till: Till) -> Till:
    """The till as it runs with a printer set up: each sale's receipt job is written with the sale."""
    till.shop = replace(till.shop, print_receipts=True)
    return till


def with_drawer(till: Till, printer: FakePrinter) -> Printing:
    return Printing(till, PrinterSettings(url=printer.url, profile="58mm", answer_timeout_ms=3000, drawer=True))


def test_paper_out_then_unreachable_then_printed_kicks_the_drawer_once(recording: Till, printer: FakePrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    p = with_drawer(recording, printer)
    printer.mode = "paper_out"
    first = p.print_recorded("receipt", sale.sale_id)  # the sale screen: nothing printed, the drawer opened
    assert first.problem is not None and first.problem.code == "paper_out"
    assert printer.printout().drawer_kicks == 1

    printer.mode = "ready"
    printer.refuse()  # switched off while the paper is changed
    [second] = p.retry()
    assert second.problem is not None and second.problem.code == "unreachable"

    printer.accept()
    move_clock(recording, "2026-03-01 10:03")  # within the drawer window: the cashier may be away by now
    [third] = p.retry()
    assert third.printed and third.job.status == "printed"
    paper = printer.printout()
    assert len(paper.find("单号")) == 1 and paper.drawer_kicks == 1


def test_a_drawer_kicked_on_a_paper_out_is_not_kicked_by_another_program_after_a_failed_connection(
        recording: Till, printer: FakePrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    printer.mode = "paper_out"
    assert with_drawer(recording, printer).retry()[0].problem is not None  # the app's watch kicked it
    printer.mode = "ready"
    printer.refuse()
    assert with_drawer(recording, printer).print_recorded("receipt", sale.sale_id).problem is not None
    printer.accept()
    assert with_drawer(recording, printer).retry()[0].printed  # `jifen print retry`, a program of its own
    assert printer.printout().drawer_kicks == 1


def test_a_store_upgraded_with_a_receipt_waiting_after_a_paper_out_does_not_kick_the_drawer_again(
        cli: Jifen, printer: FakePrinter) -> None:
    """As the version before left it: the paper-out try kicked the drawer; one that found no printer did not."""
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=3000, drawer=True)
    printer.mode = "paper_out"
    kicked = cli.ok("sale", "--line", "general:10", by="amy")["sale_id"]
    assert printer.printout().drawer_kicks == 1
    printer.refuse()
    not_kicked = cli.ok("sale", "--line", "general:20", by="amy")["sale_id"]
    downgrade_store(cli.db, "0019")
    printer.mode = "ready"
    printer.accept()
    retried = cli.ok("print", "retry")["jobs"]
    assert [(job["ref"], job["status"]) for job in retried] == [(kicked, "printed"), (not_kicked, "printed")]
    assert printer.printout().drawer_kicks == 2  # the second sale's own, once
