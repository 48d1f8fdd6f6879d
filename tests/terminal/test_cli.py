"""The `jifen` command-line contract (cli.md), part 1: what every command has in common.

Options, the home folder, the clock, exit statuses, refusals, language, and never a traceback.
"""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import JIFEN, Jifen, run_jifen

PHONE = "13800138000"


# --- The common options go before or after the command words ------------------------------------

@pytest.mark.parametrize("argv", [
    ["--json", "member", "show", PHONE],
    ["member", "--json", "show", PHONE],
    ["member", "show", "--json", PHONE],
    ["member", "show", PHONE, "--json"],
], ids=["before", "between", "inside", "after"])
def test_json_is_accepted_anywhere(jifen: Jifen, argv: list[str]) -> None:
    jifen.member(PHONE)
    run = jifen(*argv)
    assert run.status == 0, str(run)
    assert run.json["phone"] == PHONE
    assert run.err == ""


@pytest.mark.parametrize("where", ["before", "after"])
def test_home_is_accepted_before_and_after(jifen: Jifen, where: str) -> None:
    jifen.member(PHONE)
    home = ["--home", str(jifen.home)]
    words = ["member", "show", PHONE, "--json"]
    run = jifen(*(home + words if where == "before" else words + home), env={"JIFEN_HOME": None})
    assert run.status == 0, str(run)
    assert run.json["balance"] == 500


@pytest.mark.parametrize("where", ["before", "after"])
def test_cashier_and_approver_are_accepted_before_and_after(jifen: Jifen, where: str) -> None:
    jifen.member(PHONE)
    sale = jifen.ok("sale", "--member", PHONE, "--line", "general:10", by="amy")
    who = ["--cashier", "amy", "--approver", "max"]
    words = ["refund", sale["sale_id"], "--json"]
    run = jifen(*(who + words if where == "before" else words + who),
                env={"JIFEN_PIN": "1111", "JIFEN_APPROVER_PIN": "2222"})
    assert run.status == 0, str(run)
    assert run.json["refunded_fen"] == 1000
    assert jifen.query("SELECT actor, approver FROM journal WHERE kind = 'refund'") == [("amy", "max")]


def test_an_option_before_and_after_the_command_must_say_the_same(jifen: Jifen, tmp_path: Path) -> None:
    assert jifen.refused("--home", str(tmp_path / "elsewhere"), "journal", "verify", "--home", str(jifen.home)) == "bad_input"
    run = jifen("--home", str(jifen.home), "journal", "verify", "--home", str(jifen.home), "--json")
    assert run.status == 0, str(run)


# --- Where the store lives -----------------------------------------------------------------------

def test_jifen_home_is_used_when_home_is_not_given(jifen: Jifen, tmp_path: Path) -> None:
    other = tmp_path / "other-store"
    shutil.copytree(jifen.home, other)
    jifen.ok("member", "add", "--phone", PHONE, by="amy", env={"JIFEN_HOME": str(other)})
    assert jifen.ok("member", "show", PHONE, env={"JIFEN_HOME": str(other)})["balance"] == 500
    assert jifen.refused("member", "show", PHONE) == "not_found"


def test_home_wins_over_jifen_home(jifen: Jifen, tmp_path: Path) -> None:
    jifen.member(PHONE)
    run = jifen("--home", str(jifen.home), "member", "show", PHONE, "--json",
                env={"JIFEN_HOME": str(tmp_path / "nothing-here")})
    assert run.status == 0, str(run)


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux data folder ($XDG_DATA_HOME/jifen)")
def test_without_either_the_platform_data_folder_is_used(jifen: Jifen, tmp_path: Path) -> None:
    run = jifen("init", "--store", "家里", "--terminal", "T9", "--owner", "boss", "--json",
                env={"JIFEN_HOME": None, "XDG_DATA_HOME": str(tmp_path / "xdg"), "JIFEN_NEW_PIN": "8888"})
    assert run.status == 0, str(run)
    assert (tmp_path / "xdg" / "jifen" / "jifen.db").is_file()


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux data folder ($XDG_DATA_HOME/jifen)")
@pytest.mark.parametrize("xdg", ["", "relative/data"])
def test_an_empty_or_relative_data_folder_setting_is_ignored(jifen: Jifen, tmp_path: Path, xdg: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    run = jifen("init", "--store", "家里", "--terminal", "T9", "--owner", "boss", "--json",
                env={"JIFEN_HOME": None, "XDG_DATA_HOME": xdg, "HOME": str(tmp_path / "user"), "JIFEN_NEW_PIN": "8888"})
    assert run.status == 0, str(run)
    assert (tmp_path / "user" / ".local" / "share" / "jifen" / "jifen.db").is_file()
    assert list((tmp_path / "cwd").iterdir()) == []


def test_a_folder_without_a_store_is_refused(jifen: Jifen, tmp_path: Path) -> None:
    assert jifen.refused("member", "show", PHONE, env={"JIFEN_HOME": str(tmp_path / "empty")}) == "not_initialised"


# --- $JIFEN_NOW fixes the clock; business dates are Shanghai dates ---------------------------------

@pytest.mark.parametrize(("now", "utc", "business_date"), [
    ("2026-03-01T23:30:00+08:00", "2026-03-01T15:30:00", "2026-03-01"),
    ("2026-03-01T16:30:00Z", "2026-03-01T16:30:00", "2026-03-02"),
    ("2026-03-01T15:59:59Z", "2026-03-01T15:59:59", "2026-03-01"),
])
def test_business_date_is_the_shanghai_date(jifen: Jifen, now: str, utc: str, business_date: str) -> None:
    jifen.now = now
    jifen.ok("sale", "--line", "general:10", by="amy")
    day = jifen.ok("report", "day")
    assert (day["date"], day["sales"], day["gross_fen"]) == (business_date, 1, 1000)
    [(at, stored_date)] = jifen.query("SELECT at, business_date FROM journal WHERE kind = 'sale'")
    assert (at[:19], stored_date) == (utc, business_date)


def test_expiry_follows_the_local_date_of_the_grant(jifen: Jifen) -> None:
    jifen.now = "2026-12-31T16:30:00Z"  # already 1 January 2027 in Shanghai
    member = jifen.ok("member", "add", "--phone", PHONE, by="amy")
    assert member["next_expiry"] == {"points": 500, "date": "2028-12-31"}


def test_a_clock_without_an_offset_is_refused(jifen: Jifen) -> None:
    run = jifen("report", "day", env={"JIFEN_NOW": "2026-03-01T10:00:00"})
    assert run.status == 2
    assert "2026-03-01T10:00:00" in run.err and run.out == ""


# --- Exit statuses and refusals ------------------------------------------------------------------

def test_success_exits_0_with_text_on_stdout_only(jifen: Jifen) -> None:
    run = jifen("sale", "--line", "general:199.99", by="amy")
    assert (run.status, run.err) == (0, "")
    assert "¥199.99" in run.out


def test_a_refusal_exits_2_with_one_line_on_stderr_and_nothing_on_stdout(jifen: Jifen) -> None:
    run = jifen("member", "show", "13900139000")
    assert run.status == 2
    assert run.out == ""
    assert run.err == "no member '13900139000'\n"


def test_a_refusal_with_json_is_the_error_object_on_stdout(jifen: Jifen) -> None:
    run = jifen("member", "show", "13900139000", "--json")
    assert run.status == 2
    assert json.loads(run.out) == {"error": "not_found", "message": "no member '13900139000'"}
    assert run.err == ""


@pytest.mark.parametrize("argv", [
    ["sell", "--line", "general:1"],
    ["member"],
    ["sale", "--pay", "bitcoin", "--line", "general:1"],
    ["refund", "T1-1", "--line", "0"],
    ["adjust", PHONE, "--points", "ten", "--reason", "x"],
    ["report", "z", "first"],
], ids=["unknown-command", "missing-action", "bad-choice", "line-0", "points-not-a-number", "z-not-a-number"])
def test_a_malformed_command_line_is_refused_as_bad_input(jifen: Jifen, argv: list[str]) -> None:
    run = jifen(*argv, by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err.count("\n") == 1 and "jifen" in run.err
    assert jifen.refused(*argv, by="amy") == "bad_input"


# --- Language: Chinese under a Chinese locale, English otherwise -----------------------------------

@pytest.mark.parametrize(("locale", "message"), [
    ({"LANG": "zh_CN.UTF-8"}, "找不到会员“13900139000”\n"),
    ({"LANG": "en_US.UTF-8"}, "no member '13900139000'\n"),
    ({}, "no member '13900139000'\n"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "no member '13900139000'\n"),
], ids=["zh", "en", "no-locale", "lc-all-wins"])
def test_a_refusal_speaks_the_users_language(jifen: Jifen, locale: dict[str, str], message: str) -> None:
    run = jifen("member", "show", "13900139000", env=locale)
    assert (run.status, run.err) == (2, message)


def test_human_text_is_chinese_under_a_chinese_locale(jifen: Jifen) -> None:
    run = jifen("sale", "--line", "general:199.99", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert run.status == 0
    assert "合计 ￥199.99" in run.out and "应付" in run.out


# --- Never a traceback ---------------------------------------------------------------------------

def _break(home: Path) -> None:
    """Something the program does not foresee: SQLite cannot open the store, its -wal file is a folder.
    (A damaged store is a refusal: see test_cli_damaged.py.)"""
    (home / "jifen.db-wal").mkdir()


def test_an_unexpected_failure_is_one_line_and_the_details_are_logged(jifen: Jifen) -> None:
    _break(jifen.home)
    run = jifen("member", "show", PHONE)
    assert (run.status, run.out) == (1, "")
    assert run.err.count("\n") == 1
    assert "Traceback" not in run.err
    log = jifen.home / "jifen.log"
    assert str(log) in run.err
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert "unable to open database file" in log.read_text(encoding="utf-8")


def test_an_unexpected_failure_with_json_is_an_internal_error_object(jifen: Jifen) -> None:
    _break(jifen.home)
    run = jifen("member", "show", PHONE, "--json")
    assert run.status == 1
    assert run.json["error"] == "internal"
    assert "jifen.log" in run.json["message"]


# --- The installed console script, in a real process ----------------------------------------------

def test_console_script_success_refusal_and_failure(jifen: Jifen) -> None:
    env = {"JIFEN_HOME": str(jifen.home), "JIFEN_NOW": jifen.now, "JIFEN_PIN": "1111"}

    sale = run_jifen("sale", "--line", "general:199.99", "--cashier", "amy", "--json", env=env)
    assert (sale.returncode, sale.stderr) == (0, "")
    assert json.loads(sale.stdout)["total_fen"] == 19999

    typo = run_jifen("sale", "--line", "general:199.999", "--cashier", "amy", env=env)
    assert (typo.returncode, typo.stdout) == (2, "")
    assert typo.stderr.count("\n") == 1 and "199.999" in typo.stderr

    _break(jifen.home)
    broken = run_jifen("member", "show", PHONE, env=env)
    assert (broken.returncode, broken.stdout) == (1, "")
    assert broken.stderr.count("\n") == 1 and "Traceback" not in broken.stderr


def test_console_script_without_a_pin_on_a_pipe_is_refused_not_hung(jifen: Jifen) -> None:
    run = run_jifen("sale", "--line", "general:1", "--cashier", "amy",
                    env={"JIFEN_HOME": str(jifen.home), "JIFEN_NOW": jifen.now})
    assert (run.returncode, run.stdout) == (2, "")
    assert "JIFEN_PIN" in run.stderr and "Traceback" not in run.stderr


# --- Defects found and fixed: kept as regression tests -----------------------------------------

def test_an_abbreviated_option_is_refused_naming_it(jifen: Jifen) -> None:
    """argparse would take --js for --json (allow_abbrev): a word the contract does not name is refused instead."""
    jifen.member(PHONE)
    run = jifen("member", "show", PHONE, "--js")
    assert (run.status, run.out) == (2, "")
    assert run.err == "jifen: unrecognized arguments: --js (see 'jifen --help')\n"
    run = jifen("member", "show", PHONE, "--js", env={"LANG": "zh_CN.UTF-8"})
    assert (run.status, run.out) == (2, "")
    assert run.err == "jifen：无法识别的参数：--js（见“jifen --help”）\n"
    before = jifen("--jso", "member", "show", PHONE)
    assert (before.status, before.out, before.err) == (2, "", "jifen: unrecognized arguments: --jso (see 'jifen --help')\n")


@pytest.mark.parametrize("argv", [
    ["adjust", PHONE, "--points", "5", "--reason", "\udcff"],
    ["cashier", "add", "\udcff", "--role", "cashier"],
], ids=["reason", "cashier-name"])
def test_undecodable_bytes_in_an_argument_are_refused(jifen: Jifen, argv: list[str]) -> None:
    jifen.member(PHONE)
    run = jifen(*argv, "--json", by="boss", env={"JIFEN_NEW_PIN": "4444"})
    assert (run.status, run.json["error"]) == (2, "bad_input"), str(run)


def test_json_keeps_its_data_on_an_ascii_only_stdout(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> None:
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert jifen("report", "day", "--json").status == 0
    stdout.flush()
    assert json.loads(stdout.buffer.getvalue())["store"] == "静安店"


def test_a_skipped_daily_backup_is_one_warning_in_the_users_language(jifen: Jifen) -> None:
    (jifen.home / "backups").write_text("a file where the backups folder should be", encoding="utf-8")
    run = run_jifen("sale", "--line", "general:1", "--cashier", "amy",
                    env={"JIFEN_HOME": str(jifen.home), "JIFEN_NOW": jifen.now, "JIFEN_PIN": "1111", "LANG": "zh_CN.UTF-8"})
    assert run.returncode == 0
    assert run.stderr.startswith("警告：今日自动备份未完成")
    assert run.stderr.count("\n") == 1, run.stderr


# --- The demo walk-through -------------------------------------------------------------------------

@pytest.mark.slow
def test_the_counter_day_demo_runs_and_shows_the_worked_examples(tmp_path: Path) -> None:
    script = Path(__file__).parents[2] / "scripts" / "counter-day.sh"
    path = f"{JIFEN.parent}{os.pathsep}{os.environ['PATH']}"
    with open(tmp_path / "demo.log", "w", encoding="utf-8") as log:  # as in ./run.sh demo 2>demo.log
        demo = subprocess.run(["bash", str(script)], env={**os.environ, "PATH": path, "JIFEN_HOME": str(tmp_path / "demo")},
                              stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8", timeout=300, check=False)
    stderr = (tmp_path / "demo.log").read_text(encoding="utf-8")
    assert demo.returncode == 0, stderr
    assert "Traceback" not in stderr
    for shown in ("Points earned: 99", "Points earned: 150", "Referral bonus: 100",
                  "Money back in cash: ¥38.00", "Points restored: 200; points taken back: 19", "(exit status 2)",
                  "Balance: 427 points", "Z1 (2026-03-08", "Journal intact: 18 entries", '"earned_points": 47'):
        assert shown in demo.stdout, shown
    assert stderr.startswith("\033[2m$ jifen init --store 静安店") and "\0" not in stderr  # the whole log, no hole
    assert stderr.count("is not an amount") == 1
