"""Refunds: proportional money and points, earned points taken back, debt when already spent."""

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.journal import verify
from terminal.models import JournalEntry
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.store import CASHIER, MANAGER, OWNER, balance, member, sell


def refund(till: Till, sale_id: str, *lines: int, by=MANAGER, approver=None):  # type: ignore[no-untyped-def]
    return record_refund(till.uow(), till.shop, by, sale_id, list(lines) or None, approver)


def test_the_worked_refund_example(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    assert sale.earned_points == 47
    result = refund(till, sale.sale_id, 2)
    assert (result.refunded_fen, result.restored_points, result.money_fen, result.reversed_points) == (4000, 200, 3800, 19)
    assert balance(till, m) == 500 - 500 + 47 + 200 - 19


def test_refunding_the_rest_returns_exactly_what_remains(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    refund(till, sale.sale_id, 2)
    rest = refund(till, sale.sale_id)
    assert (rest.lines, rest.restored_points, rest.money_fen, rest.reversed_points) == ([1], 300, 5700, 28)
    assert balance(till, m) == 500
    assert show_member(till.reading(), till.shop, m).growth_fen == 0


def test_a_line_can_be_refunded_once(till: Till) -> None:
    sale = sell(till, member(till), ("general", 1000), ("general", 2000))
    refund(till, sale.sale_id, 1)
    with pytest.raises(Refused) as again:
        refund(till, sale.sale_id, 1)
    assert again.value.code == "already_refunded"
    refund(till, sale.sale_id)
    with pytest.raises(Refused) as whole:
        refund(till, sale.sale_id)
    assert whole.value.code == "already_refunded"


def test_unknown_sale_or_line_is_not_found(till: Till) -> None:
    sale = sell(till, None, ("general", 1000))
    for ref, lines in (("T1-999", []), (sale.sale_id, [3])):
        with pytest.raises(Refused) as refused:
            refund(till, ref, *lines)
        assert refused.value.code == "not_found"


def test_a_sale_is_found_by_its_number_alone(till: Till) -> None:
    sale = sell(till, None, ("general", 1000))
    assert refund(till, str(sale.seq)).sale_id == sale.sale_id


def test_a_sale_number_typed_in_lower_case_is_found(till: Till) -> None:
    sale = sell(till, None, ("general", 1000))
    assert refund(till, sale.sale_id.lower()).sale_id == sale.sale_id


def test_a_cashier_needs_a_manager_to_refund(till: Till) -> None:
    sale = sell(till, None, ("general", 1000))
    with pytest.raises(Refused) as refused:
        refund(till, sale.sale_id, by=CASHIER)
    assert refused.value.code == "approval_required"
    with pytest.raises(Refused) as not_a_manager:
        refund(till, sale.sale_id, by=CASHIER, approver=CASHIER)
    assert not_a_manager.value.code == "forbidden"
    done = refund(till, sale.sale_id, by=CASHIER, approver=OWNER)
    with till.reading() as uow:
        entry = uow.session.get(JournalEntry, int(done.refund_id.split("-")[1]))
        assert entry is not None and (entry.actor, entry.approver) == ("amy", "boss")


def test_points_already_spent_become_debt_and_block_redeeming(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, ("general", 200000))  # earns 1,000; balance 1,500
    sell(till, m, ("general", 1500), redeem=1500)  # a ¥15 bill paid fully with points: earns nothing
    result = refund(till, sale.sale_id)
    assert result.reversed_points == 1000 and result.debt_added == 1000
    assert result.member == {"id": m, "balance": -1000, "debt": True, "debt_points": 1000}
    with pytest.raises(Refused) as refused:
        sell(till, m, ("general", 1000), redeem=1)
    assert refused.value.code == "member_in_debt"
    sell(till, m, ("general", 300000))  # earns 1,500: pays the debt first
    view = show_member(till.reading(), till.shop, m)
    assert (view.balance, view.debt_points) == (500, 0)


def test_earned_points_are_taken_from_the_sales_own_lot_first(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, ("general", 10000))
    refund(till, sale.sale_id)
    view = show_member(till.reading(), till.shop, m)
    assert view.lots == [(500, view.lots[0][1])]


def test_refund_of_a_sale_without_member_returns_money_only(till: Till) -> None:
    sale = sell(till, None, ("general", 1000), ("digital", 500), pay="card")
    result = refund(till, sale.sale_id)
    assert (result.money_fen, result.restored_points, result.reversed_points, result.member) == (1500, 0, 0, None)


def test_refunds_keep_the_journal_intact(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, ("general", 5000), ("general", 5000), ("digital", 3333), redeem=400)
    for line in (3, 1, 2):
        refund(till, sale.sale_id, line)
    with till.reading() as uow:
        assert verify(uow.session).ok
    assert balance(till, m) == 500
