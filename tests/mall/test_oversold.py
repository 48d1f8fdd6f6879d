"""Two tills of one store each gave the store's last gift before either synced: the ledger's stock goes below 0,
and `jifen-ledger mall list` and `report conflicts` say so, with the exchanges that took it and what to do."""

from typing import Any

import pytest

from ledger.cli import answer as ledger_cli
from terminal.services import mall
from tests.helpers.ledger import check_books
from tests.helpers.store import CASHIER, MANAGER, member
from tests.mall.test_mall_sync import admin_post

LAMP = {"id": "LAMP", "name_zh": "台灯", "name_en": "Lamp", "points": 100}


def test_the_last_lamp_given_at_two_tills_is_flagged_until_one_is_cancelled(
        network: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T12:00:00+08:00")
    admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": LAMP})
    admin_post(network, "/v1/mall/stock", {"merchant": "m1", "item": "LAMP", "store": "静安店", "stock": 1})
    one, two = network.store("T1"), network.store("T2")
    syncers = [network.connect(till, network.ledger.terminal("m1", "静安店", till.shop.terminal_id)) for till in (one, two)]
    first, second = member(one), member(two, "13900139000")
    for syncer in syncers:
        syncer.sync_once()
    a = mall.exchange_gift(one.uow(), one.shop, CASHIER, "LAMP", first).exchange_id
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T12:05:00+08:00")
    b = mall.exchange_gift(two.uow(), two.shop, CASHIER, "LAMP", second).exchange_id
    for syncer in (*syncers, *syncers):
        syncer.sync_once()
    db = ["--db", f"sqlite:///{network.root / 'ledger.db'}"]
    listed = ledger_cli([*db, "mall", "list", "--merchant", "m1"])
    assert listed.status == 0 and listed.text.splitlines() == [
        "LAMP  台灯 / Lamp  100 points; stock: 静安店 -1",
        f"  ! 静安店 -1: oversold by 1 — the exchanges that took it: {a}, {b}"]
    said = ledger_cli([*db, "report", "conflicts", "--merchant", "m1"])
    assert said.status == 0
    lines = said.text.splitlines()
    assert lines[0] == "1 conflict of m1 to look at:"
    assert lines[1].endswith(f"静安店 terminal T2: entry {b.split('-')[1]} took Lamp (LAMP) at 静安店, whose stock is now "
                             f"-1: oversold by 1 (its tills each gave the last ones before they synced) — the exchanges "
                             f"that took it: {a}, {b}")
    assert lines[2] == ("    To do: cancel 1 of those exchanges at the till that made it, the same day (jifen gift cancel "
                        "ID, with a manager's approval: the member gets the points back), or restock 静安店 (jifen-ledger "
                        "mall stock LAMP --merchant m1 --store 静安店 --stock N, counting what was given)")
    day = ledger_cli([*db, "report", "day", "--merchant", "m1", "--date", "2026-03-01"])
    assert "1 conflict of m1 to look at" in day.text
    mall.cancel_exchange(two.uow(), two.shop, MANAGER, b)
    syncers[1].sync_once()
    assert ledger_cli([*db, "mall", "list", "--merchant", "m1"]).text == "LAMP  台灯 / Lamp  100 points; stock: 静安店 0"
    assert ledger_cli([*db, "report", "conflicts", "--merchant", "m1"]).text == "no conflict was recorded for m1"
    check_books(network.ledger)
