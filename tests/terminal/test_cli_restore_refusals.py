"""`jifen restore` refuses a backup whose journal chain is broken (bit rot SQLite's own check cannot see), and a
restore the disk has no room for leaves the store and its backups folder as they were. Real store files; a real
small disk (tmpfs) for the full disk, so these run as root only."""

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from terminal.version import running_version
from tests.helpers.cli import Jifen
from tests.helpers.disks import small_tmpfs

PHONE = "13800138000"
FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-schema-0001"


def _rot(db: Path, kind: str) -> int:
    """Change one digit of the payload of the first entry of ``kind``, keeping its length: what a bit flipped on a
    USB stick does, which SQLite's integrity check does not see. Returns that entry's number."""
    with closing(sqlite3.connect(db)) as conn:
        seq, payload = conn.execute("SELECT seq, payload FROM journal WHERE kind = ? ORDER BY seq", (kind,)).fetchone()
        at = next(i for i, c in enumerate(payload) if c.isdigit())
        rotten = f"{payload[:at]}{(int(payload[at]) + 1) % 10}{payload[at + 1:]}"
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", (rotten, seq))
        conn.commit()
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return int(seq)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _a_backup_then_a_sale(jifen: Jifen, tmp_path: Path) -> Path:
    jifen.member(PHONE)
    jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")
    saved = tmp_path / "usb" / "b1.db"
    saved.parent.mkdir()
    jifen.ok("backup", str(saved))
    jifen.ok("sale", "--member", PHONE, "--line", "general:50", by="amy")  # an entry the backup lacks
    return saved


def test_a_backup_with_a_broken_chain_is_refused_and_nothing_changes(jifen: Jifen, tmp_path: Path) -> None:
    saved = _a_backup_then_a_sale(jifen, tmp_path)
    bad = _rot(saved, "sale")
    store, backups = jifen.dump(), _listing(jifen.home / "backups")
    run = jifen("restore", str(saved), by="boss")
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"{saved} is damaged (its journal is broken at entry {bad}: content does not match its hash); "
                       "nothing was restored\n")
    assert jifen.dump() == store and _listing(jifen.home / "backups") == backups
    assert jifen.ok("journal", "verify")["ok"]


def test_the_refusal_in_chinese_and_json(jifen: Jifen, tmp_path: Path) -> None:
    saved = _a_backup_then_a_sale(jifen, tmp_path)
    bad = _rot(saved, "member_add")
    run = jifen("restore", str(saved), "--json", by="boss", env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.json) == (2, {"error": "bad_input", "message": (
        f"{saved} 已损坏（其流水在第 {bad} 条记录处断开：内容与哈希不符）；未做任何恢复")})


def test_over_a_damaged_store_a_backup_with_a_broken_chain_is_refused_too(jifen: Jifen, tmp_path: Path) -> None:
    saved = _a_backup_then_a_sale(jifen, tmp_path)
    bad = _rot(saved, "sale")
    jifen.ok("sale", "--line", "general:5", by="amy")
    with jifen.db.open("r+b") as f:
        f.write(b"\x00garbage" * 512)
    run = jifen("restore", str(saved), by="boss")
    assert (run.status, run.err) == (2, f"{saved} is damaged (its journal is broken at entry {bad}: content does not "
                                        "match its hash); nothing was restored\n")
    assert _listing(jifen.home / "backups") == ["jifen-2026-03-01.db"]


@pytest.fixture
def first_schema(tmp_path: Path, jifen: Jifen) -> Jifen:
    """A store and its backup written by jifen's first schema, which has no table of journal gaps."""
    shutil.rmtree(jifen.home)
    shutil.copytree(FIXTURE, jifen.home)
    jifen.now = "2026-11-23T10:00:00+08:00"
    return jifen


def test_a_backup_from_the_first_schema_still_restores(first_schema: Jifen, tmp_path: Path) -> None:
    saved = tmp_path / "old.db"
    shutil.copyfile(FIXTURE / "jifen.db", saved)
    assert first_schema.ok("restore", str(saved), by="boss")["file"] == str(saved)
    assert first_schema.ok("journal", "verify")["ok"]


def test_a_backup_from_the_first_schema_with_a_broken_chain_is_refused(first_schema: Jifen, tmp_path: Path) -> None:
    saved = tmp_path / "old.db"
    shutil.copyfile(FIXTURE / "jifen.db", saved)
    bad = _rot(saved, "sale")
    run = first_schema("restore", str(saved), by="boss")
    upgraded = first_schema.home / "backups" / f"before-{running_version()}-from-unknown.db"  # the store, migrated
    assert (run.status, run.err) == (2, f"jifen {running_version()}: backed up the store to {upgraded} before upgrading "
                                        f"it\n{saved} is damaged (its journal is broken at entry {bad}: content does "
                                        "not match its hash); nothing was restored\n")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MB disk (tmpfs): mounting one needs root."""
    with small_tmpfs(tmp_path / "disk", "3m") as disk:  # the log of a failed command may still be open on it
        yield disk


def _fill(disk: Path, leave: int) -> Path:
    filler = disk / "filler"
    with filler.open("wb") as f:
        room = shutil.disk_usage(disk).free - leave
        while room > 0:
            room -= f.write(b"\0" * min(room, 1 << 20))
    return filler


def test_a_restore_the_disk_has_no_room_for_leaves_no_copy_behind(jifen: Jifen, tmp_path: Path, small_disk: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """With ever more room, until the restore fits: each that does not leaves the store and its backups as they were
    (no copy of the store kept aside, whole or in part, on the disk that is already full)."""
    saved = _a_backup_then_a_sale(jifen, tmp_path)
    refused = 0
    for leave in range(0, 1 << 20, 32 << 10):
        shutil.rmtree(small_disk / "store", ignore_errors=True)
        shutil.copytree(jifen.home, small_disk / "store")
        till = Jifen(small_disk / "store", monkeypatch, capsys)
        backups, entries = _listing(till.home / "backups"), till.entries()
        filler = _fill(small_disk, leave)
        run = till("restore", str(saved), by="boss")
        filler.unlink()
        if run.status == 0:
            break
        refused += 1
        assert (run.status, run.err) == (1, f"the disk holding {till.home} is full (no space left): free some space "
                                            "and try again; nothing was recorded\n"), leave
        assert _listing(till.home / "backups") == backups, leave
        assert till.entries() == entries, leave
    else:
        raise AssertionError("the restore never fitted")
    assert refused > 0
