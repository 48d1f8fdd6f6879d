"""The app's printer watch may print a cash sale's receipt before the sale screen does (its look at the printer
came just as the sale was recorded): the drawer opens once all the same, with the watch's print, and the
screen says the receipt printed without printing a copy of it."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.held_printer import HeldPrinter, job_statuses, meanwhile
from tests.helpers.store import reopen
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter, write_config
from ui.app import watch_printer

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


@pytest.fixture
def held() -> Iterator[HeldPrinter]:
    """A printer whose second connection waits: the watch asks how it is (the first), then prints (the second)."""
    printer = HeldPrinter(held=1)
    yield printer
    printer.close()


def counter_on(qtbot: QtBot, till: Till, printer: FakePrinter) -> tuple[Counter, Till]:
    """The app as it starts with a printer and its cash drawer set up: each sale's receipt job is written with it."""
    write_config(till, printer=printer.url, answer_timeout_ms=3000)
    with till.home.config.open("a", encoding="utf-8") as config:
        config.write("drawer = true\n")  # [printer] is the file's last table
    reopened = reopen(till)
    return open_counter(qtbot, reopened), reopened


def ring_up_cash(counter: Counter, amount: str) -> None:
    counter.type(amount)
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)


def receipts_of(printer: FakePrinter, sale_id: str) -> int:
    return sum(1 for line in printer.printout().find("单号") if line.text.split()[-1] == sale_id)


def test_the_printer_watch_printing_a_cash_sales_receipt_first_opens_the_drawer_and_no_copy_prints(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter, till = counter_on(qtbot, shop, printer)
    try:
        ring_up_cash(counter, "20")
        meanwhile(lambda: job_statuses(till, "receipt") == ["queued"], "the sale was never recorded")
        watch_printer(counter.ctx)  # the watch's look at the printer, before the screen hears of the sale
        meanwhile(lambda: job_statuses(till, "receipt") == ["printed"], "the watch never printed the receipt")
        qtbot.waitUntil(lambda: counter.screen.print_note.text() == "Receipt printed.", timeout=15_000)
        counter.idle()
        sale = counter.screen.last_sale
        assert sale is not None
        paper = printer.printout()
        assert paper.drawer_kicks == 1 and receipts_of(printer, sale.sale_id) == 1 and not paper.find("重印")
        assert job_statuses(till, "receipt") == ["printed"]
    finally:
        counter.close()
        till.close()


def test_the_screen_printing_while_the_watch_prints_the_receipt_waits_for_it_and_prints_no_copy(
        qtbot: QtBot, shop: Till, held: HeldPrinter) -> None:
    counter, till = counter_on(qtbot, shop, held)
    try:
        ring_up_cash(counter, "20")
        meanwhile(lambda: job_statuses(till, "receipt") == ["queued"], "the sale was never recorded")
        watch_printer(counter.ctx)
        meanwhile(lambda: job_statuses(till, "receipt") == ["sending"] and held.connections == 2,
                  "the watch never claimed it")
        qtbot.waitUntil(lambda: counter.screen.print_note.state == "printing")  # the screen's print, meanwhile
        qtbot.wait(100)
        held.gate.set()
        qtbot.waitUntil(lambda: counter.screen.print_note.text() == "Receipt printed.", timeout=15_000)
        counter.idle()
        sale = counter.screen.last_sale
        assert sale is not None
        paper = held.printout()
        assert paper.drawer_kicks == 1 and receipts_of(held, sale.sale_id) == 1 and not paper.find("重印")
        assert job_statuses(till, "receipt") == ["printed"]
    finally:
        counter.close()
        till.close()
