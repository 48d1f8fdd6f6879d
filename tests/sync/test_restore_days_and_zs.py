"""A till connected to a ledger, restored from an older backup, goes on with the days the ledger holds: its next Z
follows the ledger's last (never a number the ledger already holds), a Z or a day the restore left to the ledger is
named as the ledger's, and an intact store is told what to do instead of restoring. A ledger on SQLite over TCP,
real store files, the command line as a shop runs it."""

import json
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from ledger import db
from sync.client import LedgerClient
from sync.protocol import Strict
from tests.helpers.cli import Jifen
from tests.helpers.damage import last_seq, overwrite_start
from tests.helpers.ledger import Ledger, ledger_cli, open_ledger
from tests.helpers.ledger_server import free_port, serve

PHONE = "13800138000"
DAYS = ("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04")


@dataclass
class Shop:
    """A backup made on 03-01 after Z1 and one more sale; the ledger then holds three more days, each closed (Z2–Z4),
    and a sale after Z4 (entries ``backed_up + 1``–``held``)."""

    ledger: Ledger
    engine: Engine
    port: int
    token: str
    old: Path
    backed_up: int
    held: int
    z4_seq: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> AbstractContextManager[str]:
        return serve(self.engine, self.port)

    def zs(self) -> list[int]:
        """The Z numbers the ledger holds of terminal T1, in the order they were closed."""
        return [json.loads(payload)["z"] for (payload,) in self.ledger.do(lambda s: s.execute(
            text("SELECT payload FROM entries WHERE kind = 'z_close' ORDER BY seq")).all())]

    def day(self, day: str) -> dict[str, int]:
        status, text = ledger_cli(str(self.engine.url))("--json", "report", "day", "--merchant", "m1", "--date", day)
        assert status == 0, text
        return json.loads(text)  # type: ignore[no-any-return]


def _on(jifen: Jifen, day: str, hour: int = 10) -> None:
    jifen.now = f"{day}T{hour:02d}:00:00+08:00"


@pytest.fixture
def shop(jifen: Jifen, tmp_path: Path) -> Iterator[Shop]:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    port = free_port()
    with serve(engine, port) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(PHONE)
        jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
        assert jifen.ok("day", "close", by="boss")["z"] == 1
        jifen.ok("sale", "--member", PHONE, "--line", "general:5", by="amy")
        jifen.ok("sync")
        old = tmp_path / "T1-old.db"
        jifen.ok("backup", str(old))
        backed_up = last_seq(jifen)
        jifen.ok("sale", "--member", PHONE, "--line", "general:6", by="amy")  # 03-01, after the backup
        for day in DAYS[1:]:
            _on(jifen, day, 11)
            jifen.ok("sale", "--member", PHONE, "--line", "general:200", by="amy")
            _on(jifen, day, 21)
            jifen.ok("day", "close", by="boss")
        z4_seq = last_seq(jifen)
        jifen.ok("sale", "--member", PHONE, "--line", "general:7", by="amy")  # 03-04, after Z4
        assert jifen.ok("sync")["pending"] == 0
    yield Shop(ledger, engine, port, token, old, backed_up, last_seq(jifen), z4_seq)
    engine.dispose()


def test_the_next_z_after_a_restore_follows_the_last_z_the_ledger_holds(jifen: Jifen, shop: Shop) -> None:
    assert shop.zs() == [1, 2, 3, 4]
    overwrite_start(jifen)
    _on(jifen, "2026-03-05")
    with shop.up():
        assert jifen.ok("restore", str(shop.old), by="boss")["resumed_after"] == shop.held
        jifen.ok("sale", "--member", PHONE, "--line", "general:300", by="amy")
        z = jifen.ok("day", "close", by="boss")
        assert (z["z"], z["from_seq"]) == (5, shop.z4_seq + 1)  # not Z2 again, nor entries Z2–Z4 held
        assert jifen.ok("sync")["pending"] == 0
    assert shop.zs() == [1, 2, 3, 4, 5]
    assert jifen.ok("report", "z", "5")["z"] == 5
    assert jifen.ok("report", "z", "1")["z"] == 1  # closed before the backup: here as ever


def test_a_z_only_the_ledger_holds_is_named_as_the_ledgers(jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    _on(jifen, "2026-03-05")
    with shop.up():
        jifen.ok("restore", str(shop.old), by="boss")
    said = jifen("report", "z", "3", "--json")
    assert said.status == 2 and said.json["error"] == "not_found"
    assert said.json["message"] == (
        f"Z3 is held by the ledger only: it was closed among entries {shop.backed_up + 1}–{shop.held}, which were "
        "left to the ledger when this store was restored from an older backup (jifen journal verify names them); "
        "the ledger's jifen-ledger report day has those days' totals")
    assert "Z3 只在总账中" in jifen("report", "z", "3", env={"LANG": "zh_CN.UTF-8"}).err
    assert jifen("report", "z", "5", "--json").json["message"] == "there is no Z5"  # not closed anywhere yet


def test_restored_without_the_ledger_the_first_sync_brings_the_last_z_too(jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    _on(jifen, "2026-03-05")
    jifen.ok("restore", str(shop.old), "--without-ledger", by="boss")
    with shop.up():
        assert jifen.ok("sync")["last_error"] is None
        jifen.ok("sale", "--line", "general:300", by="amy")
        assert jifen.ok("day", "close", by="boss")["z"] == 5
        assert jifen.ok("sync")["pending"] == 0
    assert shop.zs() == [1, 2, 3, 4, 5]


class CarryOnWhoAmI(Strict):
    """The whoami answer as terminals that carry on after the ledger (?at=N) read it before it named the last Z:
    any other field refused."""

    protocol: int
    merchant: str
    store: str
    terminal: str
    held_seq: int | None = None
    timezone: str | None = None
    held_hash: str | None = None
    held_liability: int | None = None
    hash_at: str | None = None


def test_whoami_names_the_last_z_only_to_terminals_that_ask(shop: Shop) -> None:
    with shop.up():
        client = LedgerClient(shop.url, shop.token)
        params = {"held": "true", "timezone": "true", "at": str(shop.backed_up)}
        before = client._session.get(f"{shop.url}/v1/whoami", params=params).content
        assert CarryOnWhoAmI.model_validate_json(before).held_seq == shop.held  # an older terminal still reads it
        me = client.whoami(held=True, at=shop.backed_up)
        assert (me.held_z, me.held_z_seq, me.held_date) == (4, shop.z4_seq, "2026-03-04")
        assert client.whoami(held=True, at=shop.z4_seq).held_z is None  # no Z past entry z4_seq
        assert client.whoami(held=True, at=shop.held).held_date is None  # nothing past the last


def _restored_on_the_fifth(jifen: Jifen, shop: Shop) -> None:
    overwrite_start(jifen)
    _on(jifen, "2026-03-05")
    with shop.up():
        jifen.ok("restore", str(shop.old), by="boss")
    jifen.ok("sale", "--line", "general:300", by="amy")


def test_a_day_the_restore_left_to_the_ledger_says_its_figures_lack_those_entries(jifen: Jifen, shop: Shop) -> None:
    _restored_on_the_fifth(jifen, shop)
    gap = [{"from_seq": shop.backed_up + 1, "to_seq": shop.held, "lost_from": None}]
    for day in DAYS:  # 03-01 ended after the backup; 03-02 to 03-04 are the ledger's only
        assert jifen.ok("report", "day", "--date", day)["incomplete"] == gap, day
    said = jifen("report", "day", "--date", "2026-03-03")
    assert said.status == 0 and said.out.endswith(
        f"\n! These figures lack entries {shop.backed_up + 1}–{shop.held}, held by the ledger only (this store was "
        "restored from an older backup and carried on after them): the ledger's jifen-ledger report day --merchant m1 "
        "--terminal T1 --date 2026-03-03 has them\n")
    assert shop.day("2026-03-03")["sales"] == 1  # which it does
    zh = jifen("report", "day", "--date", "2026-03-03", env={"LANG": "zh_CN.UTF-8"})
    assert f"以上数据缺少第 {shop.backed_up + 1}–{shop.held} 条记录：它们只在总账中" in zh.out
    for day in ("2026-02-28", "2026-03-05"):  # before the backup, and the day restored: as ever
        assert "incomplete" not in jifen.ok("report", "day", "--date", day), day
        assert "! " not in jifen("report", "day", "--date", day).out, day


def test_a_gap_whose_last_day_the_ledger_did_not_say_reaches_the_first_entry_after_it(jifen: Jifen, shop: Shop) -> None:
    _restored_on_the_fifth(jifen, shop)
    jifen.query("UPDATE journal_gaps SET last_date = NULL")  # restored by an earlier version, or from an older ledger
    assert "incomplete" in jifen.ok("report", "day", "--date", "2026-03-05")
    _on(jifen, "2026-03-06")
    assert "incomplete" not in jifen.ok("report", "day", "--date", "2026-03-06")


def test_the_first_z_after_a_restore_says_which_of_its_entries_only_the_ledger_holds(jifen: Jifen, shop: Shop) -> None:
    _restored_on_the_fifth(jifen, shop)
    closed = jifen("day", "close", by="boss")
    assert closed.status == 0 and (f"\n! These figures lack entry {shop.held}, held by the ledger only (this store was "
                                   "restored from an older backup and carried on after them)\n") in closed.out
    assert jifen.ok("report", "z", "5")["incomplete"] == [{"from_seq": shop.held, "to_seq": shop.held,
                                                         "lost_from": None}]
    jifen.ok("sale", "--line", "general:1", by="amy")
    assert "incomplete" not in jifen.ok("day", "close", by="boss")  # Z6 holds every entry it covers


def test_an_intact_store_is_not_restored_and_is_told_what_to_do_instead(jifen: Jifen, shop: Shop, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _on(jifen, "2026-03-05")
    store = jifen.dump()
    with shop.up():
        for how in ((), ("--without-ledger",)):
            said = jifen("restore", str(shop.old), *how, by="boss")
            assert said.status == 2 and said.err == (
                f"{shop.old} ends at entry {shop.backed_up}, but the ledger already holds this terminal's entries up to "
                f"{shop.held}; nothing was restored. This store is intact, and every entry is in it or on the ledger: "
                "there is nothing to restore. Earlier days' figures are here (jifen report day --date DATE, jifen report "
                "z N) and on the ledger (jifen-ledger report day). To replace this store anyway, because what it holds is "
                f"wrong: restore the backup into a new store folder holding copies of {jifen.home / 'keys'} and "
                f"{jifen.home / 'ledger.token'}, which carries on after the ledger's entries (jifen --home NEW_FOLDER "
                "restore FILE --cashier OWNER); then use only that folder, never this one again\n")
        assert "之后只使用该文件夹" in jifen("restore", str(shop.old), by="boss", env={"LANG": "zh_CN.UTF-8"}).err
        assert jifen.dump() == store
        assert jifen.ok("report", "z", "3")["z"] == 3  # the figures it points to
        new = Jifen(tmp_path / "new-folder", monkeypatch, capsys)  # the way it gives
        new.now = jifen.now
        shutil.copytree(jifen.home / "keys", new.home / "keys")
        shutil.copy(jifen.home / "ledger.token", new.home / "ledger.token")
        assert new.ok("restore", str(shop.old), by="boss")["resumed_after"] == shop.held
        new.ok("sale", "--line", "general:1", by="amy")
        assert new.ok("sync")["pending"] == 0
