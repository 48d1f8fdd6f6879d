"""Points held in lots: granted with an expiry, spent soonest-expiring first, taken back into debt."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from terminal.models import Lot, Member


@dataclass
class MemberLots:
    """A member's lots that still hold points: those past their date, and the live ones in spending order."""

    due: list[Lot]
    live: list[Lot]

    @property
    def held(self) -> int:
        return sum(lot.remaining for lot in self.live)


_HOLDING = select(Lot).where(Lot.member_id == bindparam("member"), Lot.remaining > 0).order_by(Lot.expires_on, Lot.id)


def member_lots(session: Session, member_id: str, today: date) -> MemberLots:
    lots = session.scalars(_HOLDING, {"member": member_id}).all()
    return MemberLots([lot for lot in lots if lot.expires_on < today], [lot for lot in lots if lot.expires_on >= today])


def grant(session: Session, member: Member, points: int, today: date, expires_on: date, seq: int) -> Lot | None:
    """Add points; a debt is paid off first, the rest becomes a lot."""
    settle = min(points, member.debt_points)
    member.debt_points -= settle
    if points == settle:
        return None
    rest = points - settle
    lot = Lot(member_id=member.id, granted_on=today, expires_on=expires_on, points=rest, remaining=rest, seq=seq)
    session.add(lot)
    return lot


def spend(lots: list[Lot], points: int) -> date | None:
    """Take points from lots in the order given (soonest expiry first); returns the latest expiry used."""
    latest: date | None = None
    for lot in lots:
        if points == 0:
            break
        take = min(lot.remaining, points)
        if take:
            lot.remaining -= take
            points -= take
            latest = lot.expires_on if latest is None else max(latest, lot.expires_on)
    if points:
        raise ValueError("spend() called for more points than the lots hold")
    return latest


def take_back(member: Member, live: list[Lot], points: int, granted_by: int) -> int:
    """Remove points, first from the lot entry ``granted_by`` made, then soonest-expiring;
    what is missing becomes debt (returned)."""
    ordered = sorted(live, key=lambda lot: (lot.seq != granted_by, lot.expires_on))
    held = sum(lot.remaining for lot in ordered)
    spend(ordered, min(points, held))
    debt = max(0, points - held)
    member.debt_points += debt
    return debt


@dataclass(frozen=True)
class Expired:
    member_id: str
    points: int
    lots: list[dict[str, object]]


def empty_lots(lots: list[Lot]) -> list[Expired]:
    """Empty lots that are past their date; one result per member, for the journal."""
    by_member: dict[str, list[Lot]] = {}
    for lot in lots:
        by_member.setdefault(lot.member_id, []).append(lot)
    results = []
    for member_id, own in by_member.items():
        detail = [{"lot": lot.id, "points": lot.remaining, "expires_on": lot.expires_on.isoformat()} for lot in own]
        results.append(Expired(member_id, sum(lot.remaining for lot in own), detail))
        for lot in own:
            lot.remaining = 0
    return results


def due_lots(session: Session, today: date) -> list[Lot]:
    return list(session.scalars(
        select(Lot).where(Lot.remaining > 0, Lot.expires_on < today).order_by(Lot.member_id, Lot.id)
    ))
