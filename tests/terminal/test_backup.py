"""Backups made while the store is in use, daily backups with retention, and restoring."""

import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from terminal.backup import backup_to, check_backup, daily_backup, restore_from
from terminal.bootstrap import Till, open_till
from terminal.errors import Refused
from terminal.home import Home
from terminal.journal import verify
from tests.helpers.store import member, new_till, reopen, sell


def _sales(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM sales").fetchone()[0]


def test_a_backup_taken_during_sales_is_a_consistent_store(till: Till, tmp_path: Path) -> None:
    m = member(till)
    stop = threading.Event()

    def keep_selling() -> None:
        while not stop.is_set():
            sell(till, m, ("excluded", 100))

    seller = threading.Thread(target=keep_selling)
    seller.start()
    try:
        copies = [backup_to(till.home.db, tmp_path / f"copy{i}.db") for i in range(5)]
    finally:
        stop.set()
        seller.join()
    for copy in copies:
        check_backup(copy, "T1")
        home = Home(tmp_path / copy.stem)
        home.root.mkdir()
        copy.rename(home.db)
        restored = open_till(home, till.shop.clock)
        with restored.reading() as uow:
            assert verify(uow.session).ok
        restored.close()


def test_daily_backup_keeps_the_newest(till: Till, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    start = date(2026, 3, 1)
    made = [daily_backup(till.home.db, folder, start + timedelta(days=i), keep=3) for i in range(5)]
    assert all(made)
    assert daily_backup(till.home.db, folder, start + timedelta(days=4), keep=3) is None  # once a day
    assert sorted(p.name for p in folder.iterdir()) == [f"jifen-2026-03-0{d}.db" for d in (3, 4, 5)]


def test_restore_brings_back_the_store_as_it_was(till: Till, tmp_path: Path) -> None:
    m = member(till)
    sell(till, m, ("general", 10000))
    saved = backup_to(till.home.db, tmp_path / "saved.db")
    sell(till, m, ("general", 20000))
    till.close()
    check_backup(saved, "T1")
    restore_from(saved, till.home.db)
    assert _sales(till.home.db) == 1
    again = reopen(till)
    with again.reading() as uow:
        assert verify(uow.session).ok
    again.close()


def test_restore_refuses_what_is_not_a_jifen_store(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    for path in (text, empty, tmp_path / "missing.db"):
        with pytest.raises(Refused) as refused:
            check_backup(path, "T1")
        assert refused.value.code == "bad_input" and "nothing was restored" in refused.value.en


def test_restore_refuses_another_terminals_store(tmp_path: Path) -> None:
    other = new_till(Home(tmp_path / "other"))
    other.close()
    with pytest.raises(Refused, match="belongs to terminal T1, not T2"):
        check_backup(other.home.db, "T2")


def test_restore_refuses_a_damaged_file(till: Till, tmp_path: Path) -> None:
    for amount in range(30):
        sell(till, None, ("general", amount + 1))
    saved = backup_to(till.home.db, tmp_path / "saved.db")
    data = bytearray(saved.read_bytes())
    data[5000:9000] = b"\xff" * 4000
    saved.write_bytes(bytes(data))
    with pytest.raises(Refused) as refused:
        check_backup(saved, "T1")
    assert "damaged" in refused.value.en

