"""`jifen-ledger merchant rules-history ID`: each rule set a merchant's tills were given, oldest first, when (in the
merchant's time zone) and what it changed, a return to an earlier version a line of its own; `terminal list` shows
the rules version each till last journaled taking. On SQLite and PostgreSQL."""

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command

from ledger.service import add_merchant
from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.rules import RuleSet
from tests.helpers.ledger import Ledger, ledger_cli, schema_migrations
from tests.ledger.test_sales_by_unheld_rules import linked, sync_all

__all__ = ["linked"]  # the fixture, used by name

DEFAULTS = RuleSet().version
URUMQI = ZoneInfo("Asia/Urumqi")


def cli(ledger: Ledger) -> Callable[..., tuple[int, str]]:
    return ledger_cli(ledger.engine.url.render_as_string(hide_password=False))


def rules_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def urumqi_now() -> str:
    return datetime.now(URUMQI).strftime("%Y-%m-%d %H:%M")


def test_a_to_b_and_back_to_a_is_three_settings_with_their_times_and_changes(ledger: Ledger, tmp_path: Path) -> None:
    ledger.do(lambda s: add_merchant(s, "m1", "新疆连锁", timezone_name="Asia/Urumqi"))
    run = cli(ledger)
    a = rules_file(tmp_path, "a.toml", "signup_bonus = 800\n")
    b = rules_file(tmp_path, "b.toml", "signup_bonus = 800\npoints_per_yuan = 200\n")
    before = urumqi_now()
    for path in (a, b, a, a):  # the last sets what is in force already: no change, nothing to record
        assert run("merchant", "rules", "m1", path, "--yes")[0] == 0
    after = urumqi_now()

    status, out = run("--json", "merchant", "rules-history", "m1")
    data = json.loads(out)
    times = [row["set_at"] for row in data["settings"]]
    assert all(before <= at <= after for at in times), times  # Urumqi's clock, not UTC's nor Shanghai's
    version_a, version_b = (row["version"] for row in data["settings"][:2])
    assert status == 0 and data == {"merchant": "m1", "timezone": "Asia/Urumqi", "in_force": version_a, "settings": [
        {"version": version_a, "set_at": times[0], "changes": ["signup_bonus (signup bonus): 500 → 800"]},
        {"version": version_b, "set_at": times[1], "changes": ["points_per_yuan (points worth ¥1): 100 → 200"]},
        {"version": version_a, "set_at": times[2], "changes": ["points_per_yuan (points worth ¥1): 200 → 100"]}]}

    assert run("merchant", "rules-history", "m1") == (0, "\n".join([
        "Rules of m1, oldest first (times in Asia/Urumqi):",
        f"  version {version_a}, set {times[0]}",
        "    signup_bonus (signup bonus): 500 → 800",
        f"  version {version_b}, set {times[1]}",
        "    points_per_yuan (points worth ¥1): 100 → 200",
        f"  version {version_a}, set {times[2]} (in force)",
        "    points_per_yuan (points worth ¥1): 200 → 100"]))


def test_history_in_chinese(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.merchant("m1")
    run = cli(ledger)
    assert run("merchant", "rules", "m1", rules_file(tmp_path, "a.toml", "signup_bonus = 800\n"))[0] == 0
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    status, said = run("merchant", "rules-history", "m1")
    lines = said.splitlines()
    assert status == 0 and lines[0] == "商户 m1 的规则，按设置先后（时间为 Asia/Shanghai 时间）："
    assert lines[1].startswith("  版本 ") and "，设置于 " in lines[1] and lines[1].endswith("（现行）")
    assert lines[2] == "    signup_bonus（注册奖励积分）：500 → 800"


def test_a_merchant_that_never_set_rules_has_the_defaults_and_an_unknown_one_is_refused(ledger: Ledger) -> None:
    ledger.merchant("m1")
    run = cli(ledger)
    assert run("merchant", "rules-history", "m1") == (
        0, f"merchant m1 has the default rules (version {DEFAULTS}): none has been set (jifen-ledger merchant rules)")
    assert json.loads(run("--json", "merchant", "rules-history", "m1")[1]) == {
        "merchant": "m1", "timezone": "Asia/Shanghai", "in_force": DEFAULTS, "settings": []}
    assert run("merchant", "rules-history", "m9") == (2, "no merchant m9")


def test_rules_set_before_the_upgrade_are_the_first_setting_with_no_time(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    ledger.merchant("m2")
    run = cli(ledger)
    assert run("merchant", "rules", "m1", rules_file(tmp_path, "a.toml", "signup_bonus = 800\n"))[0] == 0
    version = json.loads(run("--json", "merchant", "rules-history", "m1")[1])["in_force"]
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0017")
        command.upgrade(config, "head")
    assert run("merchant", "rules-history", "m1") == (0, "\n".join([
        "Rules of m1, oldest first (times in Asia/Shanghai):",
        f"  version {version}, set before the ledger recorded when (in force)",
        "    what it changed was not recorded"]))
    assert json.loads(run("--json", "merchant", "rules-history", "m2")[1])["settings"] == []  # the defaults
    assert run("merchant", "rules", "m1", rules_file(tmp_path, "b.toml", "signup_bonus = 900\n"))[0] == 0
    later = json.loads(run("--json", "merchant", "rules-history", "m1")[1])["settings"]
    assert [row["changes"] for row in later] == [None, ["signup_bonus (signup bonus): 800 → 900"]]


def test_terminal_list_shows_the_rules_version_each_till_last_journaled(
        ledger: Ledger, shop: tuple[Till, str], linked: tuple[Till, Syncer, str], tmp_path: Path) -> None:
    till, syncer, _ = linked
    ledger.terminal("m1", "静安店", "T2")  # registered, never synced: no rules known
    run = cli(ledger)
    listed = json.loads(run("--json", "terminal", "list", "--merchant", "m1")[1])
    assert listed["rules_in_force"] == DEFAULTS
    assert {row["terminal"]: row["rules_version"] for row in listed["terminals"]} == {"T1": DEFAULTS, "T2": None}

    assert run("merchant", "rules", "m1", rules_file(tmp_path, "a.toml", "signup_bonus = 800\n"))[0] == 0
    new = json.loads(run("--json", "merchant", "rules-history", "m1")[1])["in_force"]
    listed = json.loads(run("--json", "terminal", "list", "--merchant", "m1")[1])
    assert listed["rules_in_force"] == new and listed["terminals"][0]["rules_version"] == DEFAULTS  # not synced yet
    sync_all(till, syncer)  # pulls the rules and journals taking them
    sync_all(till, syncer)  # sends that entry
    listed = json.loads(run("--json", "terminal", "list", "--merchant", "m1")[1])
    assert {row["terminal"]: row["rules_version"] for row in listed["terminals"]} == {"T1": new, "T2": None}
    text = run("terminal", "list", "--merchant", "m1")[1].splitlines()
    assert text[1].split()[-2:] == ["Rules", "Conflicts"]
    assert text[2].split()[-2:] == [new, "none"] and text[3].split()[-2:] == ["-", "none"]
    assert text[-1] == (f"Rules: the version of the rules the till last journaled taking; m1's in force are {new} "
                        "(jifen-ledger merchant rules-history m1).")
