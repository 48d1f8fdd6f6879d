"""Shifts: a cashier opens one, closes it, and sees their own totals for it.

A shift counts the cashier's entries since their previous shift's close, whatever the day (a sale made
after a close, that day or any later one, lands in the next shift), or, for their first shift, since the
start of the day it was opened on: not only those after it was opened, so the drawer count at its close
misses no cash. Someone deactivated with a shift open has it closed by whoever deactivates them."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.errors import Refused
from terminal.journal import Who
from terminal.models import JournalEntry, Shift
from terminal.services.cashiers import Actor
from terminal.services.common import record
from terminal.shop import Shop
from terminal.totals import totals_of
from terminal.uow import UnitOfWork


def current_shift(session: Session, cashier: str) -> Shift | None:
    return session.scalar(select(Shift).where(Shift.cashier == cashier, Shift.closed_seq.is_(None)))


def open_shift(uow: UnitOfWork, shop: Shop, cashier: Actor) -> dict[str, Any]:
    with uow:
        _check_active(uow.session, cashier, "open a shift", "开班")
        if current_shift(uow.session, cashier.name):
            raise Refused("bad_input", f"{cashier.name} already has a shift open", f"{cashier.name} 已有未结束的班次")
        opened = _open(uow.session, shop, cashier)
        uow.commit()
    return opened


def open_shift_if_none(uow: UnitOfWork, shop: Shop, cashier: Actor) -> dict[str, Any] | None:
    """Opens the cashier's shift unless one is open already (logging in to the app): None when one was."""
    with uow:
        _check_active(uow.session, cashier, "open a shift", "开班")
        if current_shift(uow.session, cashier.name):
            return None
        opened = _open(uow.session, shop, cashier)
        uow.commit()
    return opened


def _check_active(session: Session, cashier: Actor, what_en: str, what_zh: str) -> None:
    """Refused (``Deactivated``) when ``cashier`` was deactivated since logging in: a shift opened then would be one
    nobody can close (deactivating them closed theirs), named by every day close."""
    from terminal.services.staff import check_active  # staff closes shifts: imported here, not at the top

    check_active(session, cashier, what_en, what_zh)


def _open(session: Session, shop: Shop, cashier: Actor) -> dict[str, Any]:
    entry = record(session, shop, "shift_open", Who(cashier.name), {"cashier": cashier.name})
    session.add(Shift(cashier=cashier.name, opened_seq=entry.seq))
    return {"cashier": cashier.name, "opened_seq": entry.seq, "at": entry.at}


def shift_so_far(session: Session, shift: Shift) -> dict[str, Any]:
    """The totals of the cashier's entries the open ``shift`` covers, with ``from_seq`` and ``from_at`` (the first
    of them: the shift's opening, or a sale made before it)."""
    from_seq = _counts_from(session, shift)
    mine = (JournalEntry.actor == shift.cashier, JournalEntry.seq >= from_seq)
    rows = session.execute(select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload).where(*mine)).all()
    from_at = session.scalar(select(JournalEntry.at).where(*mine).order_by(JournalEntry.seq).limit(1))
    totals = totals_of(rows)
    totals.pop("cashiers")
    return {"from_seq": from_seq, "from_at": from_at, **totals}


def _counts_from(session: Session, shift: Shift) -> int:
    """The first entry ``shift`` counts: the one after the cashier's previous close, on whatever day; without one,
    the first of the day the shift was opened on (their entries of days before, with no shift, are the Zs')."""
    previous_close = session.scalar(select(func.max(Shift.closed_seq))
                                    .where(Shift.cashier == shift.cashier, Shift.closed_seq < shift.opened_seq))
    if previous_close is not None:
        return int(previous_close) + 1
    opened_day = select(JournalEntry.business_date).where(JournalEntry.seq == shift.opened_seq).scalar_subquery()
    first_of_day = session.scalar(select(func.min(JournalEntry.seq)).where(JournalEntry.business_date == opened_day))
    return int(first_of_day or shift.opened_seq)


def close_shift(uow: UnitOfWork, shop: Shop, cashier: Actor) -> dict[str, Any]:
    with uow:
        _check_active(uow.session, cashier, "close a shift", "交班")
        shift = current_shift(uow.session, cashier.name)
        if shift is None:
            raise Refused("bad_input", f"{cashier.name} has no shift open", f"{cashier.name} 没有未结束的班次")
        closed = close_open_shift(uow.session, shop, shift, Who(cashier.name))
        uow.commit()
    return closed


def close_open_shift(session: Session, shop: Shop, shift: Shift, who: Who) -> dict[str, Any]:
    """Closes ``shift`` as ``who``: its cashier, or the manager deactivating them (the entry's actor)."""
    summary = {"cashier": shift.cashier, "opened_seq": shift.opened_seq, **shift_so_far(session, shift)}
    entry = record(session, shop, "shift_close", who, summary)
    shift.closed_seq = entry.seq
    return {**summary, "closed_seq": entry.seq, "closed_at": entry.at}
