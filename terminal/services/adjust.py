"""Manual point adjustments, by or with the approval of a manager or owner."""

from terminal import lots
from terminal.errors import Refused
from terminal.services.cashiers import Actor, approval
from terminal.services.common import record
from terminal.services.expiry import live_lots_after_expiry
from terminal.services.members import MemberView, find_member, view_member
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork
from terminal.visible_text import refuse_control_characters

MAX_ADJUST = 1_000_000


def adjust_points(uow: UnitOfWork, shop: Shop, cashier: Actor, member_ref: str, points: int, reason: str,
                  approver: Actor | None = None) -> MemberView:
    who = approval(cashier, approver, "a manual adjustment", "手动调整积分")
    reason = reason.strip()
    if not reason or len(reason) > 200:
        raise Refused("bad_input", "give a reason of 1 to 200 characters (--reason)", "请填写 1 到 200 字的原因（--reason）")
    refuse_control_characters(reason, "the reason (--reason)", "原因（--reason）")
    if points == 0:
        raise Refused("bad_input", f"adjusting by 0 points changes nothing: give a number from -{MAX_ADJUST:,} to "
                      f"{MAX_ADJUST:,} other than 0", f"调整 0 积分不会有任何变化：请填写 -{MAX_ADJUST:,} 到 {MAX_ADJUST:,} 之间的非零整数")
    if abs(points) > MAX_ADJUST:
        raise Refused("bad_input", f"{points:+,} points is too large an adjustment: at most {MAX_ADJUST:,} points "
                      "either way", f"调整 {points:+,} 积分超出范围：每次最多增减 {MAX_ADJUST:,} 积分")
    today = shop.today()
    with uow:
        session = uow.session
        check_active(session, cashier, "adjust points", "调整积分", approver)
        member = find_member(session, member_ref, shop)
        live = live_lots_after_expiry(session, shop, member.id).live
        held = sum(lot.remaining for lot in live) - member.debt_points
        if points < 0 and -points > held:
            raise Refused("insufficient_points", f"the member has {held:,} points; cannot take {-points:,}",
                          f"会员仅有 {held:,} 积分，不能扣减 {-points:,}")
        expires_on = shop.rules.expires_on(today)
        entry = record(session, shop, "adjust", who,
                       {"member_id": member.id, "points": points, "reason": reason,
                        "expires_on": expires_on.isoformat() if points > 0 else None},
                       points_delta=points)
        if points > 0:
            lots.grant(session, member, points, today, expires_on, entry.seq)
        else:
            lots.spend(session, live, -points)
        view = view_member(session, shop, member)
        uow.commit()
    return view
