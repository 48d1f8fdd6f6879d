"""Redemption codes (兑换码) claimed at the counter. The ledger hands the code out and takes the points
in its own transaction (sync.mall asks it); this records the claim here so the member's points, the
day totals and the receipt agree."""

from typing import Any

from sqlalchemy import select

from terminal import lots
from terminal.errors import Refused
from terminal.journal import Who, next_seq
from terminal.models import CodeClaim
from terminal.services.cashiers import Actor
from terminal.services.common import record
from terminal.services.expiry import live_lots_after_expiry
from terminal.services.members import find_member, refuse_if_in_debt
from terminal.shop import Shop
from terminal.uow import UnitOfWork

__all__ = ["Actor", "member_for_claim", "record_claim"]


def member_for_claim(uow: UnitOfWork, shop: Shop, member_ref: str) -> str:
    with uow:
        member = find_member(uow.session, member_ref, shop)
        refuse_if_in_debt(member)
        return member.id


def record_claim(uow: UnitOfWork, shop: Shop, cashier: Actor, claim_id: str, offer_id: str, member_id: str, code: str,
                 points: int) -> dict[str, Any]:
    """The ledger's word is final: the points it took leave the member's lots here, soonest-expiring first."""
    with uow:
        session = uow.session
        member = find_member(session, member_id, shop)
        mine = select(CodeClaim.code).where(CodeClaim.offer_id == offer_id, CodeClaim.member_id == member.id)
        if session.scalar(mine) is not None:  # the ledger answers a claim asked again with the one it made: spend once
            raise Refused("already_claimed", f"member {member.id} has already claimed a code of {offer_id}",
                          f"会员 {member.id} 已领取过 {offer_id} 的兑换码")
        held = live_lots_after_expiry(session, shop, member.id)
        local_id = f"{shop.terminal_id}-{next_seq(session)}"
        entry = record(session, shop, "code_claim", Who(cashier.name),
                       {"claim_id": claim_id, "local_id": local_id, "offer_id": offer_id, "member_id": member.id,
                        "code": code, "points": points}, points_delta=-points)
        lots.spend(session, held.live, min(points, held.held))
        session.add(CodeClaim(id=local_id, seq=entry.seq, offer_id=offer_id, member_id=member.id, code=code, points=points,
                              business_date=shop.today()))
        session.flush()
        balance = held.held - member.debt_points
        data = {"claim_id": claim_id, "offer": offer_id, "code": code, "points": points,
                "member": {"id": member.id, "balance": balance}}
        uow.commit()
    return data
