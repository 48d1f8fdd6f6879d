"""A printer whose paper is running low: the status bar says so (with the whole sentence as its tooltip)
and the printer settings page's status button says so, in English and in Chinese; the receipt still prints."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import CASHIER, member, sell
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_members_support import app_context, settle
from tests.ui.test_printer_status_words import status_bar_after_a_look
from ui.screens.settings_printer import PrinterPage

pytestmark = pytest.mark.gui

STATUS_BAR = {
    "en": ("Printer: paper low", "Paper low — have a new roll ready."),
    "zh": ("打印机：纸快用完了", "纸快用完了——请准备新纸卷。"),
}
SETTINGS = {"en": "Paper is running low — have a new roll ready.", "zh": "纸快用完了 —— 请准备一卷新纸。"}


def test_the_status_bar_says_the_paper_is_low_and_the_receipt_prints(qtbot: QtBot, till: Till, printer: FakePrinter,
                                                                     language: str) -> None:
    printer.mode = "paper_low"
    ctx = app_context(till, printer.url, CASHIER)
    sale = sell(till, member(till), ("general", 10000))
    assert ctx.printing.print("receipt", sale.sale_id).printed
    out = printer.printout()
    assert out.find(sale.sale_id) and out.find("138****8000") and len(out.qr_codes) == 1
    bar = status_bar_after_a_look(qtbot, ctx)
    assert (bar.printer_label.text(), bar.printer_label.toolTip()) == STATUS_BAR[language]


def test_the_printer_page_says_the_paper_is_low(qtbot: QtBot, till: Till, printer: FakePrinter,
                                                language: str) -> None:
    printer.mode = "paper_low"
    ctx = app_context(till, printer.url, CASHIER)
    page = PrinterPage(ctx)
    qtbot.addWidget(page)
    assert page.url.text() == printer.url
    page.state_button.click()
    qtbot.waitUntil(lambda: page.message.text() == SETTINGS[language], timeout=10_000)
    assert page.message.objectName() != "problem"  # a warning, not a stop: it still prints
    settle(qtbot, ctx)
    ctx.tasks.shutdown()
