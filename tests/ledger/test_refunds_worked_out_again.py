"""Refunds whose chain holds but whose numbers no till would write, as a terminal's token in other hands could send
them, are refused whole and move no point: money and points given back beyond what the refunded lines come to,
points taken back other than the rules' arithmetic gives. Honest partial and full refunds still apply, also where
a point is worth more than a fen and the till rounds a refund's points up (points-rules.md, Refunds)."""

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from ledger import service
from ledger.models import Refund
from sync.protocol import WireEntry, canonical
from terminal.bootstrap import Till
from terminal.rules import Promotion, RuleSet
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, check_books, journal_of, rechain, refused_whole
from tests.helpers.store import MANAGER, member, sell, set_rules

DAY = "2026-03-01"


def refund(till: Till, sale_id: str, *lines: int) -> Any:
    return record_refund(till.uow(), till.shop, MANAGER, sale_id, list(lines))


def doctored(entries: list[WireEntry], seq: int, **changes: Any) -> list[WireEntry]:
    """The journal with entry ``seq``'s payload changed (its points_delta following), chained again as a forger
    holding the terminal's token and data would."""
    out = []
    for entry in entries:
        if entry.seq == seq:
            payload = json.loads(entry.payload) | changes
            delta = payload["restored_points"] - payload["reversed_points"] if entry.kind == "refund" else \
                payload["earned_points"] - payload["redeemed_points"]
            entry = entry.model_copy(update={"payload": canonical(payload), "points_delta": delta})
        out.append(entry)
    return rechain(out)


def sent_apart(ledger: Ledger, token: str, entries: list[WireEntry], seq: int) -> list[WireEntry]:
    """The entries before ``seq`` taken first, so the ledger holds the sale when the doctored refund comes."""
    ledger.post(token, [e for e in entries if e.seq < seq]).raise_for_status()
    return [e for e in entries if e.seq >= seq]


def test_a_partial_refund_giving_back_the_whole_sale_in_money_is_refused(ledger: Ledger, shop: Any) -> None:
    """The reviewer's first forgery: ¥60 + ¥40 earning 50 points, line 2 refunded with ¥100 back and no point."""
    till, token = shop
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000))
    assert sale.earned_points == 50
    refund(till, sale.sale_id, 2)
    seq = journal_of(till)[-1].seq
    entries = sent_apart(ledger, token, doctored(journal_of(till), seq, money_fen=10000, reversed_points=0), seq)
    refused_whole(ledger, token, entries, [m], seq,
            "the refund gives back 10000 fen and 0 points worth 0 fen, more than the 4000 fen its lines come to")
    assert ledger.balance(m) == 500 + 50


def test_a_refund_giving_points_back_on_top_of_its_money_is_refused(ledger: Ledger, shop: Any) -> None:
    """¥60 + ¥40 paying 500 points: line 2 gives back 200 points and ¥38.00; with ¥40.00 it is ¥2 too much."""
    till, token = shop
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    refund(till, sale.sale_id, 2)
    seq = journal_of(till)[-1].seq
    entries = doctored(journal_of(till), seq, money_fen=4000)
    refused_whole(ledger, token, entries, [], seq,
            "the refund gives back 4000 fen and 200 points worth 200 fen, more than the 4000 fen its lines come to")


THIRTY_TO_THE_YUAN = replace(RuleSet(), points_per_yuan=30)  # 3 points are worth 10 fen: a point more than a fen


def test_a_refund_rounded_up_to_whole_points_applies_and_more_points_are_refused(ledger: Ledger, shop: Any) -> None:
    """¥10.01 + ¥9.99 paid whole with 600 points at 30 to the yuan: refunding ¥10.01 leaves no money to give, so the
    till gives 303 points (¥10.10), 9 fen over; then the rest. A step of points more than that is refused."""
    till, token = shop
    set_rules(till, THIRTY_TO_THE_YUAN)
    ledger.do(lambda s: service.set_rules(s, "m1", THIRTY_TO_THE_YUAN.to_dict()))
    m = member(till)
    sell(till, m, ("general", 20000))  # 100 points more: 600 to spend
    sale = sell(till, m, ("general", 1001), ("general", 999), redeem=600)
    first = refund(till, sale.sale_id, 1)
    assert (first.money_fen, first.restored_points) == (0, 303)
    seq = journal_of(till)[-1].seq
    refused_whole(ledger, token, doctored(journal_of(till), seq, restored_points=306), [], seq,
            "the refund gives back 0 fen and 306 points worth 1020 fen, more than the 1001 fen its lines come to")
    refund(till, sale.sale_id, 2)
    answer = ledger.sync(till, token)
    assert {r["status"] for r in answer["results"]} == {"applied"}
    assert ledger.balance(m) == show_member(till.reading(), till.shop, m).balance
    check_books(ledger)


def test_a_partial_refund_keeping_the_points_of_its_line_is_refused(ledger: Ledger, shop: Any) -> None:
    """The kept ¥60 line earns 30 of the 50 points: refunding ¥40 takes back 20, not none and not 21."""
    till, token = shop
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000))
    refund(till, sale.sale_id, 2)
    seq = journal_of(till)[-1].seq
    for taken in (0, 21):
        entries = sent_apart(ledger, token, doctored(journal_of(till), seq, reversed_points=taken), seq)
        refused_whole(ledger, token, entries, [m], seq,
                f"the refund takes back {taken} of the points sale {sale.sale_id} earned, where its lines take back 20")
    assert ledger.balance(m) == 500 + 50


def test_the_refund_emptying_a_sale_takes_back_all_its_points_left(ledger: Ledger, shop: Any) -> None:
    """Whatever the rates a sale states, its last refund takes back every earned point not taken back yet."""
    till, token = shop
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)  # earns 47
    refund(till, sale.sale_id, 2)  # takes back 19
    refund(till, sale.sale_id, 1)
    last = journal_of(till)[-1].seq
    refused_whole(ledger, token, doctored(journal_of(till), last, reversed_points=0), [], last,
            f"the refund takes back 0 of the points sale {sale.sale_id} earned, where its lines take back 28")
    whole = sell(till, m, ("digital", 100000))
    refund(till, whole.sale_id)
    seq = journal_of(till)[-1].seq
    entries = doctored(journal_of(till), seq, reversed_points=0)
    refused_whole(ledger, token, sent_apart(ledger, token, entries, seq), [m], seq,
            f"the refund takes back 0 of the points sale {whole.sale_id} earned, where its lines take back 100")


PROMOTED = replace(RuleSet(), promotions=(Promotion("weekend", 200, weekdays=(6, 7), categories=("general",)),))


def test_honest_refunds_with_points_tiers_and_promotions_apply(ledger: Ledger, shop: Any) -> None:
    """A silver member (¥2,000 bought) on a Sunday of double points on general goods, paying part with points:
    refunds of one line, then another, then the last, some sent with their sale and some after it."""
    till, token = shop
    set_rules(till, PROMOTED)
    ledger.do(lambda s: service.set_rules(s, "m1", PROMOTED.to_dict()))
    m = member(till)
    sell(till, m, ("general", 200000))  # growth ¥2,000: silver from the next sale
    sale = sell(till, m, ("general", 12345), ("digital", 33300), ("excluded", 5000), ("general", 999), redeem=1700)
    other = sell(till, m, ("general", 5000), ("digital", 5000), redeem=300, pay="card")
    stated = json.loads(next(e.payload for e in journal_of(till) if e.seq == sale.seq))
    assert [line["promo_pct"] for line in stated["lines"]] == [200, 100, 100, 200] and stated["tier_pct"] == 120
    refund(till, sale.sale_id, 2)
    refund(till, other.sale_id, 1)
    acked = ledger.sync(till, token)["acknowledged_seq"]
    refund(till, sale.sale_id, 4, 3)
    refund(till, sale.sale_id, 1)
    refund(till, other.sale_id)
    answer = ledger.sync(till, token, after=acked)
    assert {r["status"] for r in answer["results"]} == {"applied"}
    assert ledger.balance(m) == show_member(till.reading(), till.shop, m).balance
    with ledger.session() as s:
        taken = s.scalars(select(Refund.reversed_points).order_by(Refund.seq)).all()
    assert sum(taken[i] for i in (0, 2, 3)) == sale.earned_points and taken[1] + taken[4] == other.earned_points
    check_books(ledger)
