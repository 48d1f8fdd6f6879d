"""The earning check reads each rule set once a batch and works out each business date's promotions and expiry once
(ledger.earning.RuleBook, EarningCheck): a batch's sales of several days are each still checked by their own day."""

import json
from dataclasses import replace
from typing import Any

from ledger import service
from ledger.earning import RuleBook
from terminal.rules import Promotion, RuleSet
from tests.helpers.ledger import Ledger, journal_of, refused_whole
from tests.helpers.store import member, move_clock, sell, set_rules
from tests.ledger.test_earning_worked_out_again import forged_sale

SUNDAYS = replace(RuleSet(), expiry_policy="rolling_months", expiry_months=12,
                  promotions=(Promotion("sunday", 300, weekdays=(7,)),))
OWN = replace(RuleSet(), categories={"general": 8000, "fresh": 3000}, points_per_yuan=50)


def test_a_rule_set_journaled_in_the_batch_is_read_once_for_all_the_sales_after_it() -> None:
    book = RuleBook({}, lambda: (), batch=[(3, {"version": OWN.version, "rules": OWN.to_dict()})])
    first, second = book.get(OWN.version, 10), book.get(OWN.version, 11)
    assert first == OWN and second is first
    assert book.get(OWN.version, 2) is None  # a sale before the rules entry did not use them


def test_sales_of_three_days_in_one_batch_are_each_checked_by_their_own_day(ledger: Ledger, shop: Any) -> None:
    """Sunday's promotion (×3) and a 12-month expiry: one batch holds a Sunday, a Monday and a Tuesday sale. The
    Tuesday sale stating Sunday's promotion or Sunday's expiry is refused, after the Sunday sale was checked."""
    till, token = shop
    set_rules(till, SUNDAYS)
    ledger.do(lambda s: service.set_rules(s, "m1", SUNDAYS.to_dict()))
    m = member(till)
    held = ledger.sync(till, token)["acknowledged_seq"]
    sunday = sell(till, m, ("general", 10000))
    move_clock(till, "2026-03-02 10:00")
    sell(till, m, ("general", 10000))
    move_clock(till, "2026-03-03 10:00")
    tuesday = sell(till, m, ("general", 10000))
    entries = journal_of(till, after=held)
    assert [e.seq for e in entries] == [sunday.seq, sunday.seq + 1, tuesday.seq]
    assert [json.loads(e.payload)["lines"][0]["promo_pct"] for e in entries] == [300, 100, 100]
    refused_whole(ledger, token, forged_sale(entries, tuesday.seq, {"promo_pct": 300}), [m], tuesday.seq,
                  f"line 1: promo_pct 300 is not what rules {SUNDAYS.version} give general on 2026-03-03 (100)")
    refused_whole(ledger, token, forged_sale(entries, tuesday.seq, earn_expires_on="2027-03-01"), [m], tuesday.seq,
                  f"earn_expires_on 2027-03-01 is not when rules {SUNDAYS.version} make points earned on 2026-03-03 "
                  "expire (2027-03-03)")
    assert {r["status"] for r in ledger.sync(till, token, after=held)["results"]} == {"applied"}
    assert ledger.balance(m) == 500 + 150 + 50 + 50
