"""The checkout behind another screen takes no keys, and the checkout's window fits 1024×768 whatever a
sale has been through."""

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member, sell
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Counter,
    Key,
    member_card,
    member_code,
    open_counter,
    write_config,
)
from tests.ui.test_checkout_keys import OtherScreen
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from ui.qt import core, widgets
from ui.screens.checkout import CheckoutScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"



def test_a_member_found_after_the_cashier_left_the_checkout_takes_no_keys(qtbot: QtBot, shop: Till,
                                                                          tmp_path: Path) -> None:
    someone = member(shop, PHONE)
    write_config(shop, camera=f"file:{member_card(shop, someone, tmp_path / 'card.png')}")
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    checkout = counter.screen
    qtbot.waitUntil(lambda: checkout.draft.member is not None, timeout=15_000)
    checkout.new_sale()
    gate = threading.Event()
    counter.ctx.tasks.db(gate.wait)  # the store is slow: the camera's next look-up waits behind this
    counter.press(Key.Key_F2)
    counter.press(Key.Key_F1)  # the camera starts again and reads the card again
    qtbot.waitUntil(lambda: checkout.message.text() == "Looking up the member…", timeout=15_000)
    counter.press(Key.Key_F2)
    other = counter.window.current()
    assert isinstance(other, OtherScreen)
    gate.set()
    counter.idle()
    field = other.findChild(widgets.QLineEdit)
    assert counter.focus() is field
    counter.type("50")
    counter.press(Key.Key_Return)
    assert field.text() == "50"
    assert checkout.draft.lines == [] and checkout.draft.member is None
    counter.press(Key.Key_F12)
    assert counter.window.stack.currentWidget() is counter.window.login  # no sale held the cashier
    counter.close()


def test_a_phone_look_up_is_dropped_when_the_cashier_leaves_and_enter_asks_again(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    checkout = counter.screen
    gate = threading.Event()
    counter.ctx.tasks.db(gate.wait)
    counter.press(Key.Key_F7)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    assert checkout.message.text() == "Looking up the member…"
    counter.press(Key.Key_F2)
    gate.set()
    counter.idle()
    counter.press(Key.Key_F1)
    assert checkout.message.text() == "" and checkout.member.pending is None  # nothing asked, nothing waited for
    assert checkout.member.phone.text() == PHONE
    counter.press(Key.Key_F7)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: checkout.member.pending is not None)
    counter.close()


def test_a_managers_pin_asked_for_after_the_cashier_left_waits_for_their_return(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    for _ in range(shop.shop.rules.velocity_limit):
        sell(shop, someone, ("general", 1000))
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    checkout = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: checkout.draft.member is not None)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    gate = threading.Event()
    counter.ctx.tasks.db(gate.wait)
    counter.press(Key.Key_Return)  # recorded only once the store answers: too many sales today, a manager must approve
    counter.press(Key.Key_F2)
    gate.set()
    counter.idle()
    other = counter.window.current()
    assert isinstance(other, OtherScreen) and counter.focus() is other.findChild(widgets.QLineEdit)
    counter.press(Key.Key_F1)
    assert checkout.pay.approval_box.isVisible() and counter.focus() is checkout.pay.approver_pin
    counter.close()


def window_problems(counter: Counter, when: str) -> list[str]:
    """A window grown past the screen stays so, with the status bar below its edge."""
    counter.idle()
    counter.qtbot.wait(50)  # the layouts settle
    window, found = counter.window, []
    hint = window.minimumSizeHint()
    if hint.width() > SCREEN.width() or hint.height() > SCREEN.height():
        found.append(f"{when}: the window needs {hint.toTuple()}")
    if window.size() != SCREEN:
        found.append(f"{when}: the window is {window.size().toTuple()}")
    status_bar = window.statusBar()
    bottom = status_bar.mapTo(window, core.QPoint(0, status_bar.height())).y()
    if not status_bar.isVisible() or bottom > SCREEN.height():
        found.append(f"{when}: the status bar ends at {bottom} px")
    return found


@pytest.mark.usefixtures("language")
def test_the_window_stays_1024_by_768_through_sales_members_and_clearing(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE, "张三")
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.window.resize(SCREEN)
    found = window_problems(counter, "at the start")

    def step(when: str, *keys: Key | str) -> None:
        for key in keys:
            if isinstance(key, str):
                counter.type(key)
            else:
                counter.press(key)
        found.extend(window_problems(counter, when))

    step("a cash sale", "100", Key.Key_Return, Key.Key_F9, Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    step("asking about the member found by phone", Key.Key_F7, PHONE, Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.pending is not None)
    step("the member on the sale", Key.Key_Return)
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    step("Esc once", Key.Key_Escape)
    step("Esc twice: a new sale", Key.Key_Escape)
    assert screen.draft.member is None
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    step("a member's sale paid with points", "50", Key.Key_Return, Key.Key_F8, Key.Key_Return, Key.Key_F9, Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: not screen.finished)
    step("the member scanned for the next sale")
    step("a line", "5", Key.Key_Return)
    screen.member.drop.click()
    found += window_problems(counter, "without the member")
    step("F11", Key.Key_F11)
    assert not found, "\n".join(found)
    counter.close()
