"""Logging in to the app opens the cashier's shift when none is open, and says so; closing it counts
every sale of theirs that no shift counted yet, those made before it was opened too."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Shift
from tests.helpers.store import hire_staff, move_clock, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from ui.screens.checkout import CheckoutScreen
from ui.screens.shift import ShiftScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def open_shifts(till: Till) -> list[tuple[str, str]]:
    with till.reading() as uow:
        rows = uow.session.execute(select(Shift.cashier, JournalEntry.at)
                                   .join(JournalEntry, JournalEntry.seq == Shift.opened_seq)
                                   .where(Shift.closed_seq.is_(None)))
        return [(cashier, at) for cashier, at in rows]


def sell_at_the_checkout(counter: Counter, amount: str) -> None:
    screen = counter.screen
    counter.type(amount)
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    counter.qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    counter.idle()


def test_logging_in_opens_the_shift_and_its_close_counts_the_morning_too(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    move_clock(till, "2026-03-01 08:30")
    sell(till, None, ("general", 60830))  # sold before any shift, as `jifen sale` may
    move_clock(till, "2026-03-01 10:00")
    counter = open_counter(qtbot, till, (CheckoutScreen, ShiftScreen))
    try:
        qtbot.waitUntil(lambda: counter.window.statusBar().currentMessage() == "Shift opened at 10:00.")
        assert open_shifts(till) == [("amy", "2026-03-01T02:00:00.000Z")]
        sell_at_the_checkout(counter, "10")

        counter.open_screen(ShiftScreen)
        shift = counter.window.current()
        assert isinstance(shift, ShiftScreen)
        qtbot.waitUntil(shift.close_button.hasFocus)
        assert shift.heading.text() == "So far this shift, from 08:30:"
        counter.press(Key.Key_F8)
        counter.press(Key.Key_Return)
        qtbot.waitUntil(lambda: counter.ctx.cashier is None)  # closing the shift ends the session
        assert counter.window.statusBar().currentMessage() == \
            "amy's shift is closed: the drawer should hold ￥618.30 in cash. Log in to start the next shift."
        assert open_shifts(till) == []
    finally:
        counter.close()


def test_logging_in_again_keeps_the_shift_that_is_open(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter = open_counter(qtbot, till)
    try:
        qtbot.waitUntil(lambda: counter.window.statusBar().currentMessage() == "Shift opened at 10:00.")
        counter.press(Key.Key_F12)
        qtbot.waitUntil(lambda: counter.ctx.cashier is None)
        assert counter.window.statusBar().currentMessage() == ""
        counter.log_in()
        qtbot.waitUntil(lambda: counter.ctx.cashier is not None)
        counter.idle()
        assert counter.window.statusBar().currentMessage() == ""
        with till.reading() as uow:
            opened = uow.session.scalars(select(JournalEntry.actor).where(JournalEntry.kind == "shift_open")).all()
        assert opened == ["amy"]
    finally:
        counter.close()
