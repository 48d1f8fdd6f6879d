"""A store records the expiry of the points its own entries granted, not of the copies of other stores' points it
took from the ledger, which may have been spent elsewhere since: summed over the stores, `report day` counts each
expired point once, as the ledger does. Through `jifen` as shops run it, synced over TCP to a ledger on SQLite."""

import json
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, ledger_cli

ZHANG, LI = "13800138000", "13900139000"  # 500 points each from signing up at A, expiring after 2027-12-31
NEW_YEAR = "2028-01-01"


@pytest.fixture
def stores(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> tuple[Jifen, Jifen]:
    """A (静安店, T1) signs up 张三 and 李四; B (徐汇店, T9) holds the ledger's copy of them."""
    ledger, url = ledger_url
    b = Jifen(tmp_path / "b", monkeypatch, capsys)
    assert b("init", "--store", "徐汇店", "--terminal", "T9", "--merchant", "m1", "--owner", "boss",
             env={"JIFEN_NEW_PIN": "8888"}).status == 0
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    b.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "徐汇店", "T9")})
    jifen.member(ZHANG)
    jifen.member(LI)
    jifen.ok("sync")
    b.ok("sync")
    assert b.balance(ZHANG) == b.balance(LI) == 500
    return jifen, b


def expired_and_held(store: Jifen) -> tuple[int, int]:
    report = store.ok("report", "day", "--date", NEW_YEAR)
    return report["points_expired"], report["liability_points"]


def test_a_store_back_after_new_year_records_no_expiry_of_points_another_store_granted(
        stores: tuple[Jifen, Jifen], ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A redeems 张三's 500 points on 30 December; B, closed until 2 January, still holds them, past their date."""
    a, b = stores
    a.now = "2027-12-30T10:00:00+08:00"
    a.ok("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "500", by="amy")
    a.ok("sync")
    b.now = a.now = "2028-01-02T09:00:00+08:00"
    assert b.ok("expire") == {"expired_points": 0, "members": 0}
    assert b.ok("sync")["pending"] == 0
    assert b.journal_payloads("expire") == []
    assert expired_and_held(b) == (0, 0)
    assert a.ok("sync")["pending"] == 0  # A records what ran out of its own points: 李四's 500
    assert [p["points"] for p in a.journal_payloads("expire")] == [500]
    assert expired_and_held(a) == (500, 2)  # 1,000 granted, 500 redeemed, 500 expired, 2 earned on 30 December
    monkeypatch.setenv("JIFEN_NOW", "2028-01-02T10:00:00+08:00")
    at_ledger = ledger_cli(ledger_url[0].engine.url.render_as_string(hide_password=False))
    assert at_ledger("expire")[0] == 0
    status, text = at_ledger("--json", "report", "day", "--merchant", "m1", "--date", NEW_YEAR)
    assert status == 0, text
    merchant = json.loads(text)
    assert (merchant["points_expired"], merchant["liability_points"]) == (500, 2)  # A's and B's figures summed
    assert b.balance(ZHANG) == a.balance(ZHANG) == 2 and b.balance(LI) == a.balance(LI) == 0
