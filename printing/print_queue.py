"""The persistent print queue over ``print_jobs``: a job is written (and committed) before anything is
sent, so a print that fails is still there to retry; it becomes ``printed`` once the printer took it,
or ``sent`` when the printer took the data but never confirmed it (it may have printed: the cashier
checks the paper, and prints it again by hand if need be). Each write is its own short transaction:
no lock is held while a printer is slow. Just before the first byte goes to the printer, the job is
marked as a copy (committed): should the program die while sending, part or all of the document may
be on the paper, so a later print of it says it is a copy; once it printed, the mark is what the paper says."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from printing.mall_receipts import MALL_RECEIPTS
from printing.problems import PrintProblem, from_stored
from terminal.errors import Refused
from terminal.journal import format_instant
from terminal.models import PrintJob
from terminal.uow import UnitOfWork

QUEUED, PRINTED, SENT = "queued", "printed", "sent"
DONE = (PRINTED, SENT)  # a later print of the same document is a copy
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

    @classmethod
    def of(cls, row: PrintJob) -> "Job":
        return cls(row.id, row.kind, row.ref, row.copy, row.status, row.attempts, row.last_error, row.created_at,
                   row.printed_at)

    @property
    def problem(self) -> PrintProblem | None:
        return from_stored(self.last_error) if self.last_error and self.status != PRINTED else None

    def as_json(self) -> dict[str, Any]:
        problem = self.problem
        return {"job": self.id, "kind": self.kind, "ref": self.ref, "copy": self.copy, "status": self.status,
                "attempts": self.attempts, "error": problem.code if problem else None,
                "message": problem.message if problem else None, "created_at": self.created_at,
                "printed_at": self.printed_at}


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
        return uow.session.scalar(select(func.count()).select_from(PrintJob).where(PrintJob.status == QUEUED)) or 0


def list_jobs(uow: UnitOfWork, everything: bool = False, limit: int = 100) -> list[Job]:
    """The queued jobs, oldest first; with ``everything``, the latest jobs of any status too."""
    with uow:
        query = select(PrintJob)
        if not everything:
            query = query.where(PrintJob.status == QUEUED).order_by(PrintJob.id)
        else:
            query = query.order_by(PrintJob.id.desc()).limit(limit)
        rows = [Job.of(row) for row in uow.session.scalars(query)]
    return rows if not everything else rows[::-1]


def record_reaching_printer(uow: UnitOfWork, job_id: int) -> None:
    """The document is about to go out: from now on it may be on the paper, and a later print of it is a copy."""
    with uow:
        row = uow.session.get(PrintJob, job_id)
        assert row is not None
        row.copy = True
        uow.commit()


def record_printed(uow: UnitOfWork, job_id: int, now: datetime, copy: bool) -> Job:
    """``copy``: whether the paper said it is a copy."""
    with uow:
        row = uow.session.get(PrintJob, job_id)
        assert row is not None
        row.status, row.attempts, row.last_error, row.printed_at = PRINTED, row.attempts + 1, None, format_instant(now)
        row.copy = copy
        uow.session.flush()
        job = Job.of(row)
        uow.commit()
    return job


def record_sent(uow: UnitOfWork, job_id: int, problem: PrintProblem, now: datetime, copy: bool) -> Job:
    """The printer took the data but did not confirm it: not waiting any more, and not known to have printed.
    ``copy``: whether what was sent said it is a copy."""
    with uow:
        row = uow.session.get(PrintJob, job_id)
        assert row is not None
        row.status, row.attempts, row.last_error = SENT, row.attempts + 1, problem.stored()
        row.copy = copy
        row.printed_at = format_instant(now)
        uow.session.flush()
        job = Job.of(row)
        uow.commit()
    return job


def record_failure(uow: UnitOfWork, job_id: int, problem: PrintProblem, copy: bool = False) -> Job:
    """Still waiting; ``copy``: printed later as a copy (part of it may be on the paper already)."""
    with uow:
        row = uow.session.get(PrintJob, job_id)
        assert row is not None
        row.attempts, row.last_error = row.attempts + 1, problem.stored()
        row.copy = row.copy or copy
        uow.session.flush()
        job = Job.of(row)
        uow.commit()
    return job


def drop_job(uow: UnitOfWork, job_id: int) -> None:
    with uow:
        uow.session.execute(delete(PrintJob).where(PrintJob.id == job_id))
        uow.commit()
