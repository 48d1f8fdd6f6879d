"""A refund takes its sale's earned points back from the sale's own lot first, as the ledger does, even when
a sync in between replaced the terminal's lots with the ledger's view of them."""

import pytest

from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.store import MANAGER, member, move_clock, sell
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


def _connected(network: Network, monkeypatch: pytest.MonkeyPatch) -> tuple[Till, str, Syncer, str]:
    """T1 with a member registered on 2028-01-03: 500 points expiring 2029-12-31, synced."""
    till = network.store("T1", when="2028-01-03 10:00")
    _day(monkeypatch, till, "2028-01-03 10:00")
    token = network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, token)
    m = member(till, PHONE)
    syncer.sync_once()
    return till, token, syncer, m


def test_a_refund_after_a_sync_takes_back_the_sales_own_points(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    till, token, syncer, m = _connected(network, monkeypatch)
    _day(monkeypatch, till, "2029-01-05 10:00")
    sale = sell(till, m, ("general", 100000))
    assert sale.earned_points == 500
    syncer.sync_once()

    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id)
    offline = _till_lots(till, m)
    syncer.sync_once()
    assert offline == _ledger_lots(network, token, m) == _till_lots(till, m) == {"2029-12-31": 500}


def test_refunding_a_sale_whose_lot_was_partly_spent_takes_the_rest_soonest_expiring_first(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sale A's lot keeps 200 after sale B spends 800; refunding B gives those back at their own dates, then
    refunding A takes its 200 and 300 of the soonest-expiring points, not the 300 restored beside its lot."""
    till, token, syncer, m = _connected(network, monkeypatch)
    _day(monkeypatch, till, "2029-01-05 10:00")
    a = sell(till, m, ("general", 100000))
    _day(monkeypatch, till, "2029-01-06 10:00")
    b = sell(till, m, ("general", 100000), redeem=800)
    syncer.sync_once()

    record_refund(till.uow(), till.shop, MANAGER, b.sale_id)
    record_refund(till.uow(), till.shop, MANAGER, a.sale_id)
    offline = _till_lots(till, m)
    syncer.sync_once()
    assert offline == _ledger_lots(network, token, m) == _till_lots(till, m) == {"2029-12-31": 200, "2030-12-31": 300}


def test_partial_refunds_on_both_sides_of_a_sync_take_back_from_the_sale_s_lot(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    till, token, syncer, m = _connected(network, monkeypatch)
    _day(monkeypatch, till, "2029-01-05 10:00")
    sale = sell(till, m, ("general", 60000), ("general", 40000))
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [1])
    syncer.sync_once()

    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    offline = _till_lots(till, m)
    syncer.sync_once()
    assert offline == _ledger_lots(network, token, m) == _till_lots(till, m) == {"2029-12-31": 500}
