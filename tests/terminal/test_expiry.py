"""Lots: expiry under both policies, soonest-expiring spent first, expired points reported."""

from datetime import date

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.models import JournalEntry
from terminal.rules import RuleSet
from terminal.services.expiry import expire_points
from terminal.services.members import show_member
from terminal.services.reports import day_report
from tests.helpers.store import balance, member, move_clock, sell, set_rules


def test_end_of_next_year_policy(till: Till) -> None:
    rules = RuleSet()
    assert rules.expires_on(date(2026, 1, 1)) == date(2027, 12, 31)
    assert rules.expires_on(date(2026, 12, 31)) == date(2027, 12, 31)


def test_rolling_months_policy_ends_on_the_same_day_or_month_end() -> None:
    rules = RuleSet(expiry_policy="rolling_months", expiry_months=12)
    assert rules.expires_on(date(2026, 3, 15)) == date(2027, 3, 15)
    assert RuleSet(expiry_policy="rolling_months", expiry_months=1).expires_on(date(2026, 1, 31)) == date(2026, 2, 28)
    assert RuleSet(expiry_policy="rolling_months", expiry_months=12).expires_on(date(2024, 2, 29)) == date(2025, 2, 28)


def test_points_are_usable_on_their_last_day_and_expire_the_day_after(till: Till) -> None:
    m = member(till)  # 500 points granted 2026-03-01, expire end of 2027-12-31
    move_clock(till, "2027-12-31 23:59")
    assert balance(till, m) == 500
    move_clock(till, "2028-01-01 00:00")
    assert balance(till, m) == 0
    run = expire_points(till.uow(), till.shop, Who(None))
    assert (run.expired_points, run.members) == (500, 1)
    assert day_report(till.reading(), till.shop)["points_expired"] == 500
    assert expire_points(till.uow(), till.shop, Who(None)).expired_points == 0


def test_expiry_is_recorded_before_a_sale_touches_the_points(till: Till) -> None:
    m = member(till)
    move_clock(till, "2028-01-02 10:00")
    sell(till, m, ("general", 10000))
    with till.reading() as uow:
        kinds = list(uow.session.scalars(select(JournalEntry.kind).order_by(JournalEntry.seq)))
    assert kinds[-2:] == ["expire", "sale"]
    assert balance(till, m) == 50


def test_soonest_expiring_lot_is_spent_first(till: Till) -> None:
    set_rules(till, RuleSet(expiry_policy="rolling_months", expiry_months=12))
    m = member(till)  # 500, expires 2027-03-01
    move_clock(till, "2026-06-01 10:00")
    sell(till, m, ("general", 200000))  # 1,000, expires 2027-06-01
    sale = sell(till, m, ("general", 60000), redeem=600)  # 500 from the March lot, 100 from June's
    assert sale.earned_points == 356  # ¥594 in money × 0.5 × 1.2 (silver)
    lots = show_member(till.reading(), till.shop, m).lots
    assert lots == [(900, date(2027, 6, 1)), (356, date(2027, 6, 1))]


def test_next_expiry_sums_the_points_due_on_the_first_date(till: Till) -> None:
    m = member(till)
    sell(till, m, ("general", 10000))
    view = show_member(till.reading(), till.shop, m)
    assert view.next_expiry == (550, date(2027, 12, 31))


def test_bonus_points_expire_like_earned_points(till: Till) -> None:
    set_rules(till, RuleSet(expiry_policy="rolling_months", expiry_months=6))
    m = member(till)
    assert show_member(till.reading(), till.shop, m).next_expiry == (500, date(2026, 9, 1))
