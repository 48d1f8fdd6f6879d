"""What the shift screen shows before anything is closed, read on the database worker: the
cashier's open shift and its totals so far (as ``close_shift`` will count them), the shifts still
open, and the last Z, which the next follows: after a restore from an older backup, maybe one the ledger
holds only (no Qt here)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Shift
from terminal.services.reports import LastZ, last_z
from terminal.services.shifts import current_shift, shift_so_far


@dataclass(frozen=True)
class ShiftState:
    cashier: str
    opened_at: datetime | None  # local time; None: no shift open
    totals: dict[str, Any] = field(default_factory=dict)  # of the open shift so far
    open_shifts: list[str] = field(default_factory=list)  # every cashier with a shift open
    last_z: LastZ = LastZ(0, 1, None)  # the last Z closed (number 0: none yet), here or left to the ledger
    counts_from: datetime | None = None  # local time of the first entry counted: a sale before opening, or the opening


def shift_state(till: Till, cashier: str) -> ShiftState:
    with till.reading() as uow:
        session = uow.session
        open_shifts = list(session.scalars(select(Shift.cashier).where(Shift.closed_seq.is_(None))
                                           .order_by(Shift.cashier)))
        last = last_z(session)
        shift = current_shift(session, cashier)
        if shift is None:
            return ShiftState(cashier, None, {}, open_shifts, last)
        opened_at = session.execute(select(JournalEntry.at).where(JournalEntry.seq == shift.opened_seq)).scalar_one()
        totals = shift_so_far(session, shift)
    return ShiftState(cashier, local_time(till, opened_at), totals, open_shifts, last,
                      local_time(till, totals["from_at"]))


def local_time(till: Till, at: str) -> datetime:
    """A journal entry's time (``at``) in the shop's time zone."""
    return datetime.fromisoformat(at).astimezone(till.shop.tz)
