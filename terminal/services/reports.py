"""Day totals, shift totals and Z records, all computed from the journal."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from terminal.errors import Refused
from terminal.journal import Who, verify, verify_head, verify_span
from terminal.models import JournalEntry, JournalGap, JournalHead, LedgerLink, ZRecord, entry_field
from terminal.services.cashiers import Actor
from terminal.services.common import record
from terminal.services.coupons import expired_between as coupons_expired_between
from terminal.services.coupons import expired_by_day as coupons_expired_by_day
from terminal.services.expiry import expire_due, unrecorded_expiry, unrecorded_expiry_by_day
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.totals import ONE_BY_ONE, SUMMED, Sum, Tally, totals_of
from terminal.uow import UnitOfWork


def journal_liability(session: Session, day: date, today: date | None = None) -> int:
    """The journal's running total at the end of ``day``: the total after the last entry written (the highest
    number, not the latest date) dated by then, and the expiry dated by then recorded after it. Entries are in date
    order but for expiry, dated the day the points expired however late it was recorded, and but for those written
    while the PC's clock was ahead and then put back: one dated a later day yet written before the last entry of
    ``day`` was given or taken by the end of ``day``. From ``today`` on, the head's total: every entry written so
    far, whatever day it is dated, is written by the end of today."""
    return journal_liabilities(session, [day], today)[day]


def journal_liabilities(session: Session, days: Iterable[date], today: date | None = None) -> dict[date, int]:
    """``journal_liability`` of each of ``days``, read together (a month of the Dashboard's at once): the last entry
    written by the end of a day is the later of the last by the day before and the last dated that day, unless one
    dated by then was written later still."""
    days = sorted(set(days))
    past = [day for day in days if today is None or day < today]
    out = {day: head_liability(session) for day in days[len(past):]}
    if not past:
        return out
    first, last = past[0].isoformat(), past[-1].isoformat()
    dated = (JournalEntry.kind != "expire", JournalEntry.business_date <= last)
    before = session.execute(
        select(JournalEntry.seq, JournalEntry.liability_after).where(*dated, JournalEntry.business_date < first)
        .order_by(JournalEntry.business_date.desc(), JournalEntry.seq.desc()).limit(1)).first()
    own = {str(day): (int(seq), int(total)) for day, seq, total in session.execute(
        select(JournalEntry.business_date, func.max(JournalEntry.seq), JournalEntry.liability_after)  # the max's
        .where(*dated, JournalEntry.business_date >= first).group_by(JournalEntry.business_date))}
    seq, total = (int(before[0]), int(before[1])) if before else (0, 0)
    later = _written_later(session, seq, last)
    expired = session.execute(select(JournalEntry.seq, JournalEntry.business_date, JournalEntry.points_delta).where(
        JournalEntry.kind == "expire", JournalEntry.business_date <= last, JournalEntry.seq > seq)).all()
    for day in past:
        up_to = day.isoformat()
        seq, total = max([(seq, total), own.get(up_to, (0, 0)),
                          *((found, after) for found, on, after in later if on <= up_to and found > seq)])
        out[day] = total + sum(points for found, on, points in expired if on <= up_to and found > seq)
    return out


def head_liability(session: Session) -> int:
    """What the journal's last entry left members holding: every entry so far, whatever day it is dated (the
    journal's head; after a restore that the ledger resumed, the ledger's last)."""
    return int(session.scalar(select(JournalHead.liability).where(JournalHead.id == 1)) or 0)


_FEW = 5000  # entries after a day's last: read them (a recent day), rather than the whole journal once (days gone)


def _written_later(session: Session, seq: int, up_to: str) -> list[tuple[int, str, int]]:
    """The entries (but expiry) dated by ``up_to`` that may have been written after entry ``seq``, the last of the latest
    day before, as (seq, business date, total after): one written after the PC's clock, ahead for a while, was put
    back. Mostly none. A recent day's: the last of each day after it; else those out of date order."""
    head = session.scalar(select(func.max(JournalEntry.seq))) or 0
    if head - seq <= _FEW:
        return [(int(found), str(on), int(after)) for on, found, after in session.execute(
            select(JournalEntry.business_date, func.max(JournalEntry.seq), JournalEntry.liability_after)  # the max's
            .where(JournalEntry.seq > seq, JournalEntry.business_date <= up_to, JournalEntry.kind != "expire")
            .group_by(JournalEntry.business_date))]
    return [found for found in _out_of_date_order(session, head) if found[1] <= up_to]


def _out_of_date_order(session: Session, head: int) -> list[tuple[int, str, int]]:
    """The entries (but expiry) dated before one written earlier, as (seq, business date, liability after): written
    after the PC's clock, ahead for a while, was put back. Mostly none. Found in one pass over the journal, kept for
    the database (the Dashboard asks for each day of each month, each month a unit of work) and extended
    by the entries written since: the journal only grows. Read afresh when the entry it ended on is not there as it
    was (a restore, another file, a unit of work rolled back)."""
    pool = session.connection().engine.pool  # the database's: its engines, for writing and reading, share it
    kept = _KEPT.get(pool)
    after, latest, found = 0, "", []
    if kept is not None and kept.head <= head and kept.hash == session.scalar(
            select(JournalEntry.hash).where(JournalEntry.seq == kept.head)):
        if kept.head == head:
            return list(kept.found)
        after, latest, found = kept.head, kept.latest, list(kept.found)
    rows = session.connection().execute(
        select(JournalEntry.seq, JournalEntry.business_date, JournalEntry.liability_after)
        .where(JournalEntry.seq > after, JournalEntry.seq <= head, JournalEntry.kind != "expire")
        .order_by(JournalEntry.seq))
    for seq, day, total in rows:
        if day < latest:
            found.append((int(seq), str(day), int(total)))
        else:
            latest = day
    hash_ = session.scalar(select(JournalEntry.hash).where(JournalEntry.seq == head))
    _KEPT[pool] = _OutOfOrder(head, hash_, latest, tuple(found))
    return found


@dataclass(frozen=True)
class _OutOfOrder:
    """``_out_of_date_order`` as found up to entry ``head`` (whose hash is ``hash``), ``latest`` the latest business
    date of the entries (but expiry) up to it."""

    head: int
    hash: str | None
    latest: str
    found: tuple[tuple[int, str, int], ...]


_KEPT: "WeakKeyDictionary[Pool, _OutOfOrder]" = WeakKeyDictionary()  # gone with the engine (a restore opens anew)


def liability_at_end_of(session: Session, day: date, today: date | None = None) -> int:
    """What members held at the end of ``day``: lots that had expired by then are left out, recorded or not.
    ``today``: the shop's, from which on it is what they hold now (``journal_liability``)."""
    return journal_liability(session, day, today) - unrecorded_expiry(session, date.min, day)


def _rows(session: Session, *where: Any) -> Iterable[tuple[str, str | None, str]]:
    query = select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload).where(*where).order_by(JournalEntry.seq)
    return session.connection().execute(query).all()


def day_report(uow: UnitOfWork, shop: Shop, day: date | None = None) -> dict[str, Any]:
    """The day's totals; ``incomplete``: the entries the ledger only holds that may be of the day, when there are."""
    day = day or shop.today()
    with uow:
        session = uow.session
        totals = totals_of(_rows(session, JournalEntry.business_date == day.isoformat()))
        return day_reports(session, shop, {day: totals})[0]


def day_reports(session: Session, shop: Shop, days: dict[date, dict[str, Any]]) -> list[dict[str, Any]]:
    """``day_report`` of each day from its totals (``day_totals``), in the order given: what they share (the lots
    not yet recorded expired, the coupons, the gaps) read once for them all."""
    if not days:
        return []
    expired = unrecorded_expiry_by_day(session, max(days))
    coupons = coupons_expired_by_day(session, min(days), max(days))
    liabilities = journal_liabilities(session, days, shop.today())
    held = ledger_holds(session)
    gaps = [(gap, _first_day(session, gap), _last_day(session, gap))
            for gap in session.scalars(select(JournalGap).order_by(JournalGap.from_seq))]
    reports = []
    for day, totals in days.items():
        totals["points_expired"] += expired.get(day, 0)
        gone = sum(points for expired_on, points in expired.items() if expired_on <= day)  # by then, not recorded
        report = {"date": day.isoformat(), "store": shop.store, "terminal": shop.terminal_id, **totals,
                  "coupons_expired": coupons.get(day, 0),
                  "liability_points": liabilities[day] - gone}
        missing = [_span(gap.from_seq, gap.to_seq, held) for gap, first, last in gaps if first <= day <= last]
        reports.append(report | ({"incomplete": missing} if missing else {}))
    return reports


_APART = "\x1f"  # between the member ids of a day's cashier, as SQL hands them: never in an id


def day_totals(session: Session, first: date, last: date, period: Tally | None = None) -> dict[date, dict[str, Any]]:
    """totals_of each day's entries from ``first`` to ``last``, also added to ``period``. The kinds of ``SUMMED`` are
    summed by SQL, by day, kind and cashier, and the members served read, from an index that holds their figures
    (ix_journal_figures), so that a year's entries are not each read and decoded; the few others are added one at a
    time, in the order written."""
    tallies: dict[str, Tally] = {}
    for n in range((last - first).days + 1):
        tallies[date.fromordinal(first.toordinal() + n).isoformat()] = Tally()
    dated = (JournalEntry.business_date >= first.isoformat(), JournalEntry.business_date <= last.isoformat())
    fields = [(kind, name, how) for kind, sums in SUMMED.items() for name, how in sums.items() if how.path is not None]
    sums = session.connection().execute(
        select(JournalEntry.business_date, JournalEntry.kind, JournalEntry.actor, func.count(),
               *(_summed(kind, how) for kind, _, how in fields))
        .where(*dated, JournalEntry.kind.in_(SUMMED))
        .group_by(JournalEntry.kind, JournalEntry.business_date, JournalEntry.actor))  # the index's order
    for day, kind, actor, count, *values in sums:
        found = {name: int(value or 0) for (of, name, _), value in zip(fields, values) if of == kind}
        found |= {name: int(count) for name, how in SUMMED[kind].items() if how.path is None}
        for tally in _and_period(tallies[day], period):
            tally.add_sums(kind, actor, found)
    rest = session.connection().execute(
        select(JournalEntry.business_date, JournalEntry.kind, JournalEntry.actor, JournalEntry.payload)
        .where(*dated, JournalEntry.kind.in_(ONE_BY_ONE)).order_by(JournalEntry.business_date, JournalEntry.seq))
    for day, kind, actor, payload in rest:
        entry = json.loads(payload)
        for tally in _and_period(tallies[day], period):
            tally.add(kind, actor, entry)
    member = entry_field("member_id")
    served = session.connection().execute(  # a sale's member when it names one (a sale_member's always does)
        select(JournalEntry.business_date, JournalEntry.actor, func.group_concat(member, _APART))
        .where(*dated, JournalEntry.kind.in_(("sale", "sale_member")), member != "")
        .group_by(JournalEntry.kind, JournalEntry.business_date, JournalEntry.actor))  # the index's order
    for day, actor, members in served:
        for tally in _and_period(tallies[day], period):
            tally.serve(actor, members.split(_APART))
    return {date.fromisoformat(day): tally.as_json() for day, tally in tallies.items()}


def _and_period(day: Tally, period: Tally | None) -> tuple[Tally, ...]:
    """The tallies an entry of the day adds to: the day's, and the period's if there is one."""
    return (day,) if period is None else (day, period)


def _summed(kind: str, how: Sum) -> ColumnElement[Any]:
    """``how`` over the entries of ``kind`` (a column of the day-by-kind-by-cashier sums)."""
    assert how.path is not None
    taken = and_(JournalEntry.kind == kind, *((entry_field(how.where[0]) == how.where[1],) if how.where else ()))
    value = case((taken, entry_field(how.path)))
    return func.count(value) if how.counted else func.sum(value)


def held_by_ledger_only(uow: UnitOfWork, from_seq: int, to_seq: int) -> list[dict[str, int | None]]:
    """The entries among ``from_seq``–``to_seq`` that a restore left to the ledger: a Z's figures lack them. Each
    span's ``lost_from``: the first of them held nowhere any more (None: the ledger holds them all)."""
    with uow:
        session = uow.session
        held = ledger_holds(session)
        gaps = session.scalars(select(JournalGap).where(JournalGap.from_seq <= to_seq, JournalGap.to_seq >= from_seq)
                               .order_by(JournalGap.from_seq))
        return [_span(max(gap.from_seq, from_seq), min(gap.to_seq, to_seq), held) for gap in gaps]


def ledger_holds(session: Session) -> int | None:
    """How far the ledger holds this terminal's entries, as it last said: a sync that found it restored from a backup
    made before it took some of them lowers it (journal verify reads it the same way). None without a ledger."""
    link = session.get(LedgerLink, 1)
    return None if link is None else link.acked_seq


def lost_from(from_seq: int, to_seq: int, held: int | None) -> int | None:
    """The first of the entries ``from_seq``–``to_seq`` (left to the ledger by a restore) that the ledger no longer
    holds, ``held`` being how far it holds them; None while it holds them all."""
    if held is None or to_seq <= held:
        return None
    return max(from_seq, held + 1)


def _span(from_seq: int, to_seq: int, held: int | None) -> dict[str, int | None]:
    return {"from_seq": from_seq, "to_seq": to_seq, "lost_from": lost_from(from_seq, to_seq, held)}


def _dated(session: Session, *where: Any, latest: bool) -> date | None:
    """The business day of the entry nearest the gap (expiry is dated the day points ran out, not when recorded)."""
    order = JournalEntry.seq.desc() if latest else JournalEntry.seq
    found = session.scalar(select(JournalEntry.business_date).where(JournalEntry.kind != "expire", *where)
                           .order_by(order).limit(1))
    return None if found is None else date.fromisoformat(found)


def _first_day(session: Session, gap: JournalGap) -> date:
    """The first day the gap's entries may be of: that of the last entry before it, which the backup ended on."""
    return _dated(session, JournalEntry.seq < gap.from_seq, latest=True) or date.min


def _last_day(session: Session, gap: JournalGap) -> date:
    """The last day the gap's entries may be of: that of its last entry, as the ledger said; else that of the first
    entry after it; else any day from the first on."""
    if gap.last_date is not None:
        return date.fromisoformat(gap.last_date)
    return _dated(session, JournalEntry.seq > gap.to_seq, latest=False) or date.max


def journal_broken_at(uow: UnitOfWork) -> int | None:
    """The first entry of a journal changed after it was written, which totals computed from it may not show as
    sold; None when it is whole. It walks the whole chain: some 2 s per 100,000 entries."""
    with uow:
        return verify(uow.session).first_bad_seq


def journal_broken_on(uow: UnitOfWork, day: date) -> int | None:
    """``journal_broken_at`` for the day's report: the chain over the entries dated ``day`` (each run of them
    chained on the entry before it) and its end, so a report costs what its day holds, not what the store does."""
    with uow:
        dated = uow.session.scalars(select(JournalEntry.seq).where(JournalEntry.business_date == day.isoformat())
                                    .order_by(JournalEntry.seq))
        return _first_broken(uow.session, _runs(dated))


def journal_broken_in(uow: UnitOfWork, first: int, last: int) -> int | None:
    """``journal_broken_at`` for a Z: the chain over the entries it sums, ``first``–``last``, and its end."""
    with uow:
        return _first_broken(uow.session, [(first, last)] if first <= last else [])


def _runs(seqs: Iterable[int]) -> list[tuple[int, int]]:
    """Sequence numbers in order as runs of consecutive ones, (first, last)."""
    runs: list[tuple[int, int]] = []
    for seq in seqs:
        if runs and runs[-1][1] == seq - 1:
            runs[-1] = (runs[-1][0], seq)
        else:
            runs.append((seq, seq))
    return runs


def _first_broken(session: Session, spans: Iterable[tuple[int, int]]) -> int | None:
    for first, last in spans:
        found = verify_span(session, first, last)
        if not found.ok:
            return found.first_bad_seq
    return verify_head(session).first_bad_seq


def close_day(uow: UnitOfWork, shop: Shop, who: Who, by: Actor | None = None) -> dict[str, Any]:
    """Write the next Z record: the totals of everything since the last Z, frozen. ``by``: the one logged in, as
    they logged in, so one demoted since is told so (``RoleChanged``) rather than asked for an approval."""
    with uow:
        session = uow.session
        if who.actor is not None:  # deactivated or demoted since logging in: the day is closed by someone else
            check_active(session, by or who.actor, "close the day", "日结", who.approver)
        expire_due(session, shop, Who(None))  # frozen in the Z: the points that ran out by today go with it
        after = last_z(session)
        totals = totals_of(_rows(session, JournalEntry.seq >= after.from_seq))
        head = session.scalar(select(JournalEntry.seq).order_by(JournalEntry.seq.desc()).limit(1)) or 0
        expired_coupons = coupons_expired_between(session, after.day, shop.today())
        counted = expired_coupons or _counted_since(session, after.from_seq)
        if head < after.from_seq or (after.number and not counted):
            raise Refused("bad_input", f"nothing has happened since Z{after.number}", f"自 Z{after.number} 以来没有任何记录")
        z = {"z": after.number + 1, "date": shop.today().isoformat(), "store": shop.store,
             "terminal": shop.terminal_id, "from_seq": after.from_seq, "to_seq": head, **totals,
             "coupons_expired": expired_coupons, "liability_points": head_liability(session)}
        entry = record(session, shop, "z_close", who, z)
        session.add(ZRecord(number=after.number + 1, seq=entry.seq, from_seq=after.from_seq, to_seq=head,
                            totals=json.dumps(z, ensure_ascii=False)))
        closed = _with_days(session, z)
        uow.commit()
    return closed


# The entries a Z's figures sum (terminal.totals.Totals.add): only these make a Z after the first worth writing. A
# login's shift_open, a shift's close or a change to the staff alone would give an all-zero Z under a new number. The
# first may hold the store's setup only: it marks where the till's books start.
COUNTED_KINDS = ("sale", "sale_member", "refund", "adjust", "bonus", "expire", "member_add", "gift_exchange",
                 "gift_cancel", "coupon_issue", "code_claim")


def _counted_since(session: Session, from_seq: int) -> bool:
    return session.scalar(select(JournalEntry.seq).where(JournalEntry.seq >= from_seq,
                                                         JournalEntry.kind.in_(COUNTED_KINDS)).limit(1)) is not None


@dataclass(frozen=True)
class LastZ:
    """The last Z this terminal closed, which the next follows: ``number`` (0: none yet), the first entry after it
    (``from_seq``) and the day it was closed on (``day``, None: none yet); ``here``: this store holds it, else a
    restore from an older backup left it to the ledger (``lost``: and the ledger has since lost it too)."""

    number: int
    from_seq: int
    day: date | None
    here: bool = True
    lost: bool = False

    @property
    def next(self) -> int:
        return self.number + 1


def last_z(session: Session) -> LastZ:
    """The last Z closed, which the next follows: the last here, or the ledger's last where a restore left later Zs
    to the ledger (their numbers are the ledger's; reused here, `report z` there would name two days)."""
    last = session.scalar(select(ZRecord).order_by(ZRecord.number.desc()).limit(1))
    mine = LastZ(0, 1, None) if last is None else \
        LastZ(last.number, last.seq + 1, date.fromisoformat(json.loads(last.totals)["date"]))
    held = session.scalar(select(JournalGap).where(JournalGap.last_z.is_not(None))
                          .order_by(JournalGap.last_z.desc()).limit(1))
    if held is None or held.last_z is None or held.last_z_seq is None or held.last_z <= mine.number:
        return mine
    # The ledger names the day of the gap's last entry, not of its last Z: the Z was closed that day or before. The
    # later day it is, so that coupons expired by it, which that Z may have counted, are never counted twice.
    day = mine.day if held.last_date is None else max(date.fromisoformat(held.last_date), mine.day or date.min)
    return LastZ(held.last_z, max(mine.from_seq, held.last_z_seq + 1), day, here=False,
                 lost=lost_from(held.last_z_seq, held.last_z_seq, ledger_holds(session)) is not None)


@dataclass(frozen=True)
class ZSpan:
    """When the first and the last entry a Z covers were written (``first``, ``last``, in the store's time zone)."""

    first: datetime
    last: datetime


def z_days(z: dict[str, Any]) -> str:
    """The business days a Z's header names: '2026-03-01', or '2026-03-01 – 2026-03-02'."""
    first, last = z["from_date"], z["to_date"]
    return str(first) if first == last else f"{first} – {last}"


def _with_days(session: Session, z: dict[str, Any]) -> dict[str, Any]:
    """``z`` with the first and last business day it holds (``from_date``, ``to_date``): a Z is dated the day it was
    closed (``date``), which after midnight is the day after all its business, and a late close the day after that.
    Worked out here only: the JSON, the CLI's heading and the printed Z all read them."""
    covered = JournalEntry.seq.between(int(z["from_seq"]), int(z["to_seq"]))
    # The days of its business (a login or a shift's close is none); not expiry's, dated the day points ran out
    # however late it was recorded, unless it holds nothing else (the day reports count it on that day); else the
    # days of what it holds; else (a restore left its entries to the ledger) the day it was closed.
    business = [kind for kind in COUNTED_KINDS if kind != "expire"]
    days = _business_days(session, covered, JournalEntry.kind.in_(business)) \
        or _business_days(session, covered, JournalEntry.kind == "expire") or _business_days(session, covered)
    first, last = (date.fromisoformat(z["date"]),) * 2 if days is None else days
    items = list(z.items())
    after = list(z).index("date") + 1  # beside the day it was closed
    return dict([*items[:after], ("from_date", first.isoformat()), ("to_date", last.isoformat()), *items[after:]])


def _business_days(session: Session, *where: Any) -> tuple[date, date] | None:
    """The first and last business day of the entries ``where`` says; None when there are none."""
    low, high = session.execute(select(func.min(JournalEntry.business_date), func.max(JournalEntry.business_date))
                                .where(*where)).one()
    return None if low is None or high is None else (date.fromisoformat(low), date.fromisoformat(high))


def z_span(uow: UnitOfWork, shop: Shop, z: dict[str, Any]) -> ZSpan | None:
    """When the first and the last entry a Z record covers were written. None when this store holds none of them (a
    restore from an older backup left them to the ledger)."""
    with uow:
        covered = JournalEntry.seq.between(int(z["from_seq"]), int(z["to_seq"]))
        first = uow.session.scalar(select(JournalEntry.at).where(covered).order_by(JournalEntry.seq).limit(1))
        last = uow.session.scalar(select(JournalEntry.at).where(covered).order_by(JournalEntry.seq.desc()).limit(1))
    if first is None or last is None:
        return None
    first_at, last_at = (datetime.fromisoformat(at).astimezone(shop.tz) for at in (first, last))
    return ZSpan(first_at, last_at)


def z_record(uow: UnitOfWork, number: int) -> dict[str, Any]:
    """Z ``number`` as it was closed, with the business days it holds."""
    with uow:
        z = uow.session.get(ZRecord, number)
        if z is None:
            raise _no_z(uow.session, number)
        return _with_days(uow.session, json.loads(z.totals))


def _no_z(session: Session, number: int) -> Refused:
    """Why there is no Z ``number`` here: never closed, or closed among entries a restore left to the ledger (which
    may since have lost them)."""
    gap = session.scalar(select(JournalGap).where(JournalGap.last_z >= number).order_by(JournalGap.from_seq).limit(1))
    if gap is None or number < 1:
        return Refused("not_found", f"there is no Z{number}", f"没有 Z{number}")
    span = f"{gap.from_seq}–{gap.to_seq}"
    lost = lost_from(gap.from_seq, gap.to_seq, ledger_holds(session))
    if lost is None:
        return Refused("not_found", f"Z{number} is held by the ledger only: it was closed among entries {span}, which "
                       "were left to the ledger when this store was restored from an older backup (jifen journal "
                       "verify names them); the ledger's jifen-ledger report day has those days' totals",
                       f"Z{number} 只在总账中：它在第 {span} 条记录中日结，本店从较旧的备份恢复时这些记录"
                       "留在了总账（jifen journal verify 会列出）；这些日期的数据可用总账的 jifen-ledger report day 查看")
    certain = lost == gap.from_seq or (number == gap.last_z and gap.last_z_seq is not None and gap.last_z_seq >= lost)
    en, zh = (f"Z{number} is held nowhere any more", f"Z{number} 已无处可寻") if certain else \
        (f"Z{number} may be held nowhere any more", f"Z{number} 可能已无处可寻")
    return Refused("not_found", f"{en}: it was closed among entries {span}, which were left to the ledger when this "
                   f"store was restored from an older backup, and the ledger, since restored from a backup made before "
                   f"it took them, holds none from entry {lost} on. If the ledger's owner has a later backup of the "
                   "ledger holding them, restoring it brings them back; else those days' figures are on their printed "
                   "Z reports and receipts only (jifen journal verify names the entries and the way on)",
                   f"{zh}：它在第 {span} 条记录中日结，本店从较旧的备份恢复时这些记录留在了总账，而总账此后从它接收这些记录"
                   f"之前的备份恢复，第 {lost} 条起的记录已不在总账中。如总账管理员有包含这些记录的较新的总账备份，恢复后即可找回；"
                   "否则这些日期的数据只留在打印的日结报表和小票上（jifen journal verify 会列出这些记录及处理办法）")
