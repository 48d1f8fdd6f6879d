"""Loading a book's members and lots, and writing a book back: a fixed number of statements."""

from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from ledger.book import Book, LotState, MemberState
from ledger.models import Claim, Lot, Member, Overdraw, Transfer


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


def load_members(session: Session, ids: set[str]) -> dict[str, MemberState]:
    if not ids:
        return {}
    rows = session.execute(select(Member).where(Member.id.in_(ids)).order_by(Member.id).with_for_update()).scalars()
    members = {m.id: MemberState(m.id, m.currency, m.merchant_id, m.phone, m.name, m.referrer_id, m.registered_on, m.debt)
               for m in rows}
    lots = session.execute(select(Lot).where(Lot.member_id.in_(members), Lot.remaining > 0)
                           .order_by(Lot.id).with_for_update()).scalars()
    for lot in lots:
        members[lot.member_id].lots.append(LotState(lot.member_id, lot.issuer, lot.granted_on, lot.expires_on, lot.points,
                                                    lot.remaining, lot.source, lot.id))
    return members


def write(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(_table(table).insert(), rows)


_SET_LOT = update(_table(Lot)).where(_table(Lot).c.id == bindparam("lot_id")).values(remaining=bindparam("left"))
_SET_MEMBER = update(_table(Member)).where(_table(Member).c.id == bindparam("member_id")).values(
    debt=bindparam("debt"), change=bindparam("change_no"))


def save_book(session: Session, book: Book, change: int) -> list[MemberState]:
    changed = [m for m in book.members.values() if m.changed]
    write(session, Member, [{"id": m.id, "currency": m.currency, "merchant_id": m.merchant_id, "phone": m.phone,
                              "name": m.name, "referrer_id": m.referrer_id, "registered_on": m.registered_on,
                              "debt": m.debt, "change": change} for m in changed if m.new])
    existing = [{"member_id": m.id, "debt": m.debt, "change_no": change} for m in changed if not m.new]
    if existing:
        session.execute(_SET_MEMBER, existing)
    lots = [lot for m in book.members.values() for lot in m.lots]
    write(session, Lot, [{"member_id": lot.member_id, "issuer": lot.issuer, "granted_on": lot.granted_on,
                           "expires_on": lot.expires_on, "points": lot.points, "remaining": lot.remaining,
                           "source": lot.source} for lot in lots if lot.id is None])
    updates = [{"lot_id": lot.id, "left": lot.remaining} for lot in lots if lot.id is not None and lot.changed]
    if updates:
        session.execute(_SET_LOT, updates)
    write(session, Transfer, book.transfers)
    write(session, Claim, book.claims)
    write(session, Overdraw, book.overdraws)
    return changed
