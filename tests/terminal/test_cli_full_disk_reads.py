"""On a full disk a command that only reads still answers (it writes nothing, so it needs no room); one that writes
says the disk is full and that nothing was recorded.

The disk is a real full one where the tests may mount a small tmpfs (as root on Linux). Everywhere, it is also
stood in for by a limit on how large a file this process may write (RLIMIT_FSIZE): SQLite's -shm file, which
opening a store in WAL mode makes and grows to 32 KiB, cannot grow, as on a full disk; the free space the command
finds is taken as none."""

import logging
import resource
import shutil
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.disks import fill, small_tmpfs

PHONE = "13800138000"
READS = (["member", "show", PHONE], ["report", "day"], ["journal", "verify"])
_SHM_GROWS_TO = 32 * 1024


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


@contextmanager
def _files_cannot_grow(monkeypatch: pytest.MonkeyPatch, limit: int = _SHM_GROWS_TO // 2) -> Iterator[None]:
    """No file this process writes grows past ``limit`` bytes (EFBIG, as ENOSPC on a full disk), and the disk is
    said to have no room left."""
    usage = shutil.disk_usage("/")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage._replace(free=0))
    before = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the process is killed, not told
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, before[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, before)
        signal.signal(signal.SIGXFSZ, handler)


@pytest.fixture(params=["tmpfs", "file-size-limit"])
def full(request: pytest.FixtureRequest, jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
         capsys: pytest.CaptureFixture[str]) -> Iterator[Jifen]:
    """The store, with a member and a sale, on a full disk."""
    jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    assert not Path(f"{jifen.db}-shm").exists()  # the store is closed, as between two commands
    if request.param == "tmpfs":
        with _tmpfs_full(jifen.home, tmp_path / "disk") as home:
            on_disk = Jifen(home, monkeypatch, capsys)
            on_disk.now = jifen.now
            yield on_disk
    else:
        with _files_cannot_grow(monkeypatch):
            yield jifen


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
    run = full("sale", "--line", "general:10", by="amy")
    assert (run.status, run.out, run.err) == (1, "", _full(full.home))
    assert _sales(full.db) == 1
