"""Points around their expiry, where a terminal and the ledger must end with the same balance.

A redemption that reaches the ledger after the points it spent expired there (a terminal offline over
New Year, when a year's points expire) spends them as they stood on its own date, like its terminal
did, instead of leaving the member in debt; the expiry day's report counts only what really expired.
A refund after the points it gives back have expired gives them back expired."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ledger.expiry import expire_all
from ledger.service import add_merchant
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, check_books, give_member, shop_till
from tests.helpers.store import OWNER, balance, member, move_clock, sell

PHONE = "13800138000"


def expired_on(ledger: Ledger, day: str, merchant: str = "m1") -> int:
    return int(ledger.get("/v1/reports/day", merchant=merchant, day=day).json()["points_expired"])


def test_a_late_redemption_spends_points_the_nightly_expiry_took(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    till, token = shop_till(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")
    m = member(till, PHONE)  # 500 points, expiring 2027-12-31
    acked = ledger.sync(till, token)["acknowledged_seq"]
    move_clock(till, "2027-12-31 21:00")  # the link is down
    sale = sell(till, m, ("general", 1000), redeem=500)
    assert (sale.redeemed_points, sale.earned_points, balance(till, m)) == (500, 2, 2)
    assert ledger.do(lambda s: expire_all(s, date(2028, 1, 1))) == (500, 1)
    assert expired_on(ledger, "2028-01-01") == 500
    answer = ledger.sync(till, token, after=acked)
    assert [r["status"] for r in answer["results"]] == ["applied"]
    snapshot = answer["members"][0]
    assert (snapshot["balance"], snapshot["debt"], snapshot["blocked"]) == (2, 0, False)
    assert ledger.get("/v1/reports/overdrawn", merchant="m1").json() == []
    assert expired_on(ledger, "2028-01-01") == 0
    assert ledger.get("/v1/reports/day", merchant="m1", day="2027-12-31").json()["points_redeemed"] == 500
    check_books(ledger)


def test_a_late_redemption_after_another_stores_later_sale(ledger: Ledger, tmp_path: Path) -> None:
    """No nightly run at all: the other store's sale on 2 January expired the lot as it reached the ledger, counted on
    1 January, the day it expired."""
    ledger.merchant("m1")
    one, two = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    m = member(one, PHONE)
    acked = ledger.sync(one, token_one)["acknowledged_seq"]
    give_member(one, m, two)
    move_clock(one, "2027-12-31 20:00")
    sell(one, m, ("general", 300), redeem=300)  # offline
    move_clock(two, "2028-01-02 10:00")
    sell(two, m, ("general", 10000))  # earns 50
    assert ledger.sync(two, token_two)["members"][0]["balance"] == 50
    assert (expired_on(ledger, "2028-01-01"), expired_on(ledger, "2028-01-02")) == (500, 0)
    snapshot = ledger.sync(one, token_one, after=acked)["members"][0]
    assert (snapshot["balance"], snapshot["debt"]) == (50, 0)
    assert expired_on(ledger, "2028-01-01") == 200
    assert [lot["points"] for lot in snapshot["lots"]] == [50]
    check_books(ledger)


def test_points_that_expired_before_the_sales_date_stay_expired(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    till, token = shop_till(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")
    m = member(till, PHONE)
    acked = ledger.sync(till, token)["acknowledged_seq"]
    assert ledger.do(lambda s: expire_all(s, date(2028, 1, 1))) == (500, 1)
    move_clock(till, "2028-01-01 09:00")
    sell(till, m, ("general", 1000))  # the terminal expired the points too: nothing to redeem
    snapshot = ledger.sync(till, token, after=acked)["members"][0]
    assert (snapshot["balance"], snapshot["debt"]) == (5, 0)
    assert expired_on(ledger, "2028-01-01") == 500
    check_books(ledger)


def test_a_refund_after_its_redeemed_points_expired_gives_them_back_expired(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2028-01-02T10:00:00+08:00")  # the ledger's own day, for its snapshots
    ledger.merchant("m1")
    till, token = shop_till(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")
    m = member(till, PHONE)  # 500 points, expiring 2027-12-31
    move_clock(till, "2027-12-30 10:00")
    sell(till, m, ("general", 100000))  # earns 500, expiring 2028-12-31
    paid_with_points = sell(till, m, ("general", 10000), redeem=500)  # the expiring 500; earns 47
    sell(till, m, ("general", 1000), redeem=547)  # spends the rest, the 47 too
    move_clock(till, "2028-01-02 10:00")
    refund = record_refund(till.uow(), till.shop, OWNER, paid_with_points.sale_id)
    assert (refund.restored_points, refund.reversed_points, refund.debt_added) == (500, 47, 45)
    here = show_member(till.reading(), till.shop, m)
    assert (here.balance, here.debt_points, here.lots) == (-45, 45, [])
    snapshot = ledger.sync(till, token)["members"][0]
    assert (snapshot["balance"], snapshot["debt"], snapshot["lots"]) == (-45, 45, [])
    check_books(ledger)


def test_each_merchant_expires_by_its_own_clock(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 01:30 in Shanghai on 1 January it is still 31 December in Ürümqi: its points have a day left."""
    ledger.merchant("sh")
    ledger.do(lambda s: add_merchant(s, "xj", "新疆店", timezone_name="Asia/Urumqi"))
    for merchant, store, terminal, phone in (("sh", "静安店", "T1", PHONE), ("xj", "乌鲁木齐店", "X1", "13900139000")):
        till = shop_till(tmp_path, store, terminal, merchant)
        member(till, phone)  # 500 points, expiring 2027-12-31
        ledger.sync(till, ledger.terminal(merchant, store, terminal))
    monkeypatch.setenv("JIFEN_NOW", "2028-01-01T01:30:00+08:00")
    assert ledger.do(expire_all) == (500, 1)
    assert (expired_on(ledger, "2028-01-01", "sh"), expired_on(ledger, "2028-01-01", "xj")) == (500, 0)
    monkeypatch.setenv("JIFEN_NOW", "2028-01-01T02:30:00+08:00")  # 00:30 in Ürümqi
    assert ledger.do(expire_all) == (500, 1)
    check_books(ledger)


def test_a_refund_gives_each_point_back_the_expiry_it_was_spent_from(
        ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Redeeming points about to expire and refunding the sale must not buy them another year."""
    monkeypatch.setenv("JIFEN_NOW", "2027-12-31T20:00:00+08:00")
    ledger.merchant("m1")
    till, token = shop_till(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")
    m = member(till, PHONE)  # 500 points, expiring 2027-12-31
    move_clock(till, "2027-01-05 10:00")
    sell(till, m, ("general", 200))  # 1 point, expiring 2028-12-31
    move_clock(till, "2027-12-31 20:00")
    sale = sell(till, m, ("general", 300), ("general", 201), redeem=501)
    first = record_refund(till.uow(), till.shop, OWNER, sale.sale_id, [2])  # ¥2.01 of ¥5.01: 201 points back
    assert first.restored_points == 201
    assert by_expiry(show_member(till.reading(), till.shop, m).lots) == {"2028-12-31": 1, "2027-12-31": 200}
    record_refund(till.uow(), till.shop, OWNER, sale.sale_id)
    assert by_expiry(show_member(till.reading(), till.shop, m).lots) == {"2028-12-31": 1, "2027-12-31": 500}
    snapshot = ledger.sync(till, token)["members"][0]
    assert by_expiry([(lot["points"], lot["expires_on"]) for lot in snapshot["lots"]]) == {
        "2028-12-31": 1, "2027-12-31": 500}
    check_books(ledger)


def by_expiry(lots: list[tuple[int, Any]]) -> dict[str, int]:
    points: dict[str, int] = {}
    for n, expires_on in lots:
        points[str(expires_on)] = points.get(str(expires_on), 0) + n
    return points


def test_expiry_runs_every_hour(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refund that gives back points already past their date, between two runs on one day: they expire as the
    refund reaches the ledger, and the next run has none left to count again."""
    ledger.merchant("m1")
    till, token = shop_till(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")
    m = member(till, PHONE)  # 500 points, expiring 2027-12-31
    move_clock(till, "2027-12-30 10:00")
    sale = sell(till, m, ("general", 1000), redeem=200)
    ledger.sync(till, token)
    monkeypatch.setenv("JIFEN_NOW", "2028-01-01T00:15:00+08:00")
    assert ledger.do(expire_all) == (300, 1)
    move_clock(till, "2028-01-01 10:00")
    record_refund(till.uow(), till.shop, OWNER, sale.sale_id)  # 200 back, dated 2027-12-31
    ledger.sync(till, token)
    assert expired_on(ledger, "2028-01-01") == 500
    monkeypatch.setenv("JIFEN_NOW", "2028-01-01T11:15:00+08:00")
    assert ledger.do(expire_all) == (0, 0)
    assert expired_on(ledger, "2028-01-01") == 500
    check_books(ledger)


def test_points_a_refund_gave_back_expired_do_not_fund_an_earlier_spend(ledger: Ledger, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Both tills spent the same 500 points; the first sale's refund gives them back expired, after the fact:
    on the second sale's date they were spent, so the member owes them."""
    monkeypatch.setenv("JIFEN_NOW", "2028-01-03T10:00:00+08:00")
    ledger.merchant("m1")
    one, two = shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    m = member(one, PHONE)  # 500 points, expiring 2027-12-31
    ledger.sync(one, token_one)
    give_member(one, m, two)
    move_clock(one, "2027-12-30 10:00")
    first = sell(one, m, ("general", 1000), redeem=500)
    move_clock(two, "2027-12-31 10:00")
    sell(two, m, ("general", 1000), redeem=500)  # offline: the same points again
    move_clock(one, "2028-01-02 10:00")
    record_refund(one.uow(), one.shop, OWNER, first.sale_id)
    ledger.sync(one, token_one, after=2)
    assert expired_on(ledger, "2028-01-02") == 500  # given back expired, as the refund reached the ledger
    snapshot = ledger.sync(two, token_two)["members"][0]
    assert snapshot["debt"] == 498  # the 2 points the first sale earned pay 2 of it
    assert [case["debt"] for case in ledger.get("/v1/reports/overdrawn", merchant="m1").json()] == [498]
    check_books(ledger)
