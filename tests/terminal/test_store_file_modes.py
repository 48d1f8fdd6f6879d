"""The store holds the PIN hashes, and whoever can copy it cracks a PIN of a few digits in minutes: the store
folder, the store file with its -wal and -shm, the daily backups, `jifen backup FILE` and the copy kept before a
restore are for the user running jifen only (0700 and 0600, as the keys are). A store made before is made so when
it is next opened, where this user owns it; one that is not theirs is left as it is and still opens."""

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.home import Home
from tests.helpers.cli import PINS, Jifen
from tests.helpers.store import member, new_till

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file modes, as on Linux and macOS")


@pytest.fixture(autouse=True)
def umask() -> Iterator[None]:
    """The usual umask, which leaves a new file readable by all (0644) unless the program says otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes(home: Path, *names: str) -> dict[str, int]:
    return {name: mode(home / name) for name in names}


def test_a_new_store_and_its_wal_and_shm_are_for_their_owner_only(tmp_path: Path) -> None:
    till = new_till(Home(tmp_path / "store"))
    try:
        member(till)  # a write, with the store open: the -wal and -shm are there
        assert modes(till.home.root, ".", "jifen.db", "jifen.db-wal", "jifen.db-shm") == {
            ".": 0o700, "jifen.db": 0o600, "jifen.db-wal": 0o600, "jifen.db-shm": 0o600}
    finally:
        till.close()


def test_jifen_init_makes_the_store_folder_and_file_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    jifen = Jifen(tmp_path / "new" / "store", monkeypatch, capsys)
    jifen.ok("init", "--store", "静安店", "--terminal", "T1", "--merchant", "m1", "--owner", "boss",
             env={"JIFEN_PIN": PINS["boss"], "JIFEN_NEW_PIN": PINS["boss"]})
    assert modes(jifen.home, ".", "jifen.db") == {".": 0o700, "jifen.db": 0o600}


def test_backups_are_for_their_owner_only(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member("13800138000")  # the first write of the day makes the daily backup
    backups = jifen.home / "backups"
    assert modes(backups, ".", "jifen-2026-03-01.db") == {".": 0o700, "jifen-2026-03-01.db": 0o600}
    copy = tmp_path / "usb" / "jifen-copy.db"
    copy.parent.mkdir()
    jifen.ok("backup", str(copy))
    assert mode(copy) == 0o600
    copy.chmod(0o644)  # written over by a later backup of the same store: a new owner-only file
    jifen.ok("backup", str(copy))
    assert mode(copy) == 0o600 and [p.name for p in copy.parent.iterdir()] == ["jifen-copy.db"]
    kept = jifen.ok("restore", str(copy), by="boss")["previous"]
    assert Path(kept).parent == backups and mode(Path(kept)) == 0o600


def _readable_by_all(home: Path) -> sqlite3.Connection:
    """The store as an older jifen left it: folder 0755, files 0644, the -wal and -shm held open by a reader."""
    (home / "backups").mkdir(mode=0o755, exist_ok=True)
    for path in (home, home / "backups"):
        path.chmod(0o755)
    (home / "jifen.db").chmod(0o644)
    reader = sqlite3.connect(home / "jifen.db")
    reader.execute("SELECT count(*) FROM cashiers").fetchone()
    for name in ("jifen.db-wal", "jifen.db-shm"):
        (home / name).chmod(0o644)
    return reader


def test_an_older_store_readable_by_all_is_made_owner_only_when_opened(jifen: Jifen) -> None:
    reader = _readable_by_all(jifen.home)
    try:
        assert modes(jifen.home, "jifen.db", "jifen.db-wal") == {"jifen.db": 0o644, "jifen.db-wal": 0o644}
        assert jifen.ok("cashier", "list")["cashiers"]  # a command that only reads
        assert modes(jifen.home, ".", "backups", "jifen.db", "jifen.db-wal", "jifen.db-shm") == {
            ".": 0o700, "backups": 0o700, "jifen.db": 0o600, "jifen.db-wal": 0o600, "jifen.db-shm": 0o600}
    finally:
        reader.close()


def test_only_the_group_and_others_lose_access(jifen: Jifen) -> None:
    (jifen.home / "jifen.db").chmod(0o640)
    jifen.home.chmod(0o750)
    jifen.ok("cashier", "list")
    assert modes(jifen.home, ".", "jifen.db") == {".": 0o700, "jifen.db": 0o600}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away takes root")
def test_a_store_file_of_another_user_is_left_as_it_is_and_still_opens(jifen: Jifen) -> None:
    db = jifen.home / "jifen.db"
    db.chmod(0o644)
    os.chown(db, 4242, 4242)
    assert jifen.ok("cashier", "list")["cashiers"]
    assert (mode(db), db.stat().st_uid) == (0o644, 4242)
