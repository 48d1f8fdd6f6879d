"""A long period's figures (the Dashboard's year, a month at a time) summed by SQL from the journal's figures index
are those worked out the plain way, entry by entry, over the same real store: sales by cash and card, members and
walk-ins, points redeemed, a refund, an adjustment, a paid sale given its member later, gifts exchanged and one
cancelled, points expired (recorded by a run and not yet recorded), and entries written while the clock was ahead."""

import json
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.mall.catalog import ItemSpec
from terminal.models import FIGURE_FIELDS, JournalEntry
from terminal.rules import RuleSet
from terminal.services import mall, reports
from terminal.services.adjust import adjust_points
from terminal.services.coupons import expired_by_day
from terminal.services.expiry import expire_points, unrecorded_expiry
from terminal.services.refunds import record_refund
from terminal.services.sale_member import give_sale_member
from terminal.totals import SUMMED, Tally, totals_of
from tests.helpers.store import CASHIER, MANAGER, OWNER, hire_staff, member, move_clock, sell, set_rules

FIRST, LAST = date(2026, 3, 1), date(2026, 4, 20)
TEA = ItemSpec("TEA", "茶杯", "Tea cup", 300, topup_fen=990)


def busy_weeks(till: Till) -> None:
    """Seven weeks of a shop whose points last a month."""
    set_rules(till, RuleSet(expiry_policy="rolling_months", expiry_months=1))
    hire_staff(till)
    mall.add_item(till.uow(), till.shop, OWNER, TEA, None)
    a = member(till, "13800138000")
    b = member(till, "13900139000", referrer="13800138000")
    sell(till, a, ("general", 19999))
    sell(till, b, ("general", 10000), ("digital", 100000), pay="card", cashier=MANAGER)
    walk_in = sell(till, None, ("general", 3550))
    move_clock(till, "2026-03-02 11:00")
    paid = sell(till, a, ("general", 6000), ("general", 4000), redeem=500)
    record_refund(till.uow(), till.shop, MANAGER, paid.sale_id, [2])
    give_sale_member(till.uow(), till.shop, MANAGER, walk_in.sale_id, b, MANAGER)  # 补积分, a day late
    sell(till, b, ("general", 2500), cashier=MANAGER)
    move_clock(till, "2026-03-10 15:00")
    adjust_points(till.uow(), till.shop, OWNER, a, 1500, "gift points")
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", a, "card")
    undone = mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", a, "card")
    mall.cancel_exchange(till.uow(), till.shop, CASHIER, undone.exchange_id, MANAGER)
    move_clock(till, "2026-03-14 10:00")  # the PC's clock ahead a few days, then put back
    sell(till, a, ("general", 800))
    move_clock(till, "2026-03-12 10:00")
    sell(till, None, ("general", 1200), pay="card")
    sell(till, b, ("digital", 5000))
    move_clock(till, "2026-04-05 09:00")  # March's first points ran out on 2 April
    expire_points(till.uow(), till.shop, Who(None))
    sell(till, a, ("general", 3000))
    move_clock(till, "2026-04-20 18:00")  # March's later points ran out too, recorded by no run yet
    c = member(till, "13700137000")
    sell(till, c, ("general", 4200), pay="card")


def journal_rows(till: Till) -> list[tuple[int, str, str, str | None, int, int, str]]:
    with till.reading() as uow:
        return [tuple(row) for row in uow.session.execute(  # type: ignore[misc]
            select(JournalEntry.seq, JournalEntry.business_date, JournalEntry.kind, JournalEntry.actor,
                   JournalEntry.points_delta, JournalEntry.liability_after, JournalEntry.payload)
            .order_by(JournalEntry.business_date, JournalEntry.seq))]


def plain_liability(rows: list[tuple[int, str, str, str | None, int, int, str]], day: date) -> int:
    """The total after the last entry written (the highest number) dated by ``day``, and the expiry dated by then
    recorded after it."""
    up_to = day.isoformat()
    dated = [row for row in rows if row[1] <= up_to and row[2] != "expire"]
    seq, total = max(((row[0], row[5]) for row in dated), default=(0, 0))
    return total + sum(row[4] for row in rows if row[2] == "expire" and row[1] <= up_to and row[0] > seq)


def plain_figures(till: Till, start: date, end: date) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Each day's report and the period's totals, entry by entry, from every row of the journal."""
    rows = journal_rows(till)
    today = till.shop.today()
    days = []
    with till.reading() as uow:
        session = uow.session
        day = start
        while day <= end:
            totals = totals_of((kind, actor, payload) for _, on, kind, actor, _, _, payload in rows
                               if on == day.isoformat())
            totals["points_expired"] += unrecorded_expiry(session, day, day)
            held = reports.head_liability(session) if day >= today else plain_liability(rows, day)
            days.append({"date": day.isoformat(), "store": till.shop.store, "terminal": till.shop.terminal_id,
                         **totals, "coupons_expired": expired_by_day(session, day, day).get(day, 0),
                         "liability_points": held - unrecorded_expiry(session, date.min, day)})
            day += timedelta(days=1)
        period = totals_of((kind, actor, payload) for _, on, kind, actor, _, _, payload in rows
                           if start.isoformat() <= on <= end.isoformat())
        period["points_expired"] += unrecorded_expiry(session, start, end)
    return days, period


def summed_figures(till: Till, start: date, end: date) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """As the Dashboard reads them: a calendar month at a time into one tally."""
    days: list[dict[str, Any]] = []
    period = Tally()
    first = start
    while first <= end:
        last = min(end, (first.replace(day=1) + timedelta(days=31)).replace(day=1) - timedelta(days=1))
        with till.reading() as uow:
            days += reports.day_reports(uow.session, till.shop, reports.day_totals(uow.session, first, last, period))
        first = last + timedelta(days=1)
    totals = period.as_json()
    with till.reading() as uow:
        totals["points_expired"] += unrecorded_expiry(uow.session, start, end)
    return days, totals


@pytest.mark.parametrize("few", [reports._FEW, -1], ids=["recent", "far-back"])  # entries written later: both ways
def test_the_summed_year_is_the_plain_one(till: Till, few: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "_FEW", few)
    busy_weeks(till)
    plain_days, plain_period = plain_figures(till, FIRST, LAST)
    days, period = summed_figures(till, FIRST, LAST)
    assert period == plain_period
    assert [day["date"] for day in days] == [day["date"] for day in plain_days]
    for summed, plain in zip(days, plain_days):
        assert summed == plain, summed["date"]
    # the store held what the comparison is about
    assert period["sales"] == 10 and period["refunds"] == 1 and period["points_redeemed"] == 500
    assert period["sales_given_member"] == 1 and period["exchanges_cancelled"] == 1 and period["topup_card_fen"] == 990
    assert period["members_served"] == 3 and period["cashiers"]["max"]["members_served"] == 1
    expired_run = next(day for day in days if day["date"] == "2026-04-02")["points_expired"]
    assert expired_run > 0 and period["points_expired"] > expired_run  # some recorded, some not yet
    dated_back = {day["date"]: day["liability_points"] for day in days}
    assert dated_back["2026-03-12"] == dated_back["2026-03-14"]  # the sale dated 14 March was written before 12's


def test_a_day_report_is_the_plain_one_on_each_day(till: Till) -> None:
    busy_weeks(till)
    plain_days, _ = plain_figures(till, FIRST, LAST)
    for plain in plain_days:
        assert reports.day_report(till.reading(), till.shop, date.fromisoformat(plain["date"])) == plain


def test_the_figures_index_holds_every_figure_summed(till: Till) -> None:
    """A figure summed from the payload but not held by the index is read from every payload: slow, not wrong."""
    summed = {how.path for sums in SUMMED.values() for how in sums.values() if how.path is not None}
    summed |= {how.where[0] for sums in SUMMED.values() for how in sums.values() if how.where is not None}
    assert summed | {"member_id"} <= set(FIGURE_FIELDS)
    with sqlite3.connect(till.home.db) as conn:
        stored = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_journal_figures'").fetchone()[0]
        plan = json.dumps(conn.execute(
            "EXPLAIN QUERY PLAN SELECT business_date, actor, sum(json_extract(payload, '$.total_fen')) FROM journal "
            "WHERE kind IN ('sale', 'refund') AND business_date >= '2026-01-01' AND business_date <= '2026-12-31' "
            "GROUP BY kind, business_date, actor").fetchall())
    assert all(f"json_extract(payload, '$.{field}')" in stored for field in FIGURE_FIELDS)
    assert "USING INDEX ix_journal_figures" in plan and "TEMP B-TREE" not in plan
