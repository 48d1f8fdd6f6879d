"""`jifen backup` never writes over what is not an earlier backup of the store, and `jifen restore` puts
a backup only where the keys it was made with are: receipts and member cards keep verifying."""

import os
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import PINS, Jifen

PHONE = "13800138000"


def _other_store(jifen: Jifen, home: Path, monkeypatch: pytest.MonkeyPatch) -> Jifen:
    """Another shop's store with the same terminal id, T1, and its own keys."""
    other = Jifen(home, monkeypatch, jifen._capsys)
    monkeypatch.setattr("terminal.pins._N", 2**4)
    run = other("init", "--store", "另一家店", "--terminal", "T1", "--merchant", "m1", "--owner", "boss",
                env={"JIFEN_NEW_PIN": PINS["boss"]})
    assert run.status == 0, str(run)
    return other


def _receipt_code(jifen: Jifen) -> str:
    sale = jifen.ok("sale", "--member", PHONE, "--line", "general:10", by="amy")
    return str(jifen.ok("receipt", sale["sale_id"], "--text")["codes"][0])


# --- backup: what it may write over ----------------------------------------------------------------

def test_a_backup_never_writes_over_the_stores_private_key(jifen: Jifen) -> None:
    key = jifen.home / "keys" / "terminal.key"
    before = key.read_bytes()
    run = jifen("backup", str(key))
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"{key} is inside the store folder {jifen.home}: keep backups outside it "
                       "(on another disk or a USB stick); nothing was written\n")
    assert key.read_bytes() == before


def test_a_backup_is_not_written_into_the_store_folder(jifen: Jifen) -> None:
    (jifen.home / "backups").mkdir(exist_ok=True)
    assert jifen.refused("backup", str(jifen.home / "backups" / "mine.db")) == "bad_input"
    assert not (jifen.home / "backups" / "mine.db").exists()


def test_a_backup_never_replaces_what_is_not_a_regular_file(jifen: Jifen, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    run = jifen("backup", str(pipe))
    assert (run.status, run.out) == (2, "")
    assert run.err == f"{pipe} exists and is not a regular file: name a new backup file; nothing was written\n"
    assert pipe.is_fifo()


def test_a_backup_never_writes_over_another_file(jifen: Jifen, tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("the week's orders\n", encoding="utf-8")
    run = jifen("backup", str(notes), env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.out) == (2, "")
    assert run.err == f"{notes} 已存在，且不是本店的备份：请另取文件名，或先删除该文件；未写入任何内容\n"
    assert notes.read_text(encoding="utf-8") == "the week's orders\n"


def test_a_backup_never_writes_over_another_stores_backup(jifen: Jifen, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    other = _other_store(jifen, tmp_path / "other", monkeypatch)
    theirs = tmp_path / "theirs.db"
    other.ok("backup", str(theirs))
    before = theirs.read_bytes()
    assert "not a backup of this store" in jifen("backup", str(theirs)).err
    assert theirs.read_bytes() == before


def test_a_backup_replaces_an_earlier_backup_of_the_same_store(jifen: Jifen, tmp_path: Path) -> None:
    copy = tmp_path / "daily.db"
    jifen.ok("backup", str(copy))
    jifen.member(PHONE)
    assert jifen.ok("backup", str(copy)) == {"file": str(copy)}
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone() == (1,)
    conn.close()


def test_a_backup_says_to_keep_the_keys_too(jifen: Jifen, tmp_path: Path) -> None:
    run = jifen("backup", str(tmp_path / "copy.db"))
    assert run.status == 0
    assert f"Keep a copy of {jifen.home / 'keys'} too" in run.out


# --- restore: only with the keys the backup was made with ------------------------------------------

def test_restoring_another_stores_backup_is_refused(jifen: Jifen, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    other = _other_store(jifen, tmp_path / "other", monkeypatch)
    theirs = tmp_path / "theirs.db"
    other.ok("backup", str(theirs))
    jifen.member(PHONE)
    before = jifen.dump()
    run = jifen("restore", str(theirs), by="boss")
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"{theirs} is a backup of store 另一家店 (terminal T1) made with other keys than those in "
                       f"{jifen.home / 'keys'}: restored here, this terminal's receipts and member cards would no "
                       "longer verify; restore it into the store folder it was made in, or copy that folder's keys/ "
                       "here first; nothing was restored\n")
    assert jifen.dump() == before
    assert not list((jifen.home / "backups").glob("before-restore-*"))


def test_restoring_another_stores_backup_over_a_damaged_store_is_refused(jifen: Jifen, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    other = _other_store(jifen, tmp_path / "other", monkeypatch)
    theirs = tmp_path / "theirs.db"
    other.ok("backup", str(theirs))
    jifen.db.write_bytes(b"garbage" * 1000)
    assert jifen.refused("restore", str(theirs), by="boss") == "bad_input"
    assert jifen.db.read_bytes() == b"garbage" * 1000


def test_a_restored_store_still_verifies_its_receipts_and_cards(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(PHONE)
    copy = tmp_path / "copy.db"
    jifen.ok("backup", str(copy))
    jifen.ok("restore", str(copy), by="boss")
    assert jifen.ok("receipt", "verify", _receipt_code(jifen))["ok"] is True
    jifen.ok("member", "card", PHONE, "--png", str(tmp_path / "card.png"))
    assert jifen.ok("scan", "--image", str(tmp_path / "card.png"))["phone"] == PHONE


def test_a_new_computer_with_the_keys_copied_restores_the_backup(jifen: Jifen, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    jifen.member(PHONE)
    copy = tmp_path / "copy.db"
    jifen.ok("backup", str(copy))
    new = Jifen(tmp_path / "new-pc", monkeypatch, jifen._capsys)
    (new.home / "keys").mkdir(parents=True)
    for key in (jifen.home / "keys").iterdir():
        (new.home / "keys" / key.name).write_bytes(key.read_bytes())
    assert new.ok("restore", str(copy), by="boss") == {"file": str(copy), "previous": None, "previous_daily_backup": None,
                                                       "daily_backup": str(new.home / "backups" / "jifen-2026-03-01.db")}
    assert new.balance(PHONE) == 500
    assert new.ok("receipt", "verify", _receipt_code(new))["ok"] is True


def test_a_folder_without_the_keys_is_told_to_copy_them(jifen: Jifen, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    jifen.ok("backup", str(copy))
    jifen.db.write_bytes(b"")
    for key in (jifen.home / "keys").iterdir():
        key.unlink()
    run = jifen("restore", str(copy), by="boss")
    assert (run.status, run.out) == (2, "")
    assert "this store folder has no terminal key" in run.err and "copy the keys/ folder" in run.err
    assert jifen.db.read_bytes() == b""
