"""What the checkout asks of the store, run on the database worker: the same service functions as the
command line (``find_member``/``view_member``, ``record_sale``, ``give_sale_member``, ``authenticate``). Nothing here
touches a widget."""

from dataclasses import dataclass, replace
from datetime import date

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.rules import RuleSet
from terminal.services.cashiers import Actor, authenticate
from terminal.services.coupons import read_coupon, take_coupon
from terminal.services.members import find_member, offline_room, view_member
from terminal.services.sale_member import SaleMemberResult, give_sale_member
from terminal.services.sales import SaleRequest, SaleResult, record_sale
from terminal.services.staff import who_may_approve
from ui.screens.checkout_sale import CheckoutMember, DraftCoupon


def look_up_member(till: Till, ref: str) -> CheckoutMember:
    """By a scanned member code (checked: forged, altered or revoked codes are refused), an id or a phone.

    With the ledger out of reach, the offline cap limits what the member may still spend here today.
    """
    shop = till.shop
    with till.reading() as uow:
        member = find_member(uow.session, ref, shop)
        view = view_member(uow.session, shop, member)
        room = offline_room(uow.session, shop, member.id)
    return CheckoutMember(view, room)


def check_coupon(till: Till, ref: str, member_id: str | None) -> tuple[DraftCoupon, CheckoutMember | None]:
    """A scanned coupon for the open sale of ``member_id`` (None: no member yet), refused as ``take_coupon``
    refuses it (forged, revoked, used, expired, another member's) but for its minimum spend, which the sale's
    lines may still reach. With no member on the sale, the coupon's member comes with it, to join the sale."""
    shop = till.shop
    with till.reading() as uow:
        code, _, _ = read_coupon(uow.session, shop, ref)
        owner = code.member_id if member_id is None else member_id
        taken = take_coupon(uow.session, shop, ref, owner, code.min_spend_fen)
        coupon = DraftCoupon(ref.strip() if taken.code is None else taken.code, taken.id, code.value_fen,
                             code.min_spend_fen, code.member_id)
    joins = look_up_member(till, code.member_id) if member_id is None and code.member_id is not None else None
    return coupon, joins


def commit_sale(till: Till, cashier: Actor, request: SaleRequest, rules: RuleSet, priced_on: date,
                approver: Actor | None = None) -> SaleResult:
    """Under ``rules`` and the promotions of ``priced_on``, those the checkout showed the sale's points under (newer
    rules start with the next sale; a sale begun before midnight and paid after keeps the day's promotions, and
    counts on the day it is paid)."""
    return record_sale(till.uow(), replace(till.shop, rules=rules), cashier, request, approver, priced_on)


@dataclass(frozen=True)
class ApprovalNeeded:
    """give_sale_member wants a manager's PIN: for a member who has had many earning sales that day (the checkout
    offers 补积分 only minutes after paying, when a sale of the day before needs none)."""


def give_paid_sale(till: Till, cashier: Actor, sale_id: str, member_id: str,
                   approver: Actor | None = None) -> SaleMemberResult | ApprovalNeeded:
    """补积分: the sale just paid without a member earns its points for the member whose card was read after it
    (the service refuses what it does not allow, saying why; what a manager may allow is asked for instead)."""
    try:
        return give_sale_member(till.uow(), till.shop, cashier, sale_id, member_id, approver)
    except Refused as problem:
        if problem.code != "approval_required" or approver is not None:
            raise
        return ApprovalNeeded()


def supervisors(till: Till) -> list[str]:
    """Who can approve: managers and the owner, by name."""
    return [name for name, _ in who_may_approve(till.reading())]


def check_approver(till: Till, name: str, pin: str) -> Actor:
    """The approver's PIN, checked (and counted when wrong) like any login."""
    return authenticate(till.uow(), till.shop, name, pin)
