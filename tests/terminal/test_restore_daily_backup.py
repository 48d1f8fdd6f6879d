"""After `jifen restore`, today's daily backup is of the store restored, not of the one restored away from (which
the copy kept before the restore holds, or, where it does not, is kept under a name of its own). Real store files, the
command line as a shop runs it."""

import sqlite3
from contextlib import closing
from pathlib import Path

from terminal.db import read_only_uri
from tests.helpers.cli import Jifen

PHONE = "13800138000"


def _head(db: Path) -> tuple[int, str]:
    with closing(sqlite3.connect(read_only_uri(db), uri=True)) as conn:
        seq, digest = conn.execute("SELECT seq, hash FROM journal_head WHERE id = 1").fetchone()
    return int(seq), str(digest)


def _a_day_ago_backup_then_today(jifen: Jifen, tmp_path: Path) -> tuple[Path, Path]:
    """A backup made on 03-02, then on 03-03 a sale (which made today's daily backup) and another."""
    jifen.now = "2026-03-02T10:00:00+08:00"
    jifen.member(PHONE)
    old = tmp_path / "old.db"
    jifen.ok("backup", str(old))
    jifen.now = "2026-03-03T10:00:00+08:00"
    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    daily = jifen.home / "backups" / "jifen-2026-03-03.db"
    assert daily.exists() and _head(daily)[0] > _head(old)[0]
    jifen.ok("sale", "--member", PHONE, "--line", "general:200", by="amy")
    return old, daily


def test_todays_backup_after_a_restore_is_of_the_restored_store(jifen: Jifen, tmp_path: Path) -> None:
    old, daily = _a_day_ago_backup_then_today(jifen, tmp_path)
    before = _head(jifen.db)
    jifen.now = "2026-03-03T15:00:00+08:00"
    restored = jifen.ok("restore", str(old), by="boss")
    assert _head(daily) == _head(old) == _head(jifen.db)  # the day's backup is of the store in use
    assert (restored["daily_backup"], restored["previous_daily_backup"]) == (str(daily), None)
    assert _head(Path(restored["previous"])) == before  # which holds all the earlier daily held
    assert sorted(p.name for p in daily.parent.glob("*.db")) == [
        "before-restore-20260303T150000.db", "jifen-2026-03-02.db", daily.name]
    said = jifen("restore", str(old), by="boss")
    assert said.status == 0 and f"; today's backup {daily} is of the restored store" in said.out
    assert "今日备份" in jifen("restore", str(old), by="boss", env={"LANG": "zh_CN.UTF-8"}).out


def test_todays_backup_of_a_damaged_store_is_kept_aside_by_the_restore(jifen: Jifen, tmp_path: Path) -> None:
    old, daily = _a_day_ago_backup_then_today(jifen, tmp_path)
    made_earlier = _head(daily)
    with jifen.db.open("r+b") as f:
        f.write(b"\x00garbage" * 512)
    jifen.now = "2026-03-03T15:00:00+08:00"
    said = jifen("restore", str(old), by="boss")
    aside = daily.parent / "jifen-2026-03-03-before-restore.db"
    assert said.status == 0 and (f"; today's backup {daily} is of the restored store (the one made earlier today is "
                                 f"kept in {aside})") in said.out
    assert _head(daily) == _head(old) and _head(aside) == made_earlier  # the last good copy of the day is not lost
    jifen.ok("sale", "--member", PHONE, "--line", "general:1", by="amy")
    assert aside.exists() and _head(daily) == _head(old)  # neither pruned nor taken for today's
