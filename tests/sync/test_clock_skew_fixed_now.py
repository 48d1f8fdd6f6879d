"""$JIFEN_NOW fixes "now" for every part of the program: a till whose clock is fixed on purpose is never told to
correct the computer's clock, though the ledger's answers carry the real time."""

from sync.clock_skew import CLOCK_FILE
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger

FIXED = "2026-03-01T10:00:00+08:00"  # months away from the ledger computer's clock


def _connected(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    ledger, url = ledger_url
    token = ledger.terminal("m1", "静安店", "T1")
    jifen.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})


def test_a_till_on_a_fixed_clock_syncs_without_a_clock_warning(jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    jifen.now = FIXED
    _connected(jifen, ledger_url)
    jifen.ok("sale", "--line", "general:10", by="amy")
    run = jifen("sync")
    assert run.status == 0 and "0 entries pending" in run.out and "clock" not in run.out
    assert jifen.ok("sync")["clock_ahead_seconds"] is None
    assert "clock" not in jifen("sync", "--status").out


def test_a_warning_found_on_the_computers_clock_is_not_shown_while_the_clock_is_fixed(
        jifen: Jifen, ledger_url: tuple[Ledger, str]) -> None:
    _connected(jifen, ledger_url)
    (jifen.home / CLOCK_FILE).write_text(f"{-267 * 86400}\n", encoding="ascii")  # a sync on the computer's clock
    jifen.now = None
    assert "267 days behind" in jifen("sync", "--status").out
    jifen.now = FIXED
    assert jifen.ok("sync", "--status")["clock_ahead_seconds"] is None
    assert "clock" not in jifen("sync", "--status").out
