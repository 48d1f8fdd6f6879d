"""Points held in lots: granted with an expiry, spent soonest-expiring first, taken back into debt."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.models import Lot, Member


def live_lots(session: Session, member_id: str, today: date) -> list[Lot]:
    return list(
        session.scalars(
            select(Lot)
            .where(Lot.member_id == member_id, Lot.remaining > 0, Lot.expires_on >= today)
            .order_by(Lot.expires_on, Lot.id)
        )
    )


def balance(session: Session, member: Member, today: date) -> int:
    held = session.scalar(
        select(func.coalesce(func.sum(Lot.remaining), 0)).where(
            Lot.member_id == member.id, Lot.remaining > 0, Lot.expires_on >= today
        )
    )
    return int(held or 0) - member.debt_points


def grant(session: Session, member: Member, points: int, today: date, expires_on: date, seq: int) -> Lot | None:
    """Add points; a debt is paid off first, the rest becomes a lot."""
    settle = min(points, member.debt_points)
    member.debt_points -= settle
    rest = points - settle
    if rest <= 0:
        return None
    lot = Lot(member_id=member.id, granted_on=today, expires_on=expires_on, points=rest, remaining=rest, seq=seq)
    session.add(lot)
    session.flush()
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


def take_back(session: Session, member: Member, points: int, today: date, first: Lot | None) -> int:
    """Remove points, from ``first`` then soonest-expiring; what is missing becomes debt (returned)."""
    lots = live_lots(session, member.id, today)
    if first is not None and first in lots:
        lots.remove(first)
        lots.insert(0, first)
    held = sum(lot.remaining for lot in lots)
    spend(lots, min(points, held))
    debt = max(0, points - held)
    member.debt_points += debt
    return debt


@dataclass(frozen=True)
class Expired:
    member_id: str
    points: int
    lots: list[dict[str, object]]


def expire_due(session: Session, today: date, member_id: str | None = None) -> list[Expired]:
    """Empty every lot whose expiry date is before today; one result per member."""
    query = select(Lot).where(Lot.remaining > 0, Lot.expires_on < today).order_by(Lot.member_id, Lot.id)
    if member_id is not None:
        query = query.where(Lot.member_id == member_id)
    by_member: dict[str, list[Lot]] = {}
    for lot in session.scalars(query):
        by_member.setdefault(lot.member_id, []).append(lot)
    results = []
    for mid, lots in by_member.items():
        detail = [{"lot": lot.id, "points": lot.remaining, "expires_on": lot.expires_on.isoformat()} for lot in lots]
        results.append(Expired(mid, sum(lot.remaining for lot in lots), detail))
        for lot in lots:
            lot.remaining = 0
    return results
