"""Ctrl+F1 shows the guide (ui/guide/使用说明.md) on any screen, the login included; Esc closes it and the
keyboard is back where it was. The guide is read from the installed ui package, where pyproject ships it."""

import tomllib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import ui
from terminal.bootstrap import Till
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from ui.guide_window import GuideWindow, guide_file
from ui.qt import core, widgets

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
ROOT = Path(__file__).resolve().parents[2]
CTRL = core.Qt.KeyboardModifier.ControlModifier


def guide_opened_and_closed(counter: Counter) -> None:
    before = counter.focus()
    counter.press(Key.Key_F1, CTRL)
    counter.qtbot.waitUntil(lambda: isinstance(widgets.QApplication.activeWindow(), GuideWindow))
    guide = widgets.QApplication.activeWindow()
    assert isinstance(guide, GuideWindow)
    assert guide.windowTitle() == "Guide (Chinese)"  # no English guide: the Chinese one, and the title says so
    shown = guide.text.toPlainText()
    assert "积分收银（jifen）使用说明" in shown and "四、收银" in shown and "十二、快捷键" in shown
    assert "# " not in shown  # Markdown shown as headings, not as its marks
    counter.press(Key.Key_Escape)
    counter.qtbot.waitUntil(lambda: widgets.QApplication.activeWindow() is counter.window)
    counter.qtbot.waitUntil(lambda: not counter.window.findChildren(GuideWindow))  # closed, and let go
    assert counter.focus() is before


def test_ctrl_f1_shows_the_guide_at_the_login_and_esc_goes_back_to_the_pin(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop, log_in=False)
    qtbot.waitUntil(lambda: counter.focus() is counter.window.login.pin)
    assert counter.window.login.guide_hint.text() == "Ctrl+F1: the guide (in Chinese)"  # how anyone learns of it
    guide_opened_and_closed(counter)
    counter.log_in()  # the PIN typed after it logs in
    qtbot.waitUntil(lambda: counter.window.current() is not None)
    counter.close()


def test_ctrl_f1_shows_the_guide_mid_sale_and_esc_goes_back_to_the_amount(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    counter.type("12")
    assert counter.focus() is counter.screen.lines.amount
    guide_opened_and_closed(counter)
    counter.type("3")
    counter.press(Key.Key_Return)
    assert [line.amount_fen for line in counter.screen.draft.lines] == [12300]
    counter.close()


def test_the_login_says_the_guide_key_in_chinese(qtbot: QtBot, shop: Till, chinese: None) -> None:
    counter = open_counter(qtbot, shop, log_in=False)
    assert counter.window.login.guide_hint.text() == "按 Ctrl+F1 打开使用说明"
    counter.close()


def test_the_guide_is_read_from_the_ui_package_and_shipped_with_it() -> None:
    shipped = Path(str(guide_file()))
    assert shipped == Path(ui.__file__).parent / "guide" / "使用说明.md" and shipped.is_file()
    with (ROOT / "pyproject.toml").open("rb") as f:
        patterns = tomllib.load(f)["tool"]["setuptools"]["package-data"]["ui"]
    assert any(shipped.match(f"*/ui/{pattern}") for pattern in patterns)
