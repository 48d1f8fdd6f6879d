"""Expiry: lots past their date leave the balance as recorded, reported entries, never silently."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from terminal import lots
from terminal.journal import Who
from terminal.services.common import record
from terminal.shop import Shop
from terminal.uow import UnitOfWork


@dataclass(frozen=True)
class ExpiryRun:
    expired_points: int
    members: int


def record_expiry(session: Session, shop: Shop, who: Who, due: list[lots.HeldLot]) -> list[lots.Expired]:
    """Empty the lots given (past their date), one journal entry per member."""
    results = lots.empty_lots(session, due)
    for expired in results:
        record(session, shop, "expire", who,
               {"member_id": expired.member_id, "points": expired.points, "lots": expired.lots},
               points_delta=-expired.points)
    return results


def live_lots_after_expiry(session: Session, shop: Shop, member_id: str) -> lots.MemberLots:
    """Before any change to a member's points: record what ran out, so the arithmetic sees only live lots."""
    held = lots.member_lots(session, member_id, shop.today())
    if held.due:
        record_expiry(session, shop, Who(None), held.due)
        held.due = []
    return held


def expire_points(uow: UnitOfWork, shop: Shop, who: Who) -> ExpiryRun:
    with uow:
        results = record_expiry(uow.session, shop, who, lots.due_lots(uow.session, shop.today()))
        uow.commit()
    return ExpiryRun(sum(r.points for r in results), len(results))
