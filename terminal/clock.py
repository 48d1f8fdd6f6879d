"""The one clock: the real time, or the instant fixed by $JIFEN_NOW for tests, demos and training."""

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from terminal.errors import Refused

FIRST_YEAR, LAST_YEAR = 1970, 2999


def parse_instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise Refused(
            "bad_input",
            f"'{text}' is not an ISO 8601 time with an offset, like 2026-03-01T10:00:00+08:00",
            f"“{text}”不是带时区偏移的 ISO 8601 时间，例如 2026-03-01T10:00:00+08:00",
        )
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:  # 9999-12-31T23:00-12:00 would overflow in UTC
        raise Refused(
            "bad_input",
            f"'{text}' is out of range: give a time from {FIRST_YEAR} to {LAST_YEAR}",
            f"“{text}”超出范围：请给出 {FIRST_YEAR} 年到 {LAST_YEAR} 年之间的时间",
        )
    return moment.astimezone(UTC)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refused(
            "bad_input", f"unknown time zone '{name}'", f"未知时区“{name}”"
        ) from None


def same_days(name: str, other: str) -> bool:
    """Whether two time zones put every moment of recent and coming years on the same date: one zone
    under two names (PRC, Asia/Shanghai) is one. Zones are compared by their offsets every 6 hours."""
    if name == other:
        return True
    try:
        first, second = ZoneInfo(name), ZoneInfo(other)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    start = datetime(datetime.now(UTC).year - 1, 1, 1, tzinfo=UTC)
    moments = (start + timedelta(hours=6 * step) for step in range(4 * 366 * 6))
    return all(moment.astimezone(first).utcoffset() == moment.astimezone(second).utcoffset() for moment in moments)


@dataclass(frozen=True)
class Clock:
    """``fixed`` pins now; otherwise the system clock is read each time, ``shift`` from the real time (tests: a
    computer whose clock is wrong, beside a ledger that keeps the real time)."""

    fixed: datetime | None = None
    shift: timedelta = timedelta()

    @classmethod
    def from_env(cls) -> "Clock":
        text = os.environ.get("JIFEN_NOW")
        try:
            return cls(parse_instant(text)) if text else cls()
        except Refused as bad:  # say where the time came from: no argument names it
            raise Refused(bad.code, f"$JIFEN_NOW: {bad.en}", f"$JIFEN_NOW：{bad.zh}") from None

    def now(self) -> datetime:
        return self.fixed if self.fixed is not None else datetime.now(UTC) + self.shift

    def today(self, tz: ZoneInfo) -> date:
        """The business date in the store's time zone."""
        return self.now().astimezone(tz).date()
