"""How the checkout feels: the keyboard alone does everything, Esc backs out one step, the keys are
listed on screen, touch targets are big enough, every word goes through tr(), and the camera is let
go when the cashier leaves the screen."""

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from printing.words import category_name
from terminal.bootstrap import Till
from tests.helpers.frame_files import write_images
from tests.helpers.store import member
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Key,
    member_code,
    open_counter,
    write_config,
)
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.base import Screen
from ui.screens.checkout import CheckoutScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"


class OtherScreen(Screen):
    """Stands in for the screens other people are building (members, refunds, …)."""

    key = "F2"

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Other")
        self.seen: list[str] = []
        widgets.QVBoxLayout(self).addWidget(widgets.QLineEdit())

    def scanned(self, text: str) -> bool:
        self.seen.append(text)
        return True



def test_esc_backs_out_one_step_at_a_time(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("10")
    counter.press(Key.Key_Return)
    counter.type("99")
    counter.press(Key.Key_Escape)  # what is being typed
    assert screen.lines.amount.text() == "" and len(screen.draft.lines) == 1
    counter.press(Key.Key_F9)
    assert screen.pay.asking
    counter.press(Key.Key_Escape)  # the payment question
    assert not screen.pay.asking and counter.focus() is screen.lines.amount
    counter.press(Key.Key_F7)
    counter.press(Key.Key_Escape)  # out of the phone field, back to the amount
    assert counter.focus() is screen.lines.amount
    counter.press(Key.Key_Escape)  # the whole sale: asks first
    assert len(screen.draft.lines) == 1 and "Esc again" in screen.message.text()
    counter.press(Key.Key_Escape)
    assert screen.draft.lines == [] and screen.draft.member is None
    counter.type("7")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F11)  # new sale at once
    assert screen.draft.lines == []
    counter.close()


def test_the_keys_are_listed_on_screen_and_the_focus_goes_where_the_next_key_goes(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    texts = " ".join(label.text() for label in screen.findChildren(widgets.QLabel) if label.isVisible())
    for key in ("Enter", "Esc", "F7", "F8", "F9", "F10", "F11", "Ctrl+P", "↑↓", "Del"):
        assert key in texts, key
    assert counter.focus() is screen.lines.amount
    counter.press(Key.Key_F7)
    assert counter.focus() is screen.member.phone
    counter.press(Key.Key_F8)  # no member: says so, the focus stays put
    assert "only by a member" in screen.message.text()
    counter.close()


def test_every_button_is_a_touch_target_of_at_least_44_px(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, member(shop, PHONE)))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("10")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)  # the payment question is showing too
    buttons = [b for b in screen.findChildren(widgets.QPushButton) if b.isVisible()]
    assert len(buttons) > 20
    small = [(b.text(), b.width(), b.height()) for b in buttons if b.width() < 44 or b.height() < 44]
    assert small == []
    for edit in (screen.lines.amount, screen.member.phone, screen.pay.redeem):
        assert edit.height() >= 44
    counter.close()


class Marking(core.QTranslator):
    """Translates every string into «string»: anything shown unmarked did not go through tr()."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return f"«{source}»" if source else source


def test_every_word_on_the_screen_goes_through_tr(qtbot: QtBot, shop: Till) -> None:
    app = widgets.QApplication.instance()
    assert app is not None
    marking = Marking()
    app.installTranslator(marking)
    try:
        counter = open_counter(qtbot, shop)
        screen = counter.screen
        shown = [w.text() for w in screen.findChildren(widgets.QLabel) + screen.findChildren(widgets.QPushButton)
                 if w.isVisible() and w.text()]
        shown += [e.placeholderText() for e in screen.findChildren(widgets.QLineEdit) if e.isVisible()]
        shown += [screen.lines.table.horizontalHeaderItem(i).text() for i in range(3)]
        words = [text for text in shown if any(c.isalpha() for c in text)]
        categories = {category_name("en", name, None) for name in shop.shop.rules.categories}  # printing.words' own table
        unmarked = [text for text in words if "«" not in text and text not in categories]
        assert words and unmarked == []
        counter.close()
    finally:
        app.removeTranslator(marking)


def test_leaving_the_checkout_lets_go_of_the_camera_and_coming_back_starts_it(qtbot: QtBot, shop: Till,
                                                                             tmp_path: Path) -> None:
    frames = [np.full((240, 320, 3), 90 + i % 50, np.uint8) for i in range(300)]  # 20 s at 15 frames a second
    write_config(shop, camera=f"file:{write_images(tmp_path / 'counter', frames, suffix='.png')}")
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    feed = counter.screen.member.camera.feed
    qtbot.waitUntil(lambda: counter.screen.member.camera.picture.image is not None, timeout=10_000)
    assert feed.running and not feed.released()
    counter.press(Key.Key_F2)
    assert isinstance(counter.window.current(), OtherScreen)
    qtbot.waitUntil(lambda: feed.released(), timeout=5_000)
    assert not feed.running
    counter.press(Key.Key_F1)
    qtbot.waitUntil(lambda: not feed.released(), timeout=5_000)
    counter.close()


def test_a_scan_goes_to_the_screen_that_is_showing(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    counter.press(Key.Key_F2)
    other = counter.window.current()
    assert isinstance(other, OtherScreen)
    code = member_code(shop, someone)
    counter.scan(code)
    assert other.seen == [code]
    assert other.findChild(widgets.QLineEdit).text() == ""
    counter.close()


def test_no_screen_key_is_also_a_key_of_a_screen(qtbot: QtBot, shop: Till) -> None:
    """The owner sees every screen; a key both the window and a screen use would do nothing at all."""
    from ui.screens.catalog import SCREENS

    counter = open_counter(qtbot, shop, screens=SCREENS, log_in=False)
    counter.log_in("boss", "8888")
    qtbot.waitUntil(lambda: isinstance(counter.window.current(), CheckoutScreen))
    window_keys = {screen.key for screen in counter.window.screens}
    for screen in counter.window.screens:
        own = {shortcut.key().toString() for shortcut in screen.findChildren(gui.QShortcut)}
        assert not own & window_keys, type(screen).__name__
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    assert isinstance(counter.window.current(), CheckoutScreen) and counter.screen.pay.asking
    counter.close()
