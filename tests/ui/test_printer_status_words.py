"""The status bar's words for a printer that gives no answer about itself: a network (or USB, serial) printer
that can say how it is but is silent is "not answering", never "connected"; only a printer that cannot say
(a file, CUPS, a Windows printer) is "connected"."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter, Mode
from tests.helpers.store import CASHIER, sell
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_members_support import app_context, settle
from ui.app import watch_printer
from ui.context import AppContext
from ui.status_bar import StatusBar

pytestmark = pytest.mark.gui


def status_bar_after_a_look(qtbot: QtBot, ctx: AppContext) -> StatusBar:
    bar = StatusBar(ctx.bus)
    qtbot.addWidget(bar)
    watch_printer(ctx)
    settle(qtbot, ctx)
    ctx.tasks.shutdown()
    return bar


NOT_ANSWERING = {
    "en": ("Printer: not answering",
           "The printer takes the connection but does not answer when asked how it is: check it (power, paper, cover)."),
    "zh": ("打印机：无响应", "打印机能连上，但询问其状态时没有回应：请检查电源、纸张和机盖。"),
}


@pytest.mark.parametrize("mode", ["hang", "silent"])
def test_a_network_printer_that_does_not_answer_is_not_answering(qtbot: QtBot, till: Till, printer: FakePrinter,
                                                                 mode: Mode, language: str) -> None:
    printer.mode = mode  # takes the connection, and says nothing
    bar = status_bar_after_a_look(qtbot, app_context(till, printer.url, CASHIER))
    assert (bar.printer_label.text(), bar.printer_label.toolTip()) == NOT_ANSWERING[language]


def test_after_a_print_the_printer_did_not_confirm_the_watch_does_not_say_connected(
        qtbot: QtBot, till: Till, printer: FakePrinter) -> None:
    """The printer took a receipt and went quiet: the next look says it is not answering, and that the receipt
    was never confirmed."""
    ctx = app_context(till, printer.url, CASHIER)
    sale = sell(till, None, ("general", 2100))
    printer.mode = "silent"
    assert ctx.printing.print("receipt", sale.sale_id).unsure
    bar = status_bar_after_a_look(qtbot, ctx)
    assert bar.printer_label.text().startswith("Printer: not answering · 1 receipt")


def test_a_file_printer_cannot_say_how_it_is_and_is_connected(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    bar = status_bar_after_a_look(qtbot, app_context(till, f"file://{tmp_path / 'receipts.bin'}", CASHIER))
    assert bar.printer_label.text() == "Printer: connected"
