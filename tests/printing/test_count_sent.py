"""Receipts the printer took but never confirmed are counted once each, however many times they were sent."""

from terminal.bootstrap import Till
from terminal.journal import format_instant
from terminal.models import PrintJob
from printing.print_queue import PRINTED, SENT, count_sent
from tests.helpers.store import now_of


def _job(till: Till, ref: str, status: str) -> None:
    with till.uow() as uow:
        uow.session.add(PrintJob(kind="receipt", ref=ref, copy=False, status=status, attempts=1, last_error=None,
                                 created_at=format_instant(now_of(till)), printed_at=None))
        uow.commit()


def test_a_receipt_sent_twice_unconfirmed_counts_once_and_one_printed_since_not_at_all(till: Till) -> None:
    for ref, status in (("T1-5", SENT), ("T1-5", SENT), ("T1-6", SENT), ("T1-7", SENT), ("T1-7", PRINTED)):
        _job(till, ref, status)
    assert count_sent(till.uow(), ("receipt",), now_of(till).replace(hour=0, minute=0)) == 2
