"""A terminal and its ledger count expired points on the same day, the day after their last, whichever of them
records the expiry first and however late: `report day` on both says the same of points expired and of what members
held at the end of each day. Through `jifen` as a shop runs it, synced over TCP to a ledger on SQLite."""

import json

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, ledger_cli

ZHANG, LI = "13800138000", "13900139000"
DAYS = ("2027-12-31", "2028-01-01", "2028-01-02", "2028-01-03")
AGREED = {"2027-12-31": (0, 1100), "2028-01-01": (1100, 0), "2028-01-02": (0, 0), "2028-01-03": (0, 0)}


@pytest.fixture
def synced(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> str:
    """张三 holds 600 points and 李四 500, expiring after 2027-12-31, and the ledger has them. Returns the ledger's
    database URL."""
    ledger, url = ledger_url
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": ledger.terminal("m1", "静安店", "T1")})
    jifen.member(ZHANG)
    jifen.member(LI)
    jifen.ok("sale", "--member", ZHANG, "--line", "general:200", by="amy")
    assert jifen.ok("sync")["pending"] == 0
    return ledger.engine.url.render_as_string(hide_password=False)


def ledger_expire(url: str, when: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("JIFEN_NOW", when)
    status, said = ledger_cli(url)("expire")
    assert status == 0, said
    return said


def both_days(jifen: Jifen, url: str) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    terminal, ledger = {}, {}
    for day in DAYS:
        mine = jifen.ok("report", "day", "--date", day)
        terminal[day] = (mine["points_expired"], mine["liability_points"])
        status, text = ledger_cli(url)("--json", "report", "day", "--merchant", "m1", "--date", day)
        assert status == 0, text
        theirs = json.loads(text)
        ledger[day] = (theirs["points_expired"], theirs["liability_points"])
    return terminal, ledger


def test_the_terminal_expiring_on_3_january_counts_on_1_january_as_the_ledger(
        jifen: Jifen, synced: str, monkeypatch: pytest.MonkeyPatch) -> None:
    jifen.now = "2028-01-03T10:00:00+08:00"
    assert jifen.ok("expire") == {"expired_points": 1100, "members": 2}
    assert jifen.ok("sync")["pending"] == 0
    assert ledger_expire(synced, "2028-01-03T10:30:00+08:00", monkeypatch).startswith("expired 1,100 points of 2")
    assert both_days(jifen, synced) == (AGREED, AGREED)


def test_a_sync_after_the_ledger_expired_the_points_records_them_here_first(
        jifen: Jifen, synced: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger's view of a member holds live lots only: the terminal records what ran out before it takes it."""
    ledger_expire(synced, "2028-01-02T01:00:00+08:00", monkeypatch)
    jifen.now = "2028-01-03T10:00:00+08:00"
    assert jifen.ok("sync")["pending"] == 0
    assert jifen.balance(ZHANG) == 0
    assert both_days(jifen, synced) == (AGREED, AGREED)
