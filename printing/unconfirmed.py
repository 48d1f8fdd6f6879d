"""Today's receipts the printer took but never confirmed, as the cashier looks for them on the paper: the sale's (or
refund's) number, its time, its total and the member's phone, masked as on the receipt."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from printing.print_queue import Job
from printing.sources import local_time, phone_at
from terminal.models import JournalEntry, Member, Refund, Sale
from terminal.phones import mask_phone
from terminal.shop import Shop


@dataclass(frozen=True)
class UnconfirmedReceipt:
    job: Job  # the latest print of it, sent and never confirmed
    number: str  # the sale's or the refund's, as printed on the receipt
    at: datetime  # when it was recorded, in the shop's time
    total_fen: int | None  # the sale's total, or the amount refunded; None: the record is not in this store
    phone: str | None  # the member's, masked; None: no member

    @property
    def refund(self) -> bool:
        return self.job.kind == "refund"


def unconfirmed_receipt(session: Session, shop: Shop, job: Job) -> UnconfirmedReceipt:
    record = session.get(Refund, job.ref) if job.kind == "refund" else session.get(Sale, job.ref)
    entry = session.get(JournalEntry, record.seq) if record is not None else None
    at = local_time(entry.at if entry is not None else job.created_at, shop.tz)
    if record is None:
        return UnconfirmedReceipt(job, job.ref, at, None, None)
    sale = session.get(Sale, record.sale_id) if isinstance(record, Refund) else record
    member = session.get(Member, sale.member_id) if sale is not None and sale.member_id else None
    phone = mask_phone(phone_at(session, member, record.seq)) if member is not None else None
    total = record.refunded_fen if isinstance(record, Refund) else record.total_fen
    return UnconfirmedReceipt(job, job.ref, at, total, phone)
