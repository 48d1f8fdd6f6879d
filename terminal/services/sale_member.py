"""Giving a paid sale its member (补积分): the card shown just after paying. The sale earns as if the member had been
on it (its stored lines, promotions and payment), at the member's tier when the card is shown; one ``sale_member``
entry says so, and the sale's row then names the member, so receipts, history and refunds read it as a member's."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal import lots
from terminal.errors import Refused
from terminal.journal import Who
from terminal.models import JournalEntry, Member, Sale, SaleLine
from terminal.phones import mask_phone
from terminal.points_cap import refuse_given_member_earning
from terminal.points_math import EarnLine, earned_points
from terminal.rules import RuleSet, Tier
from terminal.services.cashiers import Actor, approval
from terminal.services.common import queue_receipt, record
from terminal.services.expiry import live_lots_after_expiry
from terminal.services.members import find_member, has_sales, member_stats, pay_referral
from terminal.services.refunds import SaleAction, check_before_gap, find_sale
from terminal.services.sales import MemberAfterSale
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork

DAYS_BACK = 7  # the oldest sale a manager may give its member, in business days
ALONE_MINUTES = 30  # a cashier alone gives a sale its member only this long after it was paid (the card shown late)
GIVE_MEMBER = SaleAction("give it its member", "补积分")


@dataclass(frozen=True)
class SaleMemberResult:
    sale_id: str
    seq: int
    earned_points: int
    bonus_points: int
    member: MemberAfterSale

    def as_json(self) -> dict[str, Any]:
        return {"sale_id": self.sale_id, "seq": self.seq, "earned_points": self.earned_points,
                "bonus_points": self.bonus_points,
                "member": {"id": self.member.id, "balance": self.member.balance, "tier": self.member.tier.name}}


def _check_sale(session: Session, sale: Sale, today: date) -> None:
    if sale.member_id is not None:
        member = session.get(Member, sale.member_id)
        phone = mask_phone(member.phone) if member is not None else sale.member_id
        raise Refused("already_exists", f"sale {sale.id} already has a member ({phone}): its points were given",
                      f"销售单 {sale.id} 已有会员（{phone}）：积分已发放")
    if session.scalar(select(SaleLine.line_no).where(SaleLine.sale_id == sale.id, SaleLine.refund_id.is_not(None))
                      .limit(1)) is not None:
        raise Refused("already_refunded", f"sale {sale.id} was refunded: a refunded sale earns no points afterwards",
                      f"销售单 {sale.id} 已退款：退过款的销售不能补积分")
    days = (today - sale.business_date).days
    if not 0 <= days <= DAYS_BACK:
        raise Refused("bad_input", f"sale {sale.id} is of {sale.business_date}: points can be given up to {DAYS_BACK} "
                                 "days after a sale; ask a manager for an adjustment",
                      f"销售单 {sale.id} 是 {sale.business_date} 的：销售后 {DAYS_BACK} 天内才能补积分；"
                      "请店长手工调整积分")


def _check_member(member: Member) -> None:
    if member.debt_points:
        raise Refused("member_in_debt", f"this member owes {member.debt_points:,} points: points cannot be added to a "
                                        "sale for them until that is cleared",
                      f"该会员欠 {member.debt_points:,} 积分，还清前不能补积分")


def _paid_long_ago(session: Session, sale: Sale, now: datetime) -> bool:
    """Whether the sale's journal entry was written more than ALONE_MINUTES before ``now``."""
    at = session.scalar(select(JournalEntry.at).where(JournalEntry.seq == sale.seq))
    if at is None:
        return True
    paid = datetime.fromisoformat(at.replace("Z", "+00:00"))
    return now - paid > timedelta(minutes=ALONE_MINUTES)


def _who(cashier: Actor, approver: Actor | None, earlier_day: bool, late: bool, over_velocity: bool,
         rules: RuleSet) -> Who:
    who = Who(cashier.name)
    if earlier_day and late:  # a card shown minutes after midnight, for a sale just before it, is only minutes late
        who = approval(cashier, approver, "giving a sale of an earlier day its member", "为以前营业日的销售补积分")
    elif late:
        who = approval(cashier, approver, f"a sale given its member more than {ALONE_MINUTES} minutes after it was paid",
                       f"付款 {ALONE_MINUTES} 分钟以后才补积分")
    if over_velocity:
        who = approval(cashier, approver, f"more than {rules.velocity_limit} earning sales for one member in a day "
                                          "at this store", f"同一会员当天在本店第 {rules.velocity_limit + 1} 笔及以上积分销售")
    return who


def _earned(session: Session, sale: Sale, tier: Tier) -> int:
    lines = session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no))
    return earned_points([EarnLine(line.amount_fen, line.rate_bp, line.promo_pct) for line in lines],
                         tier.multiplier, sale.total_fen, sale.redeemed_fen)


def give_sale_member(uow: UnitOfWork, shop: Shop, cashier: Actor, sale_ref: str, member_ref: str,
                     approver: Actor | None = None) -> SaleMemberResult:
    """A sale of this till without a member, none of its lines refunded, of today (or, approved, up to DAYS_BACK days
    back) earns its points for ``member_ref`` now: lots dated as of the sale, the day totals' on today."""
    rules, today = shop.rules, shop.today()
    with uow:
        session = uow.session
        check_active(session, cashier)
        sale = find_sale(session, shop, sale_ref, GIVE_MEMBER)
        _check_sale(session, sale, today)
        check_before_gap(session, sale, GIVE_MEMBER)
        member = find_member(session, member_ref, shop)
        _check_member(member)
        growth = member_stats(session, member, today).growth_fen
        tier = rules.tier_for(growth)
        earned = _earned(session, sale, tier)
        refuse_given_member_earning(sale.id, earned)
        over = earned > 0 and member_stats(session, member, sale.business_date).earning_sales_today >= rules.velocity_limit
        late = _paid_long_ago(session, sale, shop.now())
        who = _who(cashier, approver, sale.business_date != today, late, over, rules)
        check_active(session, cashier, approver=who.approver)
        held = live_lots_after_expiry(session, shop, member.id)
        referral = member.referrer_id is not None and rules.referral_bonus > 0 and not has_sales(session, member.id)
        expires = rules.expires_on(sale.business_date)
        tier_after = rules.tier_for(growth + sale.paid_fen)
        payload: dict[str, Any] = {
            "sale_id": sale.id, "member_id": member.id, "sale_date": sale.business_date.isoformat(),
            "tier": tier.name, "tier_pct": tier.multiplier, "tier_after": tier_after.name, "earned_points": earned,
            "earn_expires_on": expires.isoformat() if earned else None, "rules_version": rules.version}
        entry = record(session, shop, "sale_member", who, payload, points_delta=earned)
        if earned:
            lots.grant(session, member, earned, sale.business_date, expires, entry.seq)
        bonus = rules.referral_bonus if referral else 0
        balance = held.held + earned + bonus  # a member in debt was refused
        sale.member_id, sale.earned_points, sale.tier, sale.tier_pct = member.id, earned, tier.name, tier.multiplier
        sale.balance_after = balance
        session.flush()
        if referral:
            pay_referral(session, shop, who, member, rules.referral_bonus)
        queue_receipt(session, shop, "receipt", sale.id, copy=True)  # now with the member and their points
        uow.commit()
    return SaleMemberResult(sale.id, entry.seq, earned, bonus, MemberAfterSale(member.id, balance, tier_after))
