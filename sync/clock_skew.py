"""A till whose clock is wrong dates its sales wrongly, and the ledger takes them so. The ledger's clock (the
Date of its answers) shows it: each sync compares, and what it found is kept next to the store, for
`jifen sync --status` and the app's status bar. A file, not the store: a warning needs no new schema.

A clock fixed by $JIFEN_NOW (tests, demos, training) is off on purpose, and the computer's is not read at all:
no warning then. The ledger's Date is its computer's time whatever its own $JIFEN_NOW says."""

import os
from datetime import datetime, timedelta
from pathlib import Path

from sync.client import LedgerClient
from terminal.cli.text import many
from terminal.lang import say

CLOCK_FILE = "ledger-clock.txt"  # how many seconds this till's clock was ahead of the ledger's at the last sync
TOLERANCE = timedelta(minutes=5)
_UNITS = (("day", "天", 86400), ("hour", "小时", 3600), ("minute", "分钟", 60))


def seconds_ahead(mine: datetime, ledger: datetime | None) -> int | None:
    """How far this till's clock is ahead of the ledger's (negative: behind); None within the tolerance, or when
    the ledger did not say."""
    if ledger is None or abs(mine - ledger) <= TOLERANCE:
        return None
    return round((mine - ledger).total_seconds())


def keep(root: Path, ahead: int | None) -> None:
    path = root / CLOCK_FILE
    if ahead is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(f"{ahead}\n", encoding="ascii")


def _fixed() -> bool:
    return bool(os.environ.get("JIFEN_NOW"))


def kept(root: Path) -> int | None:
    if _fixed():
        return None
    try:
        return int((root / CLOCK_FILE).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None


def advice(ahead: int) -> str:
    """``This till's clock is 1 day ahead of the ledger's: correct the computer's date and time``."""
    off = abs(ahead)
    unit, zh, seconds = next((u for u in _UNITS if off >= u[2]), _UNITS[-1])
    count = round(off / seconds)
    return say(f"This till's clock is {many(count, unit, unit + 's')} {'ahead of' if ahead > 0 else 'behind'} the "
               "ledger's: correct the computer's date and time",
               f"本机时钟比总账{'快' if ahead > 0 else '慢'} {count} {zh}：请校正电脑的日期和时间")


def note(root: Path, mine: datetime, client: LedgerClient) -> None:
    """After a sync, what the ledger's answers said of this till's clock; nothing new when none came."""
    ledger, client.ledger_time = client.ledger_time, None
    if ledger is not None and not _fixed():
        keep(root, seconds_ahead(mine, ledger))
