"""No entry is written on a computer clock known to be wrong: an entry dated wrongly dates its points' expiry
wrongly, here and at the ledger, and the journal keeps it for good.

Two ways to know: the date is before the store's first entry (a dead CMOS battery sends a clock years back),
or the last sync found this till's clock more than a day off the ledger's (sync/clock_skew.py keeps what it
found in CLOCK_FILE, next to the store). The second holds only while this clock still reads within a day after
the reading it had then: a clock set back, or forward by more than a day, was corrected (or is off otherwise,
and the next sync measures again), so writing is not stopped for good with the link down.

A clock fixed on purpose ($JIFEN_NOW: tests, demos, training) is never checked."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal.errors import Refused
from terminal.models import JournalEntry
from terminal.shop import Shop

CLOCK_FILE = "ledger-clock.txt"  # seconds this till's clock was ahead of the ledger's at the last sync, and its reading
DAY = timedelta(days=1)
# A measurement over the network is off by up to the time an answer takes; a clock a day off plus that is a day off.
SLACK = timedelta(minutes=5)
_UNITS = (("day", "天", 86400), ("hour", "小时", 3600), ("minute", "分钟", 60))


@dataclass(frozen=True)
class Measured:
    ahead: int  # seconds this till's clock was ahead of the ledger's (negative: behind)
    reading: datetime | None  # this till's clock then (None: kept by an older jifen)


def far_off(ahead: int) -> bool:
    """Too far off to record or sync: more than a day."""
    return abs(ahead) > (DAY + SLACK).total_seconds()


def kept(root: Path) -> Measured | None:
    try:
        words = (root / CLOCK_FILE).read_text(encoding="ascii").split()
        return Measured(int(words[0]), datetime.fromisoformat(words[1]) if len(words) > 1 else None)
    except (OSError, ValueError, IndexError):
        return None


def keep(root: Path, ahead: int | None, reading: datetime) -> None:
    path = root / CLOCK_FILE
    if ahead is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(f"{ahead} {reading.isoformat()}\n", encoding="ascii")


def _nearest(off: int, unit: int) -> int:
    """round(off / unit) without a float: the nearest whole number of units, a half to the even one."""
    whole, rest = divmod(off, unit)
    return whole + int(2 * rest > unit or (2 * rest == unit and whole % 2 == 1))


def advice_words(ahead: int) -> tuple[str, str]:
    """``This till's clock is 1 day ahead of the ledger's: correct the computer's date and time``, and in Chinese."""
    off = abs(ahead)
    unit, zh, seconds = next((u for u in _UNITS if off >= u[2]), _UNITS[-1])
    count = _nearest(off, seconds)
    return (f"This till's clock is {count:,} {unit if count == 1 else unit + 's'} "
            f"{'ahead of' if ahead > 0 else 'behind'} the ledger's: correct the computer's date and time",
            f"本机时钟比总账{'快' if ahead > 0 else '慢'} {count} {zh}：请校正电脑的日期和时间")


def _folder(session: Session) -> Path | None:
    """The store's folder: the one its database file is in (Home.db)."""
    database = session.get_bind().engine.url.database
    return Path(database).parent if database and database != ":memory:" else None


def _opened_on(session: Session) -> date | None:
    first = session.scalar(select(JournalEntry.business_date).order_by(JournalEntry.seq).limit(1))
    return None if first is None else date.fromisoformat(first)


def check(session: Session, shop: Shop) -> None:
    """Refuse to write on a clock known to be wrong. Once per unit of work: its entries are written together."""
    if shop.clock.fixed is not None or session.info.get("clock_checked"):
        return
    now, today, opened = shop.now(), shop.today(), _opened_on(session)
    if opened is not None and today < opened:
        raise Refused("bad_input", f"The computer's date {today} is before this store opened ({opened}): correct the "
                                   "computer's date and time; nothing was recorded",
                      f"电脑的日期 {today} 早于本店开业日期（{opened}）：请校正电脑的日期和时间；未做任何记录")
    folder = _folder(session)
    found = kept(folder) if folder is not None else None
    if found is not None and found.reading is not None and far_off(found.ahead) \
            and found.reading <= now < found.reading + DAY:
        en, zh = advice_words(found.ahead)
        raise Refused("bad_input", f"{en}, then sync again; nothing was recorded",
                      f"{zh}，然后再同步；未做任何记录")
    session.info["clock_checked"] = True
