"""Keys fast enough to look like a scanner's where no scan is taken (the login, the Members screen's points
adjustment) go back into the field they were typed into, with a word on why their Enter did nothing: a quick PIN
at login is not lost, nor a reason typed quickly."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.scanner_keys import send
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, open_counter
from ui.screens.checkout import CheckoutScreen
from ui.screens.members import MembersScreen
from ui.widgets.scan_filter import typed_too_fast

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def test_a_pin_typed_fast_at_login_stays_in_the_pin_field_and_enter_logs_in(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop, log_in=False)
    login = counter.window.login
    qtbot.waitUntil(lambda: login.who.count() > 0)
    login.who.setCurrentText("amy")
    login.pin.setFocus()
    send(list("1111") + ["\r"], gap_ms=40)
    assert login.pin.text() == "1111"
    assert login.message.text() == typed_too_fast(login.pin.displayText()) and "1111" not in login.message.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(counter.window.current(), CheckoutScreen), timeout=10_000)
    counter.close()


def test_a_reason_typed_fast_for_a_points_adjustment_stays_in_its_field(qtbot: QtBot, shop: Till) -> None:
    member(shop, "13800138000")
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, MembersScreen))
    counter.open_screen(MembersScreen)
    screen = counter.window.current()
    assert isinstance(screen, MembersScreen)
    counter.type("13800138000")
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.page is not None)
    counter.press(Key.Key_F9)
    counter.type("200")
    counter.press(Key.Key_Return)
    assert screen.adjust_form.reason.hasFocus()
    send(list("goodwill") + ["\r"], gap_ms=35)
    assert screen.adjust_form.reason.text() == "goodwill"
    assert counter.window.statusBar().currentMessage() == typed_too_fast("goodwill")
    counter.close()
