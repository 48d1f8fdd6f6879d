"""Whether the members' points held in the store agree with the journal.

In a store connected to no ledger the journal is the book of record: every change of a member's points is an
entry whose payload names the member (``member_id``) and whose ``points_delta`` is the change. So, member by member,
the points held in lots less the debt are the sum of their entries' deltas, and the store-wide total is the
journal's running liability. A damaged lots or members page breaks that while SQLite's integrity check passes.
A store connected to a ledger takes its members' lots from the ledger's view (``lots.take_over``): there the
journal says nothing about them, and nothing is compared.
"""

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from terminal.models import JournalGap, LedgerLink

# The tables themselves, never their indexes: a damaged index gives wrong rows (and wrong balances).
_HELD = text("SELECT member_id, sum(remaining) FROM lots NOT INDEXED GROUP BY member_id")
_DEBT = text("SELECT id, debt_points FROM members NOT INDEXED WHERE debt_points != 0")
_BOOKED = text("SELECT json_extract(payload, '$.member_id'), sum(points_delta) FROM journal NOT INDEXED "
               "WHERE points_delta != 0 GROUP BY 1")
_PHONES = text("SELECT id, phone FROM members NOT INDEXED")


@dataclass(frozen=True)
class Differs:
    """A member (None: entries that name none) whose points held are not what the journal booked."""

    member_id: str | None
    phone: str | None
    held: int
    booked: int


@dataclass(frozen=True)
class Agreement:
    """The points held in the store (lots less debt) and booked in the journal, in all and member by member."""

    held: int
    booked: int
    differing: tuple[Differs, ...]

    @property
    def ok(self) -> bool:
        return self.held == self.booked and not self.differing


def applies(session: Session) -> bool:
    """Whether the journal is the book of record of the members' points: no ledger, and no entries held elsewhere."""
    return session.get(LedgerLink, 1) is None and session.query(JournalGap).first() is None


def compare(session: Session) -> Agreement:
    held: dict[str | None, int] = {member: points for member, points in session.execute(_HELD)}
    for member, debt in session.execute(_DEBT):
        held[member] = held.get(member, 0) - debt
    booked: dict[str | None, int] = {member: points for member, points in session.execute(_BOOKED)}
    wrong = sorted((m for m in held.keys() | booked.keys() if held.get(m, 0) != booked.get(m, 0)),
                   key=lambda m: (m is None, m or ""))
    phones: dict[str, str] = {member: phone for member, phone in session.execute(_PHONES)} if wrong else {}
    return Agreement(sum(held.values()), sum(booked.values()), tuple(
        Differs(m, phones.get(m) if m else None, held.get(m, 0), booked.get(m, 0)) for m in wrong))
