"""Merchants sharing a points currency find each other's members by phone at the counter, so their tills get the
phone; the member's name goes to the tills of the merchant the member registered with only (PIPL). Through `jifen`
as shops run it, synced over TCP to a ledger on SQLite: m1 (静安店 T1, 徐汇店 T2) and its partner m2 (乙站 T3)."""

from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger
from tests.helpers.linked_tills import connect, new_till

ZHANG, ZHANG_NAME = "13800138000", "张三"  # registers at m1's 静安店
WANG, WANG_NAME = "13900139000", "王五"  # registers at the partner m2


@pytest.fixture
def tills(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> tuple[Jifen, Jifen, Jifen]:
    ledger, url = ledger_url
    ledger.merchant("m2", currency="m1")
    t1, t2 = jifen, new_till(tmp_path / "t2", monkeypatch, capsys, store="徐汇店", terminal="T2")
    t3 = Jifen(tmp_path / "t3", monkeypatch, capsys)
    assert t3("init", "--store", "乙站", "--terminal", "T3", "--merchant", "m2", "--owner", "boss",
              env={"JIFEN_NEW_PIN": "8888"}).status == 0
    t1.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    connect(ledger, url, t2, "T2", store="徐汇店")
    t3.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m2", "乙站", "T3")})
    t1.ok("member", "add", "--phone", ZHANG, "--name", ZHANG_NAME, by="amy")
    t3.ok("member", "add", "--phone", WANG, "--name", WANG_NAME, by="boss")
    for till in (t1, t3, t2, t1, t3):
        assert till.ok("sync")["pending"] == 0
    return t1, t2, t3


def stored(till: Jifen, phone: str) -> list[tuple[str, str | None]]:
    return [(p, n) for p, n in till.query("SELECT phone, name FROM members WHERE phone = ?", phone)]


def test_a_partner_gets_the_phone_of_a_member_it_never_saw_but_not_the_name(tills: tuple[Jifen, Jifen, Jifen]) -> None:
    t1, t2, t3 = tills
    assert stored(t3, ZHANG) == [(ZHANG, None)]
    assert t3.ok("member", "show", ZHANG)["name"] is None
    assert stored(t1, WANG) == stored(t2, WANG) == [(WANG, None)]


def test_the_registering_merchants_tills_keep_the_name(tills: tuple[Jifen, Jifen, Jifen]) -> None:
    t1, t2, t3 = tills
    assert stored(t1, ZHANG) == stored(t2, ZHANG) == [(ZHANG, ZHANG_NAME)]
    assert t2.ok("member", "show", ZHANG)["name"] == ZHANG_NAME
    assert stored(t3, WANG) == [(WANG, WANG_NAME)]  # registered at the partner: its own member


def test_a_visit_to_the_partner_brings_it_no_name(tills: tuple[Jifen, Jifen, Jifen]) -> None:
    t1, t2, t3 = tills
    t3.ok("sale", "--member", ZHANG, "--line", "general:100", by="boss")
    assert t3.ok("sync")["pending"] == 0  # the batch's answer carries the member's new snapshot
    assert stored(t3, ZHANG) == [(ZHANG, None)]
    t1.ok("sync")
    t2.ok("sync")
    assert stored(t1, ZHANG) == stored(t2, ZHANG) == [(ZHANG, ZHANG_NAME)]
    assert t1.balance(ZHANG) == t3.balance(ZHANG)
