"""Two terminals in different stores, both offline, spending one member's points: the offline
caps bound the overdraw; after sync the ledger shows the debt and the entries that made it, and
both terminals refuse that member's redemptions."""

import random

import pytest
import requests

from terminal.errors import Refused
from terminal.journal import Who
from terminal.services.members import register_member, show_member
from terminal.services.sales import SaleRequest, SaleResult, record_sale
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.store import CASHIER
from tests.helpers.sync_lanes import STORES, Lane, check_end_state, close_lanes, finish, open_lanes, try_sync
from tests.sync.conftest import SEED, Network, replay

pytestmark = pytest.mark.usefixtures("ledger_day")


def admin_get(url: str, admin: str, path: str, **params: str) -> object:
    answer = requests.get(url + path, params=params, headers={"Authorization": f"Bearer {admin}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def redeem_offline(lane: Lane, member_id: str, room: int, rng: random.Random) -> list[SaleResult]:
    """Offline, the member pays with points at this terminal in random amounts until ``room`` is spent;
    what would pass the cap or the balance is refused on the way."""
    done: list[SaleResult] = []
    for points in [rng.choice((700, 1000, 1500, 2000)) for _ in range(8)] + [0]:
        points = points or room - sum(s.redeemed_points for s in done)  # the last one takes exactly what is left
        if points == 0:  # nothing left to take
            break
        try:
            done.append(record_sale(lane.till.uow(), lane.till.shop, CASHIER,
                                    SaleRequest([("excluded", points)], member_id, points, "cash")))
        except Refused as refused:
            assert refused.code in ("over_offline_cap", "insufficient_points"), refused
    return done


def refuses_one_more_point(lane: Lane, member_id: str) -> str:
    with pytest.raises(Refused) as refused:
        record_sale(lane.till.uow(), lane.till.shop, CASHIER, SaleRequest([("excluded", 100)], member_id, 1, "cash"))
    return refused.value.code


@pytest.mark.parametrize("start_balance", [3000, 6000, 9000, 12000])
def test_two_offline_stores_overdraw_no_more_than_their_caps(network: Network, start_balance: int) -> None:
    where = replay(f"overdraw from {start_balance}")
    rng = random.Random(f"{SEED}-overdraw-{start_balance}")
    with FaultProxy(network.url, f"{SEED}-overdraw-{start_balance}-proxy") as proxy:
        lanes = open_lanes(network.ledger, network.root, proxy.url, 2)
        cap = lanes[0].till.shop.rules.offline_cap
        one = lanes[0]
        member_id = register_member(one.till.uow(), one.till.shop, Who(CASHIER.name), "13800138000").id
        record_sale(one.till.uow(), one.till.shop, CASHIER,  # general goods earn 0.5 point per yuan
                    SaleRequest([("general", (start_balance - 500) * 200)], member_id, 0, "card"))
        finish(lanes, where)
        for lane in lanes:
            assert show_member(lane.till.reading(), lane.till.shop, member_id).balance == start_balance, where

        proxy.down = True  # the link goes; each terminal finds out on its next sync and applies the caps
        spent: dict[str, list[SaleResult]] = {}
        for lane in lanes:
            assert not try_sync(lane, where) and lane.till.shop.offline_caps_apply
            spent[lane.name] = redeem_offline(lane, member_id, min(cap, start_balance), rng)
            assert sum(s.redeemed_points for s in spent[lane.name]) == min(cap, start_balance), (where, lane.name)
            assert refuses_one_more_point(lane, member_id) == ("over_offline_cap" if cap < start_balance
                                                               else "insufficient_points")
        total = sum(s.redeemed_points for sales in spent.values() for s in sales)
        debt = max(0, total - start_balance)

        proxy.down = False
        finish(lanes, where)
        report = admin_get(network.url, network.ledger.admin, "/v1/reports/overdrawn", merchant="m1")
        assert isinstance(report, list)
        if debt == 0:
            assert report == [], where
        else:
            assert [(r["member_id"], r["debt"]) for r in report] == [(member_id, debt)], (where, report)
            causes = report[0]["entries"]
            assert sum(cause["points"] for cause in causes) == debt, (where, causes)
            for cause in causes:  # each is one of the offline redemptions, named by its terminal, store and entry
                assert cause["seq"] in [s.seq for s in spent[cause["terminal"]]], (where, causes)
                assert cause["store"] == STORES[cause["terminal"]], (where, causes)
        for lane in lanes:
            view = show_member(lane.till.reading(), lane.till.shop, member_id)
            assert (view.balance, view.debt_points) == (start_balance - total, debt), (where, lane.name)
            if debt:
                assert refuses_one_more_point(lane, member_id) == "member_in_debt", where
            record_sale(lane.till.uow(), lane.till.shop, CASHIER, SaleRequest([("general", 100)], member_id, 0, "cash"))
        finish(lanes, where)
    try:
        check_end_state(network.ledger, lanes, where)
    finally:
        close_lanes(lanes)
