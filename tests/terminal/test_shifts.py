"""What a shift counts: the cashier's own entries since their previous shift closed, or since the
start of the day it was opened on, so sales made before opening it are in the drawer count."""

import json

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry
from terminal.services.shifts import close_shift, open_shift
from tests.helpers.store import CASHIER, MANAGER, hire_staff, move_clock, sell


def test_sales_before_opening_the_shift_are_counted_at_its_close(till: Till) -> None:
    hire_staff(till)
    move_clock(till, "2026-03-01 08:30")
    sell(till, None, ("general", 30000))
    sell(till, None, ("general", 27830))
    sell(till, None, ("general", 4000), pay="card")
    sell(till, None, ("general", 9900), cashier=MANAGER)  # not amy's drawer
    move_clock(till, "2026-03-01 12:00")
    open_shift(till.uow(), till.shop, CASHIER)
    sell(till, None, ("general", 1000))
    move_clock(till, "2026-03-01 12:05")
    closed = close_shift(till.uow(), till.shop, CASHIER)
    assert (closed["sales"], closed["cash_fen"], closed["card_fen"]) == (4, 58830, 4000)
    assert closed["drawer_cash_fen"] == 58830
    assert closed["from_at"].startswith("2026-03-01T00:30") and closed["closed_at"].startswith("2026-03-01T04:05")
    with till.reading() as uow:
        stored = uow.session.scalar(select(JournalEntry.payload).where(JournalEntry.kind == "shift_close"))
    assert json.loads(stored or "{}")["drawer_cash_fen"] == 58830


def test_the_next_shift_starts_where_the_last_closed_and_the_day_before_is_left_out(till: Till) -> None:
    hire_staff(till)
    move_clock(till, "2026-03-01 20:00")
    sell(till, None, ("general", 5000))  # yesterday's, no shift: the Z of that day counts it
    move_clock(till, "2026-03-02 08:00")
    open_shift(till.uow(), till.shop, CASHIER)
    sell(till, None, ("general", 1000))
    first = close_shift(till.uow(), till.shop, CASHIER)
    assert (first["sales"], first["drawer_cash_fen"]) == (1, 1000)
    move_clock(till, "2026-03-02 13:00")
    sell(till, None, ("general", 2000))  # between shifts
    open_shift(till.uow(), till.shop, CASHIER)
    sell(till, None, ("general", 300))
    second = close_shift(till.uow(), till.shop, CASHIER)
    assert (second["sales"], second["drawer_cash_fen"]) == (2, 2300)
    assert second["from_seq"] == first["closed_seq"] + 1
