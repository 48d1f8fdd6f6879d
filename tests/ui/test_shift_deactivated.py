"""A cashier or manager deactivated while logged in can open no shift (F7) and close no day (F9) on the Shift
screen: sent to the login saying why, nothing recorded, so no open shift is left that nobody can close. The
services refuse them too, as the command line calls them."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.journal import Who
from terminal.models import Shift, ZRecord
from terminal.services import codes, reports, shifts, staff
from tests.helpers.store import CASHIER, MANAGER, OWNER, hire_staff, journal_length, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter, shift_screen
from ui.screens.checkout import CheckoutScreen
from ui.screens.shift import ShiftScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def _open_shifts(till: Till) -> list[str]:
    with till.reading() as uow:
        return list(uow.session.scalars(select(Shift.cashier).where(Shift.closed_seq.is_(None))))


def _sent_to_login(qtbot: QtBot, counter: Counter, name: str, cannot: str) -> None:
    qtbot.waitUntil(lambda: counter.ctx.cashier is None, timeout=10_000)
    counter.idle()
    assert counter.window.stack.currentWidget() is counter.window.login
    assert counter.window.statusBar().currentMessage() == \
        f"{name} has been deactivated and can no longer {cannot}: nothing was recorded. Log in as someone else to do it"



def test_a_deactivated_cashier_opens_no_shift_with_f7(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till, (CheckoutScreen, ShiftScreen))
    try:
        staff.set_active(till.uow(), till.shop, OWNER, "amy", False)  # her shift, opened at login, closed with it
        assert _open_shifts(till) == []
        screen = shift_screen(counter)
        assert screen.status.text() == "Your shift is not open. Press F7 to open it."
        before = journal_length(till)
        counter.press(Key.Key_F7)
        _sent_to_login(qtbot, counter, "amy", "open a shift")
        assert journal_length(till) == before and _open_shifts(till) == []
    finally:
        counter.close()


def test_a_deactivated_manager_closes_no_day_with_f9(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    sell(till, None, ("general", 1000))
    counter = open_counter(qtbot, till, (CheckoutScreen, ShiftScreen), log_in=False)
    try:
        counter.log_in("max", "2222")
        qtbot.waitUntil(lambda: counter.ctx.cashier is not None)
        screen = shift_screen(counter)
        staff.set_active(till.uow(), till.shop, OWNER, "max", False)
        before = journal_length(till)
        counter.press(Key.Key_F9)
        assert screen.confirm_box.isVisible()
        counter.press(Key.Key_Return)
        _sent_to_login(qtbot, counter, "max", "close the day")
        assert journal_length(till) == before
        with till.reading() as uow:
            assert uow.session.scalars(select(ZRecord.number)).all() == []
    finally:
        counter.close()


def test_the_services_refuse_the_deactivated_and_record_nothing(till: Till) -> None:
    hire_staff(till)
    someone = member(till, "13800138000")
    shifts.open_shift(till.uow(), till.shop, CASHIER)
    shifts.open_shift(till.uow(), till.shop, MANAGER)
    staff.set_active(till.uow(), till.shop, OWNER, "max", False)  # closes his shift
    with till.uow() as uow:  # as if his shift were still open: closing it is refused too
        uow.session.add(Shift(cashier="max", opened_seq=1))
        uow.commit()
    staff.set_active(till.uow(), till.shop, OWNER, "amy", False)
    before = journal_length(till)
    tries = [
        (lambda: shifts.open_shift(till.uow(), till.shop, CASHIER), "amy", "open a shift"),
        (lambda: shifts.open_shift_if_none(till.uow(), till.shop, CASHIER), "amy", "open a shift"),
        (lambda: shifts.close_shift(till.uow(), till.shop, MANAGER), "max", "close a shift"),
        (lambda: reports.close_day(till.uow(), till.shop, Who("max", "max")), "max", "close the day"),
        (lambda: codes.revoke_member_codes(till.uow(), till.shop, MANAGER, someone), "max", "revoke member codes"),
        (lambda: codes.revoke_terminal_key(till.uow(), till.shop, MANAGER, "ab" * 32), "max", "revoke terminal keys"),
    ]
    for attempt, name, cannot in tries:
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.message == (f"{name} has been deactivated and can no longer {cannot}: nothing was "
                                         "recorded. Log in as someone else to do it")
    assert journal_length(till) == before
    assert _open_shifts(till) == ["max"]
