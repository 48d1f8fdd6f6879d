"""A member snapshot counts the member's earning sales by store and business date, of yesterday and today, so a
terminal applies the velocity limit to the whole store (refunded sales count, as a terminal counts them)."""

from pathlib import Path

import pytest

from sync.client import LedgerClient
from sync.relay import Syncer
from sync.link_files import save_token
from terminal import ledger_link
from terminal.bootstrap import Till, init_store
from terminal.home import Home
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger
from tests.helpers.ledger_server import serve
from tests.helpers.store import MANAGER, OWNER, OWNER_PIN, at, member, move_clock, sell


def _connected(ledger: Ledger, tmp_path: Path, url: str, store: str, terminal: str) -> tuple[Till, Syncer]:
    till = init_store(Home(tmp_path / terminal), store=store, terminal_id=terminal, merchant="m1",
                      timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 10:00"))
    token = ledger.terminal("m1", store, terminal)
    with till.uow() as uow:
        ledger_link.connect(uow.session, url)
        uow.commit()
    save_token(till, token)
    return till, Syncer(till, LedgerClient(url, token))


def test_the_snapshot_counts_earning_sales_by_store_and_day(ledger: Ledger, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-03T10:00:00+08:00")
    ledger.merchant("m1")
    with serve(ledger.engine) as url:
        (one, sync_one), (two, sync_two), (other, sync_other) = (
            _connected(ledger, tmp_path, url, store, terminal)
            for store, terminal in (("静安店", "T1"), ("静安店", "T2"), ("徐汇店", "T3")))
        m = member(one)
        sell(one, m, ("general", 10000))  # the day before yesterday: left out
        sync_one.sync_once()
        sync_two.sync_once()
        sync_other.sync_once()
        for till in (one, two, other):
            move_clock(till, "2026-03-02 10:00")
        sell(one, m, ("general", 10000))
        for till in (one, two, other):
            move_clock(till, "2026-03-03 10:00")
        sell(one, m, ("general", 10000))
        refunded = sell(two, m, ("general", 10000))
        record_refund(two.uow(), two.shop, MANAGER, refunded.sale_id)
        sell(two, m, ("general", 1))  # earns no points
        sell(two, None, ("general", 10000))
        sell(other, m, ("general", 10000))
        for syncer in (sync_one, sync_two, sync_other):
            syncer.sync_once()
        token = ledger.terminal("m1", "静安店", "T4")
        auth = {"Authorization": f"Bearer {token}"}
        asked = ledger.client.get("/v1/changes", params={"snapshot": "3"}, headers=auth).json()["members"]
        older = [ledger.client.get("/v1/changes", params=shape, headers=auth).json()["members"]
                 for shape in ({}, {"snapshot": "2"})]
    counts = next(s for s in asked if s["id"] == m)["earning_sales"]
    assert {(c["merchant"], c["store"], c["day"]): c["sales"] for c in counts} == {
        ("m1", "静安店", "2026-03-02"): 1, ("m1", "静安店", "2026-03-03"): 2, ("m1", "徐汇店", "2026-03-03"): 1}
    for members in older:  # terminals asking for shape 1 or 2 refuse fields they do not know
        assert "earning_sales" not in next(s for s in members if s["id"] == m)
