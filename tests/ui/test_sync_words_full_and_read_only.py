"""What the app says when a sync round fails for a full disk under the till's store (not "a disk error or a damaged
file", which sends the shop after the wrong fix), and when the ledger's database takes no writes (not "unavailable",
which sends its operator after a database that is up), when it is busy, and when the ledger failed (error 500: not "offline")."""

import sqlite3
from pathlib import Path

import pytest

from sync.relay import STORE_FULL, SyncStatus, failing_kind, failing_words
from ui.sync_words import answered

pytestmark = pytest.mark.gui


def full_store_error(tmp_path: Path) -> sqlite3.Error:
    """What SQLite raises when the store's file cannot grow: a real SQLITE_FULL."""
    with sqlite3.connect(tmp_path / "jifen.db") as conn:
        conn.execute("CREATE TABLE t (x BLOB)")
        conn.execute("PRAGMA max_page_count = 3")
        with pytest.raises(sqlite3.Error) as full:
            conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    return full.value


@pytest.mark.usefixtures("english")
def test_a_full_disk_under_the_store_is_said_to_be_one(tmp_path: Path) -> None:
    error = full_store_error(tmp_path)
    assert failing_kind(error) == STORE_FULL
    assert failing_words(error) == ("sync failed: the disk holding this till's database is full (OperationalError: "
                                    "database or disk is full); details are in the log")
    status = SyncStatus("http://ledger:8000", False, 3, None, failing_words(error), failing=STORE_FULL)
    assert answered(status) == "Sync failing: the disk holding this till's database is full"


@pytest.mark.usefixtures("chinese")
def test_in_chinese(tmp_path: Path) -> None:
    status = SyncStatus("http://ledger:8000", False, 3, None, None, failing=failing_kind(full_store_error(tmp_path)))
    assert answered(status) == "同步失败：本机数据库所在的磁盘已满"
    read_only = SyncStatus("http://ledger:8000", True, 3, None, None, cannot_store="database_read_only")
    assert answered(read_only) == "总账现在无法存储任何记录：其数据库不接受写入（磁盘只读或为备用服务器） · 请告知总账管理员"


@pytest.mark.usefixtures("english")
def test_a_ledger_whose_database_takes_no_writes_is_not_called_unavailable() -> None:
    read_only = SyncStatus("http://ledger:8000", True, 3, None, None, cannot_store="database_read_only")
    assert answered(read_only) == ("Ledger cannot store anything now: its database takes no writes (read-only disk or "
                                   "standby server) · tell the ledger's operator")


@pytest.mark.usefixtures("chinese")
def test_a_ledger_that_failed_is_not_called_offline() -> None:
    failed = SyncStatus("http://ledger:8000", False, 3, None, None, ledger_failed=500)
    assert answered(failed) == "已连接总账，但总账出错（错误 500） · 请告知总账管理员"


@pytest.mark.usefixtures("english")
def test_a_busy_ledger_is_said_busy_not_unavailable() -> None:
    busy = SyncStatus("http://ledger:8000", True, 3, None, None, cannot_store="busy")
    assert answered(busy) == "Ledger busy: its database did not answer in time · sales go on; sent at the next sync"


@pytest.mark.usefixtures("chinese")
def test_a_busy_ledger_in_chinese() -> None:
    busy = SyncStatus("http://ledger:8000", True, 3, None, None, cannot_store="busy")
    assert answered(busy) == "总账繁忙：其数据库未及时应答 · 照常收银，下次同步时发送"
