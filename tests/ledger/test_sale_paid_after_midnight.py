"""A sale the checkout priced before midnight and recorded after (terminal.services.sales.record_sale, priced_on):
the ledger takes it as it checks it (ledger.earning: the promotion of its day or the day before), without a
conflict, and counts it on the day it was paid, as the till's own day report does."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from ledger import service
from ledger.models import Conflict
from terminal.errors import Refused
from terminal.rules import Promotion, RuleSet
from terminal.services.reports import day_report
from terminal.services.sales import SaleRequest, record_sale
from tests.helpers.ledger import Ledger, check_books
from tests.helpers.store import CASHIER, balance, member, move_clock, set_rules

DOUBLE_ELEVEN = RuleSet(promotions=(Promotion("双十一", 200, start=date(2026, 11, 11), until=date(2026, 11, 11)),))
PRICED = date(2026, 11, 11)


def figures(report: dict[str, Any]) -> tuple[int, int, int]:
    """A day report's sales, their money and the points they earned."""
    return report["sales"], report["gross_fen"], report["points_earned"]


def test_a_sale_priced_on_the_promotion_day_and_paid_after_midnight_syncs_without_a_conflict(
        ledger: Ledger, shop: Any) -> None:
    till, token = shop
    set_rules(till, DOUBLE_ELEVEN)
    ledger.do(lambda s: service.set_rules(s, "m1", DOUBLE_ELEVEN.to_dict()))
    m = member(till)  # 500 signup points
    move_clock(till, "2026-11-12 00:00:30")
    sale = record_sale(till.uow(), till.shop, CASHIER, SaleRequest([("general", 10000)], m), priced_on=PRICED)
    assert sale.earned_points == 100
    assert {r["status"] for r in ledger.sync(till, token)["results"]} == {"applied"}
    assert ledger.balance(m) == balance(till, m) == 600
    with ledger.session() as s:
        assert s.scalar(select(func.count()).select_from(Conflict)) == 0
    check_books(ledger)
    sold = {day: figures(ledger.get("/v1/reports/day", merchant="m1", day=day).json())
            for day in ("2026-11-11", "2026-11-12")}
    assert sold == {"2026-11-11": (0, 0, 0), "2026-11-12": (1, 10000, 100)}
    assert {day: figures(day_report(till.reading(), till.shop, date.fromisoformat(day))) for day in sold} == sold


@pytest.mark.parametrize("priced", [date(2026, 11, 10), date(2026, 11, 13)])
def test_a_sale_priced_for_another_day_than_today_or_yesterday_is_refused(ledger: Ledger, shop: Any,
                                                                          priced: date) -> None:
    """The ledger would refuse it: nothing is recorded."""
    till, _ = shop
    set_rules(till, DOUBLE_ELEVEN)
    m = member(till)
    move_clock(till, "2026-11-12 00:00:30")
    with pytest.raises(Refused) as refused:
        record_sale(till.uow(), till.shop, CASHIER, SaleRequest([("general", 10000)], m), priced_on=priced)
    assert refused.value.code == "bad_input"
    assert f"the points shown were worked out for {priced}, not today (2026-11-12)" in refused.value.message
    assert balance(till, m) == 500
