"""What the shift screen shows before anything is closed, read on the database worker: the
cashier's open shift and its totals so far (as ``close_shift`` will count them), the shifts still
open, and the last Z (no Qt here)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Shift, ZRecord
from terminal.totals import totals_of


@dataclass(frozen=True)
class ShiftState:
    cashier: str
    opened_at: datetime | None  # local time; None: no shift open
    totals: dict[str, Any] = field(default_factory=dict)  # of the open shift so far
    open_shifts: list[str] = field(default_factory=list)  # every cashier with a shift open
    last_z: int | None = None


def shift_state(till: Till, cashier: str) -> ShiftState:
    with till.reading() as uow:
        session = uow.session
        open_shifts = list(session.scalars(select(Shift.cashier).where(Shift.closed_seq.is_(None))
                                           .order_by(Shift.cashier)))
        last_z = session.scalar(select(ZRecord.number).order_by(ZRecord.number.desc()).limit(1))
        opened = session.execute(select(Shift.opened_seq, JournalEntry.at)
                                 .join(JournalEntry, JournalEntry.seq == Shift.opened_seq)
                                 .where(Shift.cashier == cashier, Shift.closed_seq.is_(None))).first()
        if opened is None:
            return ShiftState(cashier, None, {}, open_shifts, last_z)
        rows = session.execute(select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload)
                               .where(JournalEntry.seq > opened.opened_seq, JournalEntry.actor == cashier)).all()
    totals = totals_of(rows)
    totals.pop("cashiers")
    at = datetime.fromisoformat(opened.at).astimezone(till.shop.tz)
    return ShiftState(cashier, at, totals, open_shifts, last_z)
