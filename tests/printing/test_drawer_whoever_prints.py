"""The cash drawer opens once for a fresh cash sale, whoever prints its receipt first: the sale screen (or
`jifen sale`), the app's printer watch, or another program printing the queue. The sale screen's print of a
receipt the watch took first says how that print went and puts out no copy. A copy, a receipt looked up
again, or one printed from the queue after DRAWER_WINDOW never opens it."""

import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from printing.print_queue import get_job, jobs_for
from printing.service import Outcome, Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import Till
from tests.helpers.cli import CLEAN_ENV, JIFEN, MORNING
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.held_printer import HeldPrinter
from tests.helpers.store import move_clock, sell
from tests.printing.conftest import write_printer_config


@pytest.fixture
def recording(till: Till) -> Till:
    """The till as it runs with a printer set up: each sale's receipt job is written with the sale."""
    till.shop = replace(till.shop, print_receipts=True)
    return till


@pytest.fixture
def held() -> Iterator[HeldPrinter]:
    """A printer whose first connection waits: whoever prints first is still printing."""
    printer = HeldPrinter()
    yield printer
    printer.close()


def with_drawer(till: Till, printer: FakePrinter) -> Printing:
    return Printing(till, PrinterSettings(url=printer.url, profile="58mm", answer_timeout_ms=3000, drawer=True))


def receipts_of(printer: FakePrinter, sale_id: str) -> int:
    return sum(1 for line in printer.printout().find("单号") if line.text.split()[-1] == sale_id)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def sending(till: Till, sale_id: str) -> bool:
    return [job.status for job in jobs_for(till.reading(), "receipt", sale_id)] == ["sending"]


def test_the_printer_watch_printing_a_fresh_cash_sale_first_opens_the_drawer_and_the_screen_prints_no_copy(
        recording: Till, printer: FakePrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    p = with_drawer(recording, printer)
    [watch] = p.retry()  # the watch claimed the receipt before the sale screen's print
    assert watch.printed and printer.printout().drawer_kicks == 1
    counter = p.print_recorded("receipt", sale.sale_id)
    assert counter.printed and counter.job.id == watch.job.id and not counter.job.copy
    paper = printer.printout()
    assert receipts_of(printer, sale.sale_id) == 1 and not paper.find("重印") and paper.drawer_kicks == 1

    printer.forget()
    again = p.print("receipt", sale.sale_id)  # Ctrl+P: a copy, which never opens the drawer
    assert again.printed and again.job.copy
    assert len(printer.printout().find("** 重印 **")) == 2 and printer.printout().drawer_kicks == 0


def test_the_screen_printing_first_opens_the_drawer_and_the_watch_finds_nothing_left(
        recording: Till, printer: FakePrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    p = with_drawer(recording, printer)
    assert p.print_recorded("receipt", sale.sale_id).printed
    assert p.retry() == []
    assert receipts_of(printer, sale.sale_id) == 1 and printer.printout().drawer_kicks == 1


def test_the_watch_and_the_screen_printing_at_once_print_one_receipt_and_open_the_drawer_once(
        recording: Till, held: HeldPrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    p = with_drawer(recording, held)
    outcomes: dict[str, list[Outcome]] = {}
    watch = threading.Thread(target=lambda: outcomes.update(watch=p.retry()))
    watch.start()
    wait_for(lambda: sending(recording, sale.sale_id) and held.connections == 1, "the watch never claimed it")
    screen = threading.Thread(target=lambda: outcomes.update(screen=[p.print_recorded("receipt", sale.sale_id)]))
    screen.start()
    held.gate.set()
    watch.join(timeout=30)
    screen.join(timeout=30)
    assert [o.printed for o in outcomes["watch"]] == [True] and [o.printed for o in outcomes["screen"]] == [True]
    assert receipts_of(held, sale.sale_id) == 1 and not held.printout().find("重印")
    assert held.printout().drawer_kicks == 1 and held.connections == 1


def _print_retry(till: Till) -> subprocess.Popen[str]:
    """`jifen print retry`, as another program printing the queue (the app's watch beside `jifen sale`)."""
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env = {**base, "JIFEN_HOME": str(till.home.root), "JIFEN_NOW": MORNING}
    return subprocess.Popen([str(JIFEN), "print", "retry"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_another_program_printing_the_receipt_leaves_the_screen_busy_and_opens_the_drawer_once(
        recording: Till, held: HeldPrinter) -> None:
    write_printer_config(recording.home.root, url=held.url, profile="58mm", answer_timeout_ms=3000, drawer=True)
    sale = sell(recording, None, ("general", 10000))
    other = _print_retry(recording)
    try:
        wait_for(lambda: sending(recording, sale.sale_id) and held.connections == 1, "the other program never claimed it")
        counter = with_drawer(recording, held).print_recorded("receipt", sale.sale_id)
        assert counter.busy and not counter.job.copy and held.connections == 1  # no copy is sent meanwhile
    finally:
        held.gate.set()
        out, err = other.communicate(timeout=60)
    assert other.returncode == 0, (out, err)
    [job] = jobs_for(recording.reading(), "receipt", sale.sale_id)
    assert get_job(recording.reading(), job.id).status == "printed"
    assert receipts_of(held, sale.sale_id) == 1 and held.printout().drawer_kicks == 1


def test_a_receipt_printed_from_the_queue_after_the_drawer_window_does_not_open_the_drawer(
        recording: Till, printer: FakePrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    move_clock(recording, "2026-03-01 10:11")  # eleven minutes later: the customer is long gone
    [watch] = with_drawer(recording, printer).retry()
    assert watch.printed and receipts_of(printer, sale.sale_id) == 1 and printer.printout().drawer_kicks == 0


def test_a_receipt_printed_from_the_queue_within_the_drawer_window_opens_it_once_the_printer_is_back(
        recording: Till, printer: FakePrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    p = with_drawer(recording, printer)
    printer.refuse()  # switched off: the screen's print sends nothing, the drawer (on the printer) cannot open
    assert p.print_recorded("receipt", sale.sale_id).problem is not None
    printer.accept()
    move_clock(recording, "2026-03-01 10:02")
    [watch] = p.retry()  # the watch, as the printer is back: the change may still be due
    assert watch.printed and printer.printout().drawer_kicks == 1
    assert p.print("receipt", sale.sale_id).job.copy and printer.printout().drawer_kicks == 1


def test_the_drawer_kicked_on_a_paper_out_is_not_kicked_again_by_the_watch(recording: Till, printer: FakePrinter) -> None:
    sale = sell(recording, None, ("general", 10000))
    p = with_drawer(recording, printer)
    printer.mode = "paper_out"
    [watch] = p.retry()  # the watch's try reached the printer: the drawer opened though nothing printed
    assert watch.problem is not None and printer.printout().drawer_kicks == 1
    printer.mode = "ready"
    assert p.print_recorded("receipt", sale.sale_id).printed
    assert receipts_of(printer, sale.sale_id) == 1 and printer.printout().drawer_kicks == 1
