"""Restoring over a damaged store while jifen (the app, a command) has it open. Windows refuses to delete, move or
replace a file a program has open (ERROR_SHARING_VIOLATION): the restore is refused in one line saying to close
jifen first, and the store is left as it was. These machines are Linux: a real SQLite connection holds the store
open, and Windows' refusal, PermissionError(13, …, winerror 32), is given at the OS calls that delete, move or
replace the files it has open."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.damage import overwrite_start
from tests.helpers.windows_refusal import windows_refuses

PHONE = "13800138000"


@pytest.fixture
def app(jifen: Jifen) -> Iterator[sqlite3.Connection]:
    """The store as the app holds it open all day (a real SQLite connection, with the -wal and -shm beside it)."""
    jifen.member(PHONE)
    connection = sqlite3.connect(jifen.db)
    assert connection.execute("SELECT count(*) FROM members").fetchone() == (1,)
    yield connection
    connection.close()


@pytest.fixture
def saved(jifen: Jifen, app: sqlite3.Connection, tmp_path: Path) -> Path:
    """A backup with the member; then the store the app has open is damaged (overwritten from its start)."""
    backup = Path(jifen.ok("backup", str(tmp_path / "saved.db"))["file"])
    overwrite_start(jifen)
    assert sorted(p.name for p in jifen.home.glob("jifen.db*")) == ["jifen.db", "jifen.db-shm", "jifen.db-wal"]
    return backup


def held_open(files: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """What Windows answers to deleting, moving or replacing one of ``files`` while another program has it open."""
    windows_refuses(monkeypatch, ["unlink", "remove", "rename", "replace"], files)


def _store_files(jifen: Jifen) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(jifen.home.rglob("*")) if p.is_file() and p.name != "jifen.log"}


@pytest.mark.parametrize("open_file", ["jifen.db-wal", "jifen.db-shm", "jifen.db"])
def test_a_restore_over_a_store_jifen_has_open_is_refused_and_changes_nothing(jifen: Jifen, saved: Path,
                                                                            open_file: str,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    before = _store_files(jifen)
    held_open([jifen.home / open_file], monkeypatch)
    run = jifen("restore", str(saved), by="boss")
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"the store {jifen.db} is open in jifen: close the jifen app and every jifen command on this "
                       "computer first, then restore again (refused again with all of them closed: this Windows "
                       "account may not change the store, restore as the one that set it up); nothing was restored\n")
    assert _store_files(jifen) == before


def test_the_refusal_is_said_in_chinese_under_a_chinese_locale(jifen: Jifen, saved: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    held_open([Path(f"{jifen.db}-wal")], monkeypatch)
    run = jifen("restore", str(saved), by="boss", env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.err) == (2, f"门店数据 {jifen.db} 正被 jifen 打开：请先关闭本机的 jifen 程序和所有 jifen 命令，"
                                        "然后重新恢复（全部关闭后仍被拒绝：当前 Windows 账户无权修改门店数据，请用安装它的账户恢复）；"
                                        "未做任何恢复\n")


def test_once_jifen_is_closed_the_restore_mends_the_store(jifen: Jifen, saved: Path, app: sqlite3.Connection,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as app_open:
        held_open([Path(f"{jifen.db}-wal")], app_open)
        assert jifen("restore", str(saved), by="boss").status == 2
    app.close()
    jifen.ok("restore", str(saved), by="boss")
    assert jifen.ok("member", "show", PHONE)["balance"] == 500
    assert sorted(p.name for p in jifen.home.glob("jifen.db*")) == ["jifen.db"]
