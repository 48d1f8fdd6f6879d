"""A refund's numbers worked out again at the ledger, as the till works them out (terminal.services.refunds,
terminal.points_math, points-rules.md), so that an entry a till would never write is refused."""

from terminal.points_math import points_step


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
