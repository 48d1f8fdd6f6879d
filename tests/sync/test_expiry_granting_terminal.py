"""A store records and reports the expiry of the points its own journal entries granted, and of no others: the
ledger tells, lot by lot, which terminal's entry granted it, so a store whose own points were spent at another
merchant's store does not take that store's points for its own. Summed over the stores, expiry is the ledger's.
Through `jifen` as shops run it, synced over TCP to a ledger on SQLite; merchants m1 and m2 share points."""

import json
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, ledger_cli

PHONE = "13800138000"
NEW_YEAR = "2028-01-01"
AFTER = "2028-01-02T09:00:00+08:00"


@pytest.fixture
def stores(jifen: Jifen, ledger_url: tuple[Ledger, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           capsys: pytest.CaptureFixture[str]) -> tuple[Jifen, Jifen, str]:
    """T1 (m1, 静安店) and T3 (m2, 徐汇店); the member joins at T3 (500 points), redeems them all at T1 and earns 50
    there. Both stores sync, T1 first. Returns T1, T3 and the member's id."""
    ledger, url = ledger_url
    ledger.merchant("m2", currency="m1")
    t1 = jifen
    t3 = Jifen(tmp_path / "t3", monkeypatch, capsys)
    assert t3("init", "--store", "徐汇店", "--terminal", "T3", "--merchant", "m2", "--owner", "boss",
              env={"JIFEN_NEW_PIN": "8888"}).status == 0
    t1.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    t3.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m2", "徐汇店", "T3")})
    member = str(t3.ok("member", "add", "--phone", PHONE, by="boss")["id"])
    t3.ok("sync")
    t1.ok("sync")
    assert t1.balance(member) == 500
    t1.ok("sale", "--member", member, "--line", "general:5", "--redeem", "500", by="amy")
    t1.ok("sale", "--member", member, "--line", "general:100", by="amy")
    assert t1.ok("sync")["pending"] == 0
    assert t3.ok("sync")["pending"] == 0
    assert t1.balance(member) == t3.balance(member) == 50
    return t1, t3, member


@pytest.fixture
def older_ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger from before lots said who granted them: it never sends granted_by."""
    monkeypatch.setattr("ledger.shapes._LOT_FIELDS_SINCE", {10**9: {"granted_by"}})


def own_lot(store: Jifen, member: str) -> list[tuple[int, int]]:
    return store.query("SELECT seq, remaining FROM lots WHERE member_id = ? AND remaining > 0", member)


def last_sale(store: Jifen) -> list[tuple[int, int]]:
    return [(store.query("SELECT max(seq) FROM journal WHERE kind = 'sale'")[0][0], 50)]


def expired(store: Jifen) -> int:
    return int(store.ok("report", "day", "--date", NEW_YEAR)["points_expired"])


def at_ledger(ledger: Ledger, merchant: str) -> int:
    status, text = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "--json", "report", "day", "--merchant", merchant, "--date", NEW_YEAR)
    assert status == 0, text
    return int(json.loads(text)["points_expired"])


def test_a_store_whose_points_were_spent_elsewhere_reports_no_expiry_of_another_stores_points(
        stores: tuple[Jifen, Jifen, str], ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    t1, t3, member = stores
    assert own_lot(t1, member) == last_sale(t1)
    assert t3.query("SELECT seq FROM lots WHERE member_id = ? AND remaining > 0", member) == [(0,)]  # granted at T1
    t1.now = t3.now = AFTER
    assert (expired(t1), expired(t3)) == (50, 0)
    monkeypatch.setenv("JIFEN_NOW", AFTER)
    assert (at_ledger(ledger_url[0], "m1"), at_ledger(ledger_url[0], "m2")) == (50, 0)


def test_expire_at_each_store_records_each_point_once_as_the_ledger_does(
        stores: tuple[Jifen, Jifen, str], ledger_url: tuple[Ledger, str], monkeypatch: pytest.MonkeyPatch) -> None:
    t1, t3, member = stores
    t1.now = t3.now = AFTER
    assert t3.ok("expire") == {"expired_points": 0, "members": 0}
    assert t1.ok("expire") == {"expired_points": 50, "members": 1}
    assert t3.journal_payloads("expire") == []
    for store in (t1, t3):
        assert store.ok("sync")["pending"] == 0
        assert store.entries() > 0  # `journal verify`: the chain is whole
    assert t1.balance(member) == t3.balance(member) == 0
    monkeypatch.setenv("JIFEN_NOW", AFTER)
    assert ledger_cli(ledger_url[0].engine.url.render_as_string(hide_password=False))("expire")[0] == 0
    by_ledger = at_ledger(ledger_url[0], "m1") + at_ledger(ledger_url[0], "m2")
    assert expired(t1) + expired(t3) == by_ledger == 50


def test_with_a_ledger_that_does_not_say_who_granted_a_lot_a_store_keeps_its_own_lots_as_before(
        older_ledger: None, stores: tuple[Jifen, Jifen, str]) -> None:
    t1, t3, member = stores
    assert own_lot(t1, member) == last_sale(t1)  # the lot that holds what its own sale granted, at its date
    t1.now = AFTER
    assert (expired(t1), t1.balance(member)) == (50, 0)


def test_a_lot_an_earlier_version_took_for_this_stores_is_given_back_at_the_first_sync_after_upgrading(
        stores: tuple[Jifen, Jifen, str]) -> None:
    """Before the ledger said who granted a lot, T3 counted the 50 points granted at T1 as its own (seq -1)."""
    import sqlite3

    from tests.helpers.old_schema import downgrade_store

    t1, t3, member = stores
    downgrade_store(t3.db, "0015", f"UPDATE lots SET seq = -1 WHERE member_id = '{member}'")
    with sqlite3.connect(t3.db) as conn:
        assert conn.execute("SELECT cursor > 0 FROM ledger_link").fetchall() == [(1,)]
    assert t3.ok("sync")["pending"] == 0  # the store upgrades as it opens, then takes every member again
    assert t3.query("SELECT seq FROM lots WHERE member_id = ? AND remaining > 0", member) == [(0,)]
    t3.now = AFTER
    assert expired(t3) == 0
    assert t3.ok("journal", "verify")["ok"]
