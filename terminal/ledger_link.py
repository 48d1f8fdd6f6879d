"""The terminal's side of syncing, without the network: what to send, what an answer changes,
and adopting the ledger's view of members. sync/ does the talking."""

import json
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from terminal import journal, lots
from terminal.clock import Clock
from terminal.errors import Refused
from terminal.journal import Who, format_instant
from terminal.lang import say
from terminal.models import (
    Coupon,
    JournalEntry,
    JournalHead,
    LedgerLink,
    Member,
    OutboxItem,
    RuleSetRow,
    SharedPhone,
    table_of,
)
from terminal.rules import RuleSet, rules_to_json
from terminal.services.codes import adopt_deny_list, adopt_trusted_keys
from terminal.services.common import record
from terminal.services.members import move_phone, phone_members_words, registered_here
from terminal.shop import LedgerState, Shop

log = logging.getLogger("jifen.sync")
ONLINE_WINDOW = timedelta(minutes=5)  # heard from the ledger this recently: its snapshots are fresh


CouponUse = tuple[str, str, str, str, int, str]  # merchant, coupon id, sale, used on, value in fen, expires on
EarningSales = tuple[str, str, str, int]  # merchant, store, business date, sales that earned points


@dataclass(frozen=True)
class Snapshot:
    """The ledger's view of a member (the fields of sync.protocol.MemberSnapshot this side needs)."""

    id: str
    phone: str
    name: str | None
    debt: int
    growth_fen: int
    lots: list[tuple[int, str, int | None]]  # (points, expires_on, the entry here that granted it: lots.take_over)
    referrer_id: str | None = None
    has_sales: bool = False
    growth_days: list[tuple[str, int]] | None = None  # (sale date, fen); None: the ledger does not send them
    coupons_used: list[CouponUse] = field(default_factory=list)
    earning_sales: list[EarningSales] | None = None  # None: the ledger does not send them

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
        link = LedgerLink(id=1, url=url, acked_seq=0, cursor=0, takes_cursor=0)
        session.add(link)
    if link.url != url:
        link.takes_cursor = 0  # another ledger (or the same, moved) numbers its changes its own way
    link.url, link.last_error = url, None
    return link


def the_link(session: Session) -> LedgerLink:
    link = session.get(LedgerLink, 1)
    if link is None:
        raise Refused("not_found", "this terminal is not connected to a ledger: jifen ledger connect URL",
                      "本终端尚未连接总账：请运行 jifen ledger connect URL")
    return link


def unsent(session: Session, after: int, limit: int) -> list[JournalEntry]:
    return list(session.scalars(select(JournalEntry).where(JournalEntry.seq > after).order_by(JournalEntry.seq).limit(limit)))


def pending_count(session: Session) -> int:
    head = session.scalar(select(JournalHead.seq).where(JournalHead.id == 1)) or 0  # past a gap the ledger holds
    link = session.get(LedgerLink, 1)
    return int(head) - (link.acked_seq if link else 0)


def acknowledge(session: Session, acked_seq: int) -> None:
    """The ledger holds every entry up to ``acked_seq`` (its word counts, even if lower than ours:
    a ledger restored from a backup gets the rest again); those leave the outbox. Not yet a success:
    that is a whole sync (``record_success``)."""
    session.execute(delete(OutboxItem).where(OutboxItem.seq <= acked_seq))
    the_link(session).acked_seq = acked_seq


def rewind(session: Session, held: int, acked_when_asked: int) -> int:
    """The ledger holds this terminal's entries only up to ``held``, fewer than it acknowledged (it was
    restored from a backup): what it lacks is pending again, to be sent at once. How many that is. Nothing
    when the acknowledgement moved since the ledger was asked (another sync of this store).

    When it holds more, and the next entries are in a gap of this store's journal (entries only the ledger held when
    this store was restored from its backup), those it holds are acknowledged: the ledger restored from a backup made
    before it took them, then from a later one holding them again, takes the entries after them."""
    link = the_link(session)
    if link.acked_seq != acked_when_asked:
        return 0
    if held >= link.acked_seq:
        while (gap := journal.gap_holding(session, link.acked_seq + 1)) is not None and link.acked_seq < held:
            acknowledge(session, min(gap.to_seq, held))
        return 0
    lacking = session.execute(select(JournalEntry.seq, JournalEntry.payload)
                              .where(JournalEntry.seq > max(held, 0), JournalEntry.seq <= link.acked_seq)).all()
    for seq, payload in lacking:
        member = json.loads(payload).get("member_id")
        session.merge(OutboxItem(seq=seq, member_id=member if isinstance(member, str) else None))
    link.acked_seq = max(held, 0)
    return len(lacking)


def _chunks(items: list[str], size: int = 500) -> list[list[str]]:
    return [items[n:n + size] for n in range(0, len(items), size)]


def _pending_members(session: Session, ids: list[str]) -> set[str]:
    return {member_id for chunk in _chunks(ids) for member_id in session.scalars(
        select(OutboxItem.member_id).where(OutboxItem.member_id.in_(chunk)).distinct()) if member_id is not None}


def _known(session: Session, column: InstrumentedAttribute[str], values: list[str]) -> set[str]:
    return {value for chunk in _chunks(values) for value in session.scalars(select(column).where(column.in_(chunk)))}


_MEMBERS = table_of(Member)
# The name as the ledger holds it, even none: corrected or removed at another till (member_edit). A partner merchant's
# till is sent none, and never had one (ledger.snapshots.name_for).
_ADOPT = _MEMBERS.update().where(_MEMBERS.c.id == bindparam("m_id")).values(
    name=bindparam("m_name"), debt_points=bindparam("m_debt"),
    ledger_growth_fen=bindparam("m_growth"), ledger_growth_days=bindparam("m_days"),
    ledger_earning_sales=bindparam("m_sales"), ledger_seq=bindparam("m_seq"))
_SETTLED = _ADOPT.values(referrer_id=None)  # a first sale somewhere paid the referral: no terminal pays it again
_LINK = _MEMBERS.update().where(_MEMBERS.c.id == bindparam("m_id")).values(referrer_id=bindparam("m_referrer"))


def _days_json(days: list[tuple[str, int]] | None) -> str | None:
    return None if days is None else json.dumps(days, separators=(",", ":"))


def _store_sales_json(sales: list[EarningSales] | None, shop: Shop) -> str | None:
    """Only this store's days: the velocity limit counts a member's earning sales at one store."""
    return None if sales is None else _days_json(
        [(day, count) for merchant, store, day, count in sales if (merchant, store) == (shop.merchant, shop.store)])


def adopt_all(session: Session, shop: Shop, snapshots: list[Snapshot], referrals: dict[str, str]) -> set[str]:
    """Take the ledger's view of these members (a few statements, however many there are); returns
    the ids of those skipped because this terminal has entries for them the ledger has not
    acknowledged yet (a later answer or pull brings a view that includes them).

    Every member is kept, so that a member's card works at every store. A new member whose phone another member
    here already has (registered at two stores offline) is kept too, noted once (the log, then `jifen sync`) as
    reached by their card: the phone goes on finding the member it found, and the owner sorts it out at the
    ledger. A member's phone follows the ledger's (corrected at a till), noted the same way when it is another
    member's here. A referred member whose bonus is still due gets their referrer, so a first sale here pays it; the
    referrer may come later in the list or on a later page, so ``referrals`` (member → referrer) keeps the links
    still waiting between calls.
    """
    latest = {snapshot.id: snapshot for snapshot in snapshots}  # oldest change first: the last one wins
    pending = _pending_members(session, list(latest))
    wanted = [snapshot for snapshot in latest.values() if snapshot.id not in pending]
    phones = _phones_here(session, [snapshot.id for snapshot in wanted])
    known = set(phones)
    shared = _follow_phones(session, [s for s in wanted if phones.get(s.id, s.phone) != s.phone])
    new = [snapshot for snapshot in wanted if snapshot.id not in known]
    shared += _sharing(new, _phone_holders(session, [snapshot.phone for snapshot in new]))
    today = shop.today()
    if new:
        session.execute(_MEMBERS.insert(), [{"id": s.id, "phone": s.phone, "name": s.name, "referrer_id": None,
                                             "registered_on": today, "debt_points": 0, "ledger_growth_fen": 0}
                                            for s in new])
    known.update(snapshot.id for snapshot in new)
    _note_shared_phones(session, shop, shared)
    adopted = [snapshot for snapshot in wanted if snapshot.id in known]
    acked = the_link(session).acked_seq
    for statement, group in ((_SETTLED, [s for s in adopted if not s.referral_due]),
                             (_ADOPT, [s for s in adopted if s.referral_due])):
        if group:
            session.execute(statement, [{"m_id": s.id, "m_name": s.name, "m_debt": s.debt, "m_growth": s.growth_fen,
                                         "m_days": _days_json(s.growth_days),
                                         "m_sales": _store_sales_json(s.earning_sales, shop), "m_seq": acked} for s in group])
    held = {snapshot.id: snapshot.lots for snapshot in adopted}
    for chunk in _chunks(list(held)):
        lots.take_over(session, today, {member_id: held[member_id] for member_id in chunk})
    _note_coupons_used(session, [(s.id, use) for s in adopted for use in s.coupons_used if use[0] == shop.merchant])
    for snapshot in adopted:
        if snapshot.referral_due and snapshot.referrer_id is not None:
            referrals[snapshot.id] = snapshot.referrer_id
        else:
            referrals.pop(snapshot.id, None)
    _link_referrals(session, referrals)
    return pending


def _phones_here(session: Session, ids: list[str]) -> dict[str, str]:
    """The phone of each of these members this till has (member id → phone)."""
    return {member_id: phone for chunk in _chunks(ids) for member_id, phone in
            session.execute(select(Member.id, Member.phone).where(Member.id.in_(chunk)))}


def _phone_holders(session: Session, phones: list[str], besides: Collection[str] = ()) -> dict[str, str]:
    """The member each of these phones finds here (phone → member id), for the phones a member here (not one of
    ``besides``) has."""
    unfound = select(SharedPhone.member_id)
    return {phone: member_id for chunk in _chunks(sorted(set(phones))) for phone, member_id in session.execute(
        select(Member.phone, Member.id).where(Member.phone.in_(chunk), Member.id.not_in(unfound)))
        if member_id not in besides}


def _sharing(snapshots: list[Snapshot], holders: dict[str, str]) -> list[tuple[Snapshot, str]]:
    """The members whose phone another member here is found by (each with that member); the first of them with a
    phone nobody here has is found by it."""
    shared: list[tuple[Snapshot, str]] = []
    for snapshot in snapshots:
        if snapshot.phone in holders:
            shared.append((snapshot, holders[snapshot.phone]))
        else:
            holders[snapshot.phone] = snapshot.id
    return shared


def _follow_phones(session: Session, moved: list[Snapshot]) -> list[tuple[Snapshot, str]]:
    """Members here whose phone the ledger holds otherwise now (corrected at a till: member_edit) take it; returns
    those whose new phone finds another member here, to be noted as a new member with that phone would be."""
    if not moved:
        return []
    for snapshot in moved:
        member = session.get(Member, snapshot.id)
        assert member is not None
        move_phone(session, member, snapshot.phone)
    ids = {snapshot.id for snapshot in moved}
    return _sharing(moved, _phone_holders(session, [snapshot.phone for snapshot in moved], ids))


def _note_shared_phones(session: Session, shop: Shop, shared: list[tuple[Snapshot, str]]) -> None:
    """Members of the ledger whose phone finds another member here (``shared``: each with that member), each noted
    and logged once."""
    noted = _known(session, SharedPhone.member_id, [snapshot.id for snapshot, _ in shared])
    for snapshot, holder in shared:
        if snapshot.id in noted:
            continue
        noted.add(snapshot.id)
        mine = registered_here(session, holder)
        session.add(SharedPhone(member_id=snapshot.id, phone=snapshot.phone, found_at=format_instant(shop.now()),
                                registered_here=mine))
        log.warning("%s", shared_phone_words(snapshot.phone, holder, snapshot.id, mine)[0])
    if shared:
        session.flush()


class SharedPhoneNote(NamedTuple):
    """A phone the ledger holds two members under, as this till serves it."""

    phone: str
    here: str  # the member the phone finds at this till
    other: str  # the ledger's other member, reached here by their member card
    registered_here: bool  # ``here`` was registered at this till (else both came from the ledger)


def shared_phone_words(phone: str, here: str, other: str, registered_here: bool = True) -> tuple[str, str]:
    """The one line, in English and Chinese, that tells the owner of a phone with two members."""
    opening_en, opening_zh = phone_members_words(phone, 2)
    if registered_here:
        return (f"{opening_en}: {here} here and {other} registered at another store; the owner should sort it out at "
                "the ledger (jifen-ledger report conflicts)",
                f"{opening_zh}：本店的 {here} 和另一门店登记的 {other}；请店主在总账处理（jifen-ledger report conflicts）")
    return (f"{opening_en}: {here} and {other}, both registered at other stores; this till finds {here} by the phone "
            f"and {other} by their member card; the owner should sort it out at the ledger (jifen-ledger report "
            "conflicts)",
            f"{opening_zh}：{here} 和 {other}，均为其他门店登记；本机按手机号找到 {here}，{other} 需扫描其会员码；"
            "请店主在总账处理（jifen-ledger report conflicts）")


_FOUND = aliased(Member)
_OTHERS = aliased(SharedPhone)
_UNTOLD = (select(SharedPhone.phone, _FOUND.id, SharedPhone.member_id, SharedPhone.registered_here)
           .join(_FOUND, (_FOUND.phone == SharedPhone.phone) & _FOUND.id.not_in(select(_OTHERS.member_id)))
           .where(SharedPhone.told.is_(False)).order_by(SharedPhone.found_at, SharedPhone.member_id))


def untold_shared_phones(session: Session) -> list[SharedPhoneNote]:
    """The phones with two members at the ledger not yet told (by `jifen sync`, or to an owner or manager in the
    app)."""
    return [SharedPhoneNote(phone, here, other, bool(mine)) for phone, here, other, mine in session.execute(_UNTOLD)]


def mark_told(session: Session, others: list[str]) -> None:
    """The ledger's other members of ``others`` have been told of."""
    for chunk in _chunks(others):
        session.execute(update(SharedPhone).where(SharedPhone.member_id.in_(chunk)).values(told=True))


def tell_shared_phones(session: Session) -> list[SharedPhoneNote]:
    """The phones with two members at the ledger not yet told, marked told."""
    shared = untold_shared_phones(session)
    mark_told(session, [note.other for note in shared])
    return shared


def _note_coupons_used(session: Session, uses: list[tuple[str, CouponUse]]) -> None:
    """This merchant's coupons used at other terminals, so that taking one here again is refused; one this
    terminal used keeps its own sale."""
    if not uses:
        return
    held = {row.id: row for chunk in _chunks(sorted({use[1] for _, use in uses}))
            for row in session.scalars(select(Coupon).where(Coupon.id.in_(chunk)))}
    for member_id, (_, coupon_id, sale, used_on, value_fen, expires_on) in uses:
        row = held.get(coupon_id)
        if row is None:
            row = held[coupon_id] = Coupon(id=coupon_id, member_id=member_id, item_id=None, value_fen=value_fen,
                                           min_spend_fen=0, issued_on=date.fromisoformat(used_on),
                                           expires_on=date.fromisoformat(expires_on), points=0, issued_seq=None)
            session.add(row)
        if row.used_sale is None:
            row.used_sale, row.used_on = sale, date.fromisoformat(used_on)


def _link_referrals(session: Session, referrals: dict[str, str]) -> None:
    if not referrals:
        return
    present = _known(session, Member.id, sorted(set(referrals) | set(referrals.values())))
    ready = [(member_id, referrer_id) for member_id, referrer_id in referrals.items()
             if member_id in present and referrer_id in present]
    if ready:
        session.execute(_LINK, [{"m_id": member_id, "m_referrer": referrer_id} for member_id, referrer_id in ready])
    for member_id, _ in ready:
        del referrals[member_id]


def record_failure(session: Session, words: tuple[str, str], now: datetime) -> None:
    """The last error, kept in English and Chinese: `sync --status` may be read in the other language."""
    link = the_link(session)
    link.last_attempt, link.last_error = format_instant(now), stored_error(words)


def stored_error(words: tuple[str, str]) -> str:
    return json.dumps({"en": words[0], "zh": words[1]}, ensure_ascii=False)


def error_said(stored: str | None) -> str | None:
    """The last error in the reader's language; a store older than that kept it in one language only."""
    try:
        kept = json.loads(stored) if stored else None
    except ValueError:
        return stored
    if isinstance(kept, dict) and isinstance(kept.get("en"), str) and isinstance(kept.get("zh"), str):
        return say(kept["en"], kept["zh"])
    return stored


def record_attempt(session: Session, now: datetime) -> None:
    the_link(session).last_attempt = format_instant(now)


def record_success(session: Session, now: datetime) -> None:
    """A whole sync went through, even one with nothing to send: the ledger is in reach."""
    link = the_link(session)
    link.last_attempt = link.last_success = format_instant(now)
    link.last_error = None


def adopt_trust(session: Session, shop: Shop, deny_list: list[dict[str, str]], public_keys: list[dict[str, str]]) -> None:
    """The merchant's deny list and its stores' code keys, as the ledger holds them (keys are added, never removed here)."""
    adopt_deny_list(session, shop, deny_list, the_link(session).acked_seq)
    adopt_trusted_keys(session, shop.merchant, public_keys)


def adopt_rules(session: Session, shop: Shop, rules: RuleSet) -> None:
    """The ledger's rule set for the merchant replaces the local one; every sale records which it used."""
    entry = record(session, shop, "rules", Who(None), {"version": rules.version, "rules": rules.to_dict()})
    session.merge(RuleSetRow(version=rules.version, body=rules_to_json(rules), seq=entry.seq))
