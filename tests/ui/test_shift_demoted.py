"""On the Shift screen, a manager demoted to cashier while logged in closes no day with F9: sent to the login
told they are a cashier now, nothing recorded."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, ZRecord
from terminal.services import staff
from tests.helpers.store import MANAGER, OWNER, hire_staff, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, open_counter, shift_screen
from ui.screens.checkout import CheckoutScreen
from ui.screens.shift import ShiftScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def _written(till: Till) -> tuple[int, int]:
    with till.reading() as uow:
        return (int(uow.session.scalar(select(func.count(JournalEntry.seq))) or 0),
                int(uow.session.scalar(select(func.count(ZRecord.number))) or 0))


def test_a_demoted_manager_closes_no_day_with_f9_and_is_logged_out(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    sell(till, None, ("general", 1000))
    counter = open_counter(qtbot, till, (CheckoutScreen, ShiftScreen), log_in=False)
    try:
        counter.log_in(MANAGER.name, "2222")
        qtbot.waitUntil(lambda: counter.ctx.cashier is not None)
        screen = shift_screen(counter)
        staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
        before = _written(till)
        counter.press(Key.Key_F9)
        assert screen.confirm_box.isVisible()
        counter.press(Key.Key_Return)
        qtbot.waitUntil(lambda: counter.ctx.cashier is None, timeout=10_000)
        counter.idle()
        assert counter.window.stack.currentWidget() is counter.window.login
        assert counter.window.statusBar().currentMessage() == \
            "max is now a cashier, no longer a manager: nothing was recorded. Log in again"
        assert _written(till) == before
    finally:
        counter.close()
