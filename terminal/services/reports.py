"""Day totals, shift totals and Z records, all computed from the journal."""

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.errors import Refused
from terminal.journal import Who, verify
from terminal.models import JournalEntry, JournalGap, ZRecord
from terminal.services.common import record
from terminal.services.coupons import expired_between as coupons_expired_between
from terminal.services.coupons import expired_on as coupons_expired_on
from terminal.services.expiry import expire_due, unrecorded_expiry
from terminal.shop import Shop
from terminal.totals import totals_of
from terminal.uow import UnitOfWork


def journal_liability(session: Session, day: date) -> int:
    """The journal's running total at the end of ``day``. Entries are written in date order but for expiry, which
    is dated the day the points expired however late it was recorded: the total after the last other entry dated
    by then, and the expiry dated by then that was recorded after it."""
    up_to = day.isoformat()
    last = session.execute(
        select(JournalEntry.seq, JournalEntry.liability_after)
        .where(JournalEntry.business_date <= up_to, JournalEntry.kind != "expire")
        .order_by(JournalEntry.business_date.desc(), JournalEntry.seq.desc())
        .limit(1)
    ).first()
    seq, total = last or (0, 0)
    expired_after = session.scalar(select(func.sum(JournalEntry.points_delta)).where(
        JournalEntry.kind == "expire", JournalEntry.business_date <= up_to, JournalEntry.seq > seq))
    return int(total) + (expired_after or 0)


def liability_at_end_of(session: Session, day: date) -> int:
    """What members held at the end of ``day``: lots that had expired by then are left out, recorded or not."""
    return journal_liability(session, day) - unrecorded_expiry(session, date.min, day)


def _rows(session: Session, *where: Any) -> Iterable[tuple[str, str | None, str]]:
    query = select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload).where(*where).order_by(JournalEntry.seq)
    return session.connection().execute(query).all()


def day_report(uow: UnitOfWork, shop: Shop, day: date | None = None) -> dict[str, Any]:
    """The day's totals; ``incomplete``: the entries the ledger only holds that may be of the day, when there are."""
    day = day or shop.today()
    with uow:
        session = uow.session
        totals = totals_of(_rows(session, JournalEntry.business_date == day.isoformat()))
        totals["points_expired"] += unrecorded_expiry(session, day, day)
        report = {"date": day.isoformat(), "store": shop.store, "terminal": shop.terminal_id, **totals,
                  "coupons_expired": coupons_expired_on(session, day),
                  "liability_points": liability_at_end_of(session, day)}
        missing = [_span(gap) for gap in session.scalars(select(JournalGap).order_by(JournalGap.from_seq))
                   if _first_day(session, gap) <= day <= _last_day(session, gap)]
    return report | ({"incomplete": missing} if missing else {})


def held_by_ledger_only(uow: UnitOfWork, from_seq: int, to_seq: int) -> list[dict[str, int]]:
    """The entries among ``from_seq``–``to_seq`` that a restore left to the ledger: a Z's figures lack them."""
    with uow:
        gaps = uow.session.scalars(select(JournalGap).where(JournalGap.from_seq <= to_seq, JournalGap.to_seq >= from_seq)
                                   .order_by(JournalGap.from_seq))
        return [{"from_seq": max(gap.from_seq, from_seq), "to_seq": min(gap.to_seq, to_seq)} for gap in gaps]


def _span(gap: JournalGap) -> dict[str, int]:
    return {"from_seq": gap.from_seq, "to_seq": gap.to_seq}


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


def close_day(uow: UnitOfWork, shop: Shop, who: Who) -> dict[str, Any]:
    """Write the next Z record: the totals of everything since the last Z, frozen."""
    with uow:
        session = uow.session
        expire_due(session, shop, Who(None))  # frozen in the Z: the points that ran out by today go with it
        last = session.scalar(select(ZRecord).order_by(ZRecord.number.desc()).limit(1))
        number, from_seq = _next_z(session, last)
        totals = totals_of(_rows(session, JournalEntry.seq >= from_seq))
        head = session.scalar(select(JournalEntry.seq).order_by(JournalEntry.seq.desc()).limit(1)) or 0
        if head < from_seq:
            raise Refused("bad_input", f"nothing has happened since Z{number - 1}", f"自 Z{number - 1} 以来没有任何记录")
        since = None if last is None else date.fromisoformat(json.loads(last.totals)["date"])
        z = {"z": number, "date": shop.today().isoformat(), "store": shop.store, "terminal": shop.terminal_id,
             "from_seq": from_seq, "to_seq": head, **totals,
             "coupons_expired": coupons_expired_between(session, since, shop.today()),
             "liability_points": journal_liability(session, date.max)}
        entry = record(session, shop, "z_close", who, z)
        session.add(ZRecord(number=number, seq=entry.seq, from_seq=from_seq, to_seq=head,
                            totals=json.dumps(z, ensure_ascii=False)))
        uow.commit()
    return z


def _next_z(session: Session, last: ZRecord | None) -> tuple[int, int]:
    """The next Z's number and first entry: after the last Z here, or after the ledger's last where a restore left
    later Zs to the ledger (their numbers are the ledger's; reused here, `report z` there would name two days)."""
    number, from_seq = (1, 1) if last is None else (last.number + 1, last.seq + 1)
    held = session.scalar(select(JournalGap).where(JournalGap.last_z.is_not(None))
                          .order_by(JournalGap.last_z.desc()).limit(1))
    if held is None or held.last_z is None or held.last_z_seq is None or held.last_z < number:
        return number, from_seq
    return held.last_z + 1, max(from_seq, held.last_z_seq + 1)


def z_span(uow: UnitOfWork, shop: Shop, z: dict[str, Any]) -> tuple[datetime, datetime] | None:
    """When the first and the last entry a Z record covers were written, in the store's time zone: a Z is dated the
    day it was closed, and may hold entries of days before. None when this store holds none of them (a restore
    from an older backup left them to the ledger)."""
    with uow:
        session = uow.session
        covered = JournalEntry.seq.between(int(z["from_seq"]), int(z["to_seq"]))
        first = session.scalar(select(JournalEntry.at).where(covered).order_by(JournalEntry.seq).limit(1))
        last = session.scalar(select(JournalEntry.at).where(covered).order_by(JournalEntry.seq.desc()).limit(1))
    if first is None or last is None:
        return None
    return datetime.fromisoformat(first).astimezone(shop.tz), datetime.fromisoformat(last).astimezone(shop.tz)


def z_record(uow: UnitOfWork, number: int) -> dict[str, Any]:
    with uow:
        z = uow.session.get(ZRecord, number)
        if z is None:
            raise _no_z(uow.session, number)
        return json.loads(z.totals)


def _no_z(session: Session, number: int) -> Refused:
    """Why there is no Z ``number`` here: never closed, or closed among entries a restore left to the ledger."""
    gap = session.scalar(select(JournalGap).where(JournalGap.last_z >= number).order_by(JournalGap.from_seq).limit(1))
    if gap is None or number < 1:
        return Refused("not_found", f"there is no Z{number}", f"没有 Z{number}")
    return Refused("not_found", f"Z{number} is held by the ledger only: it was closed among entries {gap.from_seq}–"
                   f"{gap.to_seq}, which were left to the ledger when this store was restored from an older backup "
                   "(jifen journal verify names them); the ledger's jifen-ledger report day has those days' totals",
                   f"Z{number} 只在总账中：它在第 {gap.from_seq}–{gap.to_seq} 条记录中日结，本店从较旧的备份恢复时这些记录"
                   "留在了总账（jifen journal verify 会列出）；这些日期的数据可用总账的 jifen-ledger report day 查看")
