"""Day totals, shift totals and Z records, all computed from the journal."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal.errors import Refused
from terminal.journal import Who
from terminal.models import JournalEntry, ZRecord
from terminal.services.common import record
from terminal.shop import Shop
from terminal.uow import UnitOfWork


@dataclass
class Totals:
    sales: int = 0
    gross_fen: int = 0
    cash_fen: int = 0
    card_fen: int = 0
    points_paid_fen: int = 0
    refunds: int = 0
    refunds_fen: int = 0
    refund_cash_fen: int = 0
    refund_card_fen: int = 0
    points_earned: int = 0
    points_bonus: int = 0
    points_redeemed: int = 0
    points_restored: int = 0
    points_reversed: int = 0
    points_adjusted: int = 0
    points_expired: int = 0
    new_members: int = 0
    served: set[str] = field(default_factory=set)

    def add(self, kind: str, p: dict[str, Any]) -> None:
        if kind == "sale":
            self.sales += 1
            self.gross_fen += p["total_fen"]
            self.cash_fen += p["paid_fen"] if p["pay_method"] == "cash" else 0
            self.card_fen += p["paid_fen"] if p["pay_method"] == "card" else 0
            self.points_paid_fen += p["redeemed_fen"]
            self.points_earned += p["earned_points"]
            self.points_redeemed += p["redeemed_points"]
            if p["member_id"]:
                self.served.add(p["member_id"])
        elif kind == "refund":
            self.refunds += 1
            self.refunds_fen += p["refunded_fen"]
            self.refund_cash_fen += p["money_fen"] if p["pay_method"] == "cash" else 0
            self.refund_card_fen += p["money_fen"] if p["pay_method"] == "card" else 0
            self.points_restored += p["restored_points"]
            self.points_reversed += p["reversed_points"]
        elif kind == "bonus":
            self.points_bonus += p["points"]
        elif kind == "adjust":
            self.points_adjusted += p["points"]
        elif kind == "expire":
            self.points_expired += p["points"]
        elif kind == "member_add":
            self.new_members += 1

    def as_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "served"}
        out["members_served"] = len(self.served)
        return out


def totals_of(entries: Iterable[tuple[str, str | None, str]]) -> dict[str, Any]:
    """Totals of (kind, actor, payload) rows, overall and per cashier."""
    overall, per_cashier = Totals(), dict[str, Totals]()
    for kind, actor, payload in entries:
        p = json.loads(payload)
        overall.add(kind, p)
        if actor is not None and kind in ("sale", "refund", "member_add", "adjust", "bonus"):
            per_cashier.setdefault(actor, Totals()).add(kind, p)
    result = overall.as_json()
    result["cashiers"] = {name: t.as_json() for name, t in sorted(per_cashier.items())}
    return result


def liability_at_end_of(session: Session, day: date) -> int:
    last = session.scalar(
        select(JournalEntry.liability_after)
        .where(JournalEntry.business_date <= day.isoformat())
        .order_by(JournalEntry.business_date.desc(), JournalEntry.seq.desc())
        .limit(1)
    )
    return int(last or 0)


def _rows(session: Session, *where: Any) -> Iterable[tuple[str, str | None, str]]:
    query = select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload).where(*where).order_by(JournalEntry.seq)
    return session.connection().execute(query).all()


def day_report(uow: UnitOfWork, shop: Shop, day: date | None = None) -> dict[str, Any]:
    day = day or shop.today()
    with uow:
        session = uow.session
        totals = totals_of(_rows(session, JournalEntry.business_date == day.isoformat()))
        return {"date": day.isoformat(), "store": shop.store, "terminal": shop.terminal_id, **totals,
                "liability_points": liability_at_end_of(session, day)}


def close_day(uow: UnitOfWork, shop: Shop, who: Who) -> dict[str, Any]:
    """Write the next Z record: the totals of everything since the last Z, frozen."""
    with uow:
        session = uow.session
        last = session.scalar(select(ZRecord).order_by(ZRecord.number.desc()).limit(1))
        number, from_seq = (1, 1) if last is None else (last.number + 1, last.seq + 1)
        totals = totals_of(_rows(session, JournalEntry.seq >= from_seq))
        head = session.scalar(select(JournalEntry.seq).order_by(JournalEntry.seq.desc()).limit(1)) or 0
        if head < from_seq:
            raise Refused("bad_input", f"nothing has happened since Z{number - 1}", f"自 Z{number - 1} 以来没有任何记录")
        z = {"z": number, "date": shop.today().isoformat(), "store": shop.store, "terminal": shop.terminal_id,
             "from_seq": from_seq, "to_seq": head, **totals,
             "liability_points": liability_at_end_of(session, date.max)}
        entry = record(session, shop, "z_close", who, z)
        session.add(ZRecord(number=number, seq=entry.seq, from_seq=from_seq, to_seq=head,
                            totals=json.dumps(z, ensure_ascii=False)))
        uow.commit()
    return z


def z_record(uow: UnitOfWork, number: int) -> dict[str, Any]:
    with uow:
        z = uow.session.get(ZRecord, number)
        if z is None:
            raise Refused("not_found", f"there is no Z{number}", f"没有 Z{number}")
        return json.loads(z.totals)
