"""Today's receipts a real network printer took but never confirmed, in a real store: listed with what the cashier
needs to find them on the paper; the cashier says one printed (it is stored as checked and no longer counted), or
prints it again, as a copy (重印)."""

import pytest

from printing.print_queue import list_jobs
from printing.service import Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import Till, open_till
from terminal.errors import Refused
from terminal.home import Home
from terminal.services.refunds import record_refund
from tests.helpers.cli import Jifen
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import MANAGER, member, sell
from tests.printing.conftest import write_printer_config


def printing_to(printer: FakePrinter, till: Till) -> Printing:
    return Printing(till, PrinterSettings(url=printer.url, profile="58mm", answer_timeout_ms=200))


def stored(till: Till) -> list[tuple[str, str, bool, str]]:
    return [(job.kind, job.ref, job.copy, job.status) for job in list_jobs(till.reading(), everything=True)]


def sent_unconfirmed(printer: FakePrinter, printing: Printing, kind: str, *refs: str) -> None:
    printer.mode = "silent"  # takes the data, never confirms it
    for ref in refs:
        assert printing.print(kind, ref).unsure
    printer.mode = "ready"


def test_receipts_left_unconfirmed_are_listed_and_one_the_cashier_found_is_no_longer_counted(
        till: Till, printer: FakePrinter) -> None:
    printing = printing_to(printer, till)
    with_member = sell(till, member(till, "13800138000"), ("general", 12345)).sale_id
    without = sell(till, None, ("general", 2100)).sale_id
    refund = record_refund(till.uow(), till.shop, MANAGER, with_member).refund_id
    sent_unconfirmed(printer, printing, "receipt", with_member, without)
    sent_unconfirmed(printer, printing, "refund", refund)

    listed = printing.unconfirmed_receipts()
    assert [(r.number, f"{r.at:%H:%M}", r.total_fen, r.phone, r.refund) for r in listed] == [
        (with_member, "10:00", 12345, "138****8000", False), (without, "10:00", 2100, None, False),
        (refund, "10:00", 12345, "138****8000", True)]
    assert printing.unconfirmed_today() == 3

    printing.mark_printed(listed[1].job.id)
    assert stored(till) == [("receipt", with_member, False, "sent"), ("receipt", without, False, "checked"),
                            ("refund", refund, False, "sent")]
    assert [r.number for r in printing.unconfirmed_receipts()] == [with_member, refund]
    assert printing.unconfirmed_today() == 2
    printing.mark_printed(listed[1].job.id)  # said twice (two windows): it stays as it is
    assert printing.unconfirmed_today() == 2


def test_a_receipt_sent_twice_unconfirmed_is_listed_once_and_found_once(till: Till, printer: FakePrinter) -> None:
    printing = printing_to(printer, till)
    sale = sell(till, None, ("general", 500)).sale_id
    sent_unconfirmed(printer, printing, "receipt", sale, sale)
    listed = printing.unconfirmed_receipts()
    assert len(listed) == 1 and listed[0].job.copy  # its latest print, the copy
    printing.mark_printed(listed[0].job.id)
    assert stored(till) == [("receipt", sale, False, "checked"), ("receipt", sale, True, "checked")]
    assert printing.unconfirmed_receipts() == [] and printing.unconfirmed_today() == 0


def test_printed_again_from_the_list_it_prints_as_a_copy_and_is_no_longer_counted(
        till: Till, printer: FakePrinter) -> None:
    printing = printing_to(printer, till)
    sale = sell(till, None, ("general", 3300)).sale_id
    sent_unconfirmed(printer, printing, "receipt", sale)
    printer.forget()
    (listed,) = printing.unconfirmed_receipts()
    (outcome,) = printing.retry(listed.job.id)
    assert outcome.printed and outcome.job.copy
    paper = printer.printout()
    assert paper.find(sale) and len(paper.find("** 重印 **")) == 2
    assert stored(till) == [("receipt", sale, False, "sent"), ("receipt", sale, True, "printed")]
    assert printing.unconfirmed_receipts() == [] and printing.unconfirmed_today() == 0


def test_a_job_that_was_not_left_unconfirmed_cannot_be_said_printed(till: Till, printer: FakePrinter) -> None:
    printing = printing_to(printer, till)
    sale = sell(till, None, ("general", 700)).sale_id
    printer.mode = "paper_out"
    waiting = printing.print("receipt", sale).job
    with pytest.raises(Refused) as refused:
        printing.mark_printed(waiting.id)
    assert refused.value.code == "bad_input" and f"print job {waiting.id} is not one" in refused.value.en
    assert stored(till) == [("receipt", sale, False, "queued")]


def test_print_queue_all_shows_a_receipt_the_cashier_found_on_the_paper(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    printer.mode = "silent"
    sale = cli.ok("sale", "--line", "general:11", by="amy")["sale_id"]
    (job,) = cli.ok("print", "queue", "--all")["jobs"]
    till = open_till(Home(cli.home))
    try:
        Printing(till, PrinterSettings(url=printer.url)).mark_printed(job["job"])
    finally:
        till.close()
    shown = cli.ok("print", "queue", "--all")["jobs"]
    assert [(j["ref"], j["status"], j["error"]) for j in shown] == [(sale, "checked", None)]
    text = cli("print", "queue", "--all").out
    assert f"Receipt {sale} — sent " in text and "printed, as the cashier checked on the paper" in text
