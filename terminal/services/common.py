"""Helpers shared by the services: writing a journal entry for this shop."""

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from terminal import clock_check, journal
from terminal.journal import Change, Who, Written, format_instant
from terminal.models import PrintJob
from terminal.shop import Shop

PAY_METHODS = ("cash", "card")


def local_id(shop: Shop, ref: str) -> str:
    """An id of this till's as typed: "T1-18", or its number alone, "18"."""
    return f"{shop.terminal_id}-{ref}" if ref.isdigit() else ref


def queue_receipt(session: Session, shop: Shop, kind: str, ref: str, copy: bool = False) -> None:
    """With a printer set up, the receipt's print job is written with the sale or refund itself:
    a crash right after the commit cannot lose it."""
    if shop.print_receipts:
        session.add(PrintJob(kind=kind, ref=ref, copy=copy, status="queued", attempts=0, last_error=None,
                             created_at=format_instant(shop.now()), printed_at=None))


def record(session: Session, shop: Shop, kind: str, who: Who, payload: dict[str, Any], points_delta: int = 0,
           business_date: date | None = None) -> Written:
    """Write an entry dated today, or ``business_date`` for one that counts on an earlier day (expiry recorded late).
    Refused on a clock known to be wrong (terminal.clock_check)."""
    clock_check.check(session, shop)
    return journal.append(
        session,
        terminal_id=shop.terminal_id,
        kind=kind,
        now=shop.now(),
        business_date=(business_date or shop.today()).isoformat(),
        who=who,
        payload=payload,
        points_delta=points_delta,
    )


def record_many(session: Session, shop: Shop, changes: list[Change]) -> list[Written]:
    """Write many entries dated today in one go, in order (a member import)."""
    clock_check.check(session, shop)
    return journal.append_many(session, terminal_id=shop.terminal_id, now=shop.now(),
                               business_date=shop.today().isoformat(), changes=changes)
