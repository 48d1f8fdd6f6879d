"""The `jifen` command-line contract (cli.md), part 4: the store folder.

Backups and restoring them, and the rules file an owner edits by hand.
"""

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen

ZHANG, LI = "13800138000", "13900139000"


# --- backup and restore ----------------------------------------------------------------------------

def test_backup_then_restore_round_trips(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(ZHANG)
    jifen.ok("sale", "--member", ZHANG, "--line", "general:199.99", by="amy")
    entries, copy = jifen.entries(), tmp_path / "monday.db"
    assert jifen.ok("backup", str(copy)) == {"file": str(copy)}

    jifen.ok("sale", "--member", ZHANG, "--line", "general:100", "--redeem", "500", by="amy")
    jifen.member(LI)
    assert jifen.balance(ZHANG) == 599 - 500 + 47

    restored = jifen.ok("restore", str(copy), by="boss")
    assert restored["file"] == str(copy)
    assert jifen.entries() == entries
    assert jifen.balance(ZHANG) == 599
    assert jifen.refused("member", "show", LI) == "not_found"

    jifen.now = "2026-03-01T10:01:00+08:00"
    jifen.ok("restore", restored["previous"], by="boss")  # the store as it was before is kept
    assert jifen.balance(ZHANG) == 146 and jifen.balance(LI) == 500


def test_backup_into_a_missing_folder_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    assert jifen.refused("backup", str(tmp_path / "no" / "such" / "folder.db")) == "bad_input"


def _text_file(path: Path) -> None:
    path.write_text("SQLite format 3? no, a shopping list\n", encoding="utf-8")


def _empty_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (line TEXT)")
    conn.close()


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _missing(path: Path) -> None:
    pass


@pytest.mark.parametrize("make", [_text_file, _empty_sqlite, _zero_bytes, _missing],
                         ids=["text", "empty-sqlite", "zero-bytes", "missing"])
def test_restore_refuses_what_is_not_a_jifen_store(jifen: Jifen, tmp_path: Path, make: Callable[[Path], None]) -> None:
    jifen.member(ZHANG)
    not_a_store = tmp_path / "not-a-store.db"
    make(not_a_store)
    before = jifen.dump()
    run = jifen("restore", str(not_a_store), by="boss")
    assert (run.status, run.out) == (2, "")
    assert run.err.count("\n") == 1 and "nothing was restored" in run.err
    assert jifen.refused("restore", str(not_a_store), by="boss") == "bad_input"
    assert jifen.dump() == before
    assert not list((jifen.home / "backups").glob("before-restore-*"))


def test_restore_refuses_another_terminals_store(jifen: Jifen, tmp_path: Path) -> None:
    other = tmp_path / "t2.db"
    jifen.ok("backup", str(other))
    with sqlite3.connect(other) as conn:
        conn.execute("UPDATE store SET terminal_id = 'T2'")
    conn.close()
    before = jifen.dump()
    run = jifen("restore", str(other), by="boss")
    assert run.status == 2 and "belongs to terminal T2" in run.err
    assert jifen.dump() == before


@pytest.mark.parametrize("who", ["max", "amy"])
def test_only_the_owner_restores(jifen: Jifen, tmp_path: Path, who: str) -> None:
    copy = tmp_path / "copy.db"
    jifen.ok("backup", str(copy))
    assert jifen.refused("restore", str(copy), by=who) == "forbidden"


def test_a_restore_can_be_undone_at_once(jifen: Jifen, tmp_path: Path) -> None:
    copy = tmp_path / "empty-day.db"
    jifen.ok("backup", str(copy))
    jifen.member(ZHANG)  # 张三 lives only in the live store
    previous = jifen.ok("restore", str(copy), by="boss")["previous"]
    jifen.ok("restore", previous, by="boss")
    assert jifen.balance(ZHANG) == 500


# --- rules.toml -----------------------------------------------------------------------------------

def _version(jifen: Jifen) -> str:
    return str(jifen.ok("rules", "show")["version"])


@pytest.mark.parametrize(("line", "field"), [
    ("signup_bonus = -1", "signup_bonus"),
    ("signup_bonus = 300.5", "signup_bonus"),
    ("singup_bonus = 300", "singup_bonus"),
    ("max_redeem_percent = 150", "max_redeem_percent"),
    ("points_per_yuan = \"100\"", "points_per_yuan"),
])
def test_a_bad_rules_file_is_reported_and_the_rules_in_force_stay(jifen: Jifen, line: str, field: str) -> None:
    version = _version(jifen)
    jifen.set_rule(line)
    run = jifen("member", "add", "--phone", ZHANG, "--json", by="amy")
    assert run.status == 0, str(run)
    assert run.json["balance"] == 500  # the signup bonus in force
    assert run.err.count("\n") == 1 and field in run.err and version in run.err
    shown = jifen("rules", "show", "--json")
    assert (shown.json["version"], shown.json["rules"]["signup_bonus"]) == (version, 500)
    assert field in shown.err
    assert jifen.refused("rules", "check") == "bad_rules"


def test_a_rules_file_that_is_not_toml_is_reported(jifen: Jifen) -> None:
    version = _version(jifen)
    jifen.rules_file.write_text("signup_bonus = = 3\n", encoding="utf-8")
    run = jifen("rules", "show", "--json")
    assert run.status == 0 and run.json["version"] == version
    assert run.err.count("\n") == 1 and "rules.toml" in run.err


def test_a_bad_value_keeps_the_whole_file_out_even_its_good_changes(jifen: Jifen) -> None:
    jifen.set_rule("signup_bonus = 300")
    jifen.set_rule("velocity_limit = 0")
    run = jifen("member", "add", "--phone", ZHANG, "--json", by="amy")
    assert run.json["balance"] == 500
    assert "velocity_limit" in run.err


def test_the_rules_notice_is_in_chinese_under_a_chinese_locale(jifen: Jifen) -> None:
    jifen.set_rule("signup_bonus = -1")
    run = jifen("rules", "show", env={"LANG": "zh_CN.UTF-8"})
    assert run.status == 0
    assert run.err.startswith("规则文件：signup_bonus：应为 0 到 1000000 之间的整数")


def test_a_valid_change_is_adopted_and_recorded_on_each_sale(jifen: Jifen) -> None:
    old = _version(jifen)
    jifen.ok("sale", "--line", "general:1", by="amy")
    jifen.set_rule("signup_bonus = 300")
    run = jifen("member", "add", "--phone", ZHANG, "--json", by="amy")
    assert run.status == 0 and "signup_bonus (signup bonus): 500 → 300" in run.err
    assert run.json["balance"] == 300
    new = _version(jifen)
    assert new != old
    assert jifen.ok("rules", "show")["rules"]["signup_bonus"] == 300
    assert jifen.ok("rules", "check") == {"ok": True, "version": new, "file": str(jifen.rules_file), "changes": []}
    jifen.ok("sale", "--line", "general:1", by="amy")
    assert [p["rules_version"] for p in jifen.journal_payloads("sale")] == [old, new]
    assert [p["version"] for p in jifen.journal_payloads("rules")] == [old, new]
    assert jifen.query("SELECT rules_version FROM sales ORDER BY seq") == [(old,), (new,)]


def test_fixing_a_bad_file_adopts_it(jifen: Jifen) -> None:
    jifen.set_rule("signup_bonus = -1")
    assert jifen("rules", "show").err
    jifen.set_rule("signup_bonus = 0")
    run = jifen("member", "add", "--phone", ZHANG, "--json", by="amy")
    assert run.err.endswith("signup_bonus (signup bonus): 500 → 0\n") and run.json["balance"] == 0


def test_an_unchanged_rules_file_is_not_adopted_again(jifen: Jifen) -> None:
    entries = jifen.entries()
    jifen.ok("rules", "show")
    assert jifen.entries() == entries


def test_rules_check_of_another_file(jifen: Jifen, tmp_path: Path) -> None:
    draft = tmp_path / "draft.toml"
    shutil.copyfile(jifen.rules_file, draft)
    checked = jifen.ok("rules", "check", str(draft))
    assert (checked["ok"], checked["version"]) == (True, _version(jifen))
    draft.write_text("tiers = []\n", encoding="utf-8")
    run = jifen("rules", "check", str(draft))
    assert run.status == 2 and "tiers" in run.err
    assert jifen.refused("rules", "check", str(tmp_path / "nope.toml")) == "not_found"
