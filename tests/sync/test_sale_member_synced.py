"""A sale given its member after it was paid (补积分) syncs: the till and the ledger then hold the member's lots
alike (the points expiring as the sale's day's do), and after a refund of that sale too."""

import pytest

from terminal.bootstrap import Till
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import CASHIER, MANAGER, member, move_clock, sell
from tests.sync.conftest import Network

PHONE = "13800138000"
Lots = dict[str, int]  # points by expiry date


def _day(monkeypatch: pytest.MonkeyPatch, till: Till, when: str) -> None:
    monkeypatch.setenv("JIFEN_NOW", when.replace(" ", "T") + "+08:00")
    move_clock(till, when)


def _till_lots(till: Till, member_id: str) -> Lots:
    shown: Lots = {}
    for points, expires_on in show_member(till.reading(), till.shop, member_id).lots:
        shown[expires_on.isoformat()] = shown.get(expires_on.isoformat(), 0) + points
    return shown


def _ledger_lots(network: Network, token: str, member_id: str) -> Lots:
    answer = network.ledger.get("/v1/changes", token, cursor=0)
    assert answer.status_code == 200, answer.json()
    snapshot = next(m for m in answer.json()["members"] if m["id"] == member_id)
    held: Lots = {}
    for lot in snapshot["lots"]:
        held[lot["expires_on"]] = held.get(lot["expires_on"], 0) + lot["points"]
    return held


def test_a_sale_given_its_member_the_next_year_syncs_and_its_refund_too(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    till = network.store("T1", when="2028-12-31 20:00")
    _day(monkeypatch, till, "2028-12-31 20:00")
    token = network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, token)
    m = member(till, PHONE)  # 500 points, expiring 2029-12-31
    sale = sell(till, None, ("general", 6000), ("general", 4000))
    syncer.sync_once()

    _day(monkeypatch, till, "2029-01-01 09:00")  # the card shown the next morning, a new year
    given = give_sale_member(till.uow(), till.shop, CASHIER, sale.sale_id, m, MANAGER)
    assert given.earned_points == 50
    syncer.sync_once()
    assert _till_lots(till, m) == _ledger_lots(network, token, m) == {"2029-12-31": 550}
    assert network.ledger.balance(m) == 550

    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    syncer.sync_once()
    assert _till_lots(till, m) == _ledger_lots(network, token, m) == {"2029-12-31": 530}
    assert network.ledger.balance(m) == show_member(till.reading(), till.shop, m).balance == 530
