"""Receipts that did not print, at the counter: the status bar counts them, and once the printer works
again they print after the next customer's receipt (or with Ctrl+P); a print the printer did not
confirm says it may have printed; the printer watch prints what waits once the printer is back, and the
note says so. A printer problem is said in the cashier's language, in a few words in the status bar."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.lang import prefers_chinese
from tests.helpers.fake_printer import FakePrinter, Mode
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Counter,
    Key,
    open_counter,
    write_config,
)
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from ui.app import watch_printer
from ui.qt import core
from ui.status_bar import StatusBar

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]



def open_with_printer(qtbot: QtBot, shop: Till, printer: FakePrinter, mode: Mode) -> Counter:
    """The counter on ``shop`` with the fake network printer in ``mode`` (paper_out, ready, no_confirm)."""
    write_config(shop, printer=printer.url, answer_timeout_ms=300)
    printer.mode = mode
    return open_counter(qtbot, shop)


def sell_by_card(counter: Counter, amount: str) -> None:
    counter.press(Key.Key_F11)
    counter.type(amount)
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F10)
    counter.press(Key.Key_Return)


def sold(counter: Counter) -> str:
    sale = counter.screen.last_sale
    assert sale is not None
    return sale.sale_id


def printer_words(counter: Counter) -> str:
    bar = counter.window.statusBar()
    assert isinstance(bar, StatusBar)
    return bar.printer_label.text()


def test_a_receipt_that_waited_prints_after_the_next_customers_and_the_status_bar_counts_it(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter = open_with_printer(qtbot, shop, printer, "paper_out")
    screen = counter.screen
    sell_by_card(counter, "11")
    qtbot.waitUntil(lambda: "did not print" in screen.print_note.text(), timeout=15_000)
    first = sold(counter)
    qtbot.waitUntil(lambda: printer_words(counter).endswith(" · 1 waiting to print"))
    assert printer_words(counter).startswith("Printer: out of paper")

    printer.mode = "ready"
    sell_by_card(counter, "12")
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed. 1 that waited in the print queue printed too.",
                    timeout=15_000)
    second = sold(counter)
    assert printer_words(counter) == "Printer: ready"
    assert [line.text.split()[-1] for line in printer.printout().find("单号")] == [second, first]
    counter.close()


def test_ctrl_p_prints_what_waits_when_the_last_receipt_printed(qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter = open_with_printer(qtbot, shop, printer, "paper_out")
    screen = counter.screen
    sell_by_card(counter, "11")
    qtbot.waitUntil(lambda: "did not print" in screen.print_note.text(), timeout=15_000)
    counter.close()

    printer.mode = "ready"  # the app again, later: what waits is counted from the store
    counter = open_counter(qtbot, shop)
    qtbot.waitUntil(lambda: printer_words(counter).endswith(" · 1 waiting to print"))
    counter.press(Key.Key_P, core.Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "1 that waited in the print queue printed too." in counter.screen.print_note.text(),
                    timeout=15_000)
    assert not printer_words(counter).endswith("waiting to print")
    assert len(printer.printout().find("单号")) == 1 and not printer.printout().find("重印")
    counter.close()


def test_a_receipt_the_printer_did_not_confirm_may_have_printed(qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter = open_with_printer(qtbot, shop, printer, "no_confirm")
    screen = counter.screen
    sell_by_card(counter, "21")
    qtbot.waitUntil(lambda: "may have printed" in screen.print_note.text(), timeout=15_000)
    assert "check the paper" in screen.print_note.text() and "marked as a copy" in screen.print_note.text()
    assert printer.printout().find(sold(counter)) and not printer_words(counter).endswith("waiting to print")
    printer.mode = "ready"
    counter.press(Key.Key_P, core.Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=15_000)
    assert len(printer.printout().find("** 重印 **")) == 2
    counter.close()


def test_the_printer_watch_prints_what_waits_once_the_printer_is_ready_again(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter = open_with_printer(qtbot, shop, printer, "paper_out")
    sell_by_card(counter, "11")
    qtbot.waitUntil(lambda: printer_words(counter).endswith(" · 1 waiting to print"), timeout=15_000)
    watch_printer(counter.ctx)  # still out of paper: nothing printed, still waiting
    counter.idle()
    assert printer_words(counter) == "Printer: out of paper · 1 waiting to print"
    assert not printer.printout().find("单号")

    printer.mode = "ready"  # a new roll: the next look at the printer prints the receipt that waited
    watch_printer(counter.ctx)
    qtbot.waitUntil(lambda: printer_words(counter) == "Printer: ready", timeout=15_000)
    assert [line.text.split()[-1] for line in printer.printout().find("单号")] == [sold(counter)]
    counter.close()


def test_a_receipt_the_printer_watch_prints_once_the_printer_is_back_is_said_printed(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter = open_with_printer(qtbot, shop, printer, "ready")
    screen = counter.screen
    printer.refuse()  # switched off
    sell_by_card(counter, "11")
    qtbot.waitUntil(lambda: "did not print" in screen.print_note.text(), timeout=15_000)
    qtbot.waitUntil(lambda: printer_words(counter).endswith(" · 1 waiting to print"))

    printer.accept()  # switched on: the next look at the printer prints the receipt, and the note says so
    watch_printer(counter.ctx)
    qtbot.waitUntil(lambda: printer_words(counter) == "Printer: ready", timeout=15_000)
    assert screen.print_note.text() == "Receipt printed: the printer is back."
    assert screen.print_note.styleSheet() == ""  # no longer in red
    assert len(printer.printout().find("单号")) == 1 and not printer.printout().find("重印")

    counter.press(Key.Key_P, core.Qt.KeyboardModifier.ControlModifier)  # asked now, it is for a copy
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=15_000)
    assert len(printer.printout().find("单号")) == 2 and len(printer.printout().find("** 重印 **")) == 2  # (top and bottom)
    counter.close()


@pytest.mark.usefixtures("language")
def test_an_unplugged_printer_is_said_in_the_cashiers_language_once_and_leaves_the_status_bar_room(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter = open_with_printer(qtbot, shop, printer, "ready")
    screen = counter.screen
    printer.refuse()
    for amount in ("11", "12"):
        sell_by_card(counter, amount)
        qtbot.waitUntil(lambda: screen.print_note.state == "not printed", timeout=15_000)
    watch_printer(counter.ctx)
    counter.idle()
    counter.window.resize(SCREEN)
    counter.idle()

    bar = counter.window.statusBar()
    assert isinstance(bar, StatusBar)
    if prefers_chinese():
        assert screen.print_note.text() == "本单已记账，但小票没有打印出来：连接不上打印机（未开机或未连接？）。按 Ctrl+P 重印。"
        assert bar.printer_label.text() == "打印机：连接不上 · 2 张待打印"
    else:
        assert screen.print_note.text().startswith("The sale is recorded, but the receipt did not print: printer not "
                                                   "reachable (switched off or unplugged?) (tcp://")
        assert bar.printer_label.text() == "Printer: not reachable · 2 waiting to print"
    assert "Connection refused" in bar.printer_label.toolTip()  # the device's words, for whoever looks into it
    for label in (bar.sync_label, bar.printer_label, bar.camera_label):  # none shortened with "…"
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width(), label.text()
    counter.close()
