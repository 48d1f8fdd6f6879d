"""A refund whose earned points were since spent at another merchant takes its points back from whatever the member
holds, which may be another merchant's: those points come to the refunder as if redeemed there, so their issuer's
liability falls by them and a claim issuer → refunder, dated the refund's day, is settled (ledger/README.md,
Currencies). Each merchant's liability stays what members hold of its points."""

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ledger import service
from terminal.bootstrap import Till
from terminal.services.adjust import adjust_points
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, check_books, give_member, shop_till
from tests.helpers.store import OWNER, member, move_clock, sell

PHONE = "13800000002"
MERCHANTS = ("super", "cafe", "book")


@pytest.fixture
def tills(ledger: Ledger, tmp_path: Path) -> Iterator[dict[str, tuple[Till, str]]]:
    """super (1 fen a point), cafe (2 fen) and book (1 fen) share the currency union: each merchant's till and token."""
    for merchant, fen in zip(MERCHANTS, (1, 2, 1)):
        ledger.do(lambda s, m=merchant, f=fen: service.add_merchant(s, m, m, "union", f))
    out = {m: (shop_till(tmp_path, f"{m}1", m.upper(), m), ledger.terminal(m, f"{m}1", m.upper())) for m in MERCHANTS}
    yield out
    for till, _ in out.values():
        till.close()


def hand_over(source: Till, member_id: str, target: Till) -> None:
    """The member as ``source`` last saw them, in place of what ``target`` held: a pulled snapshot."""
    with sqlite3.connect(target.home.db) as conn:
        conn.execute("DELETE FROM lots WHERE member_id=?", (member_id,))
        conn.execute("DELETE FROM members WHERE id=?", (member_id,))
    give_member(source, member_id, target)


def test_book_takes_back_its_points_from_cafe_s_and_cafe_s_claim_goes_to_book(
        ledger: Ledger, tills: dict[str, tuple[Till, str]]) -> None:
    (market, market_token), (cafe, cafe_token), (book, book_token) = (tills[m] for m in MERCHANTS)
    m = member(market, PHONE)  # 500 of super's points
    ledger.sync(market, market_token)
    give_member(market, m, book)
    sale = sell(book, m, ("general", 20000))  # 100 of book's
    ledger.sync(book, book_token)
    hand_over(book, m, market)
    sell(market, m, ("general", 600), redeem=600, pay="card")  # super's 500 and book's 100: book owes super 100
    ledger.sync(market, market_token)
    hand_over(market, m, cafe)
    sell(cafe, m, ("general", 20000))  # 100 of cafe's, all the member holds
    ledger.sync(cafe, cafe_token)
    move_clock(book, "2026-03-05 10:00")
    assert record_refund(book.uow(), book.shop, OWNER, sale.sale_id, [1]).reversed_points == 100
    ledger.sync(book, book_token)

    assert ledger.balance(m) == 0
    liabilities = {merchant: ledger.get("/v1/reports/day", merchant=merchant, day="2026-03-05").json()
                   ["liability_points"] for merchant in MERCHANTS}
    assert liabilities == {"super": 0, "cafe": 0, "book": 0}
    pairs = ledger.do(lambda s: service.settlement_pairs(s, date(2026, 3, 1), date(2026, 3, 31)))
    assert pairs == [{"issuer": "book", "redeemer": "super", "points": 100, "fen": 100},
                     {"issuer": "cafe", "redeemer": "book", "points": 100, "fen": 200}]
    refund_day = ledger.get("/v1/settlement", start="2026-03-05", end="2026-03-05").json()
    assert refund_day == [{"merchant": "book", "net_points": 100, "net_fen": 200},
                          {"merchant": "cafe", "net_points": -100, "net_fen": -200}]
    check_books(ledger)


def test_book_s_adjustment_gives_cafe_s_points_back_to_cafe_and_moves_no_money(
        ledger: Ledger, tills: dict[str, tuple[Till, str]]) -> None:
    _, (cafe, cafe_token), (book, book_token) = (tills[m] for m in MERCHANTS)
    m = member(cafe, PHONE)  # 500 of cafe's points (its signup bonus)
    ledger.sync(cafe, cafe_token)
    give_member(cafe, m, book)
    move_clock(book, "2026-03-05 10:00")
    adjust_points(book.uow(), book.shop, OWNER, m, -200, "registered twice")
    ledger.sync(book, book_token)

    assert ledger.balance(m) == 300
    liabilities = {merchant: ledger.get("/v1/reports/day", merchant=merchant, day="2026-03-05").json()
                   ["liability_points"] for merchant in ("cafe", "book")}
    assert liabilities == {"cafe": 300, "book": 0}
    assert ledger.do(lambda s: service.settlement_pairs(s, date(2026, 3, 1), date(2026, 3, 31))) == []
    check_books(ledger)
