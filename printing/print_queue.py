"""The persistent print queue over ``print_jobs``: a job is written (and committed) before anything is
sent, so a print that fails is still there to retry; it becomes ``printed`` once the printer took it,
or ``sent`` when the printer took the data but never confirmed it (it may have printed: the cashier
checks the paper, and prints it again by hand if need be, or says it did print: ``checked``). Each write is its own short transaction:
no lock is held while a printer is slow.

Several programs print from one store (the app's printer watch, each `jifen sale`…): a job is claimed
(``sending``, committed) before it is printed, and only the program whose claim took prints it. Just
before the first byte goes to the printer, the claim is checked again and the job marked as a copy
(committed): should the program die while sending, part or all of the document may be on the paper, so a
later print of it says it is a copy; once it printed, the mark is what the paper says. A claim no longer
than any print can take (``CLAIM_LEASE``) is left by a program that died: the job waits again.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import aliased

from printing.mall_receipts import MALL_RECEIPTS
from printing.problems import PrintProblem, from_stored
from terminal.errors import Refused
from terminal.journal import format_instant
from terminal.models import PrintJob
from terminal.uow import UnitOfWork

QUEUED, SENDING, PRINTED, SENT = "queued", "sending", "printed", "sent"
CHECKED = "checked"  # sent, never confirmed, and the cashier found it on the paper: printed by their word
DONE = (PRINTED, SENT, CHECKED)  # a later print of the same document is a copy
WAITING = (QUEUED, SENDING)  # not printed yet
# Longer than a print can take (name lookup and connecting 3 s each, writing 10 s, six status answers of at
# most 10 s, the store's own waits): a claim this old was left by a program that stopped while printing.
CLAIM_LEASE = timedelta(minutes=2)
NOT_KEPT = "not_printed"  # not stored: a job dropped after one try that failed (a test page, a one-off printer)
KINDS = ("receipt", "refund", "day", "z", "card", "test", *MALL_RECEIPTS)


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    ref: str
    copy: bool
    status: str
    attempts: int
    last_error: str | None
    created_at: str
    printed_at: str | None
    drawer_kicked: bool = False  # a try of this receipt sent the cash drawer's kick

    @classmethod
    def of(cls, row: PrintJob) -> "Job":
        return cls(row.id, row.kind, row.ref, row.copy, row.status, row.attempts, row.last_error, row.created_at,
                   row.printed_at, row.drawer_kicked)

    @property
    def claimed_at(self) -> datetime | None:
        """When a program claimed the job to print it (by the computer's clock, never a clock fixed for a test)."""
        return datetime.fromisoformat(self.printed_at) if self.status == SENDING and self.printed_at else None

    @property
    def claim_ran_out(self) -> bool:
        """Claimed by a program that stopped while printing it: it waits again. A claim dated ahead of the
        clock by more than the lease (the clock was set back) ran out too."""
        claimed = self.claimed_at
        return claimed is not None and abs(real_now() - claimed) > CLAIM_LEASE

    @property
    def claimable(self) -> bool:
        return self.status == QUEUED or self.claim_ran_out

    @property
    def problem(self) -> PrintProblem | None:
        return from_stored(self.last_error) if self.last_error and self.status not in (PRINTED, CHECKED) else None

    def as_json(self) -> dict[str, Any]:
        problem = self.problem
        return {"job": self.id, "kind": self.kind, "ref": self.ref, "copy": self.copy, "status": self.status,
                "attempts": self.attempts, "error": problem.code if problem else None,
                "message": problem.message if problem else None, "created_at": self.created_at,
                "printed_at": self.printed_at}


class ClaimLost(Exception):
    """This program's claim on a job ran out and another program took the job: it must not print it."""


def real_now() -> datetime:
    """The computer's clock: a claim runs out in real time, whatever time the shop's clock is fixed at."""
    return datetime.now(UTC)


def add_job(uow: UnitOfWork, kind: str, ref: str, copy: bool, now: datetime) -> Job:
    if kind not in KINDS:
        raise ValueError(f"unknown print job kind {kind!r}")
    with uow:
        row = PrintJob(kind=kind, ref=ref, copy=copy, status=QUEUED, attempts=0, last_error=None,
                       created_at=format_instant(now), printed_at=None)
        uow.session.add(row)
        uow.session.flush()
        job = Job.of(row)
        uow.commit()
    return job


def get_job(uow: UnitOfWork, job_id: int) -> Job:
    with uow:
        row = uow.session.get(PrintJob, job_id)
        if row is None:
            raise Refused("not_found", f"there is no print job {job_id}", f"没有打印任务 {job_id}")
        return Job.of(row)


def jobs_for(uow: UnitOfWork, kind: str, ref: str) -> list[Job]:
    with uow:
        rows = uow.session.scalars(select(PrintJob).where(PrintJob.kind == kind, PrintJob.ref == ref).order_by(PrintJob.id))
        return [Job.of(row) for row in rows]


def count_waiting(uow: UnitOfWork) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(PrintJob).where(PrintJob.status.in_(WAITING))) or 0


def _sent_not_printed_again(kinds: Collection[str], since: datetime) -> Select[PrintJob]:
    """The jobs of these kinds, written since then, the printer took but never confirmed (``sent``), whose document
    has not printed since (a copy printed again by hand)."""
    later = aliased(PrintJob)
    printed_again = select(later.id).where(later.kind == PrintJob.kind, later.ref == PrintJob.ref,
                                           later.id > PrintJob.id, later.status == PRINTED)
    return select(PrintJob).where(PrintJob.status == SENT, PrintJob.kind.in_(kinds),
                                  PrintJob.created_at >= format_instant(since), ~printed_again.exists())


def count_sent(uow: UnitOfWork, kinds: Collection[str], since: datetime) -> int:
    """How many documents of these kinds, written since then, the printer took but never confirmed (``sent``),
    and not printed since (a copy printed again by hand)."""
    sent = _sent_not_printed_again(kinds, since).subquery()
    documents = select(sent.c.kind, sent.c.ref).distinct().subquery()  # a receipt sent twice unconfirmed counts once
    with uow:
        return uow.session.scalar(select(func.count()).select_from(documents)) or 0


def sent_jobs(uow: UnitOfWork, kinds: Collection[str], since: datetime) -> list[Job]:
    """The documents ``count_sent`` counts, each by its latest job, oldest document first."""
    with uow:
        rows = [Job.of(row) for row in uow.session.scalars(_sent_not_printed_again(kinds, since).order_by(PrintJob.id))]
    latest = {(job.kind, job.ref): job for job in rows}  # a key keeps the place its first job gave it
    return list(latest.values())


def mark_checked(uow: UnitOfWork, job_id: int) -> Job:
    """The cashier found the document of this job, sent but never confirmed, on the paper: it and every other job of
    the same document left unconfirmed are ``checked``, no longer counted. A job checked already stays as it is."""
    with uow:
        row = uow.session.get(PrintJob, job_id)
        if row is None:
            raise Refused("not_found", f"there is no print job {job_id}", f"没有打印任务 {job_id}")
        if row.status not in (SENT, CHECKED):
            raise Refused("bad_input", f"print job {job_id} is not one the printer left unconfirmed ({row.status})",
                          f"打印任务 {job_id} 不是打印机未确认的任务（{row.status}）")
        for same in uow.session.scalars(select(PrintJob).where(PrintJob.kind == row.kind, PrintJob.ref == row.ref,
                                                               PrintJob.status == SENT)):
            same.status = CHECKED
        uow.session.flush()
        job = Job.of(row)
        uow.commit()
    return job


def list_jobs(uow: UnitOfWork, everything: bool = False, limit: int = 100) -> list[Job]:
    """The jobs waiting (or being printed), oldest first; with ``everything``, the latest jobs of any status too."""
    with uow:
        query = select(PrintJob)
        if not everything:
            query = query.where(PrintJob.status.in_(WAITING)).order_by(PrintJob.id)
        else:
            query = query.order_by(PrintJob.id.desc()).limit(limit)
        rows = [Job.of(row) for row in uow.session.scalars(query)]
    return rows if not everything else rows[::-1]


def claim(uow: UnitOfWork, job_id: int) -> Job | None:
    """The job, claimed by this program to print it; None when it is not waiting (printed meanwhile, or being
    printed by another program). Writes start with BEGIN IMMEDIATE: no other program claims it in between.
    A claim counts as an attempt; its count is the claim's mark."""
    with uow:
        row = uow.session.get(PrintJob, job_id)
        if row is None or not Job.of(row).claimable:
            return None
        row.status, row.attempts, row.printed_at = SENDING, row.attempts + 1, format_instant(real_now())
        uow.session.flush()
        job = Job.of(row)
        uow.commit()
    return job


def _held(row: PrintJob | None, claimed: Job) -> bool:
    """Whether the row is still under this claim (no other program took the job after it ran out)."""
    return row is not None and row.status == SENDING and row.attempts == claimed.attempts


def record_reaching_printer(uow: UnitOfWork, claimed: Job, copy: bool, drawer_kick: bool = False) -> None:
    """The document (or the drawer kick alone) is about to go out, under this claim (else ClaimLost: nothing may
    go out). With ``copy``: from now on it may be on the paper, and a later print of it is a copy. With
    ``drawer_kick``: the drawer's kick goes out with it, and no later try kicks it again (whichever program makes
    it): a drawer that pops open minutes after its sale, the cashier away, is worse than one opened by its key."""
    with uow:
        row = uow.session.get(PrintJob, claimed.id)
        if not _held(row, claimed):
            raise ClaimLost(claimed.id)
        assert row is not None
        row.copy = row.copy or copy
        row.drawer_kicked = row.drawer_kicked or drawer_kick
        uow.commit()


def _settle(uow: UnitOfWork, claimed: Job, change: Callable[[PrintJob], None]) -> Job:
    """How a claimed job went; a claim that ran out leaves the job to the program that took it over."""
    with uow:
        row = uow.session.get(PrintJob, claimed.id)
        if row is None:
            raise Refused("not_found", f"there is no print job {claimed.id}", f"没有打印任务 {claimed.id}")
        if _held(row, claimed):
            change(row)
            uow.session.flush()
        job = Job.of(row)
        uow.commit()
    return job


def record_printed(uow: UnitOfWork, claimed: Job, now: datetime, copy: bool) -> Job:
    """``copy``: whether the paper said it is a copy."""
    def printed(row: PrintJob) -> None:
        row.status, row.last_error, row.printed_at, row.copy = PRINTED, None, format_instant(now), copy
    return _settle(uow, claimed, printed)


def record_sent(uow: UnitOfWork, claimed: Job, problem: PrintProblem, now: datetime, copy: bool) -> Job:
    """The printer took the data but did not confirm it: not waiting any more, and not known to have printed.
    ``copy``: whether what was sent said it is a copy."""
    def sent(row: PrintJob) -> None:
        row.status, row.last_error, row.printed_at, row.copy = SENT, problem.stored(), format_instant(now), copy
    return _settle(uow, claimed, sent)


def record_failure(uow: UnitOfWork, claimed: Job, problem: PrintProblem, copy: bool = False) -> Job:
    """Waiting again; ``copy``: printed later as a copy (part of it may be on the paper already)."""
    def failed(row: PrintJob) -> None:
        row.status, row.last_error, row.printed_at = QUEUED, problem.stored(), None
        row.copy = row.copy or copy
    return _settle(uow, claimed, failed)


def drop_job(uow: UnitOfWork, job_id: int) -> None:
    with uow:
        uow.session.execute(delete(PrintJob).where(PrintJob.id == job_id))
        uow.commit()
