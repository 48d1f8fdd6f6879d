"""Entries whose chain holds but whose content is nonsense, as a terminal with a stolen token (or a bug)
could send them, are refused whole: a sale line refunded twice or not there, refunds giving back more
money or points than the sale took or taking back more than it earned, a pay method the day report does
not count. Genuine partial refunds still apply. (An entry whose hash does not match its content: test_conflicts.py.)"""

import json
from typing import Any

import pytest
from alembic import command
from sqlalchemy import event, func, select

from ledger.ingest import ingest
from ledger.models import Conflict, Entry, Refund, Sale
from sync.protocol import Batch, WireEntry, canonical, entry_hash, hashed_fields
from terminal.bootstrap import Till
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from terminal.services.reports import day_report
from tests.helpers.ledger import (
    Ledger,
    check_books,
    journal_of,
    rechain,
    schema_migrations,
)
from tests.helpers.store import MANAGER, member, sell

DAY = "2026-03-01"
REPORTED = ("sales", "gross_fen", "cash_fen", "card_fen", "points_paid_fen", "refunds", "refunds_fen", "refund_cash_fen",
            "refund_card_fen", "points_earned", "points_redeemed", "points_restored", "points_reversed")


def refund(till: Till, sale_id: str, *lines: int) -> None:
    record_refund(till.uow(), till.shop, MANAGER, sale_id, list(lines))


def doctored(entries: list[WireEntry], seq: int, points_delta: int | None = None, **changes: Any) -> list[WireEntry]:
    """The entries with entry ``seq``'s payload changed, chained again as a forger holding the terminal's data would."""
    out = []
    for entry in entries:
        if entry.seq == seq:
            payload = json.loads(entry.payload) | changes
            entry = entry.model_copy(update={"payload": canonical(payload),
                                             "points_delta": entry.points_delta if points_delta is None else points_delta})
        out.append(entry)
    return rechain(out)


def stored(ledger: Ledger, members: list[str]) -> Any:
    """What a refused batch must leave as it was: balances, rows, the day's report."""
    with ledger.session() as s:
        rows = [s.scalar(select(func.count()).select_from(model)) for model in (Entry, Sale, Refund, Conflict)]
    report = ledger.get("/v1/reports/day", merchant="m1", day=DAY).json()
    return [ledger.balance(m) for m in members], rows, report


def refused(ledger: Ledger, token: str, entries: list[WireEntry], members: list[str], seq: int, message: str) -> None:
    before = stored(ledger, members)
    answer = ledger.post(token, entries)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"error": "bad_entry", "message": f"entry {seq}: {message}"}
    assert stored(ledger, members) == before


def split(ledger: Ledger, token: str, entries: list[WireEntry], seq: int, apart: bool) -> list[WireEntry]:
    """Apart: the entries before ``seq`` go first, in a batch of their own, so the ledger holds them when the
    doctored one comes; else the whole journal is one batch, checked against what comes earlier in it."""
    if not apart:
        return entries
    ledger.post(token, [e for e in entries if e.seq < seq]).raise_for_status()
    return [e for e in entries if e.seq >= seq]


def two_line_sale(till: Till) -> tuple[str, str, list[int]]:
    """General ¥60 + general ¥40, paying 500 points: earns 47 (points-rules.md); the refund of line 2 gives
    back 200 points and ¥38.00 and takes back 19, the refund of line 1 the rest: 300 points, ¥57.00, 28."""
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    refund(till, sale.sale_id, 2)
    refund(till, sale.sale_id, 1)
    entries = journal_of(till)
    return m, sale.sale_id, [e.seq for e in entries if e.kind == "refund"]


@pytest.mark.parametrize("apart", [False, True])
def test_a_line_refunded_in_a_second_refund_is_refused(ledger: Ledger, shop: Any, apart: bool) -> None:
    till, token = shop
    m, sale_id, (_, second) = two_line_sale(till)
    entries = split(ledger, token, doctored(journal_of(till), second, lines=[2], refunded_fen=4000), second, apart)
    refused(ledger, token, entries, [m] if apart else [], second, f"line 2 of sale {sale_id} is refunded twice")


def test_a_line_named_twice_in_one_refund_is_refused(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m, sale_id, (first, _) = two_line_sale(till)
    entries = split(ledger, token, doctored(journal_of(till), first, lines=[1, 1], refunded_fen=12000), first, True)
    refused(ledger, token, entries, [m], first, f"line 1 of sale {sale_id} is refunded twice")


def test_a_line_the_sale_does_not_have_is_refused(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    sale = sell(till, None, ("general", 10000))
    refund(till, sale.sale_id, 1)
    seq = journal_of(till)[-1].seq
    entries = split(ledger, token, doctored(journal_of(till), seq, lines=[5]), seq, True)
    refused(ledger, token, entries, [], seq, f"sale {sale.sale_id} has no line 5 (it has 1 to 1)")


def test_money_beyond_what_the_sale_was_paid_is_refused(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    sale = sell(till, None, ("general", 10000))
    refund(till, sale.sale_id, 1)
    seq = journal_of(till)[-1].seq
    entries = split(ledger, token, doctored(journal_of(till), seq, money_fen=999999), seq, True)
    refused(ledger, token, entries, [], seq,
            f"the refunds of sale {sale.sale_id} would give back 999999, more than the 10000 fen paid")


# The second refund of two_line_sale doctored to give back one fen, one point restored or one point taken back
# too many over the sale's two refunds: (points_delta, payload changes, what the refusal says after "would").
BEYOND_THE_SALE = {
    "money": (None, {"money_fen": 5701}, "give back 9501, more than the 9500 fen paid"),
    "restored": (301 - 28, {"restored_points": 301}, "restore 501, more than the 500 points redeemed"),
    "reversed": (300 - 29, {"reversed_points": 29}, "take back 48, more than the 47 points earned"),
}


@pytest.mark.parametrize("apart", [False, True])
@pytest.mark.parametrize("what", list(BEYOND_THE_SALE))
def test_refunds_never_give_back_more_than_the_sale_took(ledger: Ledger, shop: Any, what: str, apart: bool) -> None:
    till, token = shop
    m, sale_id, (_, second) = two_line_sale(till)  # paid ¥95.00: ¥38.00 back, then ¥57.00
    points_delta, changes, message = BEYOND_THE_SALE[what]
    entries = split(ledger, token, doctored(journal_of(till), second, points_delta, **changes), second, apart)
    refused(ledger, token, entries, [m] if apart else [], second, f"the refunds of sale {sale_id} would {message}")


def test_a_refund_worth_other_than_its_lines_is_refused(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m, _, (first, _) = two_line_sale(till)
    entries = split(ledger, token, doctored(journal_of(till), first, refunded_fen=6000), first, True)
    refused(ledger, token, entries, [m], first, "refunded_fen 6000 is not what the refunded lines come to (4000)")


def test_a_refund_paid_back_otherwise_than_its_sale_is_refused(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m, _, (first, _) = two_line_sale(till)  # paid in cash
    entries = split(ledger, token, doctored(journal_of(till), first, pay_method="card"), first, True)
    refused(ledger, token, entries, [m], first, "pay_method 'card' is not the sale's ('cash')")


@pytest.mark.parametrize("method", ["bitcoin", None])
def test_a_sale_paid_otherwise_than_cash_or_card_is_refused(ledger: Ledger, shop: Any, method: str | None) -> None:
    till, token = shop
    sell(till, None, ("general", 1000))
    sale = sell(till, None, ("general", 10000))
    entries = split(ledger, token, doctored(journal_of(till), sale.seq, pay_method=method), sale.seq, True)
    refused(ledger, token, entries, [], sale.seq, f"pay_method {method!r} is not one of cash, card")


def test_genuine_partial_refunds_of_different_lines_apply(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m = member(till)
    three = sell(till, m, ("general", 6000), ("general", 4000), ("digital", 20000), redeem=500)
    by_points = sell(till, m, ("general", 60), redeem=60, pay="card")  # all paid with points: still cash or card
    refund(till, three.sale_id, 3)
    acked = ledger.sync(till, token)["acknowledged_seq"]
    refund(till, three.sale_id, 1)
    refund(till, by_points.sale_id, 1)
    refund(till, three.sale_id, 2)
    answer = ledger.sync(till, token, after=acked)
    assert {r["status"] for r in answer["results"]} == {"applied"}
    assert ledger.balance(m) == show_member(till.reading(), till.shop, m).balance
    with ledger.session() as s:
        rows = s.execute(select(Refund.sale_seq, Refund.lines, Refund.money_fen, Refund.restored_points)
                         .order_by(Refund.seq)).all()
    assert [(seq, lines) for seq, lines, _, _ in rows] == [(three.seq, "3"), (three.seq, "1"), (by_points.seq, "1"),
                                                           (three.seq, "2")]
    assert sum(money for seq, _, money, _ in rows if seq == three.seq) == three.paid_fen
    assert sum(points for seq, _, _, points in rows if seq == three.seq) == 500
    ours = ledger.get("/v1/reports/day", merchant="m1", day=DAY).json()
    theirs = day_report(till.reading(), till.shop)
    assert {k: ours[k] for k in REPORTED} == {k: theirs[k] for k in REPORTED}
    assert ours["gross_fen"] == ours["cash_fen"] + ours["card_fen"] + ours["points_paid_fen"]
    check_books(ledger)


def test_an_entry_that_forks_the_chain_held_is_still_recorded_as_a_conflict(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    sell(till, None, ("general", 1000))
    entries = journal_of(till)
    ledger.post(token, entries[:-1]).raise_for_status()
    fork = entries[-1].model_copy(update={"prev_hash": "f" * 64})
    fork = fork.model_copy(update={"hash": entry_hash(hashed_fields(fork.model_dump() | {"terminal_id": "T1"}))})
    answer = ledger.post(token, [fork]).json()
    assert answer["results"] == [{"seq": fork.seq, "status": "conflict",
                                  "reason": "does not continue the chain held for this terminal"}]
    with ledger.session() as s:
        flagged = s.scalars(select(Conflict)).one()
        assert (flagged.seq, flagged.held_hash, flagged.sent_hash) == (fork.seq, entries[-2].hash, fork.hash)


def test_sales_and_refunds_held_before_the_upgrade_are_filled_from_their_entries(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500, pay="card")
    refund(till, sale.sale_id, 2)
    acked = ledger.sync(till, token)["acknowledged_seq"]
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0006")
        command.upgrade(config, "head")
    with ledger.session() as s:
        assert s.execute(select(Sale.line_fen, Sale.pay_method, Sale.redeemed_points, Sale.earned_points)).one() == (
            "6000,4000", "card", 500, 47)
        assert s.execute(select(Refund.lines, Refund.restored_points, Refund.reversed_points)).one() == ("2", 200, 19)
    refund(till, sale.sale_id, 1)
    seq = journal_of(till)[-1].seq
    again = doctored(journal_of(till, after=acked), seq, lines=[2], refunded_fen=4000)
    refused(ledger, token, again, [m], seq, f"line 2 of sale {sale.sale_id} is refunded twice")
    assert {r["status"] for r in ledger.sync(till, token, after=acked)["results"]} == {"applied"}
    assert ledger.balance(m) == show_member(till.reading(), till.shop, m).balance


def test_batches_of_refunds_cost_the_same_statements_whatever_their_size(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m = member(till)
    sales = [sell(till, m, ("general", 1000), ("general", 2000), approver=MANAGER) for _ in range(12)]
    ledger.sync(till, token)
    for line in (1, 2):  # the second round meets sales refunded by the first, in the ledger and in the batch
        for sale in sales:
            refund(till, sale.sale_id, line)
    refunds = [e for e in journal_of(till) if e.kind == "refund"]
    statements = [_statements(ledger, refunds[:2]), _statements(ledger, refunds[2:6]), _statements(ledger, refunds[6:])]
    assert statements[0] == statements[1] == statements[2]


def _statements(ledger: Ledger, entries: list[WireEntry]) -> int:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    event.listen(ledger.engine, "before_cursor_execute", count)
    try:
        answer = ledger.do(lambda s: ingest(s, 1, Batch(protocol=1, entries=entries)))
    finally:
        event.remove(ledger.engine, "before_cursor_execute", count)
    assert {r.status for r in answer.results} == {"applied"}
    return len(seen)
