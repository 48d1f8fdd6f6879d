"""A terminal restored from an older backup (its store damaged, or a new computer with keys/ copied) never gives a
new entry a number the ledger already holds: `jifen restore` asks the ledger how far it holds this terminal's
journal and carries on after it, or, restored without the ledger, the first sync does. The entries in between are
the ledger's only, and the store says so (`journal verify`, a refund of a sale among them). A ledger on SQLite over
TCP, real store files, the command line as a shop runs it."""

import json
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ledger import db, service
from sync.client import LedgerClient
from sync.protocol import GENESIS_HASH, Strict
from tests.helpers.cli import Jifen
from tests.helpers.damage import last_seq, overwrite_start
from tests.helpers.ledger import Ledger, ledger_cli, open_ledger
from tests.helpers.ledger_server import free_port, serve

PHONE = "13800138000"


@dataclass
class Shop:
    """The ledger (served only inside ``up()``) and the story so far: a backup ending at entry ``backed_up``, and the
    ledger holding this terminal's entries up to ``held``, two sales more."""

    ledger: Ledger
    engine: Engine
    port: int
    token: str
    member: str
    old: Path
    backed_up: int
    held: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> AbstractContextManager[str]:
        return serve(self.engine, self.port)

    def report(self) -> dict[str, int]:
        status, text = ledger_cli(str(self.engine.url))("--json", "report", "day", "--merchant", "m1", "--date",
                                                          "2026-03-01")
        assert status == 0, text
        return json.loads(text)  # type: ignore[no-any-return]


@pytest.fixture
def shop(jifen: Jifen, tmp_path: Path) -> Iterator[Shop]:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    port = free_port()
    with serve(engine, port) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        member = jifen.member(PHONE)
        jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
        jifen.ok("sync")
        old = tmp_path / "T1-old.db"
        jifen.ok("backup", str(old))
        backed_up = last_seq(jifen)
        for amount in ("200", "300"):
            jifen.ok("sale", "--member", PHONE, "--line", f"general:{amount}", by="amy")
        assert jifen.ok("sync")["pending"] == 0
    yield Shop(ledger, engine, port, token, member, old, backed_up, last_seq(jifen))
    engine.dispose()


def test_a_store_restored_over_damage_carries_on_after_the_ledger(jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    with shop.up():
        restored = jifen("restore", str(shop.old), by="boss")
        assert restored.status == 0, restored
        assert (f"The ledger holds this terminal's entries up to {shop.held}: the next one is {shop.held + 1} "
                f"(entries {shop.backed_up + 1}–{shop.held} are on the ledger only)") in restored.out
        assert jifen.ok("sync")["last_error"] is None
        assert jifen.balance(PHONE) == shop.ledger.balance(shop.member) == 500 + 50 + 100 + 150  # the ledger's snapshots
        sale = jifen.ok("sale", "--member", PHONE, "--line", "general:400", by="amy")
        assert sale["sale_id"] == f"T1-{shop.held + 1}"
        synced = jifen.ok("sync")
        assert (synced["pushed"], synced["pending"], synced["last_error"]) == (1, 0, None)
    assert (shop.report()["sales"], shop.report()["gross_fen"]) == (4, 100000)
    assert jifen.balance(PHONE) == shop.ledger.balance(shop.member) == 500 + 50 + 100 + 150 + 200


def test_journal_verify_says_which_entries_only_the_ledger_holds(jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    with shop.up():
        jifen.ok("restore", str(shop.old), by="boss")
    jifen.ok("sale", "--line", "general:10", by="amy")
    verdict = jifen.ok("journal", "verify")
    assert verdict["ok"] is True and verdict["entries"] == shop.backed_up + 1
    assert [(gap["from_seq"], gap["to_seq"], gap["why"]) for gap in verdict["gaps"]] == [
        (shop.backed_up + 1, shop.held, "restore")]
    said = jifen("journal", "verify")
    assert said.status == 0 and said.out.startswith(f"Journal intact: {shop.backed_up + 1} entries; entries "
                                                    f"{shop.backed_up + 1}–{shop.held} are held by the ledger only, "
                                                    "not in this store: it carried on after them on 2026-03-01 10:00, "
                                                    "when a backup was restored")
    zh = jifen("journal", "verify", env={"LANG": "zh_CN.UTF-8"})
    assert f"第 {shop.backed_up + 1}–{shop.held} 条只在总账中" in zh.out


def test_a_sale_only_the_ledger_holds_cannot_be_refunded_here_and_says_why(jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    with shop.up():
        jifen.ok("restore", str(shop.old), by="boss")
    gap_sale = f"T1-{shop.held}"
    said = jifen("refund", gap_sale, "--json", by="amy", approver="max")
    assert said.status == 2 and said.json["error"] == "not_found"
    assert said.json["message"] == (
        f"sale {gap_sale} is on the ledger but not in this store: entries {shop.backed_up + 1}–{shop.held} were "
        "recorded before the store was restored from an older backup, and only the ledger holds them, so this till "
        "cannot refund it")
    assert jifen.refused("refund", f"T1-{shop.held + 5}", by="amy", approver="max") == "not_found"  # past the gap: no sale, as ever


def test_restore_with_the_ledger_out_of_reach_is_refused_unless_told_and_the_first_sync_carries_on(
        jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    damaged, rules = jifen.db.read_bytes(), jifen.rules_file.read_bytes()
    said = jifen("restore", str(shop.old), by="boss")
    assert said.status == 2 and said.out == ""
    assert said.err.startswith(f"{shop.old} was not restored: the ledger cannot be asked up to which entry it holds "
                               f"this terminal's (cannot reach the ledger at {shop.url}")
    assert ("Connect the network and restore again; or restore with --without-ledger: this terminal then carries on "
            "after the entries the ledger holds at its first sync, provided no sale is recorded before it") in said.err
    assert "请连接网络后重新恢复" in jifen("restore", str(shop.old), by="boss", env={"LANG": "zh_CN.UTF-8"}).err
    assert jifen.db.read_bytes() == damaged and jifen.rules_file.read_bytes() == rules
    assert not list((jifen.home / "backups").glob("before-restore-*"))

    restored = jifen("restore", str(shop.old), "--without-ledger", by="boss")
    assert restored.status == 0 and "The ledger was not asked: sync before recording a sale" in restored.out
    with shop.up():
        assert jifen.ok("sync")["last_error"] is None
        assert jifen.ok("sale", "--member", PHONE, "--line", "general:400", by="amy")["sale_id"] == f"T1-{shop.held + 1}"
        assert jifen.ok("sync")["pushed"] == 1
    assert shop.report()["sales"] == 4
    assert jifen.balance(PHONE) == shop.ledger.balance(shop.member)
    assert jifen.ok("journal", "verify")["gaps"][0]["why"] == "sync"


def test_rules_the_ledger_changed_since_the_backup_do_not_take_a_number_before_the_first_sync(
        jifen: Jifen, shop: Shop) -> None:
    shop.ledger.do(lambda s: service.set_rules(s, "m1", {"signup_bonus": 800}))
    with shop.up():
        jifen.ok("sync")
        jifen.ok("sync")  # and the entry that adopted them
    held = last_seq(jifen)
    assert "signup_bonus = 800" in jifen.rules_file.read_text(encoding="utf-8")
    overwrite_start(jifen)
    jifen.ok("restore", str(shop.old), "--without-ledger", by="boss")
    jifen.ok("member", "show", PHONE)  # opening the store adopts no rules file newer than the backup
    with shop.up():
        assert jifen.ok("sync")["last_error"] is None
        assert int(jifen.ok("sale", "--line", "general:1", by="amy")["sale_id"].split("-")[1]) > held
        assert jifen.ok("sync")["pending"] == 0
    assert "signup_bonus = 800" in jifen.rules_file.read_text(encoding="utf-8")  # the ledger's again
    assert shop.report()["sales"] == 4


def test_a_new_computer_with_the_keys_and_token_copied_restores_and_carries_on(
        jifen: Jifen, shop: Shop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    new = Jifen(tmp_path / "new-pc", monkeypatch, capsys)
    shutil.copytree(jifen.home / "keys", new.home / "keys")
    with shop.up():
        said = new("restore", str(shop.old), by="boss")
        assert said.status == 2 and f"there is no ledger token {new.home / 'ledger.token'}" in said.err
        assert not new.db.exists()
        shutil.copy(jifen.home / "ledger.token", new.home / "ledger.token")
        assert new.ok("restore", str(shop.old), by="boss")["resumed_after"] == shop.held
        assert new.ok("sale", "--line", "general:400", by="amy")["sale_id"] == f"T1-{shop.held + 1}"
        assert new.ok("sync")["pushed"] == 1
        assert new.balance(PHONE) == shop.ledger.balance(shop.member)
    assert shop.report()["sales"] == 4


def test_sales_recorded_before_the_first_sync_are_named_and_the_way_out_works(jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    jifen.ok("restore", str(shop.old), "--without-ledger", by="boss")
    first = jifen.ok("sale", "--line", "general:7", by="amy")["sale_id"]
    second = jifen.ok("sale", "--line", "general:8", by="amy")["sale_id"]
    assert (first, second) == (f"T1-{shop.backed_up + 1}", f"T1-{shop.backed_up + 2}")
    with shop.up():
        said = jifen("sync")
        assert said.status == 2 and said.out == "" and said.err.count("\n") == 1 and "Traceback" not in said.err
        assert said.err == (
            f"the ledger already holds other entries of this terminal under numbers {shop.backed_up + 1}–"
            f"{shop.backed_up + 2} (it holds them up to {shop.held}): entries {shop.backed_up + 1}–{shop.backed_up + 2} "
            f"here (sales {first}, {second}) were recorded after this store was restored from an older backup, before "
            "it synced, so they cannot be sent and syncing has stopped. To go on: restore that backup again (jifen "
            f"restore FILE --cashier NAME; the store as it is now is kept in backups/), sync (it carries on after "
            f"entry {shop.held}), then record those sales again\n")
        assert "重新录入这些销售" in jifen("sync", env={"LANG": "zh_CN.UTF-8"}).err
        assert jifen.ok("sync", "--status")["pending"] == 2  # nothing was sent
        jifen.ok("restore", str(shop.old), by="boss")  # the way out the message gives
        assert jifen.ok("sync")["last_error"] is None
        assert jifen.ok("sale", "--line", "general:7", by="amy")["sale_id"] == f"T1-{shop.held + 1}"
        assert jifen.ok("sync")["pushed"] == 1
    assert shop.report()["sales"] == 4


class FirstWhoAmI(Strict):
    """The whoami answer as terminals before this change read it: any other field refused."""

    protocol: int
    merchant: str
    store: str
    terminal: str
    held_seq: int | None = None
    timezone: str | None = None


def test_whoami_says_where_the_chain_ends_only_to_terminals_that_ask(jifen: Jifen, shop: Shop) -> None:
    with shop.up():
        client = LedgerClient(shop.url, shop.token)
        before = client._session.get(f"{shop.url}/v1/whoami", params={"held": "true", "timezone": "true"}).content
        assert FirstWhoAmI.model_validate_json(before).held_seq == shop.held  # an older terminal still reads it
        entries = dict(jifen.query("SELECT seq, hash FROM journal"))
        me = client.whoami(held=True, at=shop.backed_up)
        assert (me.held_seq, me.held_hash, me.hash_at) == (shop.held, entries[shop.held], entries[shop.backed_up])
        assert me.held_liability == jifen.query("SELECT liability_after FROM journal WHERE seq = ?", shop.held)[0][0]
        assert client.whoami(held=True, at=0).hash_at == GENESIS_HASH
        assert client.whoami(held=True, at=shop.held + 1).hash_at is None  # none held there
