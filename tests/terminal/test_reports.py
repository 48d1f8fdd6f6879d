"""Day totals, shift totals and Z records, computed from the journal."""

from datetime import date

import pytest
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.journal import Who
from terminal.models import JournalEntry, ZRecord
from terminal.services.adjust import adjust_points
from terminal.services.refunds import record_refund
from terminal.services.reports import close_day, day_report, z_record
from terminal.services.shifts import close_shift, open_shift
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    hire_staff,
    member,
    move_clock,
    sell,
)


def _day(till: Till, when: date | None = None) -> dict:  # type: ignore[type-arg]
    return day_report(till.reading(), till.shop, when)


def _busy_day(till: Till) -> tuple[str, str]:
    a = member(till, "13800138000")
    b = member(till, "13900139000", referrer="13800138000")
    sell(till, a, ("general", 19999))
    sell(till, b, ("general", 10000), ("digital", 100000), pay="card", cashier=MANAGER)
    sale = sell(till, a, ("general", 6000), ("general", 4000), redeem=500)
    sell(till, None, ("general", 3550))
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    return a, b


def test_day_totals_from_the_journal(till: Till) -> None:
    _busy_day(till)
    day = _day(till)
    assert day["date"] == "2026-03-01"
    assert (day["sales"], day["gross_fen"]) == (4, 19999 + 110000 + 10000 + 3550)
    assert (day["cash_fen"], day["card_fen"], day["points_paid_fen"]) == (19999 + 9500 + 3550, 110000, 500)
    assert (day["refunds_fen"], day["refund_cash_fen"]) == (4000, 3800)
    assert (day["points_earned"], day["points_bonus"], day["points_redeemed"]) == (99 + 150 + 47, 500 + 500 + 200, 500)
    assert (day["points_restored"], day["points_reversed"], day["points_expired"]) == (200, 19, 0)
    assert (day["members_served"], day["new_members"]) == (2, 2)
    assert day["liability_points"] == 1000 + 99 + 150 + 200 + 47 - 500 + 200 - 19


def test_per_cashier_breakdown(till: Till) -> None:
    _busy_day(till)
    per = _day(till)["cashiers"]
    assert set(per) == {"amy", "max"}
    assert (per["amy"]["sales"], per["amy"]["gross_fen"], per["amy"]["new_members"]) == (3, 19999 + 10000 + 3550, 2)
    assert (per["max"]["sales"], per["max"]["card_fen"], per["max"]["refunds"]) == (1, 110000, 1)


def test_other_days_are_kept_apart_and_liability_is_as_of_that_day(till: Till) -> None:
    _busy_day(till)
    move_clock(till, "2026-03-02 09:00")
    sell(till, None, ("general", 100))
    adjust_points(till.uow(), till.shop, OWNER, "13800138000", 77, "goodwill")
    today, yesterday = _day(till), _day(till, date(2026, 3, 1))
    assert (today["sales"], today["points_adjusted"], today["new_members"]) == (1, 77, 0)
    assert yesterday["sales"] == 4
    assert today["liability_points"] == yesterday["liability_points"] + 77
    assert _day(till, date(2026, 2, 28))["liability_points"] == 0


def test_z_records_are_numbered_and_frozen(till: Till) -> None:
    _busy_day(till)
    z1 = close_day(till.uow(), till.shop, Who("boss", "boss"))
    assert (z1["z"], z1["sales"], z1["from_seq"]) == (1, 4, 1)
    sell(till, None, ("general", 100))
    z2 = close_day(till.uow(), till.shop, Who("boss", "boss"))
    assert (z2["z"], z2["sales"], z2["gross_fen"], z2["from_seq"]) == (2, 1, 100, z1["to_seq"] + 2)
    # Later activity on the same date changes the day report, never a Z already written.
    sell(till, None, ("general", 500))
    assert z_record(till.reading(), 1) == z1
    assert _day(till)["sales"] == 6
    with pytest.raises(Refused) as missing:
        z_record(till.reading(), 3)
    assert missing.value.code == "not_found"


def _stored(till: Till) -> tuple[list[int], int]:
    """The Z numbers stored, and how many journal entries."""
    with till.reading() as uow:
        return (list(uow.session.scalars(select(ZRecord.number).order_by(ZRecord.number))),
                uow.session.scalar(select(func.count()).select_from(JournalEntry)) or 0)


def test_a_z_with_nothing_new_is_refused(till: Till) -> None:
    sell(till, None, ("general", 100))
    assert close_day(till.uow(), till.shop, Who("boss", "boss"))["z"] == 1
    before = _stored(till)
    with pytest.raises(Refused) as refused:
        close_day(till.uow(), till.shop, Who("boss", "boss"))
    assert (refused.value.code, refused.value.en, refused.value.zh) == (
        "bad_input", "nothing has happened since Z1", "自 Z1 以来没有任何记录")
    assert _stored(till) == before and before[0] == [1]


def test_shift_totals_are_the_cashiers_own(till: Till) -> None:
    hire_staff(till)
    open_shift(till.uow(), till.shop, CASHIER)
    with pytest.raises(Refused) as twice:
        open_shift(till.uow(), till.shop, CASHIER)
    assert (twice.value.code, twice.value.en, twice.value.zh) == (
        "bad_input", "amy already has a shift open", "amy 已有未结束的班次")
    sell(till, None, ("general", 1000))
    sell(till, None, ("general", 5000), cashier=MANAGER)
    sell(till, None, ("general", 2000), pay="card")
    summary = close_shift(till.uow(), till.shop, CASHIER)
    assert (summary["sales"], summary["cash_fen"], summary["card_fen"]) == (2, 1000, 2000)
    with pytest.raises(Refused) as closed:
        close_shift(till.uow(), till.shop, CASHIER)
    assert (closed.value.code, closed.value.en, closed.value.zh) == ("bad_input", "amy has no shift open", "amy 没有未结束的班次")
