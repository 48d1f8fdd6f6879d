"""A refund gives back points in the proportion the sale was paid with them, rounded down: floor(P · R / T) points,
the rest of R as money (points-rules.md, Refunds). The refund that empties the sale returns what remains of both."""

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def test_half_a_sale_paid_with_499_points_gives_back_249_points_and_one_fen(jifen: Jifen) -> None:
    jifen.member(PHONE)  # 500 points
    sale = jifen.ok("sale", "--member", PHONE, "--line", "general:2.50", "--line", "general:2.50", "--redeem", "499",
                    by="amy")
    # T = 500 fen, V = 499 fen: ¥0.01 in cash; earned floor(¥5 × 0.5 × (500 − 499)/500) = floor(0.005) = 0
    assert (sale["total_fen"], sale["redeemed_fen"], sale["paid_fen"], sale["earned_points"]) == (500, 499, 1, 0)
    assert sale["member"]["balance"] == 1

    first = jifen.ok("refund", sale["sale_id"], "--line", "1", by="amy", approver="max")
    # R = 250: floor(499 × 250 / 500) = floor(249.5) = 249 points, and 250 − 249 = 1 fen in money
    assert (first["refunded_fen"], first["restored_points"], first["money_fen"], first["reversed_points"]) \
        == (250, 249, 1, 0)
    assert first["member"]["balance"] == 1 + 249

    last = jifen.ok("refund", sale["sale_id"], by="amy", approver="max")
    # what remains: 499 − 249 = 250 points, 1 − 1 = 0 fen
    assert (last["refunded_fen"], last["restored_points"], last["money_fen"]) == (250, 250, 0)
    assert jifen.balance(PHONE) == 500
