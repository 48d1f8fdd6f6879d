"""A full disk is said as such (which disk, what to do, nothing recorded), never as an "unexpected
failure", and leaves no empty file behind."""

import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import Jifen, Run
from tests.helpers.disks import fill, small_tmpfs

PHONE = "13800138000"


def _full(folder: Path) -> str:
    return f"the disk holding {folder} is full (no space left): free some space and try again; nothing was recorded\n"


def _on_connect(monkeypatch: pytest.MonkeyPatch, also: Callable[[sqlite3.Connection], None]) -> None:
    import terminal.db

    usual = terminal.db._on_connect

    def connect(conn: sqlite3.Connection, record: Any) -> None:
        usual(conn, record)
        also(conn)

    monkeypatch.setattr(terminal.db, "_on_connect", connect)


def _cannot_grow(conn: sqlite3.Connection) -> None:
    """The store's file cannot take one page more: SQLite says "database or disk is full", as on a full disk."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def _sell_until_full(jifen: Jifen, *more: str, env: dict[str, str] | None = None) -> tuple[int, Run]:
    """Sales until one does not fit: how many fitted, and what the one that did not said. Walk-in sales: a member's
    sixth earning sale of a day would wait for a manager first."""
    for made in range(200):
        run = jifen("sale", "--line", "general:10", *more, by="amy", env=env)
        if run.status != 0:
            return made, run
    raise AssertionError("the store never filled up")


def test_a_sale_on_a_full_disk_says_so_and_records_nothing(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> None:
    _on_connect(monkeypatch, _cannot_grow)
    made, run = _sell_until_full(jifen)
    assert (run.status, run.out, run.err) == (1, "", _full(jifen.home))
    assert jifen.query("SELECT count(*) FROM sales") == [(made,)]
    assert jifen.ok("journal", "verify")["ok"]


def test_a_full_disk_with_json_is_the_disk_full_error(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> None:
    _on_connect(monkeypatch, _cannot_grow)
    run = _sell_until_full(jifen, "--json", env={"LANG": "zh_CN.UTF-8"})[1]
    assert (run.status, run.err) == (1, "")
    assert run.json == {"error": "disk_full",
                        "message": f"{jifen.home} 所在的磁盘已满（没有剩余空间）：请清理出空间后重试；未记录任何内容"}


def _close_log() -> None:
    """The log file a failed command opened on the disk under test: closed, so the disk can be unmounted."""
    logger = logging.getLogger("jifen")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def _io_error(conn: sqlite3.Connection) -> None:
    raise sqlite3.OperationalError("disk I/O error")  # what SQLite says when it cannot grow its -shm file


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.parametrize("argv", [["member", "show", PHONE], ["report", "day"]])
def test_reading_on_a_full_disk_says_the_disk_is_full(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """A store left with sales still in its -wal (the app stopped without closing it) on a disk filled to the last
    byte: reading it needs SQLite's -shm file, which cannot grow there, so even a read says the disk is full, and
    the store's files are as they were."""
    jifen.member(PHONE)
    disk = tmp_path / "disk"
    holder = sqlite3.connect(jifen.db)  # keeps the sale in the -wal: the command's store is not the last one closed
    try:
        holder.execute("SELECT count(*) FROM sales").fetchone()
        jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
        assert Path(f"{jifen.db}-wal").stat().st_size > 0
        with small_tmpfs(disk, "4m"):
            try:
                home = disk / "store"
                shutil.copytree(jifen.home, home, ignore=shutil.ignore_patterns("*-shm"))
                holder.close()
                fill(disk)
                before = _files(home)
                run = Jifen(home, monkeypatch, capsys)(*argv)
                assert (run.status, run.out, run.err) == (1, "", _full(home))
                after = _files(home)
                after.pop("jifen.db-shm", None)  # SQLite made it, and could not grow it
                after.pop("jifen.log", None)  # opened to say why; no room for a line
                assert after == before
            finally:
                _close_log()
    finally:
        holder.close()


def test_an_io_error_with_room_on_the_disk_is_not_called_a_full_disk(jifen: Jifen,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _on_connect(monkeypatch, _io_error)
    run = jifen("report", "day")
    assert (run.status, run.out) == (1, "")
    assert run.err == f"unexpected failure; details are in {jifen.home / 'jifen.log'}\n"


@pytest.mark.parametrize("room", [0, 64 * 1024], ids=["full", "room-for-less-than-the-copy"])
def test_a_backup_onto_a_full_disk_names_that_disk(jifen: Jifen, tmp_path: Path, room: int) -> None:
    """A USB stick (a 4 MiB tmpfs) filled to the last byte, or with less room left than the copy needs: the backup
    fails as it writes, the stick is named, and neither a part of a copy nor a change to the store is left."""
    for _ in range(3):
        jifen.ok("sale", "--line", "general:10", by="amy")
    usb = tmp_path / "usb"
    store = jifen.dump()
    with small_tmpfs(usb, "4m"):
        try:
            filler = fill(usb)
            if room:
                os.truncate(filler, filler.stat().st_size - room)
                assert 0 < shutil.disk_usage(usb).free < jifen.db.stat().st_size
            run = jifen("backup", str(usb / "copy.db"))
            assert (run.status, run.out, run.err) == (1, "", _full(usb))
            assert [path.name for path in usb.iterdir()] == ["filler"]
        finally:
            _close_log()
    assert jifen.dump() == store
    assert jifen.query("SELECT count(*) FROM sales") == [(3,)]


def test_a_preview_that_does_not_fit_leaves_no_empty_file(jifen: Jifen, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    sale = jifen.ok("sale", "--line", "general:10", by="amy")["sale_id"]

    def full_disk(page: object, profile: object, font: object, target: Path) -> Path:
        target.write_bytes(b"")  # the file is made, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("printing.cli.save_png", full_disk)
    preview = tmp_path / "receipt.png"
    run = jifen("receipt", sale, "--preview", str(preview))
    assert (run.status, run.out, run.err) == (2, "", f"cannot write {preview}: No space left on device\n")
    assert list(tmp_path.iterdir()) == [jifen.home]


def test_a_member_card_that_does_not_fit_leaves_no_empty_file(jifen: Jifen, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    jifen.member("13800138000")

    class FullDisk:
        def save(self, target: Path, format: str) -> None:
            Path(target).write_bytes(b"")  # the file is made, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ui.member_card.card_image", lambda code, caption: FullDisk())
    card = tmp_path / "card.png"
    run = jifen("member", "card", "13800138000", "--png", str(card))
    assert (run.status, run.out, run.err) == (2, "", f"cannot write {card}: No space left on device\n")
    assert list(tmp_path.iterdir()) == [jifen.home]
