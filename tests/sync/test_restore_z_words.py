"""A till restored from an older backup reports the days and Zs whose entries it left to the ledger truly: held by
the ledger only, or, once the ledger was itself restored from a backup made before it took them, held nowhere any
more (with what the owner can do); and the first Z after the restore counts the coupons that expired since the
ledger's last Z, never again those that Z counted. A ledger on SQLite over TCP, real store files, the command line."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger import db
from tests.helpers.cli import Jifen
from tests.helpers.damage import last_seq, online_copy, overwrite_start
from tests.helpers.ledger import ledger_cli, open_ledger
from tests.helpers.ledger_server import serve

PHONE = "13800138000"
C10 = {"id": "C10", "kind": "coupon", "name_zh": "十元券", "name_en": "Coupon", "points": 200, "value_fen": 1000,
       "min_spend_fen": 5000, "valid_days": 1}
THE_DAY = "2026-03-01"
WAY_ON = ("If the ledger's owner has a later backup of the ledger holding them, restoring it brings them back; else "
          "their sales are on their receipts only (jifen journal verify names them and the way on)")


@dataclass
class Restored:
    """The till's backup ends at ``backed_up``, after Z1; after it a sale (``backed_up + 1``), Z2 (``z2_seq``) and a
    sale, all synced, all of 03-01, then the till was restored from its backup on 03-02 (the gap ``backed_up + 1``–
    ``held``), and a sale recorded.
    ``lose()``: the ledger is restored from its backup holding the first sale only, and a sync finds it."""

    file: Path
    ledger_backup: Path
    backed_up: int
    z2_seq: int
    held: int
    jifen: Jifen

    def lose(self) -> None:
        online_copy(self.ledger_backup, self.file)
        assert self.jifen.refused("sync") == "ledger_refused"


@pytest.fixture
def restored(jifen: Jifen, tmp_path: Path) -> Iterator[Restored]:
    file = tmp_path / "ledger.db"
    engine = db.open_engine(f"sqlite:///{file}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(PHONE)
        assert jifen.ok("day", "close", by="boss")["z"] == 1
        jifen.ok("sync")
        till_backup = tmp_path / "till-nightly.db"
        jifen.ok("backup", str(till_backup))
        backed_up = last_seq(jifen)
        jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
        jifen.ok("sync")
        ledger_backup = tmp_path / "ledger-nightly.db"
        online_copy(file, ledger_backup)  # holds entry backed_up + 1, not Z2
        jifen.now = f"{THE_DAY}T21:00:00+08:00"
        assert jifen.ok("day", "close", by="boss")["z"] == 2
        z2_seq = last_seq(jifen)
        jifen.ok("sale", "--member", PHONE, "--line", "general:5", by="amy")
        assert jifen.ok("sync")["pending"] == 0
        held = last_seq(jifen)
        overwrite_start(jifen)
        jifen.now = "2026-03-02T10:00:00+08:00"
        assert jifen.ok("restore", str(till_backup), by="boss")["resumed_after"] == held
        jifen.ok("sale", "--member", PHONE, "--line", "general:300", by="amy")
        yield Restored(file, ledger_backup, backed_up, z2_seq, held, jifen)
    engine.dispose()


def test_a_day_whose_entries_the_ledger_holds_says_so(restored: Restored) -> None:
    jifen, first, last = restored.jifen, restored.backed_up + 1, restored.held
    assert jifen.ok("report", "day", "--date", THE_DAY)["incomplete"] == [
        {"from_seq": first, "to_seq": last, "lost_from": None}]
    said = jifen("report", "day", "--date", THE_DAY).out
    assert said.endswith(f"\n! These figures lack entries {first}–{last}, held by the ledger only (this store was "
                         "restored from an older backup and carried on after them): the ledger's jifen-ledger report "
                         f"day --merchant m1 --terminal T1 --date {THE_DAY} has them\n")
    assert "held nowhere" not in said


def test_a_day_whose_entries_the_ledger_lost_since_says_they_are_held_nowhere(restored: Restored) -> None:
    jifen, first, last = restored.jifen, restored.backed_up + 1, restored.held
    restored.lose()
    assert jifen.ok("report", "day", "--date", THE_DAY)["incomplete"] == [
        {"from_seq": first, "to_seq": last, "lost_from": first + 1}]
    said = jifen("report", "day", "--date", THE_DAY)
    assert said.status == 0 and said.out.endswith(
        f"\n! These figures lack entry {first}, held by the ledger only (this store was restored from an older backup "
        "and carried on after them): the ledger's jifen-ledger report day --merchant m1 --terminal T1 --date "
        f"{THE_DAY} has them\n! These figures also lack entries {first + 1}–{last}, held nowhere any more: this store was "
        "restored from an older backup and carried on after them, and the ledger has since been restored from a "
        f"backup made before it took them. {WAY_ON}\n")
    zh = jifen("report", "day", "--date", THE_DAY, env={"LANG": "zh_CN.UTF-8"}).out
    assert f"以上数据缺少第 {first} 条记录：它们只在总账中" in zh
    assert f"以上数据还缺少第 {first + 1}–{last} 条记录：它们已无处可寻" in zh and "jifen journal verify" in zh


def test_the_first_z_after_a_restore_says_its_entries_the_ledger_lost_are_held_nowhere(restored: Restored) -> None:
    jifen, last = restored.jifen, restored.held
    restored.lose()
    closed = jifen("day", "close", by="boss")
    assert closed.status == 0 and "held by the ledger only" not in closed.out
    assert closed.out.endswith(f"\n! These figures lack entry {last}, held nowhere any more: this store was restored "
                               "from an older backup and carried on after them, and the ledger has since been restored "
                               f"from a backup made before it took them. {WAY_ON}\n")
    assert jifen.ok("report", "z", "3")["incomplete"] == [{"from_seq": last, "to_seq": last, "lost_from": last}]
    zh = jifen("report", "z", "3", env={"LANG": "zh_CN.UTF-8"}).out
    assert f"以上数据缺少第 {last} 条记录：它们已无处可寻" in zh and "只在总账中" not in zh


def test_a_z_the_ledger_lost_since_is_named_as_held_nowhere(restored: Restored) -> None:
    jifen, first, last = restored.jifen, restored.backed_up + 1, restored.held
    assert jifen("report", "z", "2", "--json").json["message"].startswith("Z2 is held by the ledger only")
    restored.lose()
    said = jifen("report", "z", "2", "--json")
    assert said.status == 2 and said.json == {"error": "not_found", "message": (
        f"Z2 is held nowhere any more: it was closed among entries {first}–{last}, which were left to the ledger when "
        "this store was restored from an older backup, and the ledger, since restored from a backup made before it "
        f"took them, holds none from entry {first + 1} on. If the ledger's owner has a later backup of the ledger "
        "holding them, restoring it brings them back; else those days' figures are on their printed Z reports and "
        "receipts only (jifen journal verify names the entries and the way on)")}
    assert "Z2 已无处可寻" in jifen("report", "z", "2", env={"LANG": "zh_CN.UTF-8"}).err
    assert jifen.ok("report", "z", "1")["z"] == 1  # closed before the backup: here as ever


def test_the_first_z_after_a_restore_counts_no_coupon_the_ledgers_last_z_counted(
        jifen: Jifen, tmp_path: Path) -> None:
    file = tmp_path / "ledger.db"
    engine = db.open_engine(f"sqlite:///{file}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    assert ledger_cli(f"sqlite:///{file}")("mall", "set", "--merchant", "m1", json.dumps(C10))[0] == 0
    with serve(engine) as url:
        jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(PHONE)
        jifen.ok("sync")  # the catalog
        assert jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="boss")["expires_on"] == "2026-03-02"
        jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="boss")
        assert jifen.ok("day", "close", by="boss")["coupons_expired"] == 0
        old = tmp_path / "till-03-01.db"
        jifen.ok("backup", str(old))
        for day, expired in (("2026-03-02", 2), ("2026-03-03", 0)):
            jifen.now = f"{day}T11:00:00+08:00"
            jifen.ok("sale", "--line", "general:200", by="amy")
            jifen.now = f"{day}T21:00:00+08:00"
            assert jifen.ok("day", "close", by="boss")["coupons_expired"] == expired, day
        assert jifen.ok("sync")["pending"] == 0
        overwrite_start(jifen)
        jifen.now = "2026-03-04T10:00:00+08:00"
        jifen.ok("restore", str(old), by="boss")
        jifen.ok("sale", "--line", "general:300", by="amy")
        z4 = jifen.ok("day", "close", by="boss")
    engine.dispose()
    assert (z4["z"], z4["coupons_expired"]) == (4, 0)  # both counted in Z2, which the ledger holds
    assert "Coupons expired" not in jifen("report", "z", "4").out
