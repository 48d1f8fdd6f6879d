"""Closing one's shift in the app ends the session (交班): back to the login, the drawer's cash said, so no sale is
made outside a shift. Neither the shift nor the day closes while a sale is open at the checkout. A cashier
deactivated while logged in is sent to the login by their next sale, which is not recorded."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Shift, ZRecord
from terminal.services import staff
from tests.helpers.store import OWNER, hire_staff
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, open_counter, shift_screen
from tests.ui.test_shift_login import sell_at_the_checkout
from ui.screens.checkout import CheckoutScreen
from ui.screens.shift import ShiftScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]



def test_closing_the_shift_logs_the_cashier_out(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till, (CheckoutScreen, ShiftScreen))
    try:
        sell_at_the_checkout(counter, "10")
        shift = shift_screen(counter)
        qtbot.waitUntil(shift.close_button.hasFocus)
        counter.press(Key.Key_F8)
        counter.press(Key.Key_Return)
        qtbot.waitUntil(lambda: counter.ctx.cashier is None)
        counter.idle()
        assert counter.window.stack.currentWidget() is counter.window.login
        assert counter.window.statusBar().currentMessage() == \
            "amy's shift is closed: the drawer should hold ￥10.00 in cash. Log in to start the next shift."
        with till.reading() as uow:
            assert uow.session.scalars(select(Shift.cashier).where(Shift.closed_seq.is_(None))).all() == []
    finally:
        counter.close()


def test_neither_the_shift_nor_the_day_closes_while_a_sale_is_open(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till, (CheckoutScreen, ShiftScreen))
    try:
        sell_at_the_checkout(counter, "10")
        counter.press(Key.Key_F11)  # the next sale
        counter.type("55.5")
        counter.press(Key.Key_Return)
        shift = shift_screen(counter)
        counter.press(Key.Key_F9)
        assert shift.problem.text() == \
            "A sale of ￥55.50 is open at the checkout: take payment or clear it (F1) before closing the day."
        assert not shift.confirm_box.isVisible()
        counter.press(Key.Key_F8)
        assert shift.problem.text() == \
            "A sale of ￥55.50 is open at the checkout: take payment or clear it (F1) before closing your shift."
        assert not shift.confirm_box.isVisible() and counter.ctx.cashier is not None
        with till.reading() as uow:
            assert uow.session.scalars(select(ZRecord.number)).all() == []
            assert uow.session.scalars(select(Shift.closed_seq)).all() == [None]
    finally:
        counter.close()


def test_a_cashier_deactivated_while_logged_in_is_sent_to_the_login(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till, (CheckoutScreen, ShiftScreen))
    try:
        staff.set_active(till.uow(), till.shop, OWNER, "amy", False)
        counter.type("66.6")
        counter.press(Key.Key_Return)
        counter.press(Key.Key_F9)
        counter.press(Key.Key_Return)
        qtbot.waitUntil(lambda: counter.ctx.cashier is None, timeout=10_000)
        counter.idle()
        assert counter.window.stack.currentWidget() is counter.window.login
        assert counter.window.statusBar().currentMessage() == \
            "amy has been deactivated and can no longer sell or refund: nothing was recorded. Log in as someone else " \
            "to do it"
        with till.reading() as uow:
            assert uow.session.scalars(select(JournalEntry.kind).where(JournalEntry.kind == "sale")).all() == []
    finally:
        counter.close()
