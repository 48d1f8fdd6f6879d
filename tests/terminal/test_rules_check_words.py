"""`jifen rules check` says what a file's rules are, in words as `jifen rules show` does, and what they change from
the rules in force: `general = 1` (basis points: 0.0001 point per ¥1) no longer passes as merely "valid". It stays
read-only: nothing is adopted."""

from pathlib import Path

from tests.helpers.cli import Jifen


def _general(jifen: Jifen, rate: str) -> None:
    text = jifen.rules_file.read_text(encoding="utf-8")
    jifen.rules_file.write_text(text.replace("general = 5000", f"general = {rate}"), encoding="utf-8")


def test_a_checked_file_is_shown_in_words_with_its_changes_and_nothing_is_adopted(jifen: Jifen) -> None:
    in_force = jifen.ok("rules", "show")["version"]
    entries = jifen.query("SELECT count(*) FROM journal")
    _general(jifen, "1")
    run = jifen("rules", "check")
    assert run.status == 0 and run.err == ""
    lines = run.out.splitlines()
    assert lines[0].startswith(f"{jifen.rules_file} is valid (version ")
    assert "General goods (general) 0.0001" in lines[2]
    assert lines[-2:] == [f"Compared with the rules in force (version {in_force}), it changes:",
                          "  categories.general: 0.5 points per ¥1 → 0.0001 points per ¥1"]
    assert jifen.query("SELECT count(*) FROM journal") == entries
    assert jifen.query("SELECT count(*) FROM rule_sets") == [(1,)]


def test_the_json_names_the_changes_in_the_readers_language(jifen: Jifen) -> None:
    _general(jifen, "1")
    checked = jifen.ok("rules", "check", env={"LANG": "zh_CN.UTF-8"})
    assert checked["changes"] == ["categories.general：每 ￥1 0.5 积分 → 每 ￥1 0.0001 积分"]
    assert "现行规则" in jifen("rules", "check", env={"LANG": "zh_CN.UTF-8"}).out


def test_a_file_as_in_force_changes_nothing(jifen: Jifen) -> None:
    run = jifen("rules", "check")
    assert run.out.splitlines()[-1].startswith("No setting differs from the rules in force (version ")
    assert jifen.ok("rules", "check")["changes"] == []


def test_without_a_store_the_file_is_shown_without_changes(jifen: Jifen, tmp_path: Path) -> None:
    draft = tmp_path / "draft.toml"
    draft.write_text(jifen.rules_file.read_text(encoding="utf-8"), encoding="utf-8")
    nowhere = Jifen(tmp_path / "no-store", jifen._monkeypatch, jifen._capsys)
    run = nowhere("rules", "check", str(draft))
    assert run.status == 0 and "Points per ¥1 by category" in run.out and "rules in force" not in run.out
    assert nowhere.ok("rules", "check", str(draft))["changes"] is None


def test_an_empty_file_is_refused(jifen: Jifen) -> None:
    jifen.rules_file.write_text("\n", encoding="utf-8")
    run = jifen("rules", "check")
    assert run.status == 2 and "rules.toml holds no setting" in run.err
