"""A printer that takes the receipts but never confirms them: once it answers again, the status bar says how many
of today's receipts may be missing and where to see them (the list of tests/ui/test_unconfirmed_list.py), and nothing
is printed again unasked."""

import pytest
from pytestqt.qtbot import QtBot

from printing.print_queue import list_jobs
from printing.service import Printing
from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import CASHIER, move_clock, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_members_support import app_context
from tests.ui.test_print_note import open_with_printer, printer_words, sell_by_card, sold
from tests.ui.test_printer_status_words import status_bar_after_a_look

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]

NOT_CONFIRMED = {
    "en": ("Printer: ready · 2 receipts not confirmed",
           "The printer never confirmed 2 of today's receipts: they may not have printed. Click here or press Ctrl+F3 "
           "to see them, then print each again (as a copy) or say it printed."),
    "zh": ("打印机：就绪 · 2 张小票未确认",
           "今天有 2 张小票打印机未确认：可能没有打出来。点这里或按 Ctrl+F3 查看，没打出的逐张重印（标为重印），已打出的确认一下。"),
}


def test_receipts_the_printer_never_confirmed_today_are_counted_in_the_status_bar(
        qtbot: QtBot, till: Till, printer: FakePrinter, language: str) -> None:
    ctx = app_context(till, printer.url, CASHIER)
    printer.mode = "silent"  # takes the data, never answers
    for amount in (2100, 3300):
        assert ctx.printing.print("receipt", sell(till, None, ("general", amount)).sale_id).unsure
    printer.mode = "ready"
    received = len(printer.received)
    bar = status_bar_after_a_look(qtbot, ctx)
    assert (bar.printer_label.text(), bar.printer_label.toolTip()) == NOT_CONFIRMED[language]
    assert len(printer.received) == received + 1  # the look at the printer; no receipt printed again
    assert [job.status for job in list_jobs(till.reading(), everything=True)] == ["sent", "sent"]


def test_yesterdays_unconfirmed_receipts_are_not_counted(qtbot: QtBot, till: Till, printer: FakePrinter) -> None:
    ctx = app_context(till, printer.url, CASHIER)
    printer.mode = "silent"
    move_clock(till, "2026-03-01 23:30")
    assert ctx.printing.print("receipt", sell(till, None, ("general", 2100)).sale_id).unsure
    move_clock(till, "2026-03-02 07:30")  # the next day in Shanghai, still 1 March by UTC
    printer.mode = "ready"
    bar = status_bar_after_a_look(qtbot, ctx)
    assert bar.printer_label.text() == "Printer: ready"


def test_the_counter_keeps_the_count_and_a_receipt_printed_again_by_hand_is_no_longer_counted(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    counter = open_with_printer(qtbot, shop, printer, "no_confirm")
    sell_by_card(counter, "21")
    qtbot.waitUntil(lambda: "may have printed" in counter.screen.print_note.text(), timeout=15_000)
    unsure = sold(counter)
    printer.mode = "ready"
    sell_by_card(counter, "22")
    qtbot.waitUntil(lambda: receipt_printed_after(counter, unsure), timeout=15_000)
    qtbot.waitUntil(lambda: printer_words(counter).startswith("Printer: ready · 1 receipt"), timeout=15_000)

    refunds_reprint = ctx_printing(counter).print("receipt", unsure, looked_up=True)  # as Refunds' Ctrl+P does
    assert refunds_reprint.printed and refunds_reprint.job.copy
    second = sold(counter)
    sell_by_card(counter, "23")
    qtbot.waitUntil(lambda: receipt_printed_after(counter, second), timeout=15_000)
    qtbot.waitUntil(lambda: printer_words(counter) == "Printer: ready", timeout=15_000)
    counter.close()


def ctx_printing(counter: Counter) -> Printing:
    return counter.ctx.printing


def receipt_printed_after(counter: Counter, earlier: str) -> bool:
    """The receipt of a sale after ``earlier`` printed."""
    note = counter.screen.print_note
    return note.last is not None and note.last[1] != earlier and note.state == "printed"
