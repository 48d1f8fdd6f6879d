"""What terminals learn about members: balance, lots, tier, debt; and the change counter that
lets a terminal pull only what changed since it last asked."""

import json
from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from typing import cast
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter
from sqlalchemy import Table, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from ledger.book import Book, LotState, MemberState
from ledger.db import among
from ledger.models import Counter, Lot, MallCoupon, Member, Merchant, Refund, Sale, Terminal
from ledger.persist import save_book, stamp_change
from sync.protocol import MemberSnapshot, RuleSet, rules_from_dict
from terminal.clock import Clock

GROWTH_DAYS = 365
EARNING_DAYS = 1  # earning sales are counted from yesterday on: a terminal a time zone away may still be in it
PULL_LIMIT = 5000  # no change number holds more members (see stamp_changes), so a page never has to split one
_SNAPSHOTS = TypeAdapter(list[MemberSnapshot])


_COUNTERS = cast(Table, Counter.__table__)
# Core, not ORM: an ORM-enabled UPDATE costs a batch more Python than the statement itself.
_NEXT_CHANGE = (_COUNTERS.update().where(_COUNTERS.c.name == "change").values(value=_COUNTERS.c.value + 1)
                .returning(_COUNTERS.c.value))


def next_change(session: Session) -> int:
    """Take the next change number, as the last thing before commit: its row stays locked until
    then, so numbers become visible in order and a terminal pulling "since N" never skips one."""
    return int(session.execute(_NEXT_CHANGE).scalar_one())


def publish(session: Session, book: Book, to_merchant: str) -> list[MemberSnapshot]:
    """Write what the book changed, and the snapshots of its changed members for the terminals of ``to_merchant``,
    stamped with the next change number (taken last: see next_change)."""
    changed = save_book(session, book)
    if not changed:
        return []
    out = snapshots(session, changed, to_merchant)
    for snapshot, change in zip(out, stamp_changes(session, changed)):
        snapshot.change = change
    return out


def stamp_changes(session: Session, members: list[MemberState]) -> list[int]:
    """Stamp the members with the next change numbers (taken last: see next_change), one to each PULL_LIMIT of them,
    and return each member's: a page of changes ends where a change number does, so one number must fit in a page."""
    numbers: list[int] = []
    for start in range(0, len(members), PULL_LIMIT):
        chunk = members[start:start + PULL_LIMIT]
        change = next_change(session)
        stamp_change(session, chunk, change)
        numbers += [change] * len(chunk)
    return numbers


def rules_of(merchant: Merchant | None) -> RuleSet:
    if merchant is None or not merchant.rules:
        return RuleSet()
    return rules_from_dict(json.loads(merchant.rules))


def merchant_today(merchant: Merchant | None) -> date:
    """The merchant's business day now, in its time zone."""
    return Clock.from_env().today(ZoneInfo(merchant.timezone if merchant else "Asia/Shanghai"))


Growth = dict[str, list[tuple[str, int]]]


def _growth(session: Session, member_ids: list[str], since: date) -> tuple[Growth, set[str]]:
    """Each member's growth after ``since`` by sale date (oldest first, zero days left out), and which
    members have any sale at all: one query over sales and refunds, so a batch's answer costs no more
    queries for it."""
    after = since.isoformat()
    recent = Sale.business_date > after
    paid = select(Sale.member_id, case((recent, Sale.business_date), else_=None).label("day"),
                  case((recent, Sale.paid_fen), else_=0).label("fen"), literal(1).label("sold")).where(
        among(session, Sale.member_id, member_ids))
    refunded = select(Refund.member_id, Refund.sale_date.label("day"), (-Refund.money_fen).label("fen"),
                      literal(0).label("sold")).where(among(session, Refund.member_id, member_ids), Refund.sale_date > after)
    moves = union_all(paid, refunded).subquery()
    rows = session.execute(select(moves.c.member_id, moves.c.day, func.sum(moves.c.fen), func.max(moves.c.sold))
                           .group_by(moves.c.member_id, moves.c.day).order_by(moves.c.day)).all()
    growth: Growth = {}
    for member_id, day, fen, _ in rows:
        if day is not None and fen:
            growth.setdefault(member_id, []).append((day, int(fen)))
    return growth, {member_id for member_id, _, _, sold in rows if sold}


def _coupons_used(session: Session, member_ids: list[str], today: str) -> dict[str, list[dict[str, object]]]:
    rows = session.execute(select(MallCoupon.member_id, MallCoupon.merchant_id, MallCoupon.id, MallCoupon.used_by,
                                  MallCoupon.used_on, MallCoupon.value_fen, MallCoupon.expires_on)
                           .where(among(session, MallCoupon.member_id, member_ids), MallCoupon.used_by.is_not(None),
                                  MallCoupon.expires_on >= today).order_by(MallCoupon.id))
    used: dict[str, list[dict[str, object]]] = {}
    for member_id, merchant, coupon, used_by, used_on, value, expires_on in rows.all():
        used.setdefault(str(member_id), []).append({"merchant": merchant, "id": coupon, "sale": str(used_by).partition("/")[2], "used_on": used_on,
                                               "value_fen": value, "expires_on": expires_on})
    return used


def _earning_sales(session: Session, member_ids: list[str], since: date) -> dict[str, list[dict[str, object]]]:
    """Each member's sales that earned points by merchant, store and business date from ``since`` on, counted as
    a terminal counts them for the velocity limit: a refund does not take a sale off."""
    rows = session.execute(select(Sale.member_id, Terminal.merchant_id, Terminal.store, Sale.business_date, func.count())
                           .join(Terminal, Terminal.pk == Sale.terminal_pk)
                           .where(among(session, Sale.member_id, member_ids), Sale.business_date >= since.isoformat(),
                                  Sale.earned_points > 0)
                           .group_by(Sale.member_id, Terminal.merchant_id, Terminal.store, Sale.business_date)
                           .order_by(Sale.business_date, Terminal.merchant_id, Terminal.store))
    counts: dict[str, list[dict[str, object]]] = {}
    for member_id, merchant, store, day, sales in rows.all():
        counts.setdefault(str(member_id), []).append({"merchant": merchant, "store": store, "day": day, "sales": sales})
    return counts


def _granted_by(session: Session, lots: list[LotState]) -> dict[str, dict[str, object]]:
    """The entry that granted each lot, by its source (the transfer "terminal pk:seq:n" that granted it): the
    terminal's merchant and id, and the entry's seq. A source not of that form is left out (its granter untold)."""
    entries: dict[str, tuple[int, int]] = {}
    for lot in lots:
        parts = lot.source.split(":")
        if len(parts) == 3 and all(part.isdecimal() for part in parts) and int(parts[1]) >= 1:
            entries[lot.source] = int(parts[0]), int(parts[1])
    pks = {pk for pk, _ in entries.values()}
    if not pks:
        return {}
    terminals = {pk: (merchant, terminal) for pk, merchant, terminal in session.execute(
        select(Terminal.pk, Terminal.merchant_id, Terminal.terminal_id).where(among(session, Terminal.pk, pks)))}
    return {source: {"merchant": terminals[pk][0], "terminal": terminals[pk][1], "seq": seq}
            for source, (pk, seq) in entries.items() if pk in terminals}


def name_for(member: MemberState, to_merchant: str) -> str | None:
    """A partner sharing the currency finds the member by phone at its counter; the name is for the tills of the
    merchant the member registered with only (PIPL: no more than the purpose needs)."""
    return member.name if member.merchant_id == to_merchant else None


def snapshots(session: Session, members: Iterable[MemberState], to_merchant: str,
              change: int = 0) -> list[MemberSnapshot]:
    """The members as the terminals of ``to_merchant`` see them."""
    members = list(members)
    if not members:
        return []
    # session.get: the batch's own merchant is already in the session, so usually no query at all
    merchants = {m.id: m for m in map(partial(session.get, Merchant), {member.merchant_id for member in members}) if m}
    # One date for the batch: members of one currency share a time zone in practice.
    day = merchant_today(merchants.get(members[0].merchant_id))
    growth, with_sales = _growth(session, [m.id for m in members], day - timedelta(days=GROWTH_DAYS))
    rules = {merchant_id: rules_of(merchant) for merchant_id, merchant in merchants.items()}
    today = day.isoformat()
    coupons = _coupons_used(session, [m.id for m in members], today)
    earning = _earning_sales(session, [m.id for m in members], day - timedelta(days=EARNING_DAYS))
    lives = {member.id: sorted((lot for lot in member.lots if lot.remaining and lot.expires_on >= today),
                               key=lambda l: l.expires_on) for member in members}
    granted_by = _granted_by(session, [lot for live in lives.values() for lot in live])
    out = []
    for member in members:
        live = lives[member.id]
        days = growth.get(member.id, [])
        grown = sum(fen for _, fen in days)
        out.append({
            "id": member.id, "phone": member.phone, "name": name_for(member, to_merchant),
            "balance": sum(l.remaining for l in live) - member.debt, "debt": member.debt, "blocked": member.debt > 0,
            "tier": (rules.get(member.merchant_id) or RuleSet()).tier_for(grown).name, "growth_fen": grown,
            "lots": [{"points": l.remaining, "expires_on": l.expires_on, "granted_by": granted_by.get(l.source)}
                     for l in live], "change": change,
            "referrer_id": member.referrer_id, "has_sales": member.id in with_sales, "growth_days": days,
            "coupons_used": coupons.get(member.id, []), "earning_sales": earning.get(member.id, [])})
    return _SNAPSHOTS.validate_python(out)  # one call for all: far cheaper than a model built per member and lot


def from_start_if_ahead(session: Session, cursor: int) -> int:
    """A terminal's cursor, or 0 when it is ahead of this ledger's change counter (the terminal was moved
    here from another ledger): then it gets everything again."""
    counter = session.get(Counter, "change")
    return 0 if cursor > (counter.value if counter else 0) else cursor


def changes_since(session: Session, currency: str, cursor: int,
                  to_merchant: str) -> tuple[int, list[MemberSnapshot], bool]:
    """Members of a currency changed after ``cursor``, oldest change first, a page at a time, as the terminals of
    ``to_merchant`` see them; and whether there may be more (the page was full)."""
    cursor = from_start_if_ahead(session, cursor)
    rows = list(session.scalars(select(Member).where(Member.currency == currency, Member.change > cursor)
                                .order_by(Member.change, Member.id).limit(PULL_LIMIT)))
    if not rows:
        return cursor, [], False
    more = len(rows) == PULL_LIMIT
    if more and rows[0].change != rows[-1].change:
        rows = [row for row in rows if row.change != rows[-1].change]  # the rest of that change comes next page
    states = {m.id: MemberState(m.id, m.currency, m.merchant_id, m.phone, m.name, m.referrer_id, m.registered_on, m.debt)
              for m in rows}
    for lot in session.scalars(select(Lot).where(Lot.member_id.in_(states), Lot.remaining > 0)):
        states[lot.member_id].lots.append(LotState(lot.member_id, lot.issuer, lot.granted_on, lot.expires_on,
                                                   lot.points, lot.remaining, lot.source, lot.id))
    by_change: dict[int, list[MemberState]] = {}
    for row in rows:
        by_change.setdefault(row.change, []).append(states[row.id])
    out = [snap for change, group in by_change.items() for snap in snapshots(session, group, to_merchant, change)]
    return rows[-1].change, out, more
