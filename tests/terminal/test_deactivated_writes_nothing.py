"""Someone deactivated while still logged in to the app writes nothing more: a point adjustment, a gift exchange, a
coupon issue, a gift cancel, a change to the gift catalog and a member's registration are each refused when
committed, saying who and what, and nothing is recorded. A manager deactivated after typing their PIN approves
nothing either."""

from collections.abc import Callable

import pytest

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.mall.catalog import ItemSpec
from terminal.services import mall, staff
from terminal.services.adjust import adjust_points
from terminal.services.members import register_member
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
)
from ui.screens.gifts_work import issue_coupon


@pytest.fixture
def shop(till: Till) -> tuple[Till, str, str]:
    """amy and max hired, a gift and a coupon in the catalog, a member with points and a gift exchanged today."""
    hire_staff(till)
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("PEN", "钢笔", "Pen", 50), None)
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("C10", "十元券", "¥10 off", 50, kind="coupon",
                                                         value_fen=1000, min_spend_fen=5000), None)
    someone = member(till)
    exchanged = mall.exchange_gift(till.uow(), till.shop, CASHIER, "PEN", someone).exchange_id
    return till, someone, exchanged


WORK: dict[str, tuple[Callable[[Till, str, str], object], str, str]] = {
    "adjust": (lambda till, m, _x: adjust_points(till.uow(), till.shop, CASHIER, m, 10, "goodwill", MANAGER),
               "can no longer adjust points", "不能再调整积分"),
    "exchange": (lambda till, m, _x: mall.exchange_gift(till.uow(), till.shop, CASHIER, "PEN", m),
                 "can no longer exchange gifts", "不能再兑换礼品"),
    "coupon": (lambda till, m, _x: issue_coupon(till, CASHIER, "C10", m),
               "can no longer issue coupons", "不能再发放优惠券"),
    "cancel": (lambda till, _m, x: mall.cancel_exchange(till.uow(), till.shop, CASHIER, x, MANAGER),
               "can no longer cancel gift exchanges", "不能再取消礼品兑换"),
    "register": (lambda till, _m, _x: register_member(till.uow(), till.shop, Who(CASHIER.name), "13900139000"),
                 "can no longer register members", "不能再登记会员"),
}


@pytest.mark.parametrize("what", list(WORK))
def test_a_deactivated_cashier_still_logged_in_writes_nothing(shop: tuple[Till, str, str], what: str) -> None:
    till, someone, exchanged = shop
    work, en, zh = WORK[what]
    staff.set_active(till.uow(), till.shop, OWNER, CASHIER.name, False)
    problem = refused_writing_nothing(till, lambda: work(till, someone, exchanged))
    assert isinstance(problem, staff.Deactivated)  # the app logs them out on it
    assert problem.en == f"amy has been deactivated and {en}: nothing was recorded. Log in as someone else to do it"
    assert problem.zh == f"amy 已停用，{zh}：本次未记录。请换其他人登录后办理"


@pytest.mark.parametrize("what", list(WORK))
def test_an_active_cashier_does_it(shop: tuple[Till, str, str], what: str) -> None:
    till, someone, exchanged = shop
    before = journal_length(till)
    WORK[what][0](till, someone, exchanged)
    assert journal_length(till) > before


def test_a_deactivated_manager_changes_the_catalog_no_more(shop: tuple[Till, str, str]) -> None:
    till, _someone, _exchanged = shop
    staff.set_active(till.uow(), till.shop, OWNER, MANAGER.name, False)
    for change in (lambda: mall.add_item(till.uow(), till.shop, MANAGER, ItemSpec("CUP", "杯子", "Cup", 80), None),
                   lambda: mall.edit_item(till.uow(), till.shop, MANAGER, "PEN", {"points": 60})):
        assert refused_writing_nothing(till, change).en.startswith("max has been deactivated and can no longer change the gift "
                                                    "catalog: nothing was recorded")


def test_a_manager_deactivated_after_typing_their_pin_approves_nothing(shop: tuple[Till, str, str]) -> None:
    till, someone, exchanged = shop
    sale = sell(till, someone, ("general", 1000))
    staff.set_active(till.uow(), till.shop, OWNER, MANAGER.name, False)
    for approved in (lambda: adjust_points(till.uow(), till.shop, CASHIER, someone, 10, "goodwill", MANAGER),
                     lambda: mall.cancel_exchange(till.uow(), till.shop, CASHIER, exchanged, MANAGER),
                     lambda: record_refund(till.uow(), till.shop, CASHIER, sale.sale_id, None, MANAGER)):
        problem = refused_writing_nothing(till, approved)
        assert not isinstance(problem, staff.Deactivated)  # amy, logged in, stays so
        assert problem.en == "max has been deactivated and can no longer approve: nothing was recorded. Ask another " \
                             "manager to approve"
        assert problem.zh == "max 已停用，不能再授权：本次未记录。请由其他店长授权"
