"""What terminals learn about members: balance, lots, tier, debt; and the change counter that
lets a terminal pull only what changed since it last asked."""

import json
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache, partial
from typing import Any, cast
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter
from sqlalchemy import Select, Table, bindparam, case, func, literal, select, union_all
from sqlalchemy.orm import Session

from ledger.book import Book, LotState, MemberState
from ledger.db import any_of
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
    return int(session.connection().execute(_NEXT_CHANGE).scalar_one())


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


_SALES, _REFUNDS, _COUPONS, _TERMINALS = (cast(Table, model.__table__) for model in (Sale, Refund, MallCoupon, Terminal))


@cache
def _snapshot_queries(dialect: str) -> dict[str, Select[Any]]:
    """The reads a batch's snapshots take, built once per dialect (see ledger.db.any_of): members' sales and
    refunds by day ("ids", "after"), their coupons used ("ids", "today"), their earning sales by store and day ("ids",
    "since"), and terminals' merchant and id ("pks")."""
    recent = _SALES.c.business_date > bindparam("after")
    paid = select(_SALES.c.member_id, case((recent, _SALES.c.business_date), else_=None).label("day"),
                  case((recent, _SALES.c.paid_fen), else_=0).label("fen"), literal(1).label("sold")).where(
        any_of(dialect, _SALES.c.member_id, "ids"))
    refunded = select(_REFUNDS.c.member_id, _REFUNDS.c.sale_date.label("day"), (-_REFUNDS.c.money_fen).label("fen"),
                      literal(0).label("sold")).where(any_of(dialect, _REFUNDS.c.member_id, "ids"),
                                                      _REFUNDS.c.sale_date > bindparam("after"))
    moves = union_all(paid, refunded).subquery()
    growth = (select(moves.c.member_id, moves.c.day, func.sum(moves.c.fen), func.max(moves.c.sold))
              .group_by(moves.c.member_id, moves.c.day).order_by(moves.c.day))
    c = _COUPONS.c
    coupons = (select(c.member_id, c.merchant_id, c.id, c.used_by, c.used_on, c.value_fen, c.expires_on)
               .where(any_of(dialect, c.member_id, "ids"), c.used_by.is_not(None), c.expires_on >= bindparam("today"))
               .order_by(c.id))
    s, t = _SALES.c, _TERMINALS.c
    earning = (select(s.member_id, t.merchant_id, t.store, s.business_date, func.count())
               .join_from(_SALES, _TERMINALS, t.pk == s.terminal_pk)
               .where(any_of(dialect, s.member_id, "ids"), s.business_date >= bindparam("since"), s.earned_points > 0)
               .group_by(s.member_id, t.merchant_id, t.store, s.business_date)
               .order_by(s.business_date, t.merchant_id, t.store))
    terminals = select(t.pk, t.merchant_id, t.terminal_id).where(any_of(dialect, t.pk, "pks"))
    return {"growth": growth, "coupons": coupons, "earning": earning, "terminals": terminals}


def _query(session: Session, name: str, **params: Any) -> Any:
    connection = session.connection()  # Core statements: the ORM session's own work on each costs more than they do
    return connection.execute(_snapshot_queries(connection.dialect.name)[name], params)


def _growth(session: Session, member_ids: list[str], since: date) -> tuple[Growth, set[str]]:
    """Each member's growth after ``since`` by sale date (oldest first, zero days left out), and which
    members have any sale at all: one query over sales and refunds, so a batch's answer costs no more
    queries for it."""
    rows = _query(session, "growth", ids=member_ids, after=since.isoformat()).all()
    growth: Growth = {}
    for member_id, day, fen, _ in rows:
        if day is not None and fen:
            growth.setdefault(member_id, []).append((day, int(fen)))
    return growth, {member_id for member_id, _, _, sold in rows if sold}


def _coupons_used(session: Session, member_ids: list[str], today: str) -> dict[str, list[dict[str, object]]]:
    used: dict[str, list[dict[str, object]]] = {}
    for member_id, merchant, coupon, used_by, used_on, value, expires_on in _query(session, "coupons", ids=member_ids,
                                                                                   today=today).all():
        used.setdefault(str(member_id), []).append({"merchant": merchant, "id": coupon, "sale": str(used_by).partition("/")[2], "used_on": used_on,
                                               "value_fen": value, "expires_on": expires_on})
    return used


def _earning_sales(session: Session, member_ids: list[str], since: date) -> dict[str, list[dict[str, object]]]:
    """Each member's sales that earned points by merchant, store and business date from ``since`` on, counted as
    a terminal counts them for the velocity limit: a refund does not take a sale off."""
    counts: dict[str, list[dict[str, object]]] = {}
    for member_id, merchant, store, day, sales in _query(session, "earning", ids=member_ids,
                                                         since=since.isoformat()).all():
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
    terminals = {pk: (merchant, terminal) for pk, merchant, terminal in _query(session, "terminals", pks=list(pks))}
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
