"""The velocity limit counts a member's earning sales at the whole store: the ledger sends each store's count of
the day, and a terminal adds its own sales the ledger has not acknowledged yet, counting none twice."""

import pytest
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.models import Member
from tests.helpers.store import MANAGER, member, move_clock, sell
from tests.sync.conftest import Network

pytestmark = pytest.mark.usefixtures("ledger_day")
GENERAL = ("general", 10000)


def _needs_a_manager(till: Till, member_id: str) -> Refused:
    with pytest.raises(Refused) as refused:
        sell(till, member_id, GENERAL)
    assert refused.value.code == "approval_required"
    return refused.value


def _stored(till: Till, member_id: str) -> str | None:
    with till.reading() as uow:
        return uow.session.scalar(select(Member.ledger_earning_sales).where(Member.id == member_id))


def test_the_sixth_earning_sale_at_the_store_needs_a_manager_whichever_till_rings_it(network: Network) -> None:
    one, two, other = network.store("T1"), network.store("T2"), network.store("T3", "徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two, network.ledger.terminal("m1", "静安店", "T2"))
    sync_other = network.connect(other, network.ledger.terminal("m1", "徐汇店", "T3"))
    m = member(one)
    for _ in range(3):
        sell(one, m, GENERAL)
    sync_one.sync_once()
    sync_two.sync_once()
    assert _stored(two, m) == '[["2026-03-01",3]]'
    sell(two, m, GENERAL)
    sync_two.sync_once()
    assert _stored(two, m) == '[["2026-03-01",4]]'
    sell(two, m, GENERAL)  # the store's fifth, its fourth counted once: still no manager
    refused = _needs_a_manager(two, m)
    assert "more than 5 earning sales for one member today at this store" in refused.en
    assert "同一会员当天在本店第 6 笔及以上积分销售" in refused.zh
    assert sell(two, m, GENERAL, approver=MANAGER).earned_points == 50

    sync_two.sync_once()
    sync_other.sync_once()  # another store of the merchant: the 6 sales at 静安店 are not its own
    assert _stored(other, m) == "[]"
    for _ in range(5):
        sell(other, m, GENERAL)
    _needs_a_manager(other, m)

    move_clock(two, "2026-03-02 10:00")  # a new day at the store
    assert sell(two, m, GENERAL).earned_points == 50



def test_a_till_the_ledger_knows_under_another_store_name_still_counts_its_own(network: Network) -> None:
    till = network.store("T1", "静安店")
    syncer = network.connect(till, network.ledger.terminal("m1", "Jing'an", "T1"))  # named otherwise at `terminal add`
    m = member(till)
    for _ in range(5):
        sell(till, m, GENERAL)
    syncer.sync_once()
    assert _stored(till, m) == "[]"
    _needs_a_manager(till, m)
