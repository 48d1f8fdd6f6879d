"""At the login nobody is chosen until the one logging in chooses themselves, with ↑ ↓ from the PIN box: a
PIN typed at once, after a colleague's F12, counts against nobody (before, against the name the list still
showed, and a few hand-overs locked that colleague out)."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import Cashier
from tests.helpers.store import hire_staff
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from ui.qt import widgets
from ui.screens.checkout import CheckoutScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
CHOOSE_FIRST = "Choose your name (↑ ↓) first, then type your PIN."


def failed_pins(till: Till) -> dict[str, int]:
    with till.reading() as uow:
        return {c.name: c.failed_pins for c in uow.session.scalars(select(Cashier))}


def at_the_login(counter: Counter, staff: int) -> widgets.QComboBox:
    """The login screen once it lists ``staff`` names, the keyboard in the PIN box."""
    login = counter.window.login
    counter.qtbot.waitUntil(lambda: login.who.count() == staff and login.pin.hasFocus())
    counter.idle()
    return login.who


def logged_in_as(counter: Counter, name: str) -> None:
    counter.qtbot.waitUntil(lambda: counter.ctx.cashier is not None)
    assert counter.ctx.cashier is not None and counter.ctx.cashier.name == name
    counter.qtbot.waitUntil(lambda: isinstance(counter.window.current(), CheckoutScreen))


def test_a_pin_typed_before_choosing_a_name_counts_against_nobody(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till, log_in=False)
    try:
        who = at_the_login(counter, 3)
        assert (who.currentIndex(), who.currentText()) == (-1, "")
        assert who.placeholderText() == "Choose your name (↑ ↓)"
        counter.type("2222")
        counter.press(Key.Key_Return)
        counter.idle()
        login = counter.window.login
        assert login.message.text() == CHOOSE_FIRST and login.pin.text() == ""
        assert counter.ctx.cashier is None
        assert failed_pins(till) == {"amy": 0, "boss": 0, "max": 0}
        counter.press(Key.Key_Down)  # amy, first on the list
        assert who.currentText() == "amy" and login.pin.hasFocus()
        counter.type("1111")
        counter.press(Key.Key_Return)
        logged_in_as(counter, "amy")
    finally:
        counter.close()


def test_after_f12_the_next_cashier_chooses_themselves_and_the_one_who_left_is_not_charged(
        qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till)  # amy logged in
    try:
        counter.press(Key.Key_F12)
        who = at_the_login(counter, 3)
        assert counter.ctx.cashier is None
        assert (who.currentIndex(), who.currentText()) == (-1, "")  # not amy, who just left
        counter.type("2222")  # max, in a hurry
        counter.press(Key.Key_Return)
        counter.idle()
        assert counter.window.login.message.text() == CHOOSE_FIRST
        counter.press(Key.Key_Up)  # from nobody, ↑ is the last on the list
        assert who.currentText() == "max"
        counter.press(Key.Key_Down)
        counter.press(Key.Key_Up)
        assert who.currentText() == "max"
        counter.type("2222")
        counter.press(Key.Key_Return)
        logged_in_as(counter, "max")
        assert failed_pins(till) == {"amy": 0, "boss": 0, "max": 0}
    finally:
        counter.close()


def test_a_wrong_pin_keeps_the_name_chosen_for_the_next_try(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till, log_in=False)
    try:
        who = at_the_login(counter, 3)
        counter.press(Key.Key_Down)
        counter.press(Key.Key_Down)
        assert who.currentText() == "boss"
        counter.type("9999")
        counter.press(Key.Key_Return)
        counter.idle()
        assert counter.window.login.message.text() == "wrong PIN for boss (4 tries left)"
        assert who.currentText() == "boss"
        assert failed_pins(till) == {"amy": 0, "boss": 1, "max": 0}
        counter.type("8888")
        counter.press(Key.Key_Return)
        logged_in_as(counter, "boss")
    finally:
        counter.close()


def test_the_only_one_who_may_log_in_is_chosen_for_them(qtbot: QtBot, till: Till) -> None:
    counter = open_counter(qtbot, till, log_in=False)  # the owner boss alone
    try:
        who = at_the_login(counter, 1)
        assert who.currentText() == "boss"
        counter.type("8888")
        counter.press(Key.Key_Return)
        logged_in_as(counter, "boss")
    finally:
        counter.close()
