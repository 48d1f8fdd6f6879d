"""Printing an earlier receipt or Z report again, on a real (fake TCP) printer: a sale's receipt from the
Refunds screen (Ctrl+P, marked 重印 / COPY), the checkout saying where to go when it has nothing to
reprint, and the last Z report from the Shift screen whenever there is one."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.services.reports import close_day
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import hire_staff, sell
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Counter,
    Key,
    open_counter,
    write_config,
)
from tests.ui.test_members_support import settle, shown
from ui.context import AppContext
from ui.qt import core
from ui.screens.checkout import CheckoutScreen
from ui.screens.refunds import RefundsScreen
from ui.screens.shift import ShiftScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
CTRL = core.Qt.KeyboardModifier.ControlModifier


def sale_numbers(printer: FakePrinter) -> list[str]:
    return [line.text.split()[-1] for line in printer.printout().find("单号")]


def log_in_again(counter: Counter) -> None:
    counter.press(Key.Key_F12)
    counter.qtbot.waitUntil(lambda: counter.window.current() is None)
    counter.log_in()
    counter.qtbot.waitUntil(lambda: isinstance(counter.window.current(), CheckoutScreen))


def open_in_refunds(counter: Counter, sale_id: str) -> RefundsScreen:
    """F3, the sale's number and Enter, as the cashier finds a sale to reprint."""
    counter.press(Key.Key_F3)
    refunds = counter.window.current()
    assert isinstance(refunds, RefundsScreen)
    counter.qtbot.waitUntil(refunds.sale_ref.hasFocus)
    counter.type(sale_id)
    counter.press(Key.Key_Return)
    counter.idle()
    return refunds


def test_after_logging_in_again_an_earlier_receipt_is_reprinted_from_refunds_marked_as_a_copy(
        qtbot: QtBot, till: Till, printer: FakePrinter) -> None:
    hire_staff(till)
    write_config(till, printer=printer.url)
    counter = open_counter(qtbot, till, screens=(CheckoutScreen, RefundsScreen))
    counter.type("77.70")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F10)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: counter.screen.print_note.text() == "Receipt printed.", timeout=15_000)
    sale = counter.screen.last_sale
    assert sale is not None
    log_in_again(counter)

    counter.press(Key.Key_P, CTRL)
    counter.idle()
    assert counter.screen.message.text() == ("No receipt to reprint here: open the sale in Refunds (F3) and press "
                                             "Ctrl+P.")
    assert sale_numbers(printer) == [sale.sale_id] and not printer.printout().find("重印")
    printer.forget()

    refunds = open_in_refunds(counter, sale.sale_id)
    assert refunds.receipt_button.isVisible() and refunds.receipt_button.text().endswith("Ctrl+P")
    counter.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: refunds.receipt_note.text() == "Receipt printed.", timeout=15_000)
    assert sale_numbers(printer) == [sale.sale_id] and printer.printout().find("** 重印 **")
    counter.close()


def test_ctrl_p_on_refunds_without_a_sale_says_to_find_it_first(qtbot: QtBot, ctx: AppContext,
                                                                printer: FakePrinter) -> None:
    screen = RefundsScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    assert not screen.receipt_button.isVisible()
    qtbot.keyClick(screen.sale_ref, Key.Key_P, CTRL)
    settle(qtbot, ctx)
    assert screen.problem.text() == ("Find the sale first (its number, or scan its receipt), then press Ctrl+P to "
                                     "print its receipt again.")
    assert printer.data == b""


def test_the_last_z_report_is_printed_again_from_the_shift_screen(qtbot: QtBot, ctx: AppContext,
                                                                  printer: FakePrinter) -> None:
    sell(ctx.till, None, ("general", 10000))
    close_day(ctx.till.uow(), ctx.till.shop, Who("boss", "boss"))  # closed yesterday, say, or before the app was restarted
    screen = ShiftScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    settle(qtbot, ctx)
    assert screen.reprint_button.isVisible() and screen.reprint_button.text() == "Print Z1 again  F10"
    qtbot.keyClick(screen, Key.Key_F10)
    settle(qtbot, ctx)
    assert screen.info.text() == "The Z1 report printed again."
    assert printer.printout().find("Z1 ") and printer.printout().find("100.00")


def test_with_no_z_yet_f10_on_the_shift_screen_says_so(qtbot: QtBot, ctx: AppContext, printer: FakePrinter) -> None:
    screen = ShiftScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    settle(qtbot, ctx)
    assert not screen.reprint_button.isVisible()
    qtbot.keyClick(screen, Key.Key_F10)
    settle(qtbot, ctx)
    assert screen.problem.text() == "There is no Z report to print yet: the day has never been closed here."
    assert printer.data == b""


def test_a_cash_sales_receipt_printed_from_refunds_does_not_open_the_drawer(
        qtbot: QtBot, till: Till, printer: FakePrinter) -> None:
    hire_staff(till)
    write_config(till, printer=printer.url)
    with till.home.config.open("a", encoding="utf-8") as config:
        config.write("drawer = true\n")  # [printer] is the file's last table
    printer.refuse()  # switched off: the cash sale's receipt waits, having never reached the printer
    counter = open_counter(qtbot, till, screens=(CheckoutScreen, RefundsScreen))
    counter.type("20")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: "did not print" in counter.screen.print_note.text(), timeout=15_000)
    sale = counter.screen.last_sale
    assert sale is not None

    printer.accept()
    refunds = open_in_refunds(counter, sale.sale_id)
    counter.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: refunds.receipt_note.text().startswith("Receipt printed."), timeout=15_000)
    assert sale_numbers(printer) == [sale.sale_id] and printer.printout().drawer_kicks == 0
    counter.close()
