"""Ringing up a sale: earning, paying with points, the referral bonus, the velocity limit."""

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal import lots
from terminal.errors import Refused
from terminal.journal import Who, next_seq
from terminal.lots import MemberLots
from terminal.models import Member, Sale, SaleLine, table_of
from terminal.money import format_fen
from terminal.points_cap import refuse_sale_earning, refuse_sale_redeeming
from terminal.points_math import EarnLine, earned_points
from terminal.rules import Tier
from terminal.services.cashiers import Actor, approval
from terminal.services.staff import check_active
from terminal.services.common import PAY_METHODS, queue_receipt, record
from terminal.services.coupons import mark_used, share_discount, take_coupon
from terminal.services.expiry import live_lots_after_expiry
from terminal.services.members import (
    MemberStats,
    find_member,
    member_stats,
    offline_room,
    pay_referral,
    refuse_if_in_debt,
)
from terminal.shop import Shop
from terminal.uow import UnitOfWork

_INSERT_SALE, _INSERT_LINE = table_of(Sale).insert(), table_of(SaleLine).insert()
MAX_LINES = 200


@dataclass(frozen=True)
class SaleRequest:
    lines: list[tuple[str, int]]  # (category, amount in fen)
    member: str | None = None
    redeem_points: int = 0
    pay_method: str = "cash"
    coupon: str | None = None  # a coupon's code (or, for one issued here, its id): money off this sale


@dataclass(frozen=True)
class MemberAfterSale:
    id: str
    balance: int
    tier: Tier


@dataclass(frozen=True)
class SaleResult:
    sale_id: str
    seq: int
    total_fen: int
    redeemed_points: int
    redeemed_fen: int
    paid_fen: int
    pay_method: str
    earned_points: int
    bonus_points: int
    member: MemberAfterSale | None
    coupon: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        coupon = {"coupon": self.coupon} if self.coupon else {}
        return coupon | {
            "sale_id": self.sale_id,
            "seq": self.seq,
            "total_fen": self.total_fen,
            "redeemed_points": self.redeemed_points,
            "redeemed_fen": self.redeemed_fen,
            "paid_fen": self.paid_fen,
            "pay_method": self.pay_method,
            "earned_points": self.earned_points,
            "bonus_points": self.bonus_points,
            "member": None if self.member is None else {
                "id": self.member.id, "balance": self.member.balance, "tier": self.member.tier.name},
        }


def _check_request(shop: Shop, request: SaleRequest) -> None:
    if not request.lines:
        raise Refused("bad_input", "a sale needs at least one line (--line CATEGORY:AMOUNT)", "销售至少需要一行（--line 品类:金额）")
    if len(request.lines) > MAX_LINES:
        raise Refused("bad_input", f"a sale has at most {MAX_LINES} lines", f"一笔销售最多 {MAX_LINES} 行")
    if request.pay_method not in PAY_METHODS:
        raise Refused("bad_input", "pay with cash or card", "支付方式应为 cash（现金）或 card（刷卡）")
    for category, amount in request.lines:
        shop.rules.rate_bp(category)
        check_line_amount(amount)
    if request.redeem_points < 0:
        raise Refused("bad_input", "points to redeem cannot be negative", "抵扣积分不能为负数")
    if request.redeem_points and request.member is None:
        raise Refused("bad_input", "paying with points needs a member", "使用积分抵扣需要会员")
    refuse_sale_redeeming(request.redeem_points)


def check_line_amount(amount: int) -> None:
    if type(amount) is not int or amount < 0:
        raise Refused("bad_amount", "amounts are whole fen, not negative", "金额应为非负整数（分）")
    if amount == 0:  # a slip of the finger, and a ¥0 first sale would pay a referral bonus
        raise Refused("bad_amount", "a line of ¥0.00 sells nothing: type the line's amount",
                      "金额为 ￥0.00 的商品行无效：请输入该行金额")


def _check_redeem(session: Session, shop: Shop, member: Member, held: MemberLots, points: int, value: int,
                  total: int) -> None:
    refuse_if_in_debt(member)
    limit = shop.rules.redeem_limit_fen(total)
    if shop.rules.max_redeem_percent == 0:
        raise Refused("bad_input", "this shop does not take points as payment (its rules allow 0 % of a sale)",
                      "本店不接受积分抵扣（规则允许抵扣 0% 的金额）")
    if value > limit:
        raise Refused("bad_input", f"at most {format_fen(limit)} of this sale can be paid with points",
                      f"本单最多可用积分抵扣 {format_fen(limit)}")
    if points > held.held:
        raise Refused("insufficient_points", f"the member has {held.held:,} points, not {points:,}",
                      f"会员仅有 {held.held:,} 积分，不足 {points:,}")
    room = offline_room(session, shop, member.id)
    if room is not None and points > room:
        raise Refused("over_offline_cap", f"offline, this member can redeem {room:,} more points here today",
                      f"离线状态下，该会员今天在本机还可抵扣 {room:,} 积分")


_FROM_PAYLOAD = ("member_id", "total_fen", "redeemed_points", "redeemed_fen", "paid_fen", "pay_method", "earned_points",
                 "tier", "tier_pct", "rules_version")


def _write_sale(session: Session, payload: dict[str, Any], seq: int, cashier: str, today: date,
                spent: list[tuple[date, int]], balance_after: int | None) -> None:
    """The sales and sale_lines rows, taken from the journal payload so the two cannot disagree."""
    sale_id = payload["sale_id"]
    session.execute(_INSERT_SALE, {key: payload[key] for key in _FROM_PAYLOAD} | {
        "id": sale_id, "seq": seq, "cashier": cashier, "business_date": today, "redeem_expires_on": lots.latest_of(spent),
        "redeemed_lots": json.dumps([[d.isoformat(), n] for d, n in spent]) if spent else None,
        "balance_after": balance_after})
    session.execute(_INSERT_LINE, [line | {"sale_id": sale_id, "line_no": n, "refund_id": None}
                                   for n, line in enumerate(payload["lines"], start=1)])


def _is_first_sale(session: Session, member: Member) -> bool:
    return session.scalar(select(Sale.id).where(Sale.member_id == member.id).limit(1)) is None


def priced_day(priced_on: date | None, today: date) -> date:
    """The day whose promotions a sale earns by: ``priced_on``, the day the checkout showed its points for (a sale
    begun before midnight and paid after keeps them), or today. The ledger takes a sale priced as of its own day or
    the day before (ledger.earning: _days_of), so no other day is recorded."""
    if priced_on is None or priced_on == today:
        return today
    if priced_on != today - timedelta(days=1):
        raise Refused("bad_input", f"the points shown were worked out for {priced_on}, not today ({today}) or the day "
                                   "before: look at them again, then take payment",
                      f"所示积分按 {priced_on} 计算，不是今天（{today}）或前一天：请重新核对积分后再收款")
    return priced_on


def record_sale(uow: UnitOfWork, shop: Shop, cashier: Actor, request: SaleRequest, approver: Actor | None = None,
                priced_on: date | None = None) -> SaleResult:
    """Recorded on the day it is paid (the day report's, the lot's and the expiry's day); its promotions are those
    of ``priced_on`` (see priced_day)."""
    _check_request(shop, request)
    rules, today = shop.rules, shop.today()
    priced = priced_day(priced_on, today)
    total = sum(amount for _, amount in request.lines)
    points = request.redeem_points
    value = rules.value_fen(points) if points else 0
    with uow:
        session = uow.session
        check_active(session, cashier)
        who = Who(cashier.name)
        member = find_member(session, request.member, shop) if request.member else None
        coupon = None
        if request.coupon:
            coupon = take_coupon(session, shop, request.coupon, member.id if member else None, total)
            amounts = share_discount([amount for _, amount in request.lines], coupon.discount_fen)
            request = replace(request, lines=[(cat, amount) for (cat, _), amount in zip(request.lines, amounts, strict=True)])
            total = sum(amounts)
        held, stats, tier, balance = MemberLots([], []), MemberStats(0, 0), rules.tiers[0], 0
        if member is not None:
            held = live_lots_after_expiry(session, shop, member.id)
            balance = held.held - member.debt_points
            stats = member_stats(session, member, today)
            tier = rules.tier_for(stats.growth_fen)
            if points:
                _check_redeem(session, shop, member, held, points, value, total)
        lines = [EarnLine(amount, rules.rate_bp(cat), rules.promo_pct(priced, cat)) for cat, amount in request.lines]
        earned = earned_points(lines, tier.multiplier, total, value) if member is not None else 0
        refuse_sale_earning(earned)
        if member is not None and earned > 0 and stats.earning_sales_today >= rules.velocity_limit:
            who = approval(cashier, approver,
                           f"more than {rules.velocity_limit} earning sales for one member today at this store",
                           f"同一会员当天在本店第 {rules.velocity_limit + 1} 笔及以上积分销售")
            check_active(session, cashier, approver=who.approver)  # as the store has them now, not at their PIN
        referral = member is not None and member.referrer_id is not None and rules.referral_bonus > 0 \
            and _is_first_sale(session, member)
        earn_expires = rules.expires_on(today)
        tier_after = rules.tier_for(stats.growth_fen + total - value)
        sale_id = f"{shop.terminal_id}-{next_seq(session)}"
        payload: dict[str, Any] = {
            "sale_id": sale_id,
            "member_id": member.id if member else None,
            "lines": [{"category": cat, "amount_fen": line.amount_fen, "rate_bp": line.rate_bp, "promo_pct": line.promo_pct}
                      for (cat, _), line in zip(request.lines, lines, strict=True)],
            "tier": tier.name,
            "tier_pct": tier.multiplier,
            **({"tier_after": tier_after.name} if member is not None else {}),  # for the receipt, and a reprint
            "total_fen": total,
            "redeemed_points": points,
            "redeemed_fen": value,
            "paid_fen": total - value,
            "pay_method": request.pay_method,
            "earned_points": earned,
            "earn_expires_on": earn_expires.isoformat() if earned else None,
            "rules_version": rules.version,
        }
        if coupon is not None:
            payload["coupon"] = coupon.as_json()
        entry = record(session, shop, "sale", who, payload, points_delta=earned - points, business_date=today)
        spent = lots.spend(session, held.live, points) if points else []
        if member is not None and earned:
            lots.grant(session, member, earned, today, earn_expires, entry.seq)
        bonus = rules.referral_bonus if referral else 0
        balance_after = balance - points + earned + bonus if member is not None else None
        _write_sale(session, payload, entry.seq, cashier.name, today, spent, balance_after)
        if coupon is not None:
            mark_used(session, shop, coupon, sale_id)
        queue_receipt(session, shop, "receipt", sale_id)
        if referral and member is not None:
            pay_referral(session, shop, who, member, rules.referral_bonus)
        after = None if member is None or balance_after is None else \
            MemberAfterSale(member.id, balance_after, tier_after)
        uow.commit()
    return SaleResult(sale_id, entry.seq, total, points, value, total - value, request.pay_method, earned, bonus, after,
                      coupon.as_json() if coupon else None)
