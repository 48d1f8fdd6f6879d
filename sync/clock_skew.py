"""A till whose clock is wrong dates its sales wrongly, and the ledger takes them so. The ledger's clock (the
Date of its answers) shows it: each sync compares, first on the answer to its first request and again at its
end, and what it found is kept next to the store (terminal.clock_check.CLOCK_FILE), for `jifen sync --status`,
the app's status bar, and the writes a clock more than a day off stops (terminal.clock_check).

A clock fixed on purpose ($JIFEN_NOW: tests, demos, training) is off on purpose, and the computer's is not read at
all: no warning then. The ledger's Date is its computer's time whatever its own $JIFEN_NOW says."""

from datetime import datetime
from pathlib import Path

from sync.client import LedgerClient
from terminal import clock_check
from terminal.clock import Clock
from terminal.clock_check import CLOCK_FILE
from terminal.errors import Refused
from terminal.lang import say

__all__ = ["CLOCK_FILE", "advice", "kept", "measure", "note", "seconds_ahead", "too_far"]

TOLERANCE = clock_check.SLACK


def seconds_ahead(mine: datetime, ledger: datetime | None) -> int | None:
    """How far this till's clock is ahead of the ledger's (negative: behind); None within the tolerance, or when
    the ledger did not say."""
    if ledger is None or abs(mine - ledger) <= TOLERANCE:
        return None
    return round((mine - ledger).total_seconds())


def kept(root: Path, clock: Clock) -> int | None:
    if clock.fixed is not None:
        return None
    found = clock_check.kept(root)
    return None if found is None else found.ahead


def advice(ahead: int) -> str:
    """``This till's clock is 1 day ahead of the ledger's: correct the computer's date and time``."""
    return say(*clock_check.advice_words(ahead))


def too_far(ahead: int) -> Refused:
    en, zh = clock_check.advice_words(ahead)
    return Refused("bad_input", f"{en}, then sync again: nothing was sent to the ledger or taken from it",
                   f"{zh}，然后再同步：未向总账发送任何记录，也未从总账取回任何数据")


def measure(root: Path, clock: Clock, client: LedgerClient) -> tuple[int | None, int | None]:
    """Compare this till's clock with the Date of the ledger's last answer and keep what was found: (what the sync
    before found, what this one finds), seconds ahead, None when right or not known. Nothing is measured on a fixed
    clock, nor when no answer came."""
    ledger, client.ledger_time = client.ledger_time, None
    if ledger is None or clock.fixed is not None:
        return None, None
    before, mine = clock_check.kept(root), clock.now()
    ahead = seconds_ahead(mine, ledger)
    clock_check.keep(root, ahead, mine)
    return (None if before is None else before.ahead), ahead


def note(root: Path, clock: Clock, client: LedgerClient) -> None:
    """After a sync, what the ledger's answers said of this till's clock; nothing new when none came."""
    measure(root, clock, client)
