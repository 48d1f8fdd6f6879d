"""The terminal's side of syncing, without the network: what to send, what an answer changes,
and adopting the ledger's view of members. sync/ does the talking."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from terminal.clock import Clock
from terminal.errors import Refused
from terminal.journal import Who, format_instant
from terminal.models import JournalEntry, LedgerLink, Lot, Member, OutboxItem, Revocation, RuleSetRow, TrustedKey
from terminal.rules import RuleSet, rules_to_json
from terminal.services.common import record
from terminal.shop import LedgerState, Shop

ONLINE_WINDOW = timedelta(minutes=5)  # heard from the ledger this recently: its snapshots are fresh


@dataclass(frozen=True)
class Snapshot:
    """The ledger's view of a member (the fields of sync.protocol.MemberSnapshot this side needs)."""

    id: str
    phone: str
    name: str | None
    debt: int
    growth_fen: int
    lots: list[tuple[int, str]]  # (points, expires_on)
    referrer_id: str | None = None
    has_sales: bool = False

    @property
    def referral_due(self) -> bool:
        return self.referrer_id is not None and not self.has_sales


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def link_state(session: Session, clock: Clock) -> LedgerState | None:
    link = session.get(LedgerLink, 1)
    if link is None:
        return None
    heard = _parse(link.last_success)
    recent = heard is not None and clock.now() - heard <= ONLINE_WINDOW
    return LedgerState(link.url, recent and link.last_error is None)


def connect(session: Session, url: str) -> LedgerLink:
    """Point the terminal at a ledger. A ledger that holds less than this terminal thinks says so
    in its next answer (``gap``), and the rest is sent again."""
    link = session.get(LedgerLink, 1)
    if link is None:
        link = LedgerLink(id=1, url=url, acked_seq=0, cursor=0)
        session.add(link)
    link.url, link.last_error = url, None
    return link


def the_link(session: Session) -> LedgerLink:
    link = session.get(LedgerLink, 1)
    if link is None:
        raise Refused("not_found", "this terminal is not connected to a ledger: jifen ledger connect URL",
                      "本终端尚未连接中央账本：请运行 jifen ledger connect URL")
    return link


def unsent(session: Session, after: int, limit: int) -> list[JournalEntry]:
    return list(session.scalars(select(JournalEntry).where(JournalEntry.seq > after).order_by(JournalEntry.seq).limit(limit)))


def pending_count(session: Session) -> int:
    head = session.scalar(select(func.max(JournalEntry.seq))) or 0
    link = session.get(LedgerLink, 1)
    return int(head) - (link.acked_seq if link else 0)


def acknowledge(session: Session, acked_seq: int, now: datetime) -> None:
    """The ledger holds every entry up to ``acked_seq`` (its word counts, even if lower than ours:
    a ledger restored from a backup gets the rest again); those leave the outbox."""
    link = the_link(session)
    session.execute(delete(OutboxItem).where(OutboxItem.seq <= acked_seq))
    link.acked_seq = acked_seq
    link.last_success, link.last_error = format_instant(now), None


Adopted = Literal["adopted", "pending", "phone_taken"]


def adopt(session: Session, shop: Shop, snapshot: Snapshot) -> Adopted:
    """Take the ledger's view of a member, unless this terminal has entries for them the ledger
    has not acknowledged yet ("pending": a later answer or pull brings a view that includes them)."""
    if session.scalar(select(OutboxItem.seq).where(OutboxItem.member_id == snapshot.id).limit(1)) is not None:
        return "pending"
    member = session.get(Member, snapshot.id)
    if member is None:
        if session.scalar(select(Member.id).where(Member.phone == snapshot.phone)) is not None:
            return "phone_taken"  # two members with one phone: the owner must sort it out; keep ours
        member = Member(id=snapshot.id, phone=snapshot.phone, name=snapshot.name, referrer_id=None,
                        registered_on=shop.today(), debt_points=0, ledger_growth_fen=0)
        session.add(member)
        session.flush()
    member.name = snapshot.name or member.name
    member.debt_points, member.ledger_growth_fen = snapshot.debt, snapshot.growth_fen
    member.ledger_seq = the_link(session).acked_seq
    if not snapshot.referral_due:
        member.referrer_id = None  # a first sale somewhere paid the referral: no terminal pays it again
    session.execute(delete(Lot).where(Lot.member_id == member.id))
    today = shop.today()
    session.add_all(Lot(member_id=member.id, granted_on=today, expires_on=datetime.fromisoformat(expires).date(),
                        points=points, remaining=points, seq=0) for points, expires in snapshot.lots)
    return "adopted"


def adopt_all(session: Session, shop: Shop, snapshots: list[Snapshot], referrals: dict[str, str]) -> set[str]:
    """Adopt each snapshot (see ``adopt``); returns the ids of those skipped for pending entries.

    A referred member whose bonus is still due gets their referrer, so a first sale here pays it.
    The referrer may come later in the list or on a later page: ``referrals`` (member → referrer)
    keeps the links still waiting for their referrer between calls.
    """
    skipped = set()
    for snapshot in snapshots:
        outcome = adopt(session, shop, snapshot)
        if outcome == "pending":
            skipped.add(snapshot.id)
        elif outcome == "adopted" and snapshot.referral_due and snapshot.referrer_id is not None:
            referrals[snapshot.id] = snapshot.referrer_id
        elif outcome == "adopted":
            referrals.pop(snapshot.id, None)
    session.flush()
    for member_id, referrer_id in list(referrals.items()):
        member = session.get(Member, member_id)
        if member is not None and session.get(Member, referrer_id) is not None:
            member.referrer_id = referrer_id
            del referrals[member_id]
    return skipped


def record_failure(session: Session, message: str, now: datetime) -> None:
    link = the_link(session)
    link.last_attempt, link.last_error = format_instant(now), message


def record_attempt(session: Session, now: datetime) -> None:
    the_link(session).last_attempt = format_instant(now)


def record_success(session: Session, now: datetime) -> None:
    """A whole sync went through, even one with nothing to send: the ledger is in reach."""
    link = the_link(session)
    link.last_attempt = link.last_success = format_instant(now)
    link.last_error = None


def adopt_trust(session: Session, merchant: str, deny_list: list[dict[str, str]], public_keys: list[dict[str, str]]) -> None:
    """The merchant's deny list and its stores' code keys, as the ledger holds them (added, never removed here)."""
    for item in deny_list:
        if session.get(Revocation, (item["kind"], item["value"])) is None:
            session.add(Revocation(kind=item["kind"], value=item["value"], reason=item.get("reason") or None, seq=0))
    for item in public_keys:
        if item.get("merchant") == merchant and session.get(TrustedKey, item["public_key"]) is None:
            session.add(TrustedKey(public_key=item["public_key"], merchant=merchant))
    session.flush()


def adopt_rules(session: Session, shop: Shop, rules: RuleSet) -> None:
    """The ledger's rule set for the merchant replaces the local one; every sale records which it used."""
    entry = record(session, shop, "rules", Who(None), {"version": rules.version, "rules": rules.to_dict()})
    session.merge(RuleSetRow(version=rules.version, body=rules_to_json(rules), seq=entry.seq))
