"""At the counter, the receipts the printer took but never confirmed today: Ctrl+F3, or a click on the printer's words
in the status bar, lists them with what the cashier needs to find each on the paper (number, time, total, member);
F8 (or its button) says one printed, Ctrl+P (or its button) prints it again as a copy on a real network printer. Each
is stored in the print queue and the status bar's count follows; a copy that does not print waits in the queue."""

import pytest
from pytestqt.qtbot import QtBot

from printing.print_queue import list_jobs
from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, join_by_phone
from tests.ui.test_print_note import open_with_printer, printer_words, sell_by_card, sold
from ui.qt import core, widgets
from ui.screens.unconfirmed_receipts import UnconfirmedReceiptsDialog

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
CTRL = core.Qt.KeyboardModifier.ControlModifier
LEFT = core.Qt.MouseButton.LeftButton
PHONE = "13800138000"


def sell_unconfirmed(counter: Counter, amount: str, phone: str | None = None) -> str:
    """A sale paid by card whose receipt the printer takes but never confirms: its number."""
    before = counter.screen.last_sale
    counter.press(Key.Key_F11)
    if phone is not None:
        join_by_phone(counter, counter.qtbot, phone)
    counter.type(amount)
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F10)
    counter.press(Key.Key_Return)
    counter.qtbot.waitUntil(lambda: counter.screen.last_sale is not before and counter.screen.print_note.state == "unsure",
                            timeout=15_000)
    return sold(counter)


def the_list(counter: Counter) -> UnconfirmedReceiptsDialog:
    counter.qtbot.waitUntil(lambda: isinstance(widgets.QApplication.activeWindow(), UnconfirmedReceiptsDialog))
    dialog = widgets.QApplication.activeWindow()
    assert isinstance(dialog, UnconfirmedReceiptsDialog)
    counter.idle()
    return dialog


def rows(dialog: UnconfirmedReceiptsDialog) -> list[list[str]]:
    table = dialog.table
    if not table.isVisible():
        return []
    return [[table.item(row, column).text() for column in range(table.columnCount())] for row in range(table.rowCount())]


def stored(till: Till, ref: str) -> list[tuple[bool, str]]:
    return [(job.copy, job.status) for job in list_jobs(till.reading(), everything=True) if job.ref == ref]


def test_by_keyboard_the_cashier_says_one_printed_and_prints_the_other_again_as_a_copy(
        qtbot: QtBot, shop: Till, printer: FakePrinter, english: None) -> None:
    member(shop, PHONE)
    counter = open_with_printer(qtbot, shop, printer, "no_confirm")
    first = sell_unconfirmed(counter, "21")
    second = sell_unconfirmed(counter, "22", PHONE)
    qtbot.waitUntil(lambda: printer_words(counter).endswith(" · 2 receipts not confirmed"))
    tooltip = counter.window.status_bar.printer_label.toolTip()
    assert "Click here or press Ctrl+F3 to see them" in tooltip and "jifen print queue" not in tooltip

    before = counter.focus()
    counter.press(Key.Key_F3, CTRL)
    dialog = the_list(counter)
    assert rows(dialog) == [[first, "10:00", "￥21.00", "no member"], [second, "10:00", "￥22.00", "138****8000"]]
    counter.press(Key.Key_Down)
    counter.press(Key.Key_F8)  # the second one is on the paper
    qtbot.waitUntil(lambda: len(rows(dialog)) == 1)
    assert dialog.message.text() == f"{second} printed, as you found it on the paper."
    assert stored(shop, second) == [(False, "checked")] and stored(shop, first) == [(False, "sent")]
    assert printer_words(counter).endswith(" · 1 receipt not confirmed")

    printer.mode = "ready"
    printer.forget()
    counter.press(Key.Key_P, CTRL)  # the first one is not: printed again
    qtbot.waitUntil(lambda: dialog.message.text() == f"A copy of {first} printed.", timeout=15_000)
    assert rows(dialog) == [] and dialog.intro.text() == (
        "The printer confirmed every receipt printed today: there is nothing to check.")
    assert not dialog.reprint_button.isEnabled() and not dialog.printed_button.isEnabled()
    assert stored(shop, first) == [(False, "sent"), (True, "printed")]
    paper = printer.printout()
    assert paper.find(first) and paper.find("** 重印 **") and not paper.find(second)
    assert printer_words(counter) == "Printer: ready"

    counter.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: widgets.QApplication.activeWindow() is counter.window)
    assert counter.focus() is before  # the cashier types the next sale's amount
    counter.close()


def test_by_click_a_copy_that_does_not_print_waits_in_the_queue_and_stays_counted(
        qtbot: QtBot, shop: Till, printer: FakePrinter, english: None) -> None:
    counter = open_with_printer(qtbot, shop, printer, "ready")
    sell_by_card(counter, "11")
    qtbot.waitUntil(lambda: counter.screen.print_note.state == "printed", timeout=15_000)
    label = counter.window.status_bar.printer_label
    qtbot.mouseClick(label, LEFT)
    dialog = the_list(counter)
    assert rows(dialog) == [] and dialog.intro.text() == (
        "The printer confirmed every receipt printed today: there is nothing to check.")
    qtbot.mouseClick(dialog.findChildren(widgets.QPushButton)[-1], LEFT)  # Close
    qtbot.waitUntil(lambda: widgets.QApplication.activeWindow() is counter.window)

    printer.mode = "no_confirm"
    sale = sell_unconfirmed(counter, "12")
    qtbot.waitUntil(lambda: printer_words(counter).endswith(" · 1 receipt not confirmed"))
    qtbot.mouseClick(label, LEFT)
    dialog = the_list(counter)
    assert [row[:3] for row in rows(dialog)] == [[sale, "10:00", "￥12.00"]]
    printer.mode = "paper_out"
    qtbot.mouseClick(dialog.reprint_button, LEFT)
    qtbot.waitUntil(lambda: dialog.message.text().startswith(f"The copy of {sale} did not print: "), timeout=15_000)
    assert "out of paper" in dialog.message.text() and "It waits in the print queue" in dialog.message.text()
    assert dialog.message.styleSheet() != ""  # said as a problem, as the print note says one
    assert [row[0] for row in rows(dialog)] == [sale]  # still not confirmed: nothing lost
    assert stored(shop, sale) == [(False, "sent"), (True, "queued")]
    qtbot.waitUntil(lambda: printer_words(counter).startswith("Printer: out of paper"))
    assert printer_words(counter).endswith(" · 1 receipt not confirmed · 1 waiting to print")

    qtbot.mouseClick(dialog.printed_button, LEFT)  # found it on the paper after all
    qtbot.waitUntil(lambda: rows(dialog) == [])
    assert stored(shop, sale) == [(False, "checked"), (True, "queued")]
    assert printer_words(counter) == "Printer: out of paper · 1 waiting to print"
    dialog.reject()
    counter.close()


def test_the_list_in_chinese(qtbot: QtBot, shop: Till, printer: FakePrinter, chinese: None) -> None:
    counter = open_with_printer(qtbot, shop, printer, "no_confirm")
    sale = sell_unconfirmed(counter, "21")
    qtbot.waitUntil(lambda: printer_words(counter).endswith(" · 1 张小票未确认"))
    counter.press(Key.Key_F3, CTRL)
    dialog = the_list(counter)
    assert dialog.windowTitle() == "打印机未确认的小票"
    headers = [dialog.table.horizontalHeaderItem(column).text() for column in range(dialog.table.columnCount())]
    assert headers == ["单号", "时间", "合计", "会员"] and rows(dialog) == [[sale, "10:00", "￥21.00", "无会员"]]
    assert "找到了：按 F8。没找到：按 Ctrl+P 重印（小票上会印“重印”）。" in dialog.intro.text()
    assert (dialog.reprint_button.text(), dialog.printed_button.text()) == ("重印  Ctrl+P", "已打出  F8")
    counter.press(Key.Key_F8)
    qtbot.waitUntil(lambda: dialog.message.text() == f"{sale} 已确认打出。")
    assert dialog.intro.text() == "今天打印的小票打印机都已确认，没有要查看的。"
    dialog.reject()
    counter.close()
