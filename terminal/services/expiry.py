"""Expiry: lots past their date leave the balance as recorded, reported entries, never silently.

Expired points are dated the day they expired, however late the run that records them (as at the ledger,
ledger.book.LotState.expiry_day): a run on 3 January counts the year's points on 1 January.

A terminal connected to a ledger records the expiry of the points its own entries granted only: the ledger's view of
a member says which terminal's entry granted each lot (lots.take_over). The others (``seq`` 0) are a copy of points
granted elsewhere, maybe spent elsewhere since: the ledger expires them and counts them expired, and a pull replaces
them. Past their date they are out of the balance here all the same (lots.member_lots)."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal import lots
from terminal.journal import Who
from terminal.models import LedgerLink, Lot
from terminal.money import MAX_POINTS
from terminal.services.common import record
from terminal.shop import Shop
from terminal.uow import UnitOfWork

_CHUNK = 500  # lot ids per query, well below SQLite's limit on parameters


@dataclass(frozen=True)
class ExpiryRun:
    expired_points: int
    members: int
    more: bool = False  # a run limited to some members: others' lots are still due, for the next run


def expiry_day(expires_on: date, granted_on: date) -> date:
    """The day a lot's points expired: the day after their last, or the day a refund gave them back if that was
    later (they came back expired). A lot taken from the ledger was live the day it was taken."""
    return max(expires_on + timedelta(days=1), granted_on)


def _granted_on(session: Session, due: list[lots.HeldLot]) -> dict[int, date]:
    ids = [lot.id for lot in due]
    return {lot_id: granted for start in range(0, len(ids), _CHUNK) for lot_id, granted in session.execute(
        select(Lot.id, Lot.granted_on).where(Lot.id.in_(ids[start:start + _CHUNK])))}


def _by_day(session: Session, due: list[lots.HeldLot]) -> dict[date, list[lots.HeldLot]]:
    granted = _granted_on(session, due)
    days: dict[date, list[lots.HeldLot]] = {}
    for lot in due:
        days.setdefault(expiry_day(lot.expires_on, granted[lot.id]), []).append(lot)
    return dict(sorted(days.items()))


def _points(lot: dict[str, object]) -> int:
    return cast(int, lot["points"])


def in_entries(emptied: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    """A member's lots emptied on a day, in parts of at most MAX_POINTS points, one journal entry each (what the
    ledger takes in one entry): a lot bigger than what is left of a part goes on into the next."""
    parts: list[list[dict[str, object]]] = [[]]
    room = MAX_POINTS
    for lot in emptied:
        left = _points(lot)
        while left:
            if room == 0:
                parts.append([])
                room = MAX_POINTS
            take = min(left, room)
            parts[-1].append(lot | {"points": take})
            left, room = left - take, room - take
    return [part for part in parts if part]


def record_expiry(session: Session, shop: Shop, who: Who, due: list[lots.HeldLot]) -> list[lots.Expired]:
    """Empty the lots given (past their date): journal entries per member and day they expired, dated that day, one
    unless they hold more points than one entry may (in_entries)."""
    results = []
    for day, lots_of_day in _by_day(session, due).items():
        for expired in lots.empty_lots(session, lots_of_day):
            for part in in_entries(expired.lots):
                points = sum(_points(lot) for lot in part)
                record(session, shop, "expire", who, {"member_id": expired.member_id, "points": points, "lots": part},
                       points_delta=-points, business_date=day)
            results.append(expired)
    return results


def granted_here_only(session: Session) -> bool:
    """Whether only the lots this store's entries granted are its to expire: it is connected to a ledger."""
    return session.get(LedgerLink, 1) is not None


def unrecorded_expiry(session: Session, first: date, last: date) -> int:
    """Points that expired from ``first`` to ``last`` but are still held, no expiry run having recorded them yet:
    a day's figures count them as the run will."""
    return sum(points for day, points in unrecorded_expiry_by_day(session, last).items() if first <= day)


def unrecorded_expiry_by_day(session: Session, last: date) -> dict[date, int]:
    """``unrecorded_expiry`` by the day the points expired, of each day by ``last`` that had any."""
    query = select(Lot.expires_on, Lot.granted_on, Lot.remaining).where(Lot.remaining > 0, Lot.expires_on < last)
    by_day: dict[date, int] = {}
    for expires_on, granted_on, remaining in session.execute(
            query.where(Lot.seq != 0) if granted_here_only(session) else query):
        day = expiry_day(expires_on, granted_on)
        if day <= last:
            by_day[day] = by_day.get(day, 0) + remaining
    return by_day


def live_lots_after_expiry(session: Session, shop: Shop, member_id: str) -> lots.MemberLots:
    """Before any change to a member's points: record what ran out, so the arithmetic sees only live lots."""
    held = lots.member_lots(session, member_id, shop.today())
    if held.due:
        here = granted_here_only(session)
        record_expiry(session, shop, Who(None), [lot for lot in held.due if lot.seq or not here])
        held.due = []
    return held


def _due_of_first(session: Session, today: date, here: bool, limit: int) -> tuple[list[lots.HeldLot], bool]:
    """The due lots of the first ``limit`` members holding any (read by member, not all of them), and whether
    other members' are due."""
    due = (Lot.remaining > 0, Lot.expires_on < today, *((Lot.seq != 0,) if here else ()))
    members = session.scalars(select(Lot.member_id).where(*due).distinct().order_by(Lot.member_id)
                              .limit(limit + 1)).all()
    rows = session.execute(select(Lot.id, Lot.member_id, Lot.expires_on, Lot.remaining, Lot.seq)
                           .where(*due, Lot.member_id.in_(members[:limit])).order_by(Lot.member_id, Lot.id))
    return [lots.HeldLot(*row) for row in rows], len(members) > limit


EXPIRY_MEMBERS = 200  # members whose lots one transaction expires (~0.1 s): a login or a sale waits for one part at most


def expire_due(session: Session, shop: Shop, who: Who, limit: int | None = None) -> ExpiryRun:
    """Record every lot due by today, in the caller's transaction; with ``limit``, those of that many members at
    most (all of each one's), saying whether more are due: the rest count as expired all the same
    (unrecorded_expiry) and are recorded by the next run."""
    here = granted_here_only(session)
    due, more = (lots.due_lots(session, shop.today(), here), False) if limit is None else \
        _due_of_first(session, shop.today(), here, limit)
    results = record_expiry(session, shop, who, due)
    return ExpiryRun(sum(r.points for r in results), len({r.member_id for r in results}), more)


def expire_points(uow: UnitOfWork, shop: Shop, who: Who, limit: int | None = None) -> ExpiryRun:
    """Record the lots due by today, in one transaction; with ``limit``, those of that many members at most (each
    part its own transaction: work waiting for the store runs in between), ``more`` saying whether to run again."""
    with uow:
        run = expire_due(uow.session, shop, who, limit)
        uow.commit()
    return run
