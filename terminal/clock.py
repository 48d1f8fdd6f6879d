"""The one clock: the real time, or the instant fixed by $JIFEN_NOW for tests, demos and training."""

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

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


# Files in the zone folder that load as zones but name no place: "localtime" is whatever the machine is set to
# (often UTC on a server), "posixrules" a default for rules, "Factory" no zone at all.
NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) - NOT_PLACES


def is_zone_name(name: str) -> bool:
    """Whether a store or merchant may be given this zone: an IANA name of a place, like Asia/Shanghai."""
    return name in _zone_names()


def new_zone(name: str) -> ZoneInfo:
    """The zone for a new store. A zone already stored is read with ``zone``, which takes any name it took."""
    if name in NOT_PLACES:
        raise Refused("bad_input", f"'{name}' is not a place's time zone but this computer's setting (or none): "
                      "give the store's zone, like Asia/Shanghai",
                      f"“{name}”不是某地的时区，而是本机的设置（或无时区）：请填写门店所在时区，例如 Asia/Shanghai")
    if not is_zone_name(name):
        raise Refused("bad_input", f"unknown time zone '{name}': give one like Asia/Shanghai",
                      f"未知时区“{name}”：请填写时区名，例如 Asia/Shanghai")
    return zone(name)


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
