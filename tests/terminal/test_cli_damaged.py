"""A damaged store file, or one that holds no store: every command says what is wrong and how to
mend it, no command makes things worse, and `jifen restore` mends it."""

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen, run_jifen

PHONE = "13800138000"


def _truncated(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2)


def _garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database, it is garbage " * 200)


def _empty(db: Path) -> None:
    db.write_bytes(b"")


@pytest.fixture
def saved(jifen: Jifen, tmp_path: Path) -> Path:
    """A member, and a backup of the store with that member in it."""
    jifen.member(PHONE)
    return Path(jifen.ok("backup", str(tmp_path / "saved.db"))["file"])


@pytest.mark.parametrize("damage", [_truncated, _garbage], ids=["truncated", "garbage"])
@pytest.mark.parametrize("argv", [["member", "show", PHONE], ["report", "day"], ["sale", "--line", "general:1"]],
                         ids=["member-show", "report-day", "sale"])
def test_a_damaged_store_is_refused_and_says_how_to_restore(jifen: Jifen, saved: Path, damage: Callable[[Path], None],
                                                            argv: list[str]) -> None:
    damage(jifen.db)
    run = jifen(*argv, by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err == (f"the store file {jifen.db} is damaged: restore a backup with 'jifen restore FILE --cashier NAME' "
                       f"(the store's backups are in {jifen.home / 'backups'})\n")
    assert jifen.refused(*argv, by="amy") == "damaged_store"


def test_the_details_of_the_damage_are_logged(jifen: Jifen, saved: Path) -> None:
    _garbage(jifen.db)
    assert jifen("member", "show", PHONE).status == 2
    assert "not a database" in (jifen.home / "jifen.log").read_text(encoding="utf-8")


def test_the_damage_is_said_in_chinese_under_a_chinese_locale(jifen: Jifen, saved: Path) -> None:
    _truncated(jifen.db)
    run = jifen("member", "show", PHONE, env={"LANG": "zh_CN.UTF-8"})
    assert run.err.startswith(f"门店数据文件 {jifen.db} 已损坏") and "jifen restore" in run.err


@pytest.mark.parametrize("argv", [["member", "show", "X"], ["report", "day"], ["journal", "verify"], ["rules", "show"],
                                  ["sale", "--line", "general:1"]])
def test_no_command_writes_into_an_empty_store_file(jifen: Jifen, argv: list[str]) -> None:
    _empty(jifen.db)
    run = jifen(*argv, by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err.startswith(f"{jifen.db} holds no store: restore a backup with 'jifen restore FILE --cashier NAME'")
    assert jifen.db.stat().st_size == 0
    assert not Path(f"{jifen.db}-wal").exists()


@pytest.mark.parametrize("damage", [_truncated, _garbage, _empty], ids=["truncated", "garbage", "empty"])
def test_restore_mends_a_damaged_or_empty_store_and_keeps_the_old_file(jifen: Jifen, saved: Path,
                                                                       damage: Callable[[Path], None]) -> None:
    damage(jifen.db)
    damaged = jifen.db.read_bytes()
    done = jifen.ok("restore", str(saved), by="boss")
    assert done["file"] == str(saved)
    assert jifen.ok("member", "show", PHONE)["balance"] == 500
    assert jifen.entries() > 0
    kept = Path(done["previous"])
    assert kept.parent == jifen.home / "backups"
    if damage is _empty:  # kept as the empty store it was: an SQLite file without a table
        with sqlite3.connect(kept) as conn:
            assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    else:
        assert kept.read_bytes() == damaged
    assert not list(jifen.home.rglob("*.partial"))


def test_restore_over_a_damaged_store_needs_the_owner_of_the_backup(jifen: Jifen, saved: Path) -> None:
    _garbage(jifen.db)
    damaged = jifen.db.read_bytes()
    assert jifen.refused("restore", str(saved), by="amy") == "forbidden"
    assert jifen.refused("restore", str(saved), by="boss", env={"JIFEN_PIN": "0000"}) == "wrong_pin"
    assert jifen.db.read_bytes() == damaged
    assert not list((jifen.home / "backups").glob("before-restore-*"))


def test_restore_over_a_damaged_store_still_refuses_what_is_not_a_store(jifen: Jifen, saved: Path, tmp_path: Path) -> None:
    _truncated(jifen.db)
    not_a_store = tmp_path / "notes.txt"
    not_a_store.write_text("hello", encoding="utf-8")
    assert jifen.refused("restore", str(not_a_store), by="boss") == "bad_input"


def test_init_takes_an_empty_store_file(tmp_path: Path) -> None:
    home = tmp_path / "store"
    home.mkdir()
    (home / "jifen.db").write_bytes(b"")
    run = run_jifen("init", "--store", "静安店", "--terminal", "T1", "--owner", "boss", "--json",
                    env={"JIFEN_HOME": str(home), "JIFEN_NEW_PIN": "8888"})
    assert run.returncode == 0, run.stderr
    assert (home / "jifen.db").stat().st_size > 0


def test_the_console_script_says_so_in_one_line(jifen: Jifen, saved: Path) -> None:
    _truncated(jifen.db)
    run = run_jifen("member", "show", PHONE, env={"JIFEN_HOME": str(jifen.home)})
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.count("\n") == 1 and "is damaged" in run.stderr
