"""Members imported from a shop's old system reach the ledger by sync: the ledger registers them and holds their
opening balances in the same lots as the till, without a signup bonus, and a sale there spends them."""

import pytest

from terminal.bootstrap import Till
from terminal.services.member_import import import_members
from terminal.services.members import show_member
from tests.helpers.ledger import check_books
from tests.helpers.store import OWNER, sell
from tests.sync.conftest import Network

FILE = "手机号,姓名,积分\r\n13800138000,张三,1200\r\n13900139000,李四,0\r\n13700137000,王五,35\r\n".encode("gb18030")
Lots = dict[str, int]  # points by expiry date


def _till_lots(till: Till, member_id: str) -> Lots:
    shown: Lots = {}
    for points, expires_on in show_member(till.reading(), till.shop, member_id).lots:
        shown[expires_on.isoformat()] = shown.get(expires_on.isoformat(), 0) + points
    return shown


def _ledger_members(network: Network, token: str) -> dict[str, dict[str, object]]:
    answer = network.ledger.get("/v1/changes", token, cursor=0)
    assert answer.status_code == 200, answer.json()
    return {m["phone"]: m for m in answer.json()["members"]}


def _lots_of(snapshot: dict[str, object]) -> Lots:
    held: Lots = {}
    for lot in snapshot["lots"]:  # type: ignore[attr-defined]
        held[lot["expires_on"]] = held.get(lot["expires_on"], 0) + lot["points"]
    return held


def test_imported_members_and_their_points_sync_to_the_ledger(network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T10:00:00+08:00")  # the ledger's day is the till's
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, token)
    syncer.sync_once()  # a linked till imports only just after a sync
    done = import_members(till.uow(), till.shop, OWNER, FILE)
    assert (done.members, done.points) == (3, 1235)
    syncer.sync_once()

    at_ledger = _ledger_members(network, token)
    assert set(at_ledger) == {"13800138000", "13900139000", "13700137000"}
    for phone, points in (("13800138000", 1200), ("13900139000", 0), ("13700137000", 35)):
        member_id = str(at_ledger[phone]["id"])
        assert network.ledger.balance(member_id) == show_member(till.reading(), till.shop, member_id).balance == points
        assert _lots_of(at_ledger[phone]) == _till_lots(till, member_id) == ({"2027-12-31": points} if points else {})
    assert at_ledger["13800138000"]["name"] == "张三"
    check_books(network.ledger)

    zhang = str(at_ledger["13800138000"]["id"])
    sell(till, zhang, ("general", 10000), redeem=200, cashier=OWNER)
    syncer.sync_once()
    assert network.ledger.balance(zhang) == show_member(till.reading(), till.shop, zhang).balance
    check_books(network.ledger)
