"""Checking a scanned receipt code: genuine (signed by a known terminal key), which entry it is, and,
when this store holds that entry, whether the store agrees with what the receipt says."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from printing.sources import local_time, verify_code
from printing.words import Lang, category_name
from terminal.errors import Refused
from terminal.lang import prefers_chinese
from terminal.models import JournalEntry, Member, Refund, Sale, SaleLine
from terminal.receipt_code import PREFIX, ReceiptCode
from terminal.services.members import mask_phone
from terminal.services.refunds import printed_earned
from terminal.shop import Shop


@dataclass(frozen=True)
class Checked:
    code: ReceiptCode
    in_store: bool
    entry: dict[str, Any] | None  # what the store holds of it, when it does

    def as_json(self, shop: Shop) -> dict[str, Any]:
        c = self.code
        return {"ok": True, "terminal": c.terminal, "seq": c.seq, "kind": c.kind, "id": c.entry_id,
                "at": c.at.astimezone(shop.tz).isoformat(), "total_fen": c.total_fen, "earned_points": c.earned_points,
                "redeemed_points": c.redeemed_points, "in_store": self.in_store, c.kind: self.entry}


def claimed(text: str) -> dict[str, Any]:
    """What a code that failed says about itself, read as far as it can be: even a damaged code names its entry."""
    parts = text.strip().split("/")
    if len(parts) < 4 or parts[0].upper() != PREFIX or not parts[3].isdigit():
        return {}
    kind = {"S": "sale", "R": "refund"}.get(parts[1].upper())
    return {"terminal": parts[2], "seq": int(parts[3]), "kind": kind, "id": f"{parts[2]}-{parts[3]}"}


def _sale_facts(session: Session, shop: Shop, sale: Sale) -> dict[str, Any]:
    member = session.get(Member, sale.member_id) if sale.member_id else None
    lines = session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no))
    refunds = session.scalars(select(Refund.id).where(Refund.sale_id == sale.id).order_by(Refund.seq))
    lang: Lang = "zh" if prefers_chinese() else "en"
    return {"sale_id": sale.id, "cashier": sale.cashier, "total_fen": sale.total_fen, "paid_fen": sale.paid_fen,
            "pay_method": sale.pay_method, "earned_points": sale.earned_points, "redeemed_points": sale.redeemed_points,
            "member": mask_phone(member.phone) if member else None,
            "lines": [{"line": line.line_no, "category": line.category,
                       "name": category_name(lang, line.category, shop.rules.category_labels.get(line.category)),
                       "amount_fen": line.amount_fen, "refund_id": line.refund_id} for line in lines],
            "refunds": list(refunds)}


def _mismatch(code: ReceiptCode, what_en: str, what_zh: str) -> Refused:
    return Refused("receipt_mismatch", f"the receipt of {code.describe()} is genuine, but the store's records differ "
                   f"({what_en}): they were changed after it was printed", f"{code.entry_id} 的小票是真的，但店内记录"
                   f"与之不符（{what_zh}）：记录在打印后被改动过")


def check_receipt(session: Session, shop: Shop, text: str) -> Checked:
    code = verify_code(session, shop, text)
    entry = session.get(JournalEntry, code.seq) if code.terminal == shop.terminal_id else None
    if entry is None:
        return Checked(code, False, None)
    if entry.kind != code.kind:
        raise _mismatch(code, f"entry {code.seq} is a {entry.kind}", f"第 {code.seq} 条记录是 {entry.kind}")
    if int(datetime.fromisoformat(entry.at).timestamp()) != int(code.at.timestamp()) or \
            not entry.prev_hash.startswith(code.prev_hash):
        raise _mismatch(code, "time or place in the journal", "时间或流水位置")
    if code.kind == "sale":
        sale = session.get(Sale, code.entry_id)
        if sale is None or (sale.total_fen, sale.redeemed_points) != (code.total_fen, code.redeemed_points) \
                or code.earned_points not in printed_earned(session, sale):
            raise _mismatch(code, "amounts", "金额或积分")
        facts = _sale_facts(session, shop, sale)
    else:
        refund = session.get(Refund, code.entry_id)
        if refund is None or (-refund.refunded_fen, -refund.reversed_points, -refund.restored_points) != (
                code.total_fen, code.earned_points, code.redeemed_points):
            raise _mismatch(code, "amounts", "金额或积分")
        facts = {"refund_id": refund.id, "sale_id": refund.sale_id, "cashier": entry.actor, "refunded_fen": refund.refunded_fen,
                 "money_fen": refund.money_fen, "restored_points": refund.restored_points,
                 "reversed_points": refund.reversed_points}
    facts["approver"] = entry.approver if entry.approver != entry.actor else None
    facts["at"] = local_time(entry.at, shop.tz).isoformat()
    return Checked(code, True, facts)
