"""A sale given its member after it was paid (sale_member, 补积分) at the ledger: the member is credited by the sale's
own lines, in a lot that expires as if the card had been shown at the sale; the ledger's record of the sale names the
member, so a later refund takes back from them; the day's totals count the points on the day they were given. What a
till would never write is refused whole."""

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from ledger.conflicts import REFERRAL_AGAIN
from ledger.models import Conflict, Lot, Sale
from terminal.bootstrap import Till
from terminal.rules import Promotion
from terminal.services.refunds import record_refund
from terminal.services.sale_member import give_sale_member
from tests.helpers.forged import forge, last_held
from tests.helpers.ledger import Ledger, check_books, ledger_cli, refused_whole
from tests.helpers.store import CASHIER, MANAGER, balance, member, move_clock, sell, set_rules

PHONE = "13800138000"


def attach(till: Till, sale_id: str, who: str, approver: Any = None) -> int:
    return give_sale_member(till.uow(), till.shop, CASHIER, sale_id, who, approver).earned_points


def ledger_sale(ledger: Ledger, seq: int) -> tuple[str | None, int, int | None]:
    with ledger.session() as s:
        row = s.scalars(select(Sale).where(Sale.seq == seq)).one()
        return row.member_id, row.earned_points, row.tier_pct


def ledger_day(ledger: Ledger, day: str) -> dict[str, Any]:
    url = ledger.engine.url.render_as_string(hide_password=False)
    status, text = ledger_cli(url)("--json", "report", "day", "--merchant", "m1", "--date", day)
    assert status == 0, text
    return json.loads(text)  # type: ignore[no-any-return]


def test_the_ledger_credits_the_member_and_its_sale_names_them(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    ledger.sync(till, token)
    assert attach(till, sale.sale_id, PHONE) == 50
    answer = ledger.sync(till, token, after=last_held(ledger, "T1").seq)
    assert [r["status"] for r in answer["results"]] == ["applied"]
    assert ledger.balance(m) == balance(till, m) == 550
    assert ledger_sale(ledger, sale.seq) == (m, 50, 100)
    assert ledger_day(ledger, "2026-03-01")["points_earned"] == 50
    check_books(ledger)


def test_a_sale_and_its_member_in_one_batch(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    attach(till, sale.sale_id, m)
    ledger.sync(till, token)
    assert ledger.balance(m) == balance(till, m) == 550
    assert ledger_sale(ledger, sale.seq) == (m, 50, 100)
    check_books(ledger)


def test_given_the_next_day_it_earns_the_promotion_of_the_sale_and_counts_that_day(
        ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    set_rules(till, replace(till.shop.rules, promotions=(Promotion("会员日", 200, start=date(2026, 3, 1),
                                                                  until=date(2026, 3, 1)),)))
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    ledger.sync(till, token)
    move_clock(till, "2026-03-02 09:00")
    assert attach(till, sale.sale_id, m, MANAGER) == 100
    ledger.sync(till, token, after=last_held(ledger, "T1").seq)
    assert ledger.balance(m) == balance(till, m) == 600
    with ledger.session() as s:
        assert s.scalars(select(Lot.expires_on).where(Lot.member_id == m, Lot.points == 100)).one() == "2027-12-31"
    assert (ledger_day(ledger, "2026-03-01")["points_earned"], ledger_day(ledger, "2026-03-02")["points_earned"]) \
        == (0, 100)
    check_books(ledger)


def test_a_refund_of_it_takes_back_from_that_member(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m = member(till)
    sell(till, m, ("excluded", 1_000_000))  # gold: its refunds take back at 150 %
    sale = sell(till, None, ("general", 6000), ("general", 4000))
    ledger.sync(till, token)
    assert attach(till, sale.sale_id, m) == 75
    ledger.sync(till, token, after=last_held(ledger, "T1").seq)
    after = last_held(ledger, "T1").seq
    assert record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2]).reversed_points == 30
    answer = ledger.sync(till, token, after=after)
    assert [r["status"] for r in answer["results"]] == ["applied"]
    assert ledger.balance(m) == balance(till, m) == 500 + 75 - 30
    check_books(ledger)


def _held_sale(ledger: Ledger, till: Till, token: str) -> tuple[str, int]:
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    ledger.sync(till, token)
    return m, sale.seq


def _given(m: str, seq: int, till: Till, **changed: Any) -> dict[str, Any]:
    """What the till writes for general ¥100 given a regular member, with ``changed``."""
    return {"sale_id": f"T1-{seq}", "member_id": m, "sale_date": "2026-03-01", "tier": "regular", "tier_pct": 100,
            "tier_after": "regular", "earned_points": 50, "earn_expires_on": "2027-12-31",
            "rules_version": till.shop.rules.version} | changed


@pytest.mark.parametrize(("changed", "delta", "message"), [
    ({"earned_points": 80}, 80, "earned points 80 do not follow from sale T1-{seq} (50)"),
    ({"sale_id": "T1-999"}, 50, "sale_member of unknown sale T1-999"),
    ({"tier": "gold"}, 50, "tier 'gold' at 100% is not one of the tiers of rules {version}"),
    ({"earn_expires_on": "2030-12-31"}, 50, "earn_expires_on 2030-12-31 is not when rules {version} make points earned "
                                            "on 2026-03-01 expire"),
    ({}, 70, "points_delta 70 does not match the payload (50)"),
])
def test_a_forged_sale_member_is_refused_whole(ledger: Ledger, shop: tuple[Till, str], changed: dict[str, Any],
                                                delta: int, message: str) -> None:
    till, token = shop
    m, seq = _held_sale(ledger, till, token)
    version = till.shop.rules.version
    payload = _given(m, seq, till, **changed)
    forged = forge(last_held(ledger, "T1"), "T1", ("sale_member", payload, delta))
    refused_whole(ledger, token, forged, [m], forged[0].seq, message.format(seq=seq, version=version))
    assert ledger_sale(ledger, seq) == (None, 0, None)


def test_a_sale_given_a_member_twice_is_refused(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m, seq = _held_sale(ledger, till, token)
    payload = _given(m, seq, till)
    forged = forge(last_held(ledger, "T1"), "T1", ("sale_member", payload, 50), ("sale_member", payload, 50))
    refused_whole(ledger, token, forged, [m], forged[1].seq, f"sale T1-{seq} already has a member ({m})")


def test_a_refunded_sale_given_a_member_is_refused(ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    m = member(till)
    sale = sell(till, None, ("general", 6000), ("general", 4000))
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    ledger.sync(till, token)
    payload = _given(m, sale.seq, till, earned_points=30)
    forged = forge(last_held(ledger, "T1"), "T1", ("sale_member", payload, 30))
    refused_whole(ledger, token, forged, [m], forged[0].seq,
                  f"sale T1-{sale.seq} was refunded before it was given a member")


def test_the_referral_bonus_of_a_first_sale_given_its_member_is_no_odd_referral(
        ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    referrer = member(till)
    new = member(till, "13900139000", referrer=referrer)
    sale = sell(till, None, ("general", 10000))
    ledger.sync(till, token)
    assert give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, new).bonus_points == 100
    ledger.sync(till, token, after=last_held(ledger, "T1").seq)
    assert (ledger.balance(new), ledger.balance(referrer)) == (balance(till, new), balance(till, referrer)) == (650, 600)
    with ledger.session() as s:
        assert s.scalars(select(Conflict.kind).where(Conflict.kind == REFERRAL_AGAIN)).all() == []


def test_a_referral_bonus_after_a_sale_given_a_member_who_had_bought_before_is_odd(
        ledger: Ledger, shop: tuple[Till, str]) -> None:
    till, token = shop
    referrer = member(till)
    new = member(till, "13900139000", referrer=referrer)
    sell(till, new, ("general", 1000))  # the member's first sale: its referral bonuses follow it
    sale = sell(till, None, ("general", 10000))
    ledger.sync(till, token)
    attach(till, sale.sale_id, new)
    ledger.sync(till, token, after=last_held(ledger, "T1").seq)
    held = last_held(ledger, "T1")
    given = json.loads(held.payload)
    assert held.kind == "sale_member" and given["sale_id"] == sale.sale_id
    forged = forge(held, "T1", ("bonus", {"member_id": referrer, "points": 100, "reason": "referral",
                                          "expires_on": "2027-12-31", "new_member_id": new}, 100))
    assert ledger.post(token, forged).status_code == 200
    with ledger.session() as s:
        assert s.scalars(select(Conflict.seq).where(Conflict.kind == REFERRAL_AGAIN)).all() == [forged[0].seq]


def test_the_ledgers_day_counts_the_sales_given_their_member_as_the_tills(ledger: Ledger, shop: tuple[Till, str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    till, token = shop
    member(till)
    sale = sell(till, None, ("general", 10000))
    attach(till, sale.sale_id, PHONE)
    ledger.sync(till, token)
    day = ledger_day(ledger, "2026-03-01")
    assert (day["sales_given_member"], day["points_given_later"]) == (1, 50)
    assert [(t["sales_given_member"], t["points_given_later"]) for t in day["cashiers"].values()] \
        == [(1, 50)], day["cashiers"]
    url = ledger.engine.url.render_as_string(hide_password=False)
    for lang, words in (("C", "Points given to paid sales"), ("zh_CN.UTF-8", "补积分")):
        monkeypatch.setenv("LANG", lang)
        status, text = ledger_cli(url)("report", "day", "--merchant", "m1", "--date", "2026-03-01")
        assert status == 0 and any(words in line and line.rstrip().endswith("50") for line in text.splitlines()), text
