"""jifen.log as the vendor's support line reads it: a crash record names the version, the till and the command run
(its secrets masked), every time carries its UTC offset, a failed `jifen sync` leaves a line saying why, and a
normal command writes nothing."""

import re
from pathlib import Path

from terminal.logfile import masked_command
from terminal.version import running_version
from tests.helpers.cli import Jifen
from tests.helpers.linked_tills import connect_to_a_ledger_since_gone

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")


def _log(jifen: Jifen) -> str:
    return (jifen.home / "jifen.log").read_text(encoding="utf-8")


def _crash(jifen: Jifen) -> str:
    """A member add that fails unexpectedly (the store refuses the insert); the log's crash record."""
    jifen.query("CREATE TRIGGER boom BEFORE INSERT ON members BEGIN SELECT RAISE(ABORT, 'simulated'); END")
    run = jifen("member", "add", "--phone", "13011112222", "--name", "孙八", by="amy")
    assert run.status == 1, str(run)
    return next(line for line in _log(jifen).splitlines() if "unexpected failure" in line)


def test_a_crash_record_names_the_version_the_till_and_the_command_masked(jifen: Jifen) -> None:
    line = _crash(jifen)
    assert f"jifen {running_version()}" in line
    assert "store 静安店, terminal T1" in line and "merchant " in line
    assert "command: jifen member add --phone 130****2222 --name *** --cashier amy" in line
    assert "13011112222" not in _log(jifen) and "孙八" not in _log(jifen)


def test_every_log_line_carries_its_utc_offset(jifen: Jifen) -> None:
    _crash(jifen)
    stamped = [line for line in _log(jifen).splitlines() if " jifen" in line and ": " in line[:80]]
    assert stamped and all(STAMP.match(line) for line in stamped), stamped


def test_a_token_given_on_the_command_line_is_masked() -> None:
    assert masked_command(["connect", "--token", "jt_secret", "--token=jt_other", "13800138000"]) == \
        "jifen connect --token *** --token=*** 138****8000"


def test_a_normal_command_writes_no_log(jifen: Jifen) -> None:
    jifen.member("13800138000")
    jifen.ok("sale", "--line", "general:10", by="amy")
    jifen.ok("report", "day")
    assert not (jifen.home / "jifen.log").exists()


def test_a_failed_sync_leaves_one_warning_saying_why(jifen: Jifen, tmp_path: Path) -> None:
    connect_to_a_ledger_since_gone(jifen, tmp_path)
    jifen.ok("sale", "--line", "general:10", by="amy")
    assert jifen("sync").status == 2
    warnings = [line for line in _log(jifen).splitlines() if " WARNING jifen: sync failed" in line]
    assert len(warnings) == 1 and "cannot reach" in warnings[0], _log(jifen)
    jifen.ok("sync", "--status")
    assert _log(jifen).count("sync failed") == 1
