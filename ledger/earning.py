"""A refund's numbers worked out again at the ledger, as the till works them out (terminal.services.refunds,
terminal.points_math, points-rules.md), so that an entry a till would never write is refused."""

from dataclasses import dataclass
from typing import Any

from terminal.points_math import EarnLine, earned_points, points_step


def fen_per_step(redeemed_points: int, redeemed_fen: int) -> int:
    """What the fewest points worth whole fen were worth on a sale, at the rate it was paid (as the till splits a
    refund: terminal.services.refunds._paid_points_per_yuan); 1 on a sale without points."""
    if redeemed_points <= 0 or redeemed_fen <= 0:
        return 1
    per_yuan = redeemed_points * 100 // redeemed_fen
    if not 1 <= per_yuan <= 10_000:  # no rule set has such a rate
        return 1
    step = points_step(per_yuan)
    return step * 100 // per_yuan


def overpaid(refunded_fen: int, money_fen: int, restored_points: int, redeemed_points: int, redeemed_fen: int) -> bool:
    """Whether a refund gives back more than its lines come to: its money, and the points it restores at what the
    sale took them for. Where a point is worth more than a fen, the till may give back up to one step of points'
    worth too much (refund_split rounds the points up when too little money is left), never more."""
    if redeemed_points <= 0:
        return money_fen > refunded_fen or restored_points > 0
    slack = fen_per_step(redeemed_points, redeemed_fen) - 1
    return money_fen * redeemed_points + restored_points * redeemed_fen > (refunded_fen + slack) * redeemed_points


@dataclass(frozen=True)
class SaleTerms:
    """What a sale's earned points were worked out from, and its refunds take them back by: each line's amount,
    rate and promotion, and the tier's multiplier."""

    lines: tuple[EarnLine, ...]
    tier_pct: int


def terms_of(payload: dict[str, Any]) -> SaleTerms:
    """Of a sale the ledger holds: its lines and tier were checked when it was taken."""
    return SaleTerms(tuple(EarnLine(int(line["amount_fen"]), int(line["rate_bp"]), int(line["promo_pct"]))
                           for line in payload["lines"]), int(payload["tier_pct"]))


@dataclass(frozen=True)
class Refunded:
    """What a sale's earlier refunds took: its lines, and what they gave back and took back."""

    lines: frozenset[int]
    money_fen: int
    reversed_points: int


def taken_back(terms: SaleTerms, earned: int, redeemed_points: int, redeemed_fen: int, before: Refunded,
               lines: list[int], restored_points: int) -> int:
    """The earned points a refund of ``lines`` takes back, as the till works them out: the member keeps what the
    lines still kept would have earned, paid with the points still on them (points-rules.md, Refunds). The refund
    that empties the sale takes back all that is left."""
    amount = [line.amount_fen for line in terms.lines]
    refunded_before = sum(amount[n - 1] for n in before.lines)
    kept = [line for n, line in enumerate(terms.lines, start=1) if n not in before.lines and n not in lines]
    points_fen_left = redeemed_fen - (refunded_before - before.money_fen)
    points_fen_back = restored_points * redeemed_fen // redeemed_points if redeemed_points else 0
    kept_earn = earned_points(kept, terms.tier_pct, sum(line.amount_fen for line in kept),
                              points_fen_left - points_fen_back)
    return max(0, earned - kept_earn - before.reversed_points)
