"""A member may not redeem more than their balance (points-rules.md): not even one point more."""

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"


@pytest.fixture
def five_hundred(jifen: Jifen) -> Jifen:
    jifen.member(PHONE)  # the 500 sign-up points
    return jifen


def test_redeeming_501_of_500_points_is_refused_and_nothing_is_stored(five_hundred: Jifen) -> None:
    jifen = five_hundred
    before = jifen.dump()
    sale = ("sale", "--member", PHONE, "--line", "general:100", "--redeem", "501")
    assert jifen.refused(*sale, by="amy") == "insufficient_points"
    run = jifen(*sale, by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err.count("\n") == 1 and "500" in run.err and "501" in run.err, run
    assert jifen.dump() == before
    assert jifen.balance(PHONE) == 500


def test_redeeming_all_500_points_is_allowed(five_hundred: Jifen) -> None:
    sale = five_hundred.ok("sale", "--member", PHONE, "--line", "general:100", "--redeem", "500", by="amy")
    # ¥100 − ¥5 paid with points: earns floor(50 × 95/100) = 47
    assert (sale["redeemed_points"], sale["paid_fen"], sale["earned_points"]) == (500, 9500, 47)
    assert sale["member"]["balance"] == 47
