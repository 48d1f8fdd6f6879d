"""Refunds: money and points back in the proportion the sale was paid; earned points taken back."""

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal import lots, receipt_code
from terminal.errors import Refused
from terminal.journal import gap_holding, next_seq
from terminal.models import JournalEntry, JournalGap, Lot, Member, Refund, Revocation, Sale, SaleLine, table_of
from terminal.points_cap import refuse_refund_points
from terminal.points_math import (
    EarnLine,
    PaidWith,
    earned_points,
    refund_split,
    restored_lots,
)
from terminal.services.cashiers import Actor, approval
from terminal.services.common import queue_receipt, record
from terminal.services.expiry import live_lots_after_expiry
from terminal.services.members import view_member
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork


@dataclass(frozen=True)
class SaleAction:
    """What the cashier means to do with a sale, in the words of a refusal that says where or why not."""

    en: str  # "refund it"
    zh: str  # "退款"


REFUND = SaleAction("refund it", "退款")


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    sale_id: str
    lines: list[int]
    refunded_fen: int
    money_fen: int
    restored_points: int
    reversed_points: int
    debt_added: int
    member: dict[str, Any] | None
    pay_method: str  # the sale's: the money goes back the same way
    restored_expired: int = 0  # of restored_points, those already past their date: they came back expired

    def as_json(self) -> dict[str, Any]:
        return {
            "refund_id": self.refund_id,
            "sale_id": self.sale_id,
            "lines": self.lines,
            "refunded_fen": self.refunded_fen,
            "money_fen": self.money_fen,
            "pay_method": self.pay_method,
            "restored_points": self.restored_points,
            "restored_expired_points": self.restored_expired,
            "reversed_points": self.reversed_points,
            "debt_added": self.debt_added,
            "member": self.member,
        }


def find_sale(session: Session, shop: Shop, ref: str, action: SaleAction = REFUND) -> Sale:
    """By full sale number (T1-17), for this terminal's sales just the sequence number (17), or the
    verification code scanned from the sale's receipt, checked against the terminal's key of record."""
    text = ref.strip()
    if receipt_code.looks_like_code(text):
        scanned = receipt_code.parse(text)[0]
        if scanned.kind == "sale":
            _made_elsewhere(shop, scanned.entry_id, action)
        init = session.scalar(select(JournalEntry.payload).where(JournalEntry.kind == "store_init")
                              .order_by(JournalEntry.seq).limit(1))
        keys = {shop.terminal_id: json.loads(init)["public_key"]} if init else {}
        revoked = frozenset(session.scalars(select(Revocation.value).where(Revocation.kind == "terminal_key")))
        code = receipt_code.verify(text, keys, revoked)
        if code.kind != "sale":
            raise Refused("bad_input", f"this is the receipt of refund {code.entry_id}; scan the sale's receipt",
                          f"这是退款单 {code.entry_id} 的小票；请扫描销售小票")
        sale = session.get(Sale, code.entry_id)
        if sale is None:
            _held_by_ledger_only(session, shop, code.entry_id, action)
            raise Refused("not_found", f"the receipt of sale {code.entry_id} is genuine, but this store has no such sale",
                          f"销售单 {code.entry_id} 的小票是真的，但本店数据中没有这笔销售")
        if (sale.total_fen, sale.redeemed_points) != (code.total_fen, code.redeemed_points) \
                or code.earned_points not in printed_earned(session, sale):
            raise Refused("receipt_mismatch", f"the receipt of sale {code.entry_id} does not match the stored sale",
                          f"销售单 {code.entry_id} 的小票与店内记录不符")
        return sale
    sale_id = f"{shop.terminal_id}-{text}" if re.fullmatch(r"[0-9]{1,12}", text) else text
    sale = session.get(Sale, sale_id)
    if sale is None and len(sale_id) <= 48:  # typed as t1-17: a terminal id keeps its case, so exact first
        sale = session.scalar(select(Sale).where(func.upper(Sale.id) == sale_id.upper()).limit(1))
    if sale is None:
        _a_refund(session, sale_id)
        _made_elsewhere(shop, sale_id, action)
        _held_by_ledger_only(session, shop, sale_id, action)
        raise Refused("not_found", f"no sale '{ref}'", f"找不到销售单“{ref}”")
    return sale


def printed_earned(session: Session, sale: Sale) -> set[int]:
    """The points the sale's receipts said it earned: as stored, and for a sale given its member after it was paid
    (sale-member: its first entry named no member), the none its first receipt said."""
    first = session.scalar(select(JournalEntry.payload).where(JournalEntry.seq == sale.seq))
    written = json.loads(first) if first else {}
    given_later = sale.member_id is not None and written.get("member_id", sale.member_id) is None
    return {sale.earned_points} | ({int(written["earned_points"])} if given_later else set())


def _a_refund(session: Session, ref_id: str) -> None:
    """Refuse a refund's number typed for the sale to refund, naming the sale, as its scanned receipt is refused."""
    refund = session.get(Refund, ref_id)
    if refund is None and len(ref_id) <= 48:
        refund = session.scalar(select(Refund).where(func.upper(Refund.id) == ref_id.upper()).limit(1))
    if refund is not None:
        raise Refused("bad_input", f"{refund.id} is a refund (of sale {refund.sale_id}): give the sale's number",
                      f"{refund.id} 是退款单（原销售单 {refund.sale_id}）：请输入销售单号")


def _made_elsewhere(shop: Shop, sale_id: str, action: SaleAction) -> None:
    """A sale is refunded (or given its member) at the terminal that made it: only there are its lines, payments and
    points."""
    terminal, _, number = sale_id.rpartition("-")
    if terminal and re.fullmatch(r"[0-9]{1,12}", number) and terminal.upper() != shop.terminal_id.upper():
        raise Refused("not_found", f"sale {sale_id} was made at terminal {terminal}, not at this one "
                      f"({shop.terminal_id}): {action.en} at {terminal}",
                      f"销售单 {sale_id} 是在终端 {terminal} 售出的，不是本机（{shop.terminal_id}）：请在 {terminal} {action.zh}")


def _held_by_ledger_only(session: Session, shop: Shop, sale_id: str, action: SaleAction) -> None:
    """Refuse a sale of this terminal that only the ledger holds: recorded before the store was restored from an
    older backup, it is not here to refund."""
    terminal, _, number = sale_id.rpartition("-")
    if terminal.upper() != shop.terminal_id.upper() or not re.fullmatch(r"[0-9]{1,12}", number):
        return
    gap = gap_holding(session, int(number))
    if gap is not None:
        sale = f"{shop.terminal_id}-{int(number)}"
        raise Refused("not_found", f"sale {sale} is on the ledger but not in this store: entries {gap.from_seq}–"
                      f"{gap.to_seq} were recorded before the store was restored from an older backup, and only the "
                      f"ledger holds them, so this till cannot {action.en}",
                      f"销售单 {sale} 在总账中，但不在本店数据中：第 {gap.from_seq}–{gap.to_seq} 条记录于本店从较早的"
                      f"备份恢复之前，只有总账持有，因此本终端无法为其{action.zh}")


def check_before_gap(session: Session, sale: Sale, action: SaleAction) -> None:
    """Refuse a sale made before entries only the ledger holds: they may have given it a member or refunded some of
    its lines, which this store does not know, and the ledger would refuse what this till wrote, stopping its sync."""
    gap = session.execute(select(JournalGap.from_seq, JournalGap.to_seq, JournalGap.at).where(JournalGap.to_seq > sale.seq)
                          .order_by(JournalGap.to_seq.desc()).limit(1)).first()
    if gap is None:
        return
    since = gap.at[:10]
    raise Refused("forbidden", f"sale {sale.id} was made before entries {gap.from_seq}–{gap.to_seq}, which only the "
                  f"ledger holds (this store carries on after them since {since}): they may have refunded it or given "
                  f"it a member, so this till cannot {action.en}; ask the owner to adjust the points or money by hand",
                  f"销售单 {sale.id} 早于第 {gap.from_seq}–{gap.to_seq} 条记录，这些记录只有总账持有（本店自 {since} "
                  f"起接在其后继续）：其中可能已为这笔销售退款或补积分，因此本终端不能{action.zh}；请店主手工调整积分或款项")


def _choose_lines(lines: list[SaleLine], wanted: list[int] | None, sale_id: str) -> list[SaleLine]:
    open_lines = [line for line in lines if line.refund_id is None]
    if not wanted:
        if not open_lines:
            raise Refused("already_refunded", f"sale {sale_id} is already fully refunded", f"销售单 {sale_id} 已全部退款")
        return open_lines
    if len(set(wanted)) != len(wanted):
        raise Refused("bad_input", "a line is named twice", "同一行被重复指定")
    by_no = {line.line_no: line for line in lines}
    chosen = []
    for n in wanted:
        if n not in by_no:
            raise Refused("not_found", f"sale {sale_id} has no line {n} (it has 1 to {len(lines)})",
                          f"销售单 {sale_id} 没有第 {n} 行（共 {len(lines)} 行）")
        if by_no[n].refund_id is not None:
            raise Refused("already_refunded", f"line {n} of sale {sale_id} was already refunded ({by_no[n].refund_id})",
                          f"销售单 {sale_id} 第 {n} 行已退款（{by_no[n].refund_id}）")
        chosen.append(by_no[n])
    return chosen


def _restored_lots(sale: Sale, restored_before: int, points: int, otherwise: date) -> list[tuple[str, int]]:
    """Each restored point back at the expiry it was spent from (a sale from before that was recorded
    gives them all its latest)."""
    if sale.redeemed_lots is not None:
        spent = [(str(expires), int(n)) for expires, n in json.loads(sale.redeemed_lots)]
    else:
        spent = [(sale.redeem_expires_on.isoformat(), sale.redeemed_points)] if sale.redeem_expires_on else []
    return restored_lots(spent, restored_before, points, otherwise.isoformat())


def _past_their_date(restored: list[tuple[str, int]], day: date) -> int:
    return sum(points for expires, points in restored if date.fromisoformat(expires) < day)


def restored_expired(session: Session, refund: Refund) -> int:
    """Of the points a refund gave back, those already past their date on its day: they came back expired."""
    sale = session.get(Sale, refund.sale_id)
    if sale is None or not refund.restored_points:
        return 0
    before = session.scalar(select(func.coalesce(func.sum(Refund.restored_points), 0))
                            .where(Refund.sale_id == sale.id, Refund.seq < refund.seq))
    day = refund.business_date
    return _past_their_date(_restored_lots(sale, int(before or 0), refund.restored_points, day), day)


def _give_back_expired(session: Session, member: Member, points: int, today: date, expires_on: date, seq: int) -> None:
    """Points whose date has passed come back expired (as at the ledger): nothing can be taken from them, so unlike
    lots.grant they pay off no debt. Their lot expires today, when the next expiry records it."""
    session.execute(table_of(Lot).insert(), {"member_id": member.id, "granted_on": today, "expires_on": expires_on,
                                             "points": points, "remaining": points, "seq": seq})


def _paid_points_per_yuan(sale: Sale, shop: Shop) -> int:
    """The rate the sale's points were paid at, which today's rules may no longer have: its points and their value
    fix it exactly, since every sale redeems whole fen. A sale without points splits the same at any rate."""
    if sale.redeemed_fen == 0:
        return shop.rules.points_per_yuan
    return sale.redeemed_points * 100 // sale.redeemed_fen


def record_refund(uow: UnitOfWork, shop: Shop, cashier: Actor, sale_ref: str, line_numbers: list[int] | None = None,
                  approver: Actor | None = None) -> RefundResult:
    who = approval(cashier, approver, "a refund", "退款")
    with uow:
        session = uow.session
        check_active(session, cashier, approver=approver)
        sale = find_sale(session, shop, sale_ref)
        check_before_gap(session, sale, REFUND)
        lines = list(session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)))
        chosen = _choose_lines(lines, line_numbers, sale.id)
        prior = session.execute(
            select(func.coalesce(func.sum(Refund.refunded_fen), 0), func.coalesce(func.sum(Refund.money_fen), 0),
                   func.coalesce(func.sum(Refund.restored_points), 0), func.coalesce(func.sum(Refund.reversed_points), 0))
            .where(Refund.sale_id == sale.id)
        ).one()
        prior_refunded, prior_money, prior_restored, prior_reversed = (int(v) for v in prior)
        refunded = sum(line.amount_fen for line in chosen)
        kept = [line for line in lines if line.refund_id is None and line not in chosen]
        left = PaidWith(sale.redeemed_points - prior_restored,
                        sale.redeemed_fen - (prior_refunded - prior_money),
                        sale.paid_fen - prior_money)
        back = refund_split(refunded, sale.total_fen, sale.redeemed_points, left, not kept, _paid_points_per_yuan(sale, shop))
        kept_total = sale.total_fen - prior_refunded - refunded
        kept_points_fen = left.points_fen - back.points_fen
        kept_earn = earned_points([EarnLine(line.amount_fen, line.rate_bp, line.promo_pct) for line in kept],
                                  sale.tier_pct, kept_total, kept_points_fen)
        reversed_points = max(0, sale.earned_points - kept_earn - prior_reversed)
        refuse_refund_points(back.points, reversed_points)

        debt = 0
        member = session.get(Member, sale.member_id) if sale.member_id else None
        held = live_lots_after_expiry(session, shop, member.id) if member is not None else None
        refund_id = f"{shop.terminal_id}-{next_seq(session)}"
        restored = _restored_lots(sale, prior_restored, back.points, shop.rules.expires_on(shop.today()))
        payload = {
            "refund_id": refund_id,
            "sale_id": sale.id,
            "member_id": sale.member_id,
            "lines": [line.line_no for line in chosen],
            "refunded_fen": refunded,
            "money_fen": back.money_fen,
            "pay_method": sale.pay_method,
            "restored_points": back.points,
            "restored_fen": back.points_fen,
            "restored_expires_on": max(expires for expires, _ in restored) if restored else None,
            "reversed_points": reversed_points,
        }
        entry = record(session, shop, "refund", who, payload, points_delta=back.points - reversed_points)
        if member is not None and held is not None:
            today = shop.today()
            live = list(held.live)
            for expires, points in restored:
                expires_on = date.fromisoformat(expires)
                if expires_on < today:
                    _give_back_expired(session, member, points, today, expires_on, entry.seq)
                elif lot := lots.grant(session, member, points, today, expires_on, entry.seq):
                    live.append(lot)
            if reversed_points:
                debt = lots.take_back(session, member, live, reversed_points, granted_by=sale.seq)
        view = view_member(session, shop, member) if member is not None else None
        session.add(Refund(id=refund_id, seq=entry.seq, sale_id=sale.id, business_date=shop.today(), refunded_fen=refunded,
                           money_fen=back.money_fen, restored_points=back.points, reversed_points=reversed_points,
                           balance_after=view.balance if view is not None else None))
        session.flush()
        for line in chosen:
            line.refund_id = refund_id
        queue_receipt(session, shop, "refund", refund_id)
        member_json = None
        if view is not None:
            member_json = {"id": view.id, "balance": view.balance, "debt": view.debt_points > 0, "debt_points": view.debt_points}
        uow.commit()
    return RefundResult(refund_id, sale.id, [line.line_no for line in chosen], refunded, back.money_fen, back.points,
                        reversed_points, debt, member_json, sale.pay_method, _past_their_date(restored, shop.today()))
