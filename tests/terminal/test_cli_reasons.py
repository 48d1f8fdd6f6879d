"""A refusal gives the reason that applies: a number too large is said to be too large, not to be no
number, and a limit is not called zero."""

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"


@pytest.mark.parametrize(("points", "said"), [
    ("1000001", "+1,000,001 points is too large an adjustment: at most 1,000,000 points either way\n"),
    ("-1000001", "-1,000,001 points is too large an adjustment: at most 1,000,000 points either way\n"),
    ("0", "adjusting by 0 points changes nothing: give a number from -1,000,000 to 1,000,000 other than 0\n"),
])
def test_an_adjustment_out_of_range_says_which_limit(jifen: Jifen, points: str, said: str) -> None:
    jifen.member(PHONE)
    before = jifen.dump()
    run = jifen("adjust", PHONE, "--points", points, "--reason", "x", by="boss")
    assert (run.status, run.out, run.err) == (2, "", said)
    assert jifen.dump() == before


def test_too_many_points_to_redeem_are_too_many_not_no_number(jifen: Jifen) -> None:
    jifen.member(PHONE)
    run = jifen("sale", "--member", PHONE, "--line", "general:10", "--redeem", "99999999999999999999", by="amy")
    assert (run.status, run.out) == (2, "")
    assert run.err == "'99999999999999999999' points is too large: at most 1,000,000,000 points\n"
    zh = jifen("sale", "--member", PHONE, "--line", "general:10", "--redeem", "1000000001", by="amy",
               env={"LANG": "zh_CN.UTF-8"})
    assert zh.err == "“1000000001”积分太大：最多 1,000,000,000 积分\n"


def test_zero_points_to_redeem_is_still_no_number_of_points(jifen: Jifen) -> None:
    jifen.member(PHONE)
    run = jifen("sale", "--member", PHONE, "--line", "general:10", "--redeem", "0", by="amy")
    assert run.err == "'0' is not a number of points: write a whole number above 0\n"
