"""A till rebuilt without a backup, under the terminal id of the one that died: the ledger already holds that
terminal's journal, which the new store can never follow. `ledger connect` refuses it and says the two ways on (a
backup of the terminal, or a new terminal id); a store restored from a backup of the terminal, or the same store
with a new token, connects as before. A ledger on SQLite over TCP, real store files, the command line."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger import db, service
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve

PHONE = "13800138000"


@dataclass
class Chain:
    """Merchant m1's ledger at ``url``, holding ``held`` entries of T1, whose store (``old``) synced them and died."""

    ledger: Ledger
    url: str
    old: Jifen
    backup: Path
    held: int

    def new_token(self, terminal: str = "T1") -> str:
        return str(self.ledger.do(lambda s: service.new_token(s, "m1", terminal)))


def new_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: str,
              terminal: str = "T1") -> Jifen:
    """`jifen init` on an empty folder, owner boss."""
    made = Jifen(tmp_path / folder, monkeypatch, capsys)
    said = made("init", "--merchant", "m1", "--store", "静安店", "--terminal", terminal, "--owner", "boss",
                env={"JIFEN_NEW_PIN": "8888"})
    assert said.status == 0, said
    return made


@pytest.fixture
def chain(jifen: Jifen, tmp_path: Path) -> Iterator[Chain]:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(PHONE)
        backup = tmp_path / "T1-nightly.db"
        jifen.ok("backup", str(backup))
        jifen.ok("sale", "--member", PHONE, "--line", "general:500", by="amy")
        assert jifen.ok("sync")["pending"] == 0
        yield Chain(ledger, url, jifen, backup, jifen.entries())
    engine.dispose()


def test_a_store_made_anew_under_a_terminal_id_the_ledger_holds_is_not_connected(
        chain: Chain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    rebuilt = new_store(tmp_path, monkeypatch, capsys, "rebuilt")
    before = rebuilt.dump()
    token = chain.new_token()
    said = rebuilt("ledger", "connect", chain.url, "--json", by="boss", env={"JIFEN_LEDGER_TOKEN": token})
    assert said.status == 2 and said.json["error"] == "already_exists"
    assert said.json["message"] == (
        f"the ledger already holds {chain.held} entries of terminal T1 that this store does not have (it was not "
        "restored from a backup of terminal T1: its first entry is another), so connected it could send nothing and "
        "no member's balance would come here. Either restore this till from a backup of terminal T1: in a new store "
        "folder holding the saved keys/ and ledger.token of that terminal, jifen restore FILE --cashier NAME (see the "
        "README); or, with no backup, ask the ledger's owner to register this till under a new terminal id "
        "(jifen-ledger terminal add --merchant m1 --store 静安店 --terminal NEW) and create its store with that id "
        "in a new folder (jifen init --merchant m1 --terminal NEW …), not as T1. Nothing was changed")
    assert rebuilt.dump() == before and not (rebuilt.home / "ledger.token").exists()
    zh = rebuilt("ledger", "connect", chain.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token, "LANG": "zh_CN.UTF-8"})
    assert zh.status == 2 and "总账中已有终端 T1 的" in zh.err and "以新的终端编号登记本机" in zh.err

    t3 = new_store(tmp_path, monkeypatch, capsys, "T3", terminal="T3")  # the way on without a backup
    t3.ok("ledger", "connect", chain.url, by="boss",
          env={"JIFEN_LEDGER_TOKEN": chain.ledger.terminal("m1", "静安店", "T3")})
    assert t3.ok("sync")["last_error"] is None
    assert t3.balance(PHONE) == chain.ledger.balance(chain.old.ok("member", "show", PHONE)["id"]) == 500 + 250


def test_a_store_restored_from_a_backup_of_the_terminal_connects_with_a_new_token(
        chain: Chain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    restored = Jifen(tmp_path / "new-pc", monkeypatch, capsys)
    shutil.copytree(chain.old.home / "keys", restored.home / "keys")
    shutil.copy(chain.old.home / "ledger.token", restored.home / "ledger.token")
    assert restored.ok("restore", str(chain.backup), by="boss")["resumed_after"] == chain.held
    restored.ok("ledger", "connect", chain.url, by="boss", env={"JIFEN_LEDGER_TOKEN": chain.new_token()})
    assert restored.ok("sync")["last_error"] is None
    assert restored.ok("sale", "--line", "general:10", by="amy")["sale_id"] == f"T1-{chain.held + 1}"
    assert restored.ok("sync")["pushed"] == 1


def test_the_same_store_connects_again_with_a_new_token(chain: Chain) -> None:
    chain.old.ok("ledger", "connect", chain.url, by="boss", env={"JIFEN_LEDGER_TOKEN": chain.new_token()})
    chain.old.ok("sale", "--line", "general:10", by="amy")
    assert chain.old.ok("sync")["pushed"] == 1


def test_a_store_made_anew_that_connected_before_the_ledger_held_anything_is_told_it_is_not_the_terminal(
        jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Two tills set up under one terminal id (or one connected by a version that did not check): the second to
    sync is not told to restore a backup it never had."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    twin = new_store(tmp_path, monkeypatch, capsys, "twin")
    with serve(engine) as url:
        for till in (jifen, twin):
            till.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(PHONE)
        jifen.ok("sync")
        sale = twin.ok("sale", "--line", "general:20", by="boss")["sale_id"]
        said = twin("sync")
        assert said.status == 2 and "Traceback" not in said.err
        held, mine = jifen.entries(), twin.entries()
        assert said.err == (
            f"the ledger holds {held} entries of terminal T1 that this store does not have: it was made anew under "
            f"terminal T1, not restored from a backup of it (its first entry is another), so its entries 1–{mine} "
            f"(sales {sale}) cannot be sent, no member's balance comes here, and syncing has stopped. To go on, either "
            "restore this till from a backup of terminal T1: in a new store folder holding the saved keys/ and "
            "ledger.token of that terminal, jifen restore FILE --cashier NAME (see the README); or, with no backup, ask "
            "the ledger's owner to register this till under a new terminal id (jifen-ledger terminal add --merchant m1 "
            "--store 静安店 --terminal NEW) and create its store with that id in a new folder (jifen init --merchant m1 "
            "--terminal NEW …), not as T1; then record those sales again there\n")
        assert "restored from an older backup" not in said.err
        assert "然后在那里重新录入这些销售" in twin("sync", env={"LANG": "zh_CN.UTF-8"}).err
    engine.dispose()
