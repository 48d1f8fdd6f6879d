"""What the refunds screen shows of a sale, read on the database worker with ``find_sale`` (the
sale number, or the code scanned from its receipt, checked as the command line checks it)."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.codes.recognise import clean, is_scanner_code
from terminal.models import JournalEntry, Member, SaleLine
from terminal.services.members import mask_phone
from terminal.services.refunds import find_sale

RECEIPT_PREFIX = "JFR1/"
# A sale number as find_sale takes it: this terminal's 17, or T1-17 (a terminal id, a dash, the number)
_SALE_NUMBER = re.compile(r"[0-9]{1,12}|[A-Za-z0-9][A-Za-z0-9_.-]{0,31}-[0-9]{1,12}")


def is_receipt_code(text: str) -> bool:
    return text.strip()[:len(RECEIPT_PREFIX)].upper() == RECEIPT_PREFIX


def is_sale_number(text: str) -> bool:
    """What a cashier types for a sale, and no code a scanner reads (a member or payment code, a product's barcode)."""
    return _SALE_NUMBER.fullmatch(clean(text)) is not None and not is_scanner_code(text)


@dataclass(frozen=True)
class LineView:
    line_no: int
    category: str
    amount_fen: int
    refund_id: str | None  # the refund that took it back, or None while it can be refunded
    label: str | None  # what the shop's rules call the category


@dataclass(frozen=True)
class SaleView:
    id: str
    at: datetime  # local time of the store
    cashier: str
    member_phone: str | None  # masked
    total_fen: int
    redeemed_points: int
    paid_fen: int
    pay_method: str
    lines: list[LineView]

    @property
    def open_lines(self) -> list[LineView]:
        return [line for line in self.lines if line.refund_id is None]


def load_sale(till: Till, ref: str) -> SaleView:
    shop = till.shop
    with till.reading() as uow:
        session = uow.session
        sale = find_sale(session, shop, ref)
        at = session.scalar(select(JournalEntry.at).where(JournalEntry.seq == sale.seq))
        member = session.get(Member, sale.member_id) if sale.member_id else None
        lines = [LineView(line.line_no, line.category, line.amount_fen, line.refund_id,
                          shop.rules.category_labels.get(line.category)) for line in
                 session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no))]
        return SaleView(sale.id, datetime.fromisoformat(at or "").astimezone(shop.tz), sale.cashier,
                        None if member is None else mask_phone(member.phone), sale.total_fen, sale.redeemed_points,
                        sale.paid_fen, sale.pay_method, lines)
