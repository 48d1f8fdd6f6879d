"""The arithmetic of points-rules.md in exact integers: earning, floored once per sale, and the
split of a refund between money and points."""

from collections.abc import Iterable
from dataclasses import dataclass
from math import gcd

# fen per yuan · basis points · promotion percent · tier percent
_SCALE = 100 * 10_000 * 100 * 100


@dataclass(frozen=True)
class EarnLine:
    amount_fen: int
    rate_bp: int
    promo_pct: int


def earned_points(lines: Iterable[EarnLine], tier_pct: int, total_fen: int, redeemed_fen: int) -> int:
    """floor(Σ a·r·p · t · (T − V) / T / scale): the part paid with points earns nothing."""
    if total_fen <= 0:
        return 0
    weighted = sum(line.amount_fen * line.rate_bp * line.promo_pct for line in lines)
    return weighted * tier_pct * (total_fen - redeemed_fen) // (total_fen * _SCALE)


@dataclass(frozen=True)
class PaidWith:
    """How a sale (or what is left of it) was paid: points and their value, and money."""

    points: int
    points_fen: int
    money_fen: int


def points_step(points_per_yuan: int) -> int:
    """The fewest points worth a whole number of fen."""
    return points_per_yuan // gcd(100, points_per_yuan)


def refund_split(
    refunded_fen: int,
    total_fen: int,
    redeemed_points: int,
    left: PaidWith,
    empties: bool,
    points_per_yuan: int,
) -> PaidWith:
    """What a refund of lines worth R gives back: floor(P · R / T) points and the rest as money.

    The refund that empties the sale gives back exactly what is left, so over all its refunds a
    sale returns exactly what was paid. Money never goes below zero or above what is left of it:
    when rounding earlier refunds left too little money, the rest comes back in points. Where a
    point is worth more than a fen (under 100 points to the yuan) a refund may come back up to one
    point's worth off, and the last refund evens it out.
    """
    if empties:
        return left
    if total_fen == 0:
        return PaidWith(0, 0, refunded_fen)
    step = points_step(points_per_yuan)
    fen_per_step = step * 100 // points_per_yuan
    steps = min(redeemed_points * refunded_fen // total_fen // step, left.points // step)
    if refunded_fen - steps * fen_per_step > left.money_fen:
        steps = min(-(-(refunded_fen - left.money_fen) // fen_per_step), left.points // step)
    points_fen = steps * fen_per_step
    money = max(0, min(refunded_fen - points_fen, left.money_fen))
    return PaidWith(steps * step, points_fen, money)


def restored_lots(spent: list[tuple[str, int]], restored_before: int, points: int,
                  otherwise: str) -> list[tuple[str, int]]:
    """Where the points a refund gives back go, as (expires on, points): back to the expiries the sale spent
    them from (``spent``, in spending order), latest first, after what earlier refunds gave back, so no
    refund lengthens a point's life. Points beyond those (spent from debt) expire on ``otherwise``."""
    pieces: list[tuple[str, int]] = []
    skip, left = restored_before, points
    for expires_on, spent_points in reversed(spent):
        take = min(max(spent_points - skip, 0), left)
        skip = max(skip - spent_points, 0)
        if take:
            pieces.append((expires_on, take))
            left -= take
    return pieces + ([(otherwise, left)] if left else [])
