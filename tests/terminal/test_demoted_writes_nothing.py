"""Someone given a lesser role while still logged in to the app keeps none of the powers they logged in with: the
store's role, read in the write's own transaction, decides, for the one logged in and for the approver. A manager
demoted to cashier refunds, adjusts points and closes the day alone no more; an approver demoted since typing their
PIN approves nothing."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.models import JournalEntry
from terminal.services import reports, staff
from terminal.services.adjust import adjust_points
from terminal.services.cashiers import Actor, add_cashier, approval
from terminal.services.refunds import record_refund
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    hire_staff,
    journal_length,
    member,
    refused_writing_nothing,
    sell,
    set_rules,
)


@pytest.fixture
def shop(till: Till) -> tuple[Till, str, str]:
    """amy and max hired; a member who bought for ¥20 from max."""
    hire_staff(till)
    someone = member(till)
    return till, someone, sell(till, someone, ("general", 2000), cashier=MANAGER).sale_id


def test_a_manager_demoted_while_logged_in_refunds_and_adjusts_alone_no_more(shop: tuple[Till, str, str]) -> None:
    till, someone, sale = shop
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    for alone in (lambda: record_refund(till.uow(), till.shop, MANAGER, sale),
                  lambda: adjust_points(till.uow(), till.shop, MANAGER, someone, 10, "goodwill", None)):
        problem = refused_writing_nothing(till, alone)
        assert isinstance(problem, staff.Deactivated)  # the app logs them out on it, saying why
        assert problem.en == "max is now a cashier, no longer a manager: nothing was recorded. Log in again"
        assert problem.zh == "max 现在是收银员，不再是店长：本次未记录。请重新登录"


def test_logged_in_again_as_a_cashier_they_refund_with_approval(shop: tuple[Till, str, str]) -> None:
    till, _someone, sale = shop
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    again = Actor(MANAGER.name, "cashier")
    assert refused_writing_nothing(till, lambda: record_refund(till.uow(), till.shop, again, sale)).code == "approval_required"
    record_refund(till.uow(), till.shop, again, sale, None, OWNER)
    with till.reading() as uow:
        last = uow.session.execute(select(JournalEntry.kind, JournalEntry.actor, JournalEntry.approver)
                                   .order_by(JournalEntry.seq.desc()).limit(1)).one()
    assert tuple(last) == ("refund", "max", "boss")


def test_an_approver_demoted_after_typing_their_pin_approves_nothing(shop: tuple[Till, str, str]) -> None:
    till, someone, sale = shop
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    for approved in (lambda: adjust_points(till.uow(), till.shop, CASHIER, someone, 10, "goodwill", MANAGER),
                     lambda: record_refund(till.uow(), till.shop, CASHIER, sale, None, MANAGER)):
        problem = refused_writing_nothing(till, approved)
        assert not isinstance(problem, staff.Deactivated)  # amy, logged in, stays so
        assert problem.en == "max is no longer a manager or an owner and cannot approve: nothing was recorded. " \
                             "Ask a manager or an owner to approve"
        assert problem.zh == "max 已不是店长或店主，不能授权：本次未记录。请由店长或店主授权"


def test_a_demoted_manager_closes_the_day_no_more(shop: tuple[Till, str, str]) -> None:
    till, _someone, _sale = shop
    who = approval(MANAGER, None, "closing the day", "日结")  # as the app did when max pressed the button
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    problem = refused_writing_nothing(till, lambda: reports.close_day(till.uow(), till.shop, who))
    assert problem.en.startswith("max is no longer a manager or an owner and cannot approve")


def test_an_owner_made_manager_changes_no_role_and_a_promotion_takes_nothing_away(till: Till) -> None:
    hire_staff(till)
    add_cashier(till.uow(), till.shop, OWNER, "boss2", "owner", "7777")
    staff.change_role(till.uow(), till.shop, Actor("boss2", "owner"), OWNER.name, "manager")
    assert refused_writing_nothing(till, lambda: staff.change_role(till.uow(), till.shop, OWNER, "amy", "manager")).code == "forbidden"
    staff.change_role(till.uow(), till.shop, Actor("boss2", "owner"), CASHIER.name, "manager")
    someone = member(till)
    adjust_points(till.uow(), till.shop, CASHIER, someone, 10, "goodwill", MANAGER)  # amy logged in as a cashier
    assert journal_length(till) > 0


def test_a_stale_who_needs_nothing_when_nobody_approved(shop: tuple[Till, str, str]) -> None:
    till, _someone, _sale = shop
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    member(till, "13900139000")  # Who(amy): registering needs no role
    assert Who(CASHIER.name).approver is None


def test_a_manager_demoted_after_typing_their_pin_approves_no_sale_past_the_limit(shop: tuple[Till, str, str]) -> None:
    till, someone, _sale = shop
    set_rules(till, replace(till.shop.rules, velocity_limit=1))  # max's sale was the member's one for today
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    problem = refused_writing_nothing(till, lambda: sell(till, someone, ("general", 1000), approver=MANAGER))
    assert problem.en.startswith("max is no longer a manager or an owner and cannot approve: nothing was recorded")
    sell(till, someone, ("general", 1000), approver=OWNER)
