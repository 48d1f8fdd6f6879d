"""Lockouts go by the computer's own clock, never by $JIFEN_NOW or a test's moved clock: when one a test set off
may end, as the store shows it, and ending one by the real clock without waiting five minutes."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from terminal.journal import format_instant

LOCKOUT = timedelta(minutes=5)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def real_now() -> datetime:
    return datetime.now(UTC)


def lock_ends(began_after: datetime, began_before: datetime) -> list[datetime]:
    """Each whole second (UTC) a lockout set off between the two real times may end at."""
    first = (began_after + LOCKOUT).replace(microsecond=0)
    last = began_before + LOCKOUT
    return [first + timedelta(seconds=n) for n in range(int((last - first).total_seconds()) + 1)]


def shown(ends: list[datetime], form: str = "%H:%M:%S") -> set[str]:
    """How the store (Shanghai) shows those ends."""
    return {end.astimezone(SHANGHAI).strftime(form) for end in ends}


def stored_end(db: Path, name: str) -> datetime | None:
    """The end of ``name``'s lockout as the store holds it, to the whole second (as ``lock_ends`` gives them)."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT locked_until FROM cashiers WHERE name = ?", (name,)).fetchone()
    finally:
        conn.close()
    return None if row is None or row[0] is None else datetime.fromisoformat(row[0]).replace(microsecond=0)


def end_lockout(db: Path, name: str) -> None:
    """Put the end of ``name``'s lockout a second behind the real clock, as if its five minutes had passed."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("UPDATE cashiers SET locked_until = ? WHERE name = ? AND locked_until IS NOT NULL",
                         (format_instant(real_now() - timedelta(seconds=1)), name))
    finally:
        conn.close()
