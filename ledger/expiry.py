"""The ledger runs expiry for every member of every store: lots past their date are emptied into
the issuer's expiry account, as transfers, so expired points are reported, never dropped."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.book import Book
from ledger.models import Lot
from ledger.persist import load_members, save_book, stamp_change
from ledger.snapshots import next_change


def expire_all(session: Session, today: date) -> tuple[int, int]:
    """Returns (points expired, members affected)."""
    day = today.isoformat()
    due = set(session.scalars(select(Lot.member_id).where(Lot.remaining > 0, Lot.expires_on < day).distinct()))
    if not due:
        return 0, 0
    book = Book(load_members(session, due))
    expired = sum(book.expire_due(member, day, f"expiry:{day}:{member.id}") for member in book.members.values())
    stamp_change(session, save_book(session, book), next_change(session))
    return expired, len(due)
