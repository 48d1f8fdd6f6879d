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


def record_expiry(session: Session, shop: Shop, who: Who, member_id: str | None = None) -> list[lots.Expired]:
    """Empty the lots due by today (of one member, or all), one journal entry per member."""
    results = lots.expire_due(session, shop.today(), member_id)
    for expired in results:
        record(session, shop, "expire", who,
               {"member_id": expired.member_id, "points": expired.points, "lots": expired.lots},
               points_delta=-expired.points)
    return results


def expire_member(session: Session, shop: Shop, member_id: str) -> None:
    """Done before any change to a member's points, so the arithmetic sees only live lots."""
    record_expiry(session, shop, Who(None), member_id)


def expire_points(uow: UnitOfWork, shop: Shop, who: Who) -> ExpiryRun:
    with uow:
        results = record_expiry(uow.session, shop, who)
        uow.commit()
    return ExpiryRun(sum(r.points for r in results), len(results))
