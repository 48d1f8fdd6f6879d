"""Settings › Printer, Camera and Language on a real store: saved to config.toml (the rest of the
file kept, comments too), read back, and used at once; a test page on a real (fake TCP) printer;
a live preview from image files."""

import tomllib
from pathlib import Path

import pytest
import qrcode
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.cashiers import Actor
from tests.helpers.fake_printer import fake_printer
from tests.ui.test_settings_support import (
    buttons_too_small,
    owner_context,
    settle,
    shown,
)
from ui.main_window import MainWindow
from ui.qt import core, widgets
from ui.screens.dashboard import DashboardScreen
from ui.screens.settings import SettingsScreen

pytestmark = pytest.mark.gui

CONFIG = """# 静安店 settings
[backup]
keep = 30   # a month of backups

[printer]
url = "tcp://192.0.2.1:9100"
footer = "谢谢惠顾，欢迎再次光临！"
charset = "gb18030"

[camera]
source = "0"
"""


def settings_screen(qtbot: QtBot, till: Till) -> SettingsScreen:
    screen = SettingsScreen(owner_context(till))
    shown(qtbot, screen)
    screen.entered()
    return screen


def config(till: Till) -> dict:  # type: ignore[type-arg]
    return tomllib.loads(till.home.config.read_text(encoding="utf-8"))


def close(qtbot: QtBot, screen: SettingsScreen) -> None:
    settle(qtbot, screen.ctx)
    screen.close()
    screen.ctx.tasks.shutdown()


def test_the_printer_is_saved_in_config_toml_and_read_back(qtbot: QtBot, till: Till) -> None:
    till.home.config.write_text(CONFIG, encoding="utf-8")
    screen = settings_screen(qtbot, till)
    page = screen.printer
    assert page.url.hasFocus() and page.url.text() == "tcp://192.0.2.1:9100"
    assert page.paper.profile() == "80mm"
    with fake_printer() as printer:
        page.url.selectAll()
        qtbot.keyClicks(page.url, printer.url)
        page.paper.setCurrentIndex(page.paper.findData("58mm"))
        qtbot.keyClick(page.url, core.Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.message.text().startswith("Saved"))
        assert screen.ctx.printing.settings.url == printer.url  # receipts go there from now on
    saved = config(till)
    assert saved["printer"] == {"url": printer.url, "footer": "谢谢惠顾，欢迎再次光临！", "charset": "gb18030",
                                "profile": "58mm", "chinese": "switch", "language": "zh"}
    assert saved["backup"] == {"keep": 30} and saved["camera"] == {"source": "0"}
    assert "keep = 30   # a month of backups" in till.home.config.read_text(encoding="utf-8")
    close(qtbot, screen)

    again = settings_screen(qtbot, till)
    assert (again.printer.url.text(), again.printer.paper.profile()) == (printer.url, "58mm")
    close(qtbot, again)


def test_a_test_page_prints_and_the_printer_says_how_it_is(qtbot: QtBot, till: Till) -> None:
    screen = settings_screen(qtbot, till)
    page = screen.printer
    with fake_printer() as printer:
        page.url.setText(printer.url)
        page.paper.choose("58")
        page.test_button.click()
        qtbot.waitUntil(lambda: "test page printed" in page.message.text(), timeout=10_000)
        paper = printer.printout()
        assert "打印测试" in paper.text and printer.url in paper.text and "58mm" in paper.text and paper.widest <= 32
        page.state_button.click()
        qtbot.waitUntil(lambda: page.message.text() == "The printer is ready.", timeout=10_000)
        printer.mode = "paper_out"
        page.state_button.click()
        qtbot.waitUntil(lambda: "out of paper" in page.message.text(), timeout=10_000)
        assert page.message.objectName() == "problem"
    assert not till.home.config.exists()  # trying a printer does not save it
    close(qtbot, screen)


def test_a_wrong_printer_address_is_refused_and_nothing_is_saved(qtbot: QtBot, till: Till) -> None:
    till.home.config.write_text(CONFIG, encoding="utf-8")
    screen = settings_screen(qtbot, till)
    page = screen.printer
    page.url.setText("192.168.1.50")
    page.save_button.click()
    assert "not a printer address" in page.message.text() and page.message.objectName() == "problem"
    assert page.url.hasFocus()
    settle(qtbot, screen.ctx)
    assert till.home.config.read_text(encoding="utf-8") == CONFIG
    close(qtbot, screen)


def test_the_camera_preview_shows_pictures_and_reads_a_code_and_the_choice_is_saved(qtbot: QtBot, till: Till,
                                                                                  tmp_path: Path) -> None:
    till.home.config.write_text(CONFIG, encoding="utf-8")
    card = tmp_path / "card.png"
    qrcode.make("JIFEN-CAMERA-CHECK").save(card)
    screen = settings_screen(qtbot, till)
    screen.tabs.setCurrentWidget(screen.camera)
    setup = screen.camera.setup
    assert setup.choice.spec() == "0"
    setup.choice.choose(f"file:{card}", "pyzbar")
    setup.toggle_preview()
    qtbot.waitUntil(lambda: setup.preview.codes_seen == ["JIFEN-CAMERA-CHECK"], timeout=10_000)
    assert setup.preview.frames_shown >= 1 and not setup.preview.picture.pixmap().isNull()
    screen.camera.save_button.click()
    qtbot.waitUntil(lambda: screen.camera.message.text().startswith("Saved"))
    assert config(till)["camera"] == {"source": f"file:{card}", "decoder": "pyzbar"}
    assert config(till)["printer"]["footer"] == "谢谢惠顾，欢迎再次光临！"
    assert (screen.ctx.settings.camera, screen.ctx.settings.decoder) == (f"file:{card}", "pyzbar")
    setup.choice.choose(None)
    screen.camera.save_button.click()
    qtbot.waitUntil(lambda: screen.camera.message.text().startswith("Saved") and screen.ctx.settings.camera is None)
    assert "camera" not in config(till) or "source" not in config(till)["camera"]
    close(qtbot, screen)


def test_a_missing_camera_is_said_plainly(qtbot: QtBot, till: Till) -> None:
    screen = settings_screen(qtbot, till)
    screen.tabs.setCurrentWidget(screen.camera)
    setup = screen.camera.setup
    setup.choice.choose("97")
    setup.toggle_preview()
    qtbot.waitUntil(lambda: "missing or busy" in setup.preview.state.text(), timeout=15_000)
    assert not setup.preview.running
    close(qtbot, screen)


def test_the_language_is_saved_for_the_next_start(qtbot: QtBot, till: Till) -> None:
    till.home.config.write_text(CONFIG, encoding="utf-8")
    screen = settings_screen(qtbot, till)
    screen.tabs.setCurrentWidget(screen.language)
    page = screen.language
    assert page.choice.hasFocus() and page.choice.language() == "auto"
    assert "next time the app starts" in page.message.text()
    page.choice.choose("en")
    qtbot.keyClick(page.choice, core.Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "start it again" in page.message.text())
    assert config(till)["app"] == {"language": "en", "text_size": 100} and config(till)["backup"] == {"keep": 30}
    close(qtbot, screen)
    again = settings_screen(qtbot, till)
    assert again.language.choice.language() == "en"
    assert buttons_too_small(again) == []
    close(qtbot, again)


def test_settings_are_for_the_owner_and_their_staff_page_for_managers_too(qtbot: QtBot, till: Till) -> None:
    ctx = owner_context(till)
    window = MainWindow(ctx, (DashboardScreen, SettingsScreen))
    qtbot.addWidget(window)

    def settings_tabs() -> list[str]:
        assert [type(s) for s in window.screens] == [DashboardScreen, SettingsScreen]
        tabs = window.screens[1].findChild(widgets.QTabWidget)
        assert tabs is not None
        return [tabs.tabText(n) for n in range(tabs.count())]

    window.logged_in(Actor("amy", "cashier"))
    assert window.screens == []
    window.logged_in(Actor("max", "manager"))
    assert settings_tabs() == ["Sta&ff"]
    window.logged_in(Actor("boss", "owner"))
    assert settings_tabs() == ["&Printer", "&Camera", "&Ledger", "Lan&guage && text size", "&Rules", "Sta&ff"]
    settle(qtbot, ctx)
    ctx.tasks.shutdown()
