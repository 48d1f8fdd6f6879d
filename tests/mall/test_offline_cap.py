"""The offline cap counts every point a member spends at this terminal today, whatever it bought: paying for a
sale, a gift, a coupon or a partner code. Whichever comes first, the day's total stays within the cap, and the
checkout's "offline limit: N more today" says the same figure. Real SQLite stores, the services themselves."""

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.keys import KeyFiles, load_private_key
from terminal.mall.catalog import ItemSpec
from terminal.models import Sale
from terminal.services import claims, coupons, mall
from terminal.services.adjust import adjust_points
from terminal.shop import LedgerState
from tests.helpers.store import CASHIER, OWNER, balance, member, sell
from ui.screens.checkout_work import look_up_member

KETTLE = ItemSpec("KETTLE", "电水壶", "Kettle", 5000)
MUG = ItemSpec("MUG", "马克杯", "Mug", 1000)
VOUCHER = ItemSpec("C20", "二十元券", "Voucher", 2000, kind="coupon", value_fen=2000)


@pytest.fixture
def h(till: Till) -> str:
    """Member H with 20,000 points; the catalog has a kettle (5,000), a mug (1,000) and a coupon (2,000)."""
    for spec in (KETTLE, MUG, VOUCHER):
        mall.add_item(till.uow(), till.shop, OWNER, spec, None)
    someone = member(till)
    adjust_points(till.uow(), till.shop, OWNER, someone, 20_000 - 500, "moved from the old card")
    return someone


def go_offline(till: Till) -> None:
    till.shop = replace(till.shop, ledger=LedgerState("https://ledger.example", online=False))


def refused(work: object) -> Refused:
    with pytest.raises(Refused) as refusal:
        work()  # type: ignore[operator]
    assert refusal.value.code == "over_offline_cap"
    return refusal.value


def sale_refused(till: Till, someone: str, points: int) -> Refused:
    return refused(lambda: sell(till, someone, ("excluded", 5000), redeem=points))


def member_sales(till: Till, someone: str) -> int:
    with till.reading() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Sale).where(Sale.member_id == someone)) or 0)


def test_after_a_gift_a_sale_cannot_pay_with_the_rest_of_the_cap(till: Till, h: str) -> None:
    go_offline(till)
    done = mall.exchange_gift(till.uow(), till.shop, CASHIER, "KETTLE", h)
    assert look_up_member(till, h).offline_room == 0
    refusal = sale_refused(till, h, 5000)
    assert (refusal.en, refusal.zh) == ("offline, this member can redeem 0 more points here today",
                                        "离线状态下，该会员今天在本机还可抵扣 0 积分")
    assert balance(till, h) == 15_000 and member_sales(till, h) == 0
    mall.cancel_exchange(till.uow(), till.shop, OWNER, done.exchange_id)  # the kettle back: its points count no more
    assert look_up_member(till, h).offline_room == 5000
    assert sell(till, h, ("excluded", 5000), redeem=5000).redeemed_points == 5000


def test_after_a_coupon_a_sale_can_pay_only_the_rest_of_the_cap(till: Till, h: str) -> None:
    go_offline(till)
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C20", h)
    assert look_up_member(till, h).offline_room == 3000
    assert sale_refused(till, h, 3001).en == "offline, this member can redeem 3,000 more points here today"
    assert member_sales(till, h) == 0
    assert sell(till, h, ("excluded", 5000), redeem=3000).redeemed_points == 3000
    assert balance(till, h) == 20_000 - 2000 - 3000


def test_a_code_claimed_today_counts_before_a_sale_and_a_gift(till: Till, h: str) -> None:
    claims.record_claim(till.uow(), till.shop, CASHIER, "CL1", "MOVIE", h, "ABCD-1234", 2000)  # online, this morning
    go_offline(till)
    assert look_up_member(till, h).offline_room == 3000
    assert sale_refused(till, h, 3001).en == "offline, this member can redeem 3,000 more points here today"
    sell(till, h, ("excluded", 5000), redeem=2000)
    refusal = refused(lambda: mall.exchange_gift(till.uow(), till.shop, CASHIER, "KETTLE", h))
    assert (refusal.en, refusal.zh) == ("offline, this member can spend 1,000 more points here today",
                                        "离线状态下，该会员今天在本机还可使用 1,000 积分")
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "MUG", h)
    assert look_up_member(till, h).offline_room == 0
    assert balance(till, h) == 20_000 - 2000 - 2000 - 1000
