"""The first write of the day returns once it is saved: today's backup is made by a process of its own, one at a
time, and what it could not do is said by the next command. The installed command in real processes, real store
files."""

import fcntl
import os
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from terminal.daily_backup import problem_file
from terminal.db import read_only_uri
from terminal.home import Home
from tests.helpers.cli import CLEAN_ENV, JIFEN, PINS, Jifen, run_jifen
from tests.helpers.damage import flip_bit

PHONE = "13800138000"
MONDAY = "2026-03-02T10:00:00+08:00"


def _env(jifen: Jifen, **more: str) -> dict[str, str]:
    return {"JIFEN_HOME": str(jifen.home), "JIFEN_NOW": MONDAY, "JIFEN_PIN": PINS["amy"], **more}


def _sale(jifen: Jifen, **env: str) -> subprocess.CompletedProcess[str]:
    return run_jifen("sale", "--line", "general:10", "--cashier", "amy", env=_env(jifen, **env))


def _until(done: Callable[[], bool], what: str) -> None:
    """Poll for what the backup process leaves (never a pass/fail on time: a minute is only a bound for a hang)."""
    give_up = time.monotonic() + 60
    while not done():
        assert time.monotonic() < give_up, f"still waiting for {what}"
        time.sleep(0.05)


def _free(lock: Path) -> bool:
    """Whether no backup process holds the daily backups' lock (the one it made is whole by then)."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def _head(db: Path) -> tuple[int, str]:
    with closing(sqlite3.connect(read_only_uri(db), uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        seq, digest = conn.execute("SELECT seq, hash FROM journal_head WHERE id = 1").fetchone()
    return int(seq), str(digest)


def _daily(jifen: Jifen) -> Path:
    return jifen.home / "backups" / "jifen-2026-03-02.db"


def test_the_first_sale_of_the_day_returns_and_its_backup_follows_whole(jifen: Jifen) -> None:
    sale = _sale(jifen)
    assert (sale.returncode, sale.stderr) == (0, "")
    _until(_daily(jifen).exists, "today's backup")
    _until(lambda: _free(jifen.home / "daily-backup.lock"), "the backup process to end")
    assert _head(_daily(jifen)) == _head(jifen.db)  # a good copy, of the store with the sale
    assert sorted(p.name for p in _daily(jifen).parent.iterdir()) == [_daily(jifen).name]
    assert not problem_file(Home(jifen.home)).exists()
    assert run_jifen("report", "day", env=_env(jifen)).stderr == ""


def test_two_sales_at_once_make_one_backup(jifen: Jifen) -> None:
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    sales = [subprocess.Popen([str(JIFEN), "sale", "--line", "general:10", "--cashier", "amy", "--json"],
                              env={**base, **_env(jifen)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    said = [sale.communicate(timeout=60) for sale in sales]
    assert [(sale.returncode, err) for sale, (_, err) in zip(sales, said, strict=True)] == [(0, ""), (0, "")]
    _until(_daily(jifen).exists, "today's backup")
    _until(lambda: _free(jifen.home / "daily-backup.lock"), "the backup processes to end")
    assert sorted(p.name for p in _daily(jifen).parent.iterdir()) == [_daily(jifen).name]
    assert _head(_daily(jifen))[0] >= _head(jifen.db)[0] - 1  # made after the first of the two sales
    log = jifen.home / "jifen.log"
    assert not log.exists() or "daily backup" not in log.read_text(encoding="utf-8")


def test_a_backup_being_made_by_another_process_is_left_to_it(jifen: Jifen) -> None:
    lock = jifen.home / "daily-backup.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a backup process making today's backup holds it
        jifen.now = MONDAY
        run = jifen("sale", "--line", "general:10", by="amy")  # in-process, waiting for the backup
        assert (run.status, run.err) == (0, "") and not _daily(jifen).exists()
    finally:
        os.close(fd)
    jifen("sale", "--line", "general:10", by="amy")
    assert _head(_daily(jifen)) == _head(jifen.db)


def test_a_backup_that_failed_is_said_by_the_next_command_once(jifen: Jifen) -> None:
    member = jifen.member(PHONE)
    flip_bit(jifen.db, "ix_lots_member_live", member.encode(), 0)  # damage the integrity check finds in the copy
    sale = _sale(jifen)
    assert (sale.returncode, sale.stderr) == (0, "")  # the sale is saved, and says so at once
    _until(problem_file(Home(jifen.home)).exists, "the backup process to give up")
    backups = jifen.home / "backups"
    assert sorted(p.name for p in backups.iterdir()) == ["jifen-2026-03-01.db"]  # made in-process by member add
    shown = run_jifen("member", "show", PHONE, env=_env(jifen))
    assert (shown.returncode, shown.stderr) == (0, (
        f"warning: daily backup skipped (the store file {jifen.db} is damaged (row 1 missing from index "
        f"ix_lots_member_live): today's backup was not made and the earlier ones are all kept; restore a backup with "
        f"'jifen restore FILE --cashier NAME' (the store's backups are in {backups}))\n"))
    assert run_jifen("member", "show", PHONE, env=_env(jifen)).stderr == ""  # said once
    assert "daily backup not made, the store is damaged" in (jifen.home / "jifen.log").read_text(encoding="utf-8")


def test_a_backup_that_failed_is_said_in_chinese_too(jifen: Jifen) -> None:
    member = jifen.member(PHONE)
    flip_bit(jifen.db, "ix_lots_member_live", member.encode(), 0)
    assert _sale(jifen, LANG="zh_CN.UTF-8").stderr == ""
    _until(problem_file(Home(jifen.home)).exists, "the backup process to give up")
    after = _sale(jifen, LANG="zh_CN.UTF-8")
    assert after.returncode == 0 and after.stderr.startswith(f"警告：今日自动备份未完成（门店数据文件 {jifen.db} 已损坏")
    assert after.stderr.count("\n") == 1


def test_closing_the_day_makes_todays_backup_again_with_the_days_sales_and_its_z(jifen: Jifen) -> None:
    """A night shop: the first sale after midnight made today's backup; the night's later sales and its Z, closed at
    02:05, are in it once the day close returns, not only after the next night's first sale."""
    first = _sale(jifen, JIFEN_NOW="2026-03-02T00:05:00+08:00")
    assert first.returncode == 0
    _until(_daily(jifen).exists, "today's backup")
    _until(lambda: _free(jifen.home / "daily-backup.lock"), "the backup process to end")
    assert _sale(jifen, JIFEN_NOW="2026-03-02T01:30:00+08:00").returncode == 0
    assert _head(_daily(jifen)) != _head(jifen.db)  # the 01:30 sale is in no backup yet
    closed = run_jifen("day", "close", "--cashier", "amy", "--approver", "max",
                       env=_env(jifen, JIFEN_NOW="2026-03-02T02:05:00+08:00", JIFEN_APPROVER_PIN=PINS["max"]))
    assert (closed.returncode, closed.stderr) == (0, "")
    _until(lambda: _head(_daily(jifen)) == _head(jifen.db), "today's backup made again")
    with closing(sqlite3.connect(read_only_uri(_daily(jifen)), uri=True)) as conn:
        assert conn.execute("SELECT count(*) FROM z_records").fetchone() == (1,)
    assert sorted(p.name for p in _daily(jifen).parent.iterdir()) == [_daily(jifen).name]  # no part of a copy left


def test_the_day_close_backup_waits_for_one_being_made_rather_than_go_without_its_z(jifen: Jifen) -> None:
    assert _sale(jifen).returncode == 0
    _until(lambda: _daily(jifen).exists() and _free(jifen.home / "daily-backup.lock"), "today's first backup")
    lock = jifen.home / "daily-backup.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as the day's first backup process still copying a big store holds it
        closed = run_jifen("day", "close", "--cashier", "amy", "--approver", "max",
                           env=_env(jifen, JIFEN_APPROVER_PIN=PINS["max"]))
        assert (closed.returncode, closed.stderr) == (0, "")
        assert _head(_daily(jifen)) != _head(jifen.db)
    finally:
        os.close(fd)
    _until(lambda: _head(_daily(jifen)) == _head(jifen.db), "the day close's backup, made once the lock is free")
