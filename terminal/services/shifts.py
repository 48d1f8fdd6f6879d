"""Shifts: a cashier opens one, closes it, and sees their own totals for it."""

from typing import Any

from sqlalchemy import select

from terminal.errors import Refused
from terminal.journal import Who
from terminal.models import JournalEntry, Shift
from terminal.services.cashiers import Actor
from terminal.services.common import record
from terminal.shop import Shop
from terminal.totals import totals_of
from terminal.uow import UnitOfWork


def _open_shift(uow: UnitOfWork, cashier: str) -> Shift | None:
    return uow.session.scalar(select(Shift).where(Shift.cashier == cashier, Shift.closed_seq.is_(None)))


def open_shift(uow: UnitOfWork, shop: Shop, cashier: Actor) -> dict[str, Any]:
    with uow:
        if _open_shift(uow, cashier.name):
            raise Refused("bad_input", f"{cashier.name} already has a shift open", f"{cashier.name} 已有未结束的班次")
        entry = record(uow.session, shop, "shift_open", Who(cashier.name), {"cashier": cashier.name})
        uow.session.add(Shift(cashier=cashier.name, opened_seq=entry.seq))
        uow.commit()
    return {"cashier": cashier.name, "opened_seq": entry.seq, "at": entry.at}


def close_shift(uow: UnitOfWork, shop: Shop, cashier: Actor) -> dict[str, Any]:
    with uow:
        shift = _open_shift(uow, cashier.name)
        if shift is None:
            raise Refused("bad_input", f"{cashier.name} has no shift open", f"{cashier.name} 没有未结束的班次")
        rows = uow.session.execute(
            select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload)
            .where(JournalEntry.seq > shift.opened_seq, JournalEntry.actor == cashier.name)
        ).all()
        totals = totals_of(rows)
        totals.pop("cashiers")
        summary = {"cashier": cashier.name, "opened_seq": shift.opened_seq, **totals}
        entry = record(uow.session, shop, "shift_close", Who(cashier.name), summary)
        shift.closed_seq = entry.seq
        uow.commit()
    return {**summary, "closed_seq": entry.seq}
