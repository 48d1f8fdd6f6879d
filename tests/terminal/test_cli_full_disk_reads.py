"""On a full disk a command that only reads still answers (it writes nothing, so it needs no room); one that writes
says the disk is full and that nothing was recorded.

The disk is a real one, filled to the last byte: a small tmpfs (mounting one needs root on Linux; elsewhere the
tests skip). SQLite's -shm file, which opening a store in WAL mode makes and grows to 32 KiB, cannot grow there."""

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.disks import fill, small_tmpfs

PHONE = "13800138000"
READS = (["member", "show", PHONE], ["report", "day"], ["journal", "verify"])


def _full(folder: Path) -> str:
    return f"the disk holding {folder} is full (no space left): free some space and try again; nothing was recorded\n"


def _close_log() -> None:
    """The log file a failed command opened on the disk under test: closed, so the disk can be unmounted."""
    logger = logging.getLogger("jifen")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


@contextmanager
def _tmpfs_full(store: Path, folder: Path) -> Iterator[Path]:
    """A copy of ``store`` on a 4 MiB tmpfs mounted at ``folder``, filled to the last byte."""
    with small_tmpfs(folder, "4m"):
        try:
            home = folder / "store"
            shutil.copytree(store, home)
            fill(folder)
            yield home
        finally:
            _close_log()


@pytest.fixture
def full(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> Iterator[Jifen]:
    """The store, with a member and a sale, on a full disk."""
    jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    assert not Path(f"{jifen.db}-shm").exists()  # the store is closed, as between two commands
    with _tmpfs_full(jifen.home, tmp_path / "disk") as home:
        on_disk = Jifen(home, monkeypatch, capsys)
        on_disk.now = jifen.now
        yield on_disk


@pytest.mark.parametrize("argv", READS, ids=lambda argv: "-".join(argv))
def test_reading_works_on_a_full_disk(full: Jifen, argv: list[str]) -> None:
    run = full(*argv)
    assert (run.status, run.err) == (0, ""), str(run)
    data = full.ok(*argv)
    assert data.get("balance", 550) == 550 and data.get("ok", True)


def _sales(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)  # reads without making a -shm file
    try:
        return int(conn.execute("SELECT count(*) FROM sales").fetchone()[0])
    finally:
        conn.close()


def test_a_write_on_a_full_disk_still_says_so(full: Jifen) -> None:
    store = full.db.read_bytes()
    files = sorted(path.name for path in full.home.iterdir())
    run = full("sale", "--line", "general:10", by="amy")
    assert (run.status, run.out, run.err) == (1, "", _full(full.home))
    assert full.db.read_bytes() == store and _sales(full.db) == 1
    left = {path.name: path.stat().st_size for path in full.home.iterdir() if path.name not in files}
    assert left.pop("jifen.log", 0) == 0  # opened to say why; no room for a line
    assert left.get("jifen.db-wal", 0) == 0, left  # nothing half-written waits to be replayed into the store
