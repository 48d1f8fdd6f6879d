"""What the members screen shows of one member, read in one go on the database worker: the same
view as ``jifen member show`` and the member's recent journal entries (no Qt here)."""

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.models import ENTRY_MEMBER, JournalEntry
from terminal.services.members import MemberView, find_member, view_member

HISTORY_KINDS = ("member_add", "member_edit", "sale", "sale_member", "refund", "bonus", "adjust", "expire",
                 "code_revoke", "code_reinstate")
HISTORY_ROWS = 50


@dataclass(frozen=True)
class HistoryItem:
    at: datetime  # local time of the store
    kind: str  # a journal entry kind, one of HISTORY_KINDS
    ref: str | None  # the sale or refund number
    money_fen: int | None  # a sale's total, or the money a refund gave back (negative)
    note: str | None  # a bonus's or adjustment's reason, the sale a refund was of
    points_in: int  # the points given (earned, returned by a refund, a bonus…)
    points_out: int  # and the points taken (paid with, taken back by a refund, expired…), ≥ 0
    cashier: str | None = None  # who gave a paid sale its member (补积分): points given after the fact are checked
    approver: str | None = None  # and the manager who approved it, when not that cashier


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
            select(JournalEntry.at, JournalEntry.kind, JournalEntry.points_delta, JournalEntry.payload,
                   JournalEntry.actor, JournalEntry.approver)
            .where(ENTRY_MEMBER == member.id, JournalEntry.kind.in_(HISTORY_KINDS))
            .order_by(JournalEntry.seq.desc()).limit(HISTORY_ROWS)).all()
    return MemberPage(view, [_item(at, kind, delta, json.loads(payload), till, Who(actor, approver))
                             for at, kind, delta, payload, actor, approver in rows])


def _item(at: str, kind: str, delta: int, p: dict[str, object], till: Till, who: Who) -> HistoryItem:
    when = datetime.fromisoformat(at).astimezone(till.shop.tz)
    if kind == "sale":  # a sale that earned 1,404 and was paid partly with 300 points: +1,404 and -300, not +1,104
        in_out = _in_out(delta, p.get("earned_points"), p.get("redeemed_points"))
        return HistoryItem(when, kind, str(p["sale_id"]), _int(p["total_fen"]), None, *in_out)
    if kind == "sale_member":  # a paid sale given this member afterwards (补积分): its points, not its money again
        approver = who.approver if who.approver != who.actor else None  # a manager alone approves themself
        return HistoryItem(when, kind, str(p["sale_id"]), None, None, *_in_out(delta, p.get("earned_points"), 0),
                           who.actor, approver)
    if kind == "refund":
        in_out = _in_out(delta, p.get("restored_points"), p.get("reversed_points"))
        return HistoryItem(when, kind, str(p["refund_id"]), -_int(p["money_fen"]), str(p["sale_id"]), *in_out)
    note = p.get("reason")
    return HistoryItem(when, kind, None, None, None if note is None else str(note), *_in_out(delta, None, None))


def _in_out(delta: int, given: object, taken: object) -> tuple[int, int]:
    """The points given and taken by an entry whose net change is ``delta``: as its payload says them when
    they add up to it, else the change itself on its side."""
    if isinstance(given, int) and isinstance(taken, int) and given - taken == delta:
        return given, taken
    return max(delta, 0), max(-delta, 0)


def _int(value: object) -> int:
    assert isinstance(value, int)
    return value
