"""The sale being rung up, as plain Python: lines, the member, points to redeem, and what the sale
will earn. The checkout screen shows it; ``record_sale`` checks it all again when it is committed,
so this is the cashier's early warning, never the rule itself."""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from itertools import pairwise

from printing.earn_calc import EarnTerm, earn_calculation
from terminal.money import MAX_POINTS, parse_amount
from terminal.points_math import EarnLine, earned_points
from terminal.rules import RuleSet, Tier
from terminal.services.coupons import coupon_discount, share_discount
from terminal.services.members import MemberView, mask_phone
from terminal.services.sales import MAX_LINES, SaleRequest, check_line_amount


@dataclass(frozen=True)
class CheckoutMember:
    """A member as the till sees them for this sale: who, their tier, and what they may spend."""

    view: MemberView
    offline_room: int | None = None  # points still allowed offline today at this terminal; None: no cap now

    @property
    def id(self) -> str:
        return self.view.id

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.view.phone)

    @property
    def last_four(self) -> str:
        return self.view.phone[-4:]

    @property
    def tier(self) -> Tier:
        return self.view.tier

    @property
    def spendable(self) -> int:
        """Points the member may pay with here and now: the balance, within the offline cap; none in debt."""
        if self.view.debt_points > 0 or self.view.balance <= 0:
            return 0
        if self.offline_room is None:
            return self.view.balance
        return max(0, min(self.view.balance, self.offline_room))


class RedeemProblem(Enum):
    NO_MEMBER = "no_member"
    IN_DEBT = "in_debt"
    OVER_BALANCE = "over_balance"
    OVER_OFFLINE_CAP = "over_offline_cap"
    OVER_SALE = "over_sale"  # more than max_redeem_percent of the total


@dataclass(frozen=True)
class SaleLine:
    category: str
    amount_fen: int


@dataclass(frozen=True)
class DraftCoupon:
    """A coupon scanned at the checkout, checked then as ``take_coupon`` checks it but for its minimum spend,
    which the lines may still reach: the payment asks for it (``record_sale`` checks it all again)."""

    ref: str  # the code as scanned: what ``sale --coupon`` takes
    id: str
    value_fen: int
    min_spend_fen: int
    member_id: str | None


@dataclass(frozen=True)
class EarnPreview:
    points: int
    calculation: str | None  # e.g. "￥100.00 × 0.5 × 1.5 = 75"; None when nothing in the sale earns


@dataclass
class SaleDraft:
    rules: RuleSet
    lines: list[SaleLine] = field(default_factory=list)
    member: CheckoutMember | None = None
    redeem_points: int = 0
    coupon: DraftCoupon | None = None

    @property
    def list_total_fen(self) -> int:
        """The lines' amounts added up, before a coupon."""
        return sum(line.amount_fen for line in self.lines)

    @property
    def coupon_short_fen(self) -> int:
        """What the lines still lack for the coupon's minimum spend (0: it applies, or there is no coupon)."""
        if self.coupon is None:
            return 0
        return max(0, self.coupon.min_spend_fen - self.list_total_fen)

    @property
    def coupon_fen(self) -> int:
        """The coupon's money off, as ``take_coupon`` works it out: its value, at most the sale, once the
        minimum spend is reached."""
        if self.coupon is None:
            return 0
        return coupon_discount(self.coupon.value_fen, self.coupon.min_spend_fen, self.list_total_fen)

    @property
    def total_fen(self) -> int:
        """The sale's total as ``record_sale`` records it: after the coupon."""
        return self.list_total_fen - self.coupon_fen

    def paid_amounts(self) -> list[int]:
        """Each line's amount after its share of the coupon, as ``record_sale`` shares it out."""
        return share_discount([line.amount_fen for line in self.lines], self.coupon_fen)

    @property
    def redeem_fen(self) -> int:
        return self.rules.value_fen(self.redeem_points) if self.redeem_points else 0

    @property
    def to_pay_fen(self) -> int:
        return self.total_fen - self.redeem_fen

    @property
    def full(self) -> bool:
        return len(self.lines) >= MAX_LINES

    def add_line(self, category: str, amount_text: str) -> SaleLine:
        """Parse exactly (``Refused('bad_amount')`` for 19.999, -5, 1e3, …) and add; nothing changes on a refusal."""
        self.rules.rate_bp(category)
        line = SaleLine(category, parse_amount(amount_text))
        check_line_amount(line.amount_fen)
        self.lines.append(line)
        return line

    def remove_line(self, index: int) -> SaleLine:
        return self.lines.pop(index)

    def points_by_line(self, today: date) -> list[int]:
        """Each line's part of what the sale earns, adding up to it exactly (the sale is floored once, on the
        money paid): what the sale earns up to this line less what it earns up to the line before, which is
        the line's exact share rounded down or up, and stays put as lines are added after it."""
        if self.member is None:
            return [0] * len(self.lines)
        lines, tier_pct = self._earn_lines(today), self.member.tier.multiplier
        running = [earned_points(lines[:n], tier_pct, self.total_fen, self.redeem_fen) for n in range(len(lines) + 1)]
        return [after - before for before, after in pairwise(running)]

    # --- paying with points ----------------------------------------------------------------------

    def most_for_sale(self) -> int:
        """The most points this sale may take: max_redeem_percent of the total, at most what one sale may pay
        (MAX_POINTS), in whole steps of points."""
        limit_fen = self.rules.redeem_limit_fen(self.total_fen)
        step = self.rules.points_step
        return min(limit_fen * self.rules.points_per_yuan // 100, MAX_POINTS) // step * step

    def redeem_limit(self) -> int:
        if self.member is None:
            return 0
        step = self.rules.points_step
        return min(self.member.spendable // step * step, self.most_for_sale())

    def redeem_problem(self, wanted: int) -> RedeemProblem | None:
        """Why ``wanted`` points cannot pay for this sale, or None (a step of points that is not a whole
        number of fen is the rule set's to refuse, with its own message)."""
        if self.member is None:
            return RedeemProblem.NO_MEMBER
        if self.member.view.debt_points > 0:
            return RedeemProblem.IN_DEBT
        if wanted > self.member.view.balance:
            return RedeemProblem.OVER_BALANCE
        if self.member.offline_room is not None and wanted > self.member.offline_room:
            return RedeemProblem.OVER_OFFLINE_CAP
        if self.rules.value_fen(wanted) > self.rules.redeem_limit_fen(self.total_fen):
            return RedeemProblem.OVER_SALE
        return None

    def set_redeem(self, wanted: int) -> RedeemProblem | None:
        """Use ``wanted`` points (0: none); on a problem nothing changes."""
        if wanted == 0:
            self.redeem_points = 0
            return None
        problem = self.redeem_problem(wanted)
        if problem is None:
            self.redeem_points = wanted
        return problem

    def fit_redeem(self) -> bool:
        """After the lines change: lower the points to what the sale still allows; True if they were lowered."""
        if self.redeem_points and self.redeem_points > self.redeem_limit():
            self.redeem_points = self.redeem_limit()
            return True
        return False

    # --- earning -----------------------------------------------------------------------------------

    def earn_preview(self, today: date) -> EarnPreview:
        """The same formula ``record_sale`` uses, with the member's tier before the sale, and the printed "why"."""
        if self.member is None or not self.lines:
            return EarnPreview(0, None)
        earn_lines = self._earn_lines(today)
        tier_pct = self.member.tier.multiplier
        earned = earned_points(earn_lines, tier_pct, self.total_fen, self.redeem_fen)
        terms = [EarnTerm(line.amount_fen, line.rate_bp, line.promo_pct) for line in earn_lines]
        calculation = earn_calculation(terms, tier_pct, self.total_fen, self.redeem_fen, earned)
        return EarnPreview(earned, None if calculation is None else " ".join(calculation))

    def _earn_lines(self, today: date) -> list[EarnLine]:
        return [EarnLine(amount, self.rules.rate_bp(line.category), self.rules.promo_pct(today, line.category))
                for line, amount in zip(self.lines, self.paid_amounts(), strict=True)]

    def request(self, pay_method: str) -> SaleRequest:
        return SaleRequest(lines=[(line.category, line.amount_fen) for line in self.lines],
                           member=None if self.member is None else self.member.id,
                           redeem_points=self.redeem_points, pay_method=pay_method,
                           coupon=None if self.coupon is None else self.coupon.ref)
