"""The arithmetic of points-rules.md, including its worked examples, in exact integers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminal.points_math import (
    EarnLine,
    PaidWith,
    earned_points,
    refund_split,
    restored_lots,
)

GENERAL, DIGITAL, VEHICLE = 5000, 1000, 10


def earn(*lines: tuple[int, int], tier: int = 100, promo: int = 100, redeemed: int = 0) -> int:
    total = sum(amount for amount, _ in lines)
    return earned_points([EarnLine(a, r, promo) for a, r in lines], tier, total, redeemed)


def test_worked_example_1_general_199_99_earns_99() -> None:
    assert earn((19999, GENERAL)) == 99


def test_worked_example_2_general_and_digital_earn_150() -> None:
    assert earn((10000, GENERAL), (100000, DIGITAL)) == 150


def test_worked_example_3_gold_tier_earns_75() -> None:
    assert earn((10000, GENERAL), tier=150) == 75


def test_worked_example_4_paying_2000_points_earns_40() -> None:
    assert earn((10000, GENERAL), redeemed=2000) == 40


def test_worked_example_5_member_day_doubles() -> None:
    assert earn((10000, GENERAL), promo=200) == 100


def test_worked_example_6_vehicle_150000_earns_150() -> None:
    assert earn((15_000_000, VEHICLE)) == 150


def test_zero_total_earns_nothing() -> None:
    assert earned_points([], 100, 0, 0) == 0
    assert earn((0, GENERAL)) == 0


def test_floored_once_per_sale_not_per_line() -> None:
    # 0.995 + 0.995 = 1.99 → 1; flooring each line would give 0.
    assert earn((199, GENERAL), (199, GENERAL)) == 1


def test_refund_example_from_the_rules() -> None:
    # general ¥60 + ¥40, paying 500 points (¥5); refund the ¥40 line.
    back = refund_split(4000, 10000, 500, PaidWith(500, 500, 9500), empties=False, points_per_yuan=100)
    assert back == PaidWith(points=200, points_fen=200, money_fen=3800)
    kept = earned_points([EarnLine(6000, GENERAL, 100)], 100, 6000, 500 - 200)
    assert earn((6000, GENERAL), (4000, GENERAL), redeemed=500) - kept == 19


def test_refund_that_empties_the_sale_returns_what_is_left() -> None:
    left = PaidWith(300, 300, 5700)
    assert refund_split(6000, 10000, 500, left, empties=True, points_per_yuan=100) == left


def test_rounding_never_makes_a_later_refund_negative() -> None:
    # T = ¥10.00 paid with 999 points and ¥0.01; lines 500, 499 and 1 fen refunded one by one.
    left = PaidWith(999, 999, 1)
    outcomes = []
    for amount, last in ((500, False), (499, False), (1, True)):
        back = refund_split(amount, 1000, 999, left, last, 100)
        assert back.money_fen >= 0 and back.points >= 0
        assert back.points_fen + back.money_fen == amount
        left = PaidWith(left.points - back.points, left.points_fen - back.points_fen, left.money_fen - back.money_fen)
        outcomes.append(back)
    assert left == PaidWith(0, 0, 0)
    assert sum(b.money_fen for b in outcomes) == 1


def test_points_worth_half_a_fen_are_restored_in_whole_fen_steps() -> None:
    # 200 points per yuan: 1 point = 0.5 fen, so points come back in steps of 2.
    back = refund_split(3333, 10000, 1000, PaidWith(1000, 500, 9500), empties=False, points_per_yuan=200)
    assert back.points % 2 == 0
    assert back.points_fen * 2 == back.points
    assert back.points_fen + back.money_fen == 3333


amounts = st.lists(st.integers(min_value=0, max_value=100_000_000), min_size=1, max_size=8)


@given(amounts=amounts, rate=st.sampled_from([0, 10, 1000, 5000, 10000]), promo=st.sampled_from([100, 150, 200]),
       tier=st.sampled_from([100, 120, 150, 200]), share=st.integers(0, 100))
def test_earning_is_an_exact_integer_and_paying_with_points_never_earns_more(amounts: list[int], rate: int, promo: int,
                                                                                tier: int, share: int) -> None:
    total = sum(amounts)
    lines = [EarnLine(a, rate, promo) for a in amounts]
    redeemed = total * share // 100
    full = earned_points(lines, tier, total, 0)
    part = earned_points(lines, tier, total, redeemed)
    assert type(full) is int and type(part) is int
    assert 0 <= part <= full
    # The same result computed independently with Python's exact rationals.
    from fractions import Fraction
    if total:
        exact = Fraction(sum(a * rate * promo for a in amounts) * tier * (total - redeemed), total * 100 * 10000 * 100 * 100)
        assert part == int(exact)  # floor, since exact ≥ 0


@given(lines=st.lists(st.integers(1, 1_000_000), min_size=1, max_size=6), share=st.integers(0, 100),
       ppy=st.sampled_from([100, 50, 200, 1000]), order=st.randoms())
def test_refunding_every_line_gives_back_exactly_what_was_paid(lines: list[int], share: int, ppy: int, order) -> None:  # type: ignore[no-untyped-def]
    from terminal.points_math import points_step
    total = sum(lines)
    step = points_step(ppy)
    points = (total * share // 100) * ppy // 100 // step * step
    points_fen = points * 100 // ppy
    left = PaidWith(points, points_fen, total - points_fen)
    remaining = list(range(len(lines)))
    order.shuffle(remaining)
    money = restored = 0
    while remaining:
        i = remaining.pop()
        back = refund_split(lines[i], total, points, left, not remaining, ppy)
        assert 0 <= back.money_fen <= left.money_fen and 0 <= back.points <= left.points and back.points % step == 0
        if ppy % 100 == 0:  # a point worth at most a fen: each refund adds up exactly
            assert back.points_fen + back.money_fen == lines[i]
        left = PaidWith(left.points - back.points, left.points_fen - back.points_fen, left.money_fen - back.money_fen)
        money += back.money_fen
        restored += back.points
    assert (restored, money) == (points, total - points_fen)


def test_refunding_part_of_a_zero_total_sale_gives_back_nothing() -> None:
    assert refund_split(0, 0, 0, PaidWith(0, 0, 0), empties=False, points_per_yuan=100) == PaidWith(0, 0, 0)


def test_a_point_worth_two_fen_cannot_refund_one_fen_in_money_it_never_took() -> None:
    # 50 points to the yuan: 1 point = 2 fen. A 2-fen sale of two 1-fen lines paid with 1 point.
    first = refund_split(1, 2, 1, PaidWith(1, 2, 0), empties=False, points_per_yuan=50)
    assert first == PaidWith(points=1, points_fen=2, money_fen=0)
    assert refund_split(1, 2, 1, PaidWith(0, 0, 0), empties=True, points_per_yuan=50) == PaidWith(0, 0, 0)


@pytest.mark.parametrize(("spent", "before", "points", "pieces"), [
    ([("2026-12-31", 500), ("2027-12-31", 1)], 0, 501, [("2027-12-31", 1), ("2026-12-31", 500)]),
    ([("2026-12-31", 500), ("2027-12-31", 1)], 0, 200, [("2027-12-31", 1), ("2026-12-31", 199)]),
    ([("2026-12-31", 500), ("2027-12-31", 1)], 200, 301, [("2026-12-31", 301)]),
    ([("2026-12-31", 300)], 0, 350, [("2026-12-31", 300), ("2028-12-31", 50)]),  # 50 were spent from debt
    ([], 0, 0, []),
])
def test_refunded_points_go_back_to_the_expiries_they_came_from(
        spent: list[tuple[str, int]], before: int, points: int, pieces: list[tuple[str, int]]) -> None:
    assert restored_lots(spent, before, points, "2028-12-31") == pieces
