"""The language receipts print in, and whether the printer has Chinese characters: chosen in the first-run
wizard (the app's language unless the owner says otherwise) and in Settings › Printer, written to
config.toml's [printer], and the test page printed and spoken of in that language."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from printing.settings import load_printer_settings
from terminal.bootstrap import Till
from terminal.home import Home
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import CASHIER
from tests.ui.test_first_run import focused, fill_store_and_owner, on_page, press, type_in, wizard_for
from tests.ui.test_members_support import app_context, settle
from ui.first_run import FirstRunWizard
from ui.qt import core, widgets
from ui.screens.settings_printer import PrinterPage

pytestmark = pytest.mark.gui
Key = core.Qt.Key
CHECK_TEXT = "The test page printed. Check that the text and the QR code are clear."


def finish(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """From the printer page on through the camera and the ledger (none), then Finish."""
    wizard.printer.url.setFocus()
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.camera)
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.ledger)
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.ready)
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.result() == widgets.QDialog.DialogCode.Accepted, timeout=20_000)


def test_a_store_set_up_in_english_prints_english_receipts_and_an_english_test_page(
        qtbot: QtBot, tmp_path: Path, printer: FakePrinter, english: None) -> None:
    home = Home(tmp_path / "store")
    wizard = wizard_for(qtbot, home)
    fill_store_and_owner(qtbot, wizard)
    assert (wizard.printer.language.currentText(), wizard.printer.chinese.currentText()) == ("English", "Yes")
    assert focused() is wizard.printer.url
    type_in(qtbot, printer.url)
    wizard.printer.test_button.click()
    qtbot.waitUntil(lambda: wizard.printer.message.text() == CHECK_TEXT, timeout=10_000)
    page = printer.printout().text
    assert "Printer test" in page and "打印测试" not in page
    finish(qtbot, wizard)
    settings = load_printer_settings(home.config)
    assert (settings.url, settings.language, settings.chinese) == (printer.url, "en", "switch")


def test_a_store_set_up_in_chinese_prints_chinese_unless_english_is_chosen(
        qtbot: QtBot, tmp_path: Path, printer: FakePrinter, chinese: None) -> None:
    home = Home(tmp_path / "store")
    wizard = wizard_for(qtbot, home)
    fill_store_and_owner(qtbot, wizard)
    assert wizard.printer.language.currentText() == "中文"
    type_in(qtbot, printer.url)
    wizard.printer.test_button.click()
    qtbot.waitUntil(lambda: wizard.printer.message.text() == "测试页已打印。请检查中文和二维码是否清晰。", timeout=10_000)
    assert "打印测试" in printer.printout().text
    printer.forget()
    wizard.printer.language.setCurrentIndex(wizard.printer.language.findText("English"))
    wizard.printer.test_button.click()
    qtbot.waitUntil(lambda: wizard.printer.message.text() == "测试页已打印。请检查文字和二维码是否清晰。", timeout=10_000)
    assert "Printer test" in printer.printout().text
    finish(qtbot, wizard)
    assert load_printer_settings(home.config).language == "en"


def test_a_printer_without_chinese_prints_in_english(qtbot: QtBot, tmp_path: Path, english: None) -> None:
    home = Home(tmp_path / "store")
    wizard = wizard_for(qtbot, home)
    fill_store_and_owner(qtbot, wizard)
    wizard.printer.language.setCurrentIndex(wizard.printer.language.findText("中文"))
    wizard.printer.chinese.setCurrentIndex(1)
    assert wizard.printer.chinese.currentText() == "No (receipts print in English)"
    assert wizard.printer.language.currentText() == "English" and not wizard.printer.language.isEnabled()
    finish(qtbot, wizard)
    settings = load_printer_settings(home.config)
    assert (settings.chinese, settings.language) == ("none", "en")


def test_settings_keep_an_existing_stores_chinese_receipts_until_english_is_chosen(
        qtbot: QtBot, till: Till, printer: FakePrinter, english: None) -> None:
    ctx = app_context(till, printer.url, CASHIER)  # its config.toml names no receipt language
    page = PrinterPage(ctx)
    qtbot.addWidget(page)
    try:
        assert (page.language.currentText(), page.chinese.currentText()) == ("中文", "Yes")
        page.language.setCurrentIndex(page.language.findText("English"))
        page.test_button.click()
        qtbot.waitUntil(lambda: page.message.text() == CHECK_TEXT, timeout=10_000)
        assert "Printer test" in printer.printout().text
        assert ctx.printing.settings.language == "zh"  # a test print saves nothing
        page.save_button.click()
        qtbot.waitUntil(lambda: page.message.text().startswith("Saved."), timeout=10_000)
        assert load_printer_settings(till.home.config).language == ctx.printing.settings.language == "en"
        page.chinese.setCurrentIndex(1)
        page.save_button.click()
        qtbot.waitUntil(lambda: load_printer_settings(till.home.config).chinese == "none", timeout=10_000)
        settle(qtbot, ctx)
    finally:
        ctx.tasks.shutdown()
