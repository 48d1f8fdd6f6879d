"""A full disk is said as such (which disk, what to do, nothing recorded), never as an "unexpected
failure", and leaves no empty file behind."""

import errno
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import Jifen, Run

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


def _io_error(conn: sqlite3.Connection) -> None:
    raise sqlite3.OperationalError("disk I/O error")  # what SQLite says when it cannot grow its -shm file


@pytest.mark.parametrize("argv", [["member", "show", PHONE], ["report", "day"]])
def test_reading_on_a_full_disk_says_the_disk_is_full(jifen: Jifen, monkeypatch: pytest.MonkeyPatch,
                                                       argv: list[str]) -> None:
    jifen.member(PHONE)
    usage = shutil.disk_usage(jifen.home)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage._replace(free=0))
    _on_connect(monkeypatch, _io_error)
    run = jifen(*argv)
    assert (run.status, run.out, run.err) == (1, "", _full(jifen.home))


def test_an_io_error_with_room_on_the_disk_is_not_called_a_full_disk(jifen: Jifen,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _on_connect(monkeypatch, _io_error)
    run = jifen("report", "day")
    assert (run.status, run.out) == (1, "")
    assert run.err == f"unexpected failure; details are in {jifen.home / 'jifen.log'}\n"


def test_a_backup_onto_a_full_disk_names_that_disk(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()

    def no_space(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("terminal.backup.os.replace", no_space)
    run = jifen("backup", str(usb / "copy.db"))
    assert (run.status, run.out, run.err) == (1, "", _full(usb))
    assert list(usb.iterdir()) == []


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
