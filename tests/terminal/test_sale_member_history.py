"""A paid sale given its member afterwards (补积分) names in the member's history who gave it, and the manager who
approved it when the cashier could not alone: points given after the fact are what an owner looks into."""

from terminal.bootstrap import Till
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import CASHIER, MANAGER, hire_staff, member, move_clock, sell
from ui.screens.members_data import HistoryItem, member_page

PHONE = "13800138000"


def given_row(till: Till) -> HistoryItem:
    return next(item for item in member_page(till, PHONE).history if item.kind == "sale_member")


def test_the_cashier_who_gave_the_points_is_in_the_history(till: Till) -> None:
    hire_staff(till)
    member(till, PHONE)
    sale = sell(till, None, ("general", 10000))
    give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, PHONE)
    row = given_row(till)
    assert (row.ref, row.cashier, row.approver) == (sale.sale_id, CASHIER.name, None)


def test_a_late_give_names_the_manager_who_approved_it(till: Till) -> None:
    hire_staff(till)
    member(till, PHONE)
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-01 10:45")  # more than 30 minutes after paying: a manager approves
    give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, PHONE, approver=MANAGER)
    row = given_row(till)
    assert (row.cashier, row.approver) == (CASHIER.name, MANAGER.name)


def test_a_manager_giving_late_alone_is_named_once(till: Till) -> None:
    hire_staff(till)
    member(till, PHONE)
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-01 10:45")
    give_sale_member(till.uow(), till.shop, MANAGER, sale.sale_id, PHONE)
    row = given_row(till)
    assert (row.cashier, row.approver) == (MANAGER.name, None)


def test_other_rows_name_nobody(till: Till) -> None:
    hire_staff(till)
    buyer = member(till, PHONE)
    sell(till, buyer, ("general", 10000))
    assert [(item.kind, item.cashier) for item in member_page(till, PHONE).history] == \
        [("sale", None), ("bonus", None), ("member_add", None)]
