"""Points held in lots: granted with an expiry, spent soonest-expiring first, taken back into debt.

Lots are read and written with Core statements built once: every sale touches them, and the
ORM's unit of work costs more than the writes themselves.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import CursorResult, bindparam, select
from sqlalchemy.orm import Session

from terminal.models import Lot, Member, table_of

_LOTS = table_of(Lot)
_COLUMNS = (_LOTS.c.id, _LOTS.c.member_id, _LOTS.c.expires_on, _LOTS.c.remaining, _LOTS.c.seq)
_HOLDING = select(*_COLUMNS).where(_LOTS.c.member_id == bindparam("member"), _LOTS.c.remaining > 0).order_by(
    _LOTS.c.expires_on, _LOTS.c.id)
_DUE = select(*_COLUMNS).where(_LOTS.c.remaining > 0, _LOTS.c.expires_on < bindparam("today")).order_by(
    _LOTS.c.member_id, _LOTS.c.id)
_DUE_HERE = _DUE.where(_LOTS.c.seq != 0)
UNKNOWN_ENTRY = -1  # the seq of a lot granted here by an entry untold (a ledger that does not say who granted it)
_SET_REMAINING = _LOTS.update().where(_LOTS.c.id == bindparam("lot")).values(remaining=bindparam("left"))
_OF_MEMBERS = _LOTS.c.member_id.in_(bindparam("members", expanding=True))
_GRANTED_HERE = select(_LOTS.c.member_id, _LOTS.c.expires_on, _LOTS.c.remaining, _LOTS.c.seq).where(
    _OF_MEMBERS, _LOTS.c.remaining > 0, _LOTS.c.seq != 0).order_by(_LOTS.c.id)


@dataclass
class HeldLot:
    """A lot that still holds points; ``seq`` is the journal entry that granted them."""

    id: int
    member_id: str
    expires_on: date
    remaining: int
    seq: int


@dataclass
class MemberLots:
    """A member's lots that still hold points: those past their date, and the live ones in spending order."""

    due: list[HeldLot]
    live: list[HeldLot]

    @property
    def held(self) -> int:
        return sum(lot.remaining for lot in self.live)


def member_lots(session: Session, member_id: str, today: date) -> MemberLots:
    held = [HeldLot(*row) for row in session.execute(_HOLDING, {"member": member_id})]
    return MemberLots([lot for lot in held if lot.expires_on < today], [lot for lot in held if lot.expires_on >= today])


def due_lots(session: Session, today: date, granted_here_only: bool = False) -> list[HeldLot]:
    """Lots past their date that still hold points; ``granted_here_only``: those this store's own entries granted
    (``seq`` 0: a lot from the ledger's view of a member that was granted elsewhere, see take_over)."""
    return [HeldLot(*row) for row in session.execute(_DUE_HERE if granted_here_only else _DUE, {"today": today})]


def grant(session: Session, member: Member, points: int, today: date, expires_on: date, seq: int) -> HeldLot | None:
    """Add points; a debt is paid off first, the rest becomes a lot."""
    settle = min(points, member.debt_points)
    if settle:
        member.debt_points -= settle
    if points == settle:
        return None
    rest = points - settle
    result = cast(CursorResult[tuple[()]], session.execute(_LOTS.insert(), {
        "member_id": member.id, "granted_on": today, "expires_on": expires_on, "points": rest, "remaining": rest, "seq": seq}))
    return HeldLot(result.lastrowid, member.id, expires_on, rest, seq)


def spend(session: Session, lots: list[HeldLot], points: int) -> list[tuple[date, int]]:
    """Take points from lots in the order given (soonest expiry first); returns what was taken at each
    expiry, in that order."""
    spent: list[tuple[date, int]] = []
    changed = []
    for lot in lots:
        if points == 0:
            break
        take = min(lot.remaining, points)
        if take:
            lot.remaining -= take
            points -= take
            spent.append((lot.expires_on, take))
            changed.append({"lot": lot.id, "left": lot.remaining})
    if points:
        raise ValueError("spend() called for more points than the lots hold")
    if changed:
        session.execute(_SET_REMAINING, changed)
    return spent


def latest_of(spent: list[tuple[date, int]]) -> date | None:
    return max((expires_on for expires_on, _ in spent), default=None)


def take_back(session: Session, member: Member, live: list[HeldLot], points: int, granted_by: int) -> int:
    """Remove points, first from the lot entry ``granted_by`` made, then soonest-expiring;
    what is missing becomes debt (returned)."""
    ordered = sorted(live, key=lambda lot: (lot.seq != granted_by, lot.expires_on))
    held = sum(lot.remaining for lot in ordered)
    spend(session, ordered, min(points, held))
    debt = max(0, points - held)
    if debt:
        member.debt_points += debt
    return debt


def take_over(session: Session, today: date, held: dict[str, list[tuple[int, str, int | None]]]) -> None:
    """Replace members' lots with the ledger's (points, expires_on, seq). The ledger says which terminal's entry
    granted each lot: one of this terminal's keeps that entry's seq (its to expire, terminal.services.expiry; a
    refund takes back first from its sale's own lot, as the ledger does), any other gets 0, whatever this store's
    own lots held: its points may have been spent elsewhere, and the lots left be another store's.

    A ledger that does not say (no seq for any of a member's lots) gets the guess made before ledgers said: a lot
    holding what a lot granted here holds, at the same date, keeps that entry; of the others, as many points at a
    date as the lots granted here held there stay this store's (UNKNOWN_ENTRY); the rest came from elsewhere."""
    untold = {member_id for member_id, member_lots in held.items() if all(seq is None for _, _, seq in member_lots)}
    granted: dict[tuple[str, date, int], list[int]] = {}
    here: dict[tuple[str, date], int] = {}  # points of the lots granted here, by member and date
    if untold:
        for member_id, expires_on, remaining, seq in session.execute(_GRANTED_HERE, {"members": list(untold)}):
            granted.setdefault((member_id, expires_on, remaining), []).append(seq)
            here[member_id, expires_on] = here.get((member_id, expires_on), 0) + remaining
    session.execute(_LOTS.delete().where(_OF_MEMBERS), {"members": list(held)})
    rows = []
    for member_id, member_lots in held.items():
        taken = [(points, date.fromisoformat(expires), told) for points, expires, told in member_lots]
        seqs = [told if member_id not in untold else _same_lot(granted, here, member_id, expires_on, points)
                for points, expires_on, told in taken]
        for (points, expires_on, _), seq in zip(taken, seqs, strict=True):
            if member_id in untold and seq is None and points <= here.get((member_id, expires_on), 0):
                seq, here[member_id, expires_on] = UNKNOWN_ENTRY, here[member_id, expires_on] - points
            rows.append({"member_id": member_id, "granted_on": today, "expires_on": expires_on, "points": points,
                         "remaining": points, "seq": seq or 0})
    if rows:
        session.execute(_LOTS.insert(), rows)


def _same_lot(granted: dict[tuple[str, date, int], list[int]], here: dict[tuple[str, date], int], member_id: str,
              expires_on: date, points: int) -> int | None:
    """The entry of a lot granted here that holds what the ledger's lot holds, at its date; None when none does."""
    seqs = granted.get((member_id, expires_on, points))
    if not seqs:
        return None
    here[member_id, expires_on] -= points
    return seqs.pop(0)


@dataclass(frozen=True)
class Expired:
    member_id: str
    points: int
    lots: list[dict[str, object]]


def empty_lots(session: Session, lots: list[HeldLot]) -> list[Expired]:
    """Empty lots that are past their date; one result per member, for the journal."""
    by_member: dict[str, list[HeldLot]] = {}
    for lot in lots:
        by_member.setdefault(lot.member_id, []).append(lot)
    results = []
    for member_id, own in by_member.items():
        detail = [{"lot": lot.id, "points": lot.remaining, "expires_on": lot.expires_on.isoformat()} for lot in own]
        results.append(Expired(member_id, sum(lot.remaining for lot in own), detail))
    if lots:
        session.execute(_SET_REMAINING, [{"lot": lot.id, "left": 0} for lot in lots])
        for lot in lots:
            lot.remaining = 0
    return results
