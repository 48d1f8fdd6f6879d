"""Member codes across a merchant's terminals, through a real ledger: a card of a store whose key has
not come yet says to sync; what one terminal revokes or reinstates, every other one lists (`code
denied`, `key show`) and enforces after its next sync."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sync.client import LedgerClient
from sync.protocol import Changes
from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.models import JournalEntry
from terminal.services import codes
from tests.helpers.cli import Jifen
from tests.helpers.store import OWNER
from tests.sync.conftest import Network

ZHANG, LI = "13800138000", "13900139000"


@pytest.fixture
def c3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    """A second store of merchant m1, terminal T9, with its own owner boss (PIN 8888)."""
    other = Jifen(tmp_path / "c3", monkeypatch, capsys)
    assert other("init", "--store", "徐汇店", "--terminal", "T9", "--merchant", "m1", "--owner", "boss",
                 env={"JIFEN_NEW_PIN": "8888"}).status == 0
    return other


def _connect(network: Network, jifen: Jifen, store: str, terminal: str) -> None:
    token = network.ledger.terminal("m1", store, terminal)
    jifen.ok("ledger", "connect", network.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})


def _ledger_deny_list(network: Network) -> list[tuple[str, str]]:
    with sqlite3.connect(network.root / "ledger.db") as conn:
        return conn.execute("SELECT kind, value FROM revocations ORDER BY kind, value").fetchall()


def _pub(jifen: Jifen) -> str:
    return (jifen.home / "keys" / "terminal.pub").read_text().strip()


def test_revocations_made_at_one_terminal_are_listed_where_they_are_enforced_and_reinstated_everywhere(
        network: Network, jifen: Jifen, c3: Jifen, tmp_path: Path) -> None:
    a3 = jifen  # 静安店, T1
    zhang = a3.member(ZHANG)
    a3.member(LI)
    zhang_card = str(a3.ok("member", "card", ZHANG, "--png", str(tmp_path / "zhang.png"))["code"])
    (a3.home / "keys" / "merchant.key").unlink()  # from now on A3 signs with its certified terminal key
    li_card = str(a3.ok("member", "card", LI, "--png", str(tmp_path / "li.png"))["code"])
    _connect(network, a3, "静安店", "T1")
    _connect(network, c3, "徐汇店", "T9")
    not_yet = c3("member", "show", zhang_card)
    assert not_yet.status == 2 and "sync with the ledger" in not_yet.err
    a3.ok("code", "revoke", ZHANG, "--reason", "lost", by="boss")
    a3.ok("key", "revoke", _pub(a3), "--reason", "stolen", by="boss")
    a3.ok("sync")
    c3.now = "2026-03-01T10:30:00+08:00"
    c3.ok("sync")

    assert c3.refused("member", "show", zhang_card) == c3.refused("member", "show", li_card) == "revoked"
    listed = c3.ok("code", "denied")["revoked"]
    assert [(e["kind"], e.get("member_id"), e.get("key"), e["reason"], e["source"], e["at"], e["by"]) for e in listed] == [
        ("member_code", zhang, None, "lost", "ledger", "2026-03-01T02:30:00.000Z", None),
        ("terminal_key", None, _pub(a3), "stolen", "ledger", "2026-03-01T02:30:00.000Z", None)]
    text = c3("code", "denied").out
    assert text.startswith("Deny list: 2 entries\n") and text.count("(from the ledger, 2026-03-01 10:30:00)") == 2
    assert [e["source"] for e in a3.ok("code", "denied")["revoked"]] == ["terminal", "terminal"]
    assert "revoked here 2026-03-01 10:00:00 by boss" in a3("code", "denied").out

    shown = c3.ok("key", "show")
    a3_merchant = (a3.home / "keys" / "merchant.pub").read_text().strip()
    assert shown["merchant_keys"] == [(c3.home / "keys" / "merchant.pub").read_text().strip(), a3_merchant]
    assert [(k["key"], k["role"], k["from"], k["revoked"]) for k in shown["keys"][1:]] == [
        (a3_merchant, "merchant", "ledger", False), (_pub(c3), "terminal", "store", False),
        (_pub(a3), "terminal", "deny_list", True)]
    text = c3("key", "show").out
    assert f"  {a3_merchant} (id {shown['keys'][1]['key_id']}, terminal T1 of store 静安店, from the ledger)\n" in text
    assert f"Keys revoked: 1\n  {_pub(a3)} — stolen\n" in text

    # The key was revoked by mistake: C3 reinstates it, A3 lifts the lost card's revocation.
    c3.ok("key", "reinstate", _pub(a3), "--reason", "found", by="boss")
    assert c3.refused("key", "reinstate", _pub(a3), by="boss") == "not_found"
    a3.ok("code", "reinstate", zhang_card, by="boss")  # the card itself names the member, revoked or not
    c3.ok("sync")
    a3.ok("sync")
    c3.ok("sync")
    assert _ledger_deny_list(network) == []
    for terminal in (a3, c3):
        assert terminal.ok("code", "denied") == {"revoked": []}
        assert terminal.ok("member", "show", zhang_card)["id"] == zhang
        assert terminal.ok("member", "show", li_card)["phone"] == LI
    assert [p["reinstated"] for p in a3.journal_payloads("deny_list")] == [[{"kind": "terminal_key", "value": _pub(a3)}]]
    assert not a3.ok("key", "show")["terminal_key_revoked"]


class ChangesWhilePulling(LedgerClient):
    """A client that lets the counter write just before its pull, as when the background sync pulls
    while a manager revokes or reinstates at the till."""

    def __init__(self, url: str, token: str, change: Callable[[], object]) -> None:
        super().__init__(url, token)
        self.change: Callable[[], object] | None = change

    def changes(self, cursor: int) -> Changes:
        change, self.change = self.change, None
        if change is not None:
            change()
        return super().changes(cursor)


def _denied(till: Till) -> list[str]:
    return [entry.value for entry in codes.deny_list(till.reading())]


def test_what_a_terminal_revokes_or_reinstates_while_it_pulls_is_not_undone_by_the_ledgers_older_list(
        network: Network) -> None:
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    network.connect(till, token).sync_once()
    lost, stolen = "ab" * 32, "cd" * 32
    codes.revoke_terminal_key(till.uow(), till.shop, OWNER, lost)
    network.connect(till, token).sync_once()
    revoking = Syncer(till, ChangesWhilePulling(network.url, token,
                                                lambda: codes.revoke_terminal_key(till.uow(), till.shop, OWNER, stolen)))
    revoking.sync_once()  # the ledger's list, taken after the push, lacks the key revoked in between
    assert _denied(till) == [lost, stolen]
    reinstating = Syncer(till, ChangesWhilePulling(network.url, token,
                                                   lambda: codes.reinstate_terminal_key(till.uow(), till.shop, OWNER, lost)))
    reinstating.sync_once()  # and still has the one lifted in between
    assert _denied(till) == [stolen]
    network.connect(till, token).sync_once()
    assert _denied(till) == [stolen] and _ledger_deny_list(network) == [("terminal_key", stolen)]
    with till.reading() as uow:
        assert uow.session.scalar(select(func.count()).where(JournalEntry.kind == "deny_list")) == 0
