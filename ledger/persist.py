"""Loading a book's members and lots, and writing a book back: one statement per table."""

from functools import cache
from typing import Any

from sqlalchemy import Select, Table, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from ledger.book import Book, LotState, MemberState, owed_to_of, owed_to_text
from ledger.db import any_of, bulk_insert, bulk_update
from ledger.models import Claim, Lot, Member, Overdraw, Transfer


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


_MEMBERS, _LOTS = _table(Member), _table(Lot)
_MEMBER_COLUMNS = [_MEMBERS.c[name] for name in ("id", "currency", "merchant_id", "phone", "name", "referrer_id",
                                                 "registered_on", "debt", "debt_owed_to")]
_LOT_COLUMNS = [_LOTS.c[name] for name in ("member_id", "issuer", "granted_on", "expires_on", "points", "remaining",
                                           "source", "id", "expired", "expired_on")]


@cache
def _member_queries(dialect: str) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """Members locked (see load_members); their lots with points left; and those, or emptied by expiry on or after
    ``since``."""
    members = (select(*_MEMBER_COLUMNS).where(any_of(dialect, _MEMBERS.c.id, "ids")).order_by(_MEMBERS.c.id)
               .with_for_update())
    lots = select(*_LOT_COLUMNS).where(any_of(dialect, _LOTS.c.member_id, "ids")).order_by(_LOTS.c.id)
    left = _LOTS.c.remaining > 0
    return (members, lots.where(left),
            lots.where(or_(left, and_(_LOTS.c.expired > 0, _LOTS.c.expires_on >= bindparam("since")))))


def load_members(session: Session, ids: set[str], since: str | None = None) -> dict[str, MemberState]:
    """The members, locked in id order (so two batches never deadlock), and their live lots, with those
    expiry emptied that entries dated ``since`` or later may still spend.
    Lots change only under their member's lock, so they need no lock of their own."""
    if not ids:
        return {}
    lock, live, usable = _member_queries(session.get_bind().dialect.name)
    rows = session.connection().execute(lock, {"ids": list(ids)})
    members = {row.id: _member(row) for row in rows.all()}  # all(): one fetch, not one a row
    if members:
        lots = session.connection().execute(live, {"ids": list(members)}) if since is None else \
            session.connection().execute(usable, {"ids": list(members), "since": since})
        for row in lots.all():
            members[row[0]].lots.append(LotState(*row))
    return members


def _member(row: Any) -> MemberState:
    return MemberState(row.id, row.currency, row.merchant_id, row.phone, row.name, row.referrer_id, row.registered_on,
                       row.debt, owed_to_of(row.debt_owed_to))


def write(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        bulk_insert(session, _table(model), rows)


def add_missing(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose key is not there yet (rare rows: a store's key, a revocation)."""
    for row in rows:
        key = tuple(row[c.name] for c in _table(model).primary_key.columns)
        if session.get(model, key) is None:
            session.add(model(**row))
            session.flush()


def remove(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Delete the rows with these keys that are there (rare rows: a revocation lifted)."""
    for row in rows:
        found = session.get(model, tuple(row[c.name] for c in _table(model).primary_key.columns))
        if found is not None:
            session.delete(found)
            session.flush()


def save_book(session: Session, book: Book) -> list[MemberState]:
    """Write what the book changed, except the members' debt, phone, name and change number: ``stamp_change`` writes
    those."""
    changed = [m for m in book.members.values() if m.changed]
    write(session, Member, [{"id": m.id, "currency": m.currency, "merchant_id": m.merchant_id, "phone": m.phone,
                             "name": m.name, "referrer_id": m.referrer_id, "registered_on": m.registered_on,
                             "debt": m.debt, "debt_owed_to": owed_to_text(m.owed_to), "change": 0}
                            for m in changed if m.new])
    lots = [lot for m in book.members.values() for lot in m.lots]
    write(session, Lot, [{"member_id": lot.member_id, "issuer": lot.issuer, "granted_on": lot.granted_on,
                          "expires_on": lot.expires_on, "points": lot.points, "remaining": lot.remaining,
                          "source": lot.source, "expired": lot.expired, "expired_on": lot.expired_on}
                         for lot in lots if lot.id is None])
    bulk_update(session, _LOTS, "id", ("remaining", "expired", "expired_on"),
                [(lot.id, lot.remaining, lot.expired, lot.expired_on) for lot in lots if lot.id is not None and lot.changed])
    write(session, Transfer, book.transfers)
    write(session, Claim, book.claims)
    write(session, Overdraw, book.overdraws)
    return changed


def stamp_change(session: Session, members: list[MemberState], change: int) -> None:
    """The members' debt (and whom it is owed to), phone and name (corrected by member_edit) and change number in one
    statement, so a batch updates each member's row once."""
    rows = [(m.id, m.debt, owed_to_text(m.owed_to), m.phone, m.name) for m in members]
    bulk_update(session, _MEMBERS, "id", ("debt", "debt_owed_to", "phone", "name"), rows, also={"change": change})
