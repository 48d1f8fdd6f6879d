"""Coupons for points: issued with a signed code, taken off a later sale once, anywhere in the merchant.

A terminal takes a coupon offline on the strength of its signature; whether another terminal took
it too is found by the ledger when both sync (it shows the owner, as with offline overspending).
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal import lots
from terminal.codes.trust import RevokedKey, coupon_keys
from terminal.errors import Refused
from terminal.journal import Who, next_seq
from terminal.mall import coupon_code
from terminal.mall.coupon_code import CouponCode
from terminal.models import Coupon, JournalEntry, Member
from terminal.money import format_fen
from terminal.phones import mask_phone
from terminal.services.cashiers import Actor, approval
from terminal.services.common import local_id, queue_receipt, record
from terminal.services.mall import COUPON_CANCELLED, check_taking, find_item, give_back
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork




def cancel_of(row: Coupon | None) -> str | None:
    """The id of the cancel that took the coupon back, or None."""
    if row is None or not row.used_sale or not row.used_sale.startswith(COUPON_CANCELLED):
        return None
    return row.used_sale[len(COUPON_CANCELLED):]


def coupon_json(row: Coupon, code: str | None, today: date) -> dict[str, Any]:
    status = "cancelled" if cancel_of(row) else "used" if row.used_sale else "expired" if row.expires_on < today else "valid"
    return {"coupon_id": row.id, "code": code, "member_id": row.member_id, "item_id": row.item_id,
            "value_fen": row.value_fen, "min_spend_fen": row.min_spend_fen, "issued_on": row.issued_on.isoformat(),
            "expires_on": row.expires_on.isoformat(), "points": row.points, "status": status, "used_sale": row.used_sale,
            "used_on": row.used_on.isoformat() if row.used_on else None}


def issue_coupon(uow: UnitOfWork, shop: Shop, cashier: Actor, key: Ed25519PrivateKey, item_id: str,
                 member_ref: str) -> dict[str, Any]:
    """Points for a coupon of the catalog; ``key`` is the store's merchant key, which signs the code."""
    today = shop.today()
    with uow:
        session = uow.session
        check_active(session, cashier, "issue coupons", "发放优惠券")
        row = find_item(session, item_id, "coupon")
        taker = check_taking(session, shop, row, member_ref)
        coupon_id = f"{shop.terminal_id}-{next_seq(session)}"
        expires_on = today + timedelta(days=row.valid_days)
        code = coupon_code.build(key, CouponCode(shop.merchant, coupon_id, row.value_fen, row.min_spend_fen, expires_on,
                                                 taker.member.id))
        stock_left = None if row.stock is None else row.stock - 1
        entry = record(session, shop, "coupon_issue", Who(cashier.name),
                       {"coupon_id": coupon_id, "member_id": taker.member.id, "item_id": row.id, "points": row.points,
                        "value_fen": row.value_fen, "min_spend_fen": row.min_spend_fen,
                        "expires_on": expires_on.isoformat(), "code": code, "stock_after": stock_left},
                       points_delta=-row.points)
        spent_until = lots.latest_of(lots.spend(session, taker.held.live, row.points))
        row.stock = stock_left
        balance = taker.balance - row.points
        coupon = Coupon(id=coupon_id, member_id=taker.member.id, item_id=row.id, value_fen=row.value_fen,
                        min_spend_fen=row.min_spend_fen, issued_on=today, expires_on=expires_on, points=row.points,
                        issued_seq=entry.seq, used_sale=None, used_on=None, balance_after=balance,
                        spent_expires_on=spent_until)
        session.add(coupon)
        queue_receipt(session, shop, "coupon", coupon_id)
        data = coupon_json(coupon, code, today) | {"member": {"id": taker.member.id, "balance": balance}}
        uow.commit()
    return data


def _issued_code(session: Session, coupon_id: str) -> str | None:
    row = session.get(Coupon, coupon_id)
    if row is None or row.issued_seq is None:
        return None
    entry = session.get(JournalEntry, row.issued_seq)
    return json.loads(entry.payload).get("code") if entry else None


def read_coupon(session: Session, shop: Shop, ref: str) -> tuple[CouponCode, Coupon | None, str | None]:
    """A coupon by its code (checked against the merchant's keys) or, for one issued here, by its id."""
    text = ref.strip()
    if coupon_code.looks_like_coupon(text):
        code = _checked_code(session, shop, text)
        return code, session.get(Coupon, code.id), text
    row = session.get(Coupon, text)
    if row is None:
        raise Refused("not_found", f"no coupon '{ref}' here; scan its code", f"本机没有优惠券“{ref}”；请扫描券码")
    return (CouponCode(shop.merchant, row.id, row.value_fen, row.min_spend_fen, row.expires_on, row.member_id), row,
            _issued_code(session, row.id))


def _checked_code(session: Session, shop: Shop, text: str) -> CouponCode:
    """A coupon code signed by a key of the merchant's that is not on the deny list."""
    keys = coupon_keys(session)
    try:
        return coupon_code.verify(text, shop.merchant, keys.good)
    except Refused as refused:
        if refused.code != "forged_code":
            raise
        signer = next((key for key in keys.revoked if _signed_by(text, shop.merchant, key)), None)
        if signer is None:
            raise
        raise _from_lost_terminal(coupon_code.parse(text)[0].id, signer) from None


def _signed_by(text: str, merchant: str, key: RevokedKey) -> bool:
    try:
        coupon_code.verify(text, merchant, (key.public,))
    except Refused:
        return False
    return True


def _from_lost_terminal(coupon_id: str, key: RevokedKey) -> Refused:
    """No till knows which coupons a lost or stolen terminal's store really issued (trust.CouponKeys), so none
    signed with its key is taken: the manager looks at what the member paid for it."""
    held_en = f" (terminal {key.terminal} of store {key.store})" if key.terminal and key.store else ""
    held_zh = f"（门店 {key.store} 的终端 {key.terminal}）" if key.terminal and key.store else ""
    return Refused("revoked", f"coupon {coupon_id} came from a terminal reported lost or stolen{held_en}: its key is "
                   "revoked, and a coupon it issued cannot be told from one forged with that key, so no terminal takes "
                   "it; ask the manager",
                   f"优惠券 {coupon_id} 来自已报失或被盗的终端{held_zh}：其密钥已被吊销，无法分辨它签发的优惠券与用该密钥伪造的，"
                   "任何终端都不收；请找店长处理")


def show_coupon(uow: UnitOfWork, shop: Shop, ref: str) -> dict[str, Any]:
    with uow:
        code, row, text = read_coupon(uow.session, shop, ref)
        if row is None:
            row = Coupon(id=code.id, member_id=code.member_id, item_id=None, value_fen=code.value_fen,
                         min_spend_fen=code.min_spend_fen, issued_on=code.expires_on, expires_on=code.expires_on,
                         points=0, issued_seq=None, used_sale=None, used_on=None)
            data = coupon_json(row, text, shop.today())
            data["issued_on"] = None
            return data
        return coupon_json(row, text, shop.today())


@dataclass(frozen=True)
class TakenCoupon:
    id: str
    code: str | None
    discount_fen: int
    list_total_fen: int
    checked: CouponCode = field(repr=False)  # what the signature said, for mark_used
    row: Coupon | None = field(repr=False)  # issued here, or seen before

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "code": self.code, "discount_fen": self.discount_fen, "list_total_fen": self.list_total_fen}


def coupon_discount(value_fen: int, min_spend_fen: int, total_fen: int) -> int:
    """A coupon's money off a sale of ``total_fen``: nothing below its minimum spend, else its value, at most the sale."""
    return 0 if total_fen < min_spend_fen else min(value_fen, total_fen)


def take_coupon(session: Session, shop: Shop, ref: str, member_id: str | None, total_fen: int) -> TakenCoupon:
    """Check a coupon for a sale of ``total_fen`` (before the discount); refusals say why it cannot be used."""
    code, row, text = read_coupon(session, shop, ref)
    today = shop.today()
    cancel = cancel_of(row)
    if cancel is not None:
        raise Refused("coupon_used", f"coupon {code.id} was cancelled ({cancel}): it cannot be used",
                      f"优惠券 {code.id} 已取消（{cancel}），不能使用")
    if row is not None and row.used_sale:
        raise Refused("coupon_used", f"coupon {code.id} was used already (sale {row.used_sale} on {row.used_on})",
                      f"优惠券 {code.id} 已于 {row.used_on} 使用（销售单 {row.used_sale}）")
    if code.expires_on < today:  # the slip says 有效期至 its last valid day, which is still good
        raise Refused("coupon_expired", f"coupon {code.id} was valid until {code.expires_on}",
                      f"优惠券 {code.id} 有效期至 {code.expires_on}，已过期")
    if code.member_id is not None and code.member_id != member_id:
        raise Refused("foreign_coupon", f"coupon {code.id} belongs to member {code.member_id}: name that member on the sale",
                      f"优惠券 {code.id} 属于会员 {code.member_id}：请在本单中使用该会员")
    owner = session.get(Member, code.member_id) if code.member_id is not None else None
    if owner is not None and owner.debt_points > 0:  # using a coupon bought with points is redeeming them
        phone = mask_phone(owner.phone)
        raise Refused("member_in_debt", f"member {phone} owes {owner.debt_points:,} points: coupons cannot be used until "
                      "the debt is cleared", f"会员 {phone} 欠 {owner.debt_points:,} 积分，还清前不能使用优惠券")
    if total_fen < code.min_spend_fen:
        raise Refused("below_min_spend", f"coupon {code.id} needs a spend of at least {format_fen(code.min_spend_fen)}; "
                      f"this sale is {format_fen(total_fen)}",
                      f"优惠券 {code.id} 需满 {format_fen(code.min_spend_fen)} 可用；本单为 {format_fen(total_fen)}")
    off = coupon_discount(code.value_fen, code.min_spend_fen, total_fen)
    return TakenCoupon(code.id, text, off, total_fen, code, row)


def issued_here(uow: UnitOfWork, shop: Shop, ref: str) -> bool:
    """Whether ``ref`` (an id, or its number) names a coupon this terminal issued."""
    text = ref.strip()
    with uow:
        row = uow.session.get(Coupon, local_id(shop, text))
        return row is not None and row.issued_seq is not None


def cancel_coupon(uow: UnitOfWork, shop: Shop, cashier: Actor, coupon_ref: str,
                  approver: Actor | None = None) -> dict[str, Any]:
    """A coupon issued here and not used (nor expired), with a manager's approval: its points come back as a
    lot, its item back in stock, and it is marked used by the cancel, so no till takes it. The journal says
    so with a gift_cancel naming the coupon (the ledger then marks it used, and a use elsewhere is a clash)."""
    who = approval(cashier, approver, "cancelling a coupon", "取消优惠券")
    text = coupon_ref.strip()
    coupon_id = local_id(shop, text)
    today = shop.today()
    with uow:
        session = uow.session
        check_active(session, cashier, "cancel coupons", "取消优惠券", approver)
        coupon = session.get(Coupon, coupon_id)
        if coupon is None or coupon.issued_seq is None:
            raise Refused("not_found", f"no coupon '{coupon_ref}' issued at this terminal", f"本机未发放优惠券“{coupon_ref}”")
        cancel = cancel_of(coupon)
        if cancel is not None:
            raise Refused("already_cancelled", f"coupon {coupon_id} was cancelled already ({cancel})",
                          f"优惠券 {coupon_id} 已取消（{cancel}）")
        if coupon.used_sale:
            raise Refused("coupon_used", f"coupon {coupon_id} was used on sale {coupon.used_sale}: it cannot be cancelled",
                          f"优惠券 {coupon_id} 已用于销售单 {coupon.used_sale}，不能取消")
        if coupon.expires_on < today:
            raise Refused("too_late", f"coupon {coupon_id} expired on {coupon.expires_on}: it cannot be cancelled",
                          f"优惠券 {coupon_id} 已于 {coupon.expires_on} 过期，不能取消")
        member = session.get(Member, coupon.member_id) if coupon.member_id else None
        assert member is not None
        back = give_back(session, shop, who, member, ("coupon_id", coupon.id), coupon.item_id, coupon.points, (0, "cash"),
                         coupon.spent_expires_on)
        cancel_id, stock_after = back.cancel_id, back.stock_after
        coupon.used_sale, coupon.used_on = COUPON_CANCELLED + cancel_id, today
        balance = lots.member_lots(session, member.id, today).held - member.debt_points
        session.flush()
        data = {"cancel_id": cancel_id, "coupon_id": coupon.id, "restored_points": coupon.points, "stock_left": stock_after,
                "member": {"id": member.id, "balance": balance}}
        uow.commit()
    return data


def mark_used(session: Session, shop: Shop, taken: TakenCoupon, sale_id: str) -> None:
    code, row = taken.checked, taken.row
    if row is None:
        row = Coupon(id=code.id, member_id=code.member_id, item_id=None, value_fen=code.value_fen,
                     min_spend_fen=code.min_spend_fen, issued_on=shop.today(), expires_on=code.expires_on, points=0,
                     issued_seq=None)
        session.add(row)
    row.used_sale, row.used_on = sale_id, shop.today()
    session.flush()


def share_discount(amounts: list[int], discount: int) -> list[int]:
    """The line amounts after a discount shared in proportion (largest remainder), so refunds of a line
    give back what was paid for it."""
    total = sum(amounts)
    if not discount or not total:
        return list(amounts)
    shares = [discount * a // total for a in amounts]
    order = sorted(range(len(amounts)), key=lambda i: (-(discount * amounts[i] % total), i))
    for i in order[:discount - sum(shares)]:
        shares[i] += 1
    return [a - s for a, s in zip(amounts, shares, strict=True)]


def expired_between(session: Session, since: date | None, through: date) -> int:
    """Coupons issued here and never used whose last valid day was after ``since`` and by ``through``: a Z
    counts those of the days since the previous Z, each once, as day totals count them on their last day."""
    query = select(func.count()).select_from(Coupon).where(
        Coupon.expires_on <= through, Coupon.used_sale.is_(None), Coupon.issued_seq.is_not(None))
    if since is not None:
        query = query.where(Coupon.expires_on > since)
    return int(session.scalar(query) or 0)


def expired_by_day(session: Session, first: date, last: date) -> dict[date, int]:
    """Coupons issued here and never used whose last valid day was from ``first`` to ``last``, by that day, of each
    day that had any."""
    return {day: int(count) for day, count in session.execute(
        select(Coupon.expires_on, func.count()).where(
            Coupon.expires_on >= first, Coupon.expires_on <= last, Coupon.used_sale.is_(None),
            Coupon.issued_seq.is_not(None)).group_by(Coupon.expires_on))}
