"""A refund splits money and points at the rate the sale was paid, whatever today's rules say."""

import json

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Refund
from terminal.rules import RuleSet
from terminal.services.refunds import record_refund
from tests.helpers.store import MANAGER, balance, member, sell, set_rules


def refund(till: Till, sale_id: str, *lines: int):  # type: ignore[no-untyped-def]
    return record_refund(till.uow(), till.shop, MANAGER, sale_id, list(lines) or None)


def stored_refund(till: Till, refund_id: str) -> tuple[int, int, int, int]:
    """What the store keeps of a refund: money back, points restored, their value in the journal, points taken back."""
    with till.reading() as uow:
        row = uow.session.get(Refund, refund_id)
        assert row is not None
        payload = uow.session.scalar(select(JournalEntry.payload).where(JournalEntry.seq == row.seq))
        assert payload is not None
        return row.money_fen, row.restored_points, json.loads(payload)["restored_fen"], row.reversed_points


def test_the_worked_example_holds_after_points_become_worth_less(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    set_rules(till, RuleSet(points_per_yuan=1000))
    result = refund(till, sale.sale_id, 2)
    assert (result.money_fen, result.restored_points, result.reversed_points) == (3800, 200, 19)
    assert stored_refund(till, result.refund_id) == (3800, 200, 200, 19)
    assert balance(till, m) == 500 - 500 + 47 + 200 - 19


def test_points_paid_at_half_a_fen_come_back_at_half_a_fen_after_the_rate_changes(till: Till) -> None:
    set_rules(till, RuleSet(points_per_yuan=200))
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)  # 500 points = ¥2.50
    set_rules(till, RuleSet(points_per_yuan=100))
    first = refund(till, sale.sale_id, 2)
    assert stored_refund(till, first.refund_id)[:3] == (3900, 200, 100)
    rest = refund(till, sale.sale_id)
    assert stored_refund(till, rest.refund_id)[:3] == (5850, 300, 150)
    assert first.money_fen + rest.money_fen == sale.paid_fen
