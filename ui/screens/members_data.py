"""What the members screen shows of one member, read in one go on the database worker: the same
view as ``jifen member show`` and the member's recent journal entries (no Qt here)."""

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import ENTRY_MEMBER, JournalEntry
from terminal.services.members import MemberView, find_member, view_member

HISTORY_KINDS = ("member_add", "sale", "refund", "bonus", "adjust", "expire", "code_revoke",
                 "code_reinstate")
HISTORY_ROWS = 50


@dataclass(frozen=True)
class HistoryItem:
    at: datetime  # local time of the store
    kind: str  # a journal entry kind, one of HISTORY_KINDS
    ref: str | None  # the sale or refund number
    money_fen: int | None  # a sale's total, or the money a refund gave back (negative)
    points: int  # the change to the member's points
    note: str | None  # a bonus's or adjustment's reason, the sale a refund was of


@dataclass(frozen=True)
class MemberPage:
    view: MemberView
    history: list[HistoryItem]


def member_page(till: Till, ref: str) -> MemberPage:
    """The member by phone, member number or scanned code (refusals as ``find_member`` words them)."""
    shop = till.shop
    with till.reading() as uow:
        session = uow.session
        member = find_member(session, ref, shop)
        view = view_member(session, shop, member)
        rows = session.execute(
            select(JournalEntry.at, JournalEntry.kind, JournalEntry.points_delta, JournalEntry.payload)
            .where(ENTRY_MEMBER == member.id, JournalEntry.kind.in_(HISTORY_KINDS))
            .order_by(JournalEntry.seq.desc()).limit(HISTORY_ROWS)).all()
    return MemberPage(view, [_item(at, kind, delta, json.loads(payload), till) for at, kind, delta, payload in rows])


def _item(at: str, kind: str, delta: int, p: dict[str, object], till: Till) -> HistoryItem:
    when = datetime.fromisoformat(at).astimezone(till.shop.tz)
    if kind == "sale":
        return HistoryItem(when, kind, str(p["sale_id"]), _int(p["total_fen"]), delta, None)
    if kind == "refund":
        return HistoryItem(when, kind, str(p["refund_id"]), -_int(p["money_fen"]), delta, str(p["sale_id"]))
    note = p.get("reason")
    return HistoryItem(when, kind, None, None, delta, None if note is None else str(note))


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value
