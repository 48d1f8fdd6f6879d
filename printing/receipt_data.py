"""What a receipt says, gathered from the store (``sources``) and turned into a document (``receipts``)."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Header:
    store: str
    terminal: str
    cashier: str | None
    at: datetime  # in the store's time zone
    approver: str | None = None  # the manager or owner who approved the entry, as the journal names them


@dataclass(frozen=True)
class ReceiptLine:
    line_no: int
    category: str
    amount_fen: int
    rate_bp: int
    promo_pct: int
    refunded: bool
    label: str | None  # what the shop's rules call the category, printed in Chinese
    promotion: str | None = None  # the name of the promotion that gave it promo_pct, as its sale's rules said


@dataclass(frozen=True)
class Balance:
    """A member's points on a receipt: right after its entry, and on the day printed when they changed since."""

    after: int | None  # None: not known here (points from other terminals came in through the ledger since)
    now: int
    as_of: date | None  # the day printed, set when the points changed after the entry (or ``after`` is not known)


@dataclass(frozen=True)
class TierOnPaper:
    name: str
    label: str  # as the shop's rules call it, printed in Chinese


@dataclass(frozen=True)
class MemberOnSale:
    phone_masked: str
    tier_name: str  # the tier before the sale: its points were earned at it (tier_pct)
    tier_label: str
    tier_pct: int
    earned_points: int
    bonus_points: int
    balance: Balance
    next_expiry: tuple[int, date] | None  # as of printing, as ``balance.now``
    tier_after: TierOnPaper | None = None  # the tier right after the sale; None for a sale recorded without it


@dataclass(frozen=True)
class CouponOnSale:
    """A coupon taken on the sale: the line amounts printed are after its discount."""

    id: str  # the coupon's short id (the issuing entry, T1-17)
    discount_fen: int
    list_total_fen: int  # the goods before the discount


@dataclass(frozen=True)
class SaleReceipt:
    header: Header
    sale_id: str
    lines: tuple[ReceiptLine, ...]
    total_fen: int
    redeemed_points: int
    redeemed_fen: int
    paid_fen: int
    pay_method: str
    member: MemberOnSale | None
    code: str
    copy: bool = False
    coupon: CouponOnSale | None = None


@dataclass(frozen=True)
class MemberOnRefund:
    phone_masked: str
    balance: Balance


@dataclass(frozen=True)
class RefundReceipt:
    header: Header
    refund_id: str
    sale_id: str
    lines: tuple[ReceiptLine, ...]
    refunded_fen: int
    money_fen: int
    pay_method: str
    restored_points: int
    reversed_points: int
    member: MemberOnRefund | None
    code: str
    copy: bool = False
    restored_expired: int = 0  # of restored_points, those already past their date: they came back expired

    @property
    def restored_fen(self) -> int:
        """What the points given back are worth: the part of the refund not given back in money."""
        return self.refunded_fen - self.money_fen


@dataclass(frozen=True)
class MemberCard:
    store: str
    member_id: str
    name: str | None
    phone_masked: str
    tier_name: str
    tier_label: str
    code: str  # the member code text, as the member-code module makes it


@dataclass(frozen=True)
class DayClosing:
    """The Z reports that hold a day's entries, and whether figures of the day came after the last of them."""

    z_numbers: tuple[int, ...]
    rest_open: bool
