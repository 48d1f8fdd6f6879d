"""The owner's figures for a day or a period, without Qt: the terminal's own from its journal, and
every terminal of the merchant from the ledger when the terminal is connected to one."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sync.client import LedgerClient, LedgerRefused, LinkDown, MerchantReport
from sync.link_files import load_token, trust_for
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.services import reports
from terminal.services.expiry import unrecorded_expiry
from terminal.totals import Tally

MAX_DAYS = 366  # the ledger answers for at most this many days at once

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


def stretch_reports(till: Till, start: date, end: date, period: Tally) -> list[dict[str, Any]]:
    """reports.day_report for each date from ``start`` to ``end``, their totals also added to ``period``: a long
    period is read a stretch at a time into the one tally."""
    with till.reading() as uow:
        session = uow.session
        return reports.day_reports(session, till.shop, reports.day_totals(session, start, end, period))


def period_totals(till: Till, start: date, end: date, period: Tally | None = None) -> dict[str, Any]:
    """The day report's fields over the whole period, a member served on several days counted once,
    and the points members held before it (``liability_start``). ``period``: the period's entries, already
    tallied by ``stretch_reports``; else they are read here."""
    if period is None:
        period = Tally()
        for first, last in stretches(start, end):
            stretch_reports(till, first, last, period)
    with till.reading() as uow:
        totals = period.as_json()
        totals["points_expired"] += unrecorded_expiry(uow.session, start, end)
        held_before = reports.liability_at_end_of(uow.session, start - timedelta(days=1))
    return {**totals, "liability_start": held_before}


def stretches(start: date, end: date) -> list[tuple[date, date]]:
    """The period by calendar month: the Dashboard reads one at a time, so that it can say how far it got, and
    stop when the owner asks for another period."""
    out, first = [], start
    while first <= end:
        next_month = (first.replace(day=1) + timedelta(days=31)).replace(day=1)
        last = min(end, next_month - timedelta(days=1))
        out.append((first, last))
        first = next_month
    return out


class FiguresCollector:
    """Puts the period's figures together as its months come back, one at a time, from the reading worker."""

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self.parts: list[tuple[date, date]] = stretches(start, end)
        self.done = 0  # how many months are read
        self.period = Tally()  # added to by each month's task, one after the other
        self._days: list[dict[str, Any]] = []

    def next_part(self) -> tuple[date, date] | None:
        """The month to read next; None once all are read."""
        return self.parts[self.done] if self.done < len(self.parts) else None

    def days(self, reports_: list[dict[str, Any]]) -> None:
        self._days.extend(reports_)
        self.done += 1

    def figures(self, totals: dict[str, Any]) -> Figures:
        return Figures(self.start, self.end, self._days, totals, self._days[-1]["liability_points"])


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
        return LedgerFigures(None, "refused", refused.said)
    except Refused as refused:
        return LedgerFigures(None, "refused", refused.message)
