"""A member snapshot carries the growth of the trailing 365 days by sale date, refunds on their sale's date."""

from pathlib import Path

import pytest

from terminal.home import Home
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, journal_of
from tests.helpers.store import MANAGER, member, move_clock, new_till, sell


def test_the_snapshot_gives_each_days_growth_in_the_window(ledger: Ledger, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.merchant("m1")
    till, token = new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")
    a, b = member(till, "13800138000"), member(till, "13900139000")
    sell(till, a, ("general", 50000))
    sell(till, b, ("general", 10000))
    move_clock(till, "2026-03-03 10:00")
    sell(till, a, ("general", 20000), ("general", 10000))
    sell(till, a, ("general", 2000), redeem=500)  # ¥5 of it paid with points: ¥15 of growth
    move_clock(till, "2026-03-05 10:00")
    emptied = sell(till, a, ("general", 5000))
    move_clock(till, "2026-03-10 10:00")
    record_refund(till.uow(), till.shop, MANAGER, emptied.sale_id)

    monkeypatch.setenv("JIFEN_NOW", "2027-03-02T10:00:00+08:00")  # 2026-03-01 has left the window
    move_clock(till, "2027-03-02 10:00")
    answer = ledger.sync(till, token)
    seen = {m["id"]: m for m in answer["members"]}
    assert seen[a]["growth_days"] == [["2026-03-03", 31500]]
    assert seen[a]["growth_fen"] == show_member(till.reading(), till.shop, a).growth_fen == 31500
    assert (seen[b]["growth_days"], seen[b]["growth_fen"], seen[b]["has_sales"]) == ([], 0, True)


def test_terminals_that_do_not_ask_get_snapshots_without_growth_days(ledger: Ledger, tmp_path: Path) -> None:
    """Older terminals refuse a field they do not know: the ledger leaves it out unless asked."""
    ledger.merchant("m1")
    till, token = new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")
    m = member(till)
    sell(till, m, ("general", 10000))
    auth = {"Authorization": f"Bearer {token}"}
    body = {"protocol": 1, "entries": [e.model_dump() for e in journal_of(till)]}
    older = ledger.client.post("/v1/batches", json=body, headers=auth).json()["members"][0]
    assert "growth_days" not in older and older["growth_fen"] == 10000
    assert "growth_days" not in ledger.client.get("/v1/changes", headers=auth).json()["members"][0]
    asked = ledger.client.get("/v1/changes", params={"snapshot": "2"}, headers=auth).json()["members"][0]
    assert asked["growth_days"] == [["2026-03-01", 10000]]


def test_a_claim_answers_an_older_terminal_in_the_first_shape(ledger: Ledger, tmp_path: Path) -> None:
    """Refused by an older terminal, the answer would cost the member the points and never give the code."""
    ledger.merchant("m1")
    till, token = new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")
    m = member(till)
    acked = ledger.sync(till, token)["acknowledged_seq"]
    offer = {"merchant": "m1", "id": "HOTPOT", "title": "火锅", "partner": "海底捞", "points": 100,
             "starts_at": "2000-01-01T00:00:00+08:00", "ends_at": "2100-01-01T00:00:00+08:00", "codes": ["A1", "B2"]}
    assert ledger.client.post("/v1/mall/offers", json=offer, headers={"Authorization": f"Bearer {ledger.admin}"}).is_success
    auth = {"Authorization": f"Bearer {token}"}
    older = ledger.client.post("/v1/mall/claims", json={"offer": "HOTPOT", "member_id": m}, headers=auth).json()
    assert older["code"] == "A1" and not {"growth_days", "coupons_used"} & set(older["member"])
    m2 = member(till, "13900139000")
    ledger.sync(till, token, after=acked)
    newer = ledger.client.post("/v1/mall/claims", json={"offer": "HOTPOT", "member_id": m2}, headers=auth,
                               params={"snapshot": "2"}).json()
    assert newer["member"]["coupons_used"] == [] and "growth_days" in newer["member"]
