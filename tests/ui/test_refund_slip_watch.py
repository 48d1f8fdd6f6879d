"""The app's printer watch may print a refund's slip before the Refunds screen does (its look at the printer came
just as the refund was recorded): exactly one slip prints all the same, with no copy marked 重印, and the
screen says the refund receipt printed. Likewise F10 after a failed print, once the watch printed the slip."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.held_printer import HeldPrinter, job_statuses, meanwhile
from tests.helpers.store import MANAGER, member, reopen, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, write_config
from tests.ui.test_members_support import press, settle, shown, type_text
from ui.app import watch_printer
from ui.context import AppContext, build_context
from ui.qt import core
from ui.screens.refunds import RefundsScreen
from ui.tasks import Tasks

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
Key = core.Qt.Key


@pytest.fixture
def held() -> Iterator[HeldPrinter]:
    """A printer whose second connection waits: the watch asks how it is (the first), then prints (the second)."""
    printer = HeldPrinter(held=1)
    yield printer
    printer.close()


@pytest.fixture
def sale_id(shop: Till) -> str:
    """A member's sale of ¥100, made before the printer was set up: its receipt waits in no queue."""
    return sell(shop, member(shop), ("general", 6000), ("general", 4000)).sale_id


def refunds_on(qtbot: QtBot, till: Till, printer: FakePrinter) -> tuple[RefundsScreen, AppContext]:
    """The app as it starts with a printer set up: each refund's slip job is written with the refund. A manager
    at the till: no PIN asked."""
    write_config(till, printer=printer.url, answer_timeout_ms=3000)
    ctx = build_context(reopen(till), Tasks())
    ctx.cashier = MANAGER
    screen = RefundsScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    qtbot.waitUntil(screen.sale_ref.hasFocus)
    return screen, ctx


def ask_for_refund(qtbot: QtBot, ctx: AppContext, sale_id: str) -> None:
    """Find the sale, tick every line and refund it: the refund is recorded on the database worker."""
    type_text(qtbot, sale_id)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    press(qtbot, Key.Key_F7)
    press(qtbot, Key.Key_Return)


def slips_of(printer: FakePrinter, refund_id: str) -> int:
    return sum(1 for line in printer.printout().find("退款单号") if line.text.split()[-1] == refund_id)


def one_slip(screen: RefundsScreen, printer: FakePrinter) -> None:
    refund_id = screen.last_refund
    assert refund_id is not None
    paper = printer.printout()
    assert slips_of(printer, refund_id) == 1 and not paper.find("重印") and not paper.find("COPY")
    assert len(paper.cuts) == 1


def test_the_printer_watch_printing_the_refund_slip_first_prints_one_slip_and_no_copy(
        qtbot: QtBot, shop: Till, printer: FakePrinter, sale_id: str) -> None:
    screen, ctx = refunds_on(qtbot, shop, printer)
    try:
        ask_for_refund(qtbot, ctx, sale_id)
        meanwhile(lambda: job_statuses(ctx.till, "refund") == ["queued"], "the refund was never recorded")
        watch_printer(ctx)  # the watch's look at the printer, before the screen hears of the refund
        meanwhile(lambda: job_statuses(ctx.till, "refund") == ["printed"], "the watch never printed the slip")
        qtbot.waitUntil(lambda: screen.print_state.text() == "Refund receipt printed.", timeout=15_000)
        settle(qtbot, ctx)
        assert screen.print_state.text() == "Refund receipt printed." and not screen.reprint_button.isVisible()
        one_slip(screen, printer)
        assert job_statuses(ctx.till, "refund") == ["printed"]
    finally:
        settle(qtbot, ctx)
        ctx.close()


def test_the_screen_printing_while_the_watch_prints_the_slip_waits_for_it_and_prints_no_copy(
        qtbot: QtBot, shop: Till, held: HeldPrinter, sale_id: str) -> None:
    screen, ctx = refunds_on(qtbot, shop, held)
    try:
        ask_for_refund(qtbot, ctx, sale_id)
        meanwhile(lambda: job_statuses(ctx.till, "refund") == ["queued"], "the refund was never recorded")
        watch_printer(ctx)
        meanwhile(lambda: job_statuses(ctx.till, "refund") == ["sending"] and held.connections == 2,
                  "the watch never claimed it")
        qtbot.waitUntil(lambda: screen.print_state.text() == "Printing the refund receipt…")  # meanwhile
        qtbot.wait(100)
        held.gate.set()
        qtbot.waitUntil(lambda: screen.print_state.text() == "Refund receipt printed.", timeout=15_000)
        settle(qtbot, ctx)
        one_slip(screen, held)
        assert held.connections == 2 and job_statuses(ctx.till, "refund") == ["printed"]
    finally:
        settle(qtbot, ctx)
        ctx.close()


def test_f10_after_a_failed_print_says_the_watch_printed_the_slip_and_prints_no_copy(
        qtbot: QtBot, shop: Till, printer: FakePrinter, sale_id: str) -> None:
    screen, ctx = refunds_on(qtbot, shop, printer)
    try:
        printer.refuse()  # switched off: the screen's print sends nothing
        ask_for_refund(qtbot, ctx, sale_id)
        settle(qtbot, ctx)
        assert screen.print_state.text().startswith("The refund is recorded, but its receipt did not print")
        assert screen.reprint_button.isVisible() and job_statuses(ctx.till, "refund") == ["queued"]
        printer.accept()
        watch_printer(ctx)  # the printer is back: the watch prints what waited
        settle(qtbot, ctx)
        assert job_statuses(ctx.till, "refund") == ["printed"]
        press(qtbot, Key.Key_F10)
        settle(qtbot, ctx)
        assert screen.print_state.text() == "Refund receipt printed." and not screen.reprint_button.isVisible()
        one_slip(screen, printer)
        assert job_statuses(ctx.till, "refund") == ["printed"]
    finally:
        settle(qtbot, ctx)
        ctx.close()


def test_f10_after_a_slip_the_printer_never_confirmed_prints_it_again_marked_as_a_copy(
        qtbot: QtBot, shop: Till, printer: FakePrinter, sale_id: str) -> None:
    screen, ctx = refunds_on(qtbot, shop, printer)
    try:
        printer.mode = "no_confirm"  # takes the slip, never says it printed: it may have
        ask_for_refund(qtbot, ctx, sale_id)
        settle(qtbot, ctx)
        assert screen.reprint_button.isVisible() and job_statuses(ctx.till, "refund") == ["sent"]
        printer.mode = "ready"
        printer.forget()
        press(qtbot, Key.Key_F10)
        settle(qtbot, ctx)
        assert screen.print_state.text() == "Refund receipt printed."
        refund_id = screen.last_refund
        assert refund_id is not None and slips_of(printer, refund_id) == 1 and printer.printout().find("重印")
    finally:
        settle(qtbot, ctx)
        ctx.close()
