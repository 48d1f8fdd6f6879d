"""The owner's figures for a day or a period, without Qt: the terminal's own from its journal, and
every terminal of the merchant from the ledger when the terminal is connected to one."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import select

from sync.client import LedgerClient, LedgerRefused, LinkDown, MerchantReport
from sync.relay import load_token, trust_for
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.models import JournalEntry
from terminal.services import reports
from terminal.services.expiry import unrecorded_expiry
from terminal.totals import totals_of

MAX_DAYS = 366  # the ledger answers for at most this many days at once
STRETCH_DAYS = 31

LedgerProblem = Literal["standalone", "offline", "refused"]


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    days: list[dict[str, Any]]  # reports.day_report for each date, oldest first
    totals: dict[str, Any]  # the same fields over the whole period (members counted once)
    liability_points: int  # points members still hold at the end of the period


@dataclass(frozen=True)
class LedgerFigures:
    report: MerchantReport | None
    problem: LedgerProblem | None = None
    detail: str = ""


def dates(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def check_period(start: date, end: date) -> None:
    if end < start:
        raise Refused("bad_input", "the period ends before it starts", "结束日期早于开始日期")
    if (end - start).days >= MAX_DAYS:
        raise Refused("bad_input", f"choose at most {MAX_DAYS} days", f"最多选择 {MAX_DAYS} 天")


def day_reports(till: Till, start: date, end: date) -> list[dict[str, Any]]:
    """reports.day_report for each date from ``start`` to ``end``."""
    return [reports.day_report(till.reading(), till.shop, day) for day in dates(start, end)]


def period_totals(till: Till, start: date, end: date) -> dict[str, Any]:
    """The day report's fields over the whole period, a member served on several days counted once,
    and the points members held before it (``liability_start``)."""
    with till.reading() as uow:
        rows = uow.session.execute(
            select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload)
            .where(JournalEntry.business_date >= start.isoformat(), JournalEntry.business_date <= end.isoformat())
            .order_by(JournalEntry.seq)).all()
        totals = totals_of(rows)
        totals["points_expired"] += unrecorded_expiry(uow.session, start, end)
        held_before = reports.liability_at_end_of(uow.session, start - timedelta(days=1))
    return {**totals, "liability_start": held_before}


def stretches(start: date, end: date, days: int = STRETCH_DAYS) -> list[tuple[date, date]]:
    """The period in stretches of at most ``days``: one database task each, so a sale need not wait for a year."""
    out, first = [], start
    while first <= end:
        last = min(end, first + timedelta(days=days - 1))
        out.append((first, last))
        first = last + timedelta(days=1)
    return out


class FiguresCollector:
    """Puts the period's figures together as their parts come back from the database worker."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.parts: list[tuple[date, date]] = stretches(start, end)
        self._days: dict[int, list[dict[str, Any]]] = {}
        self._totals: dict[str, Any] | None = None

    def days(self, part: int, reports_: list[dict[str, Any]]) -> Figures | None:
        self._days[part] = reports_
        return self.figures()

    def totals(self, totals: dict[str, Any]) -> Figures | None:
        self._totals = totals
        return self.figures()

    def figures(self) -> Figures | None:
        if self._totals is None or len(self._days) < len(self.parts):
            return None
        days = [day for part in range(len(self.parts)) for day in self._days[part]]
        return Figures(self.start, self.end, days, self._totals, days[-1]["liability_points"])


def ledger_figures(url: str | None, till: Till, start: date, end: date) -> LedgerFigures:
    """Every terminal of the merchant, as far as their entries have reached the ledger."""
    if url is None:
        return LedgerFigures(None, "standalone")
    try:
        client = LedgerClient(url, load_token(till), verify=trust_for(till))
        return LedgerFigures(client.merchant_report(start, end if end != start else None))
    except LinkDown as down:
        return LedgerFigures(None, "offline", down.message)
    except LedgerRefused as refused:
        return LedgerFigures(None, "refused", refused.message)
    except Refused as refused:
        return LedgerFigures(None, "refused", refused.message)
