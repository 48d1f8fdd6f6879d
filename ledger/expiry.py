"""The ledger runs expiry for every member of every store: lots past their date are emptied into
the issuer's expiry account, as transfers, so expired points are reported, never dropped."""

import secrets
from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.book import Book
from ledger.models import Lot, Member, Merchant
from ledger.persist import load_members, save_book
from ledger.snapshots import stamp_changes
from terminal.clock import Clock


def expire_all(session: Session, today: date | None = None) -> tuple[int, int]:
    """Expire every lot due by ``today``, or without it by the day it is now where each member's merchant
    is (a store in Ürümqi is still on its last day when Shanghai's has ended). Returns (points expired,
    members affected)."""
    if today is not None:
        return _expire(session, today.isoformat(), None)
    zones: dict[str, list[str]] = defaultdict(list)
    for merchant_id, zone in session.execute(select(Merchant.id, Merchant.timezone)):
        zones[zone].append(merchant_id)
    clock = Clock.from_env()
    done = [_expire(session, clock.today(ZoneInfo(zone)).isoformat(), merchants) for zone, merchants in zones.items()]
    return sum(points for points, _ in done), sum(members for _, members in done)


def _expire(session: Session, day: str, merchants: list[str] | None) -> tuple[int, int]:
    query = select(Lot.member_id).where(Lot.remaining > 0, Lot.expires_on < day)
    if merchants is not None:
        query = query.join(Member, Member.id == Lot.member_id).where(Member.merchant_id.in_(merchants))
    due = set(session.scalars(query.distinct()))
    if not due:
        return 0, 0
    book, run = Book(load_members(session, due)), secrets.token_hex(6)  # run hourly, a day sees several runs
    expired = sum(book.expire_due(member, day, f"expiry:{day}:{run}:{member.id}") for member in book.members.values())
    stamp_changes(session, save_book(session, book))  # a year's lots expire the same night: often more than a page
    return expired, len(due)
