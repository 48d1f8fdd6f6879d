"""The calculation printed under "points earned" is the sale's own arithmetic: worked out exactly and
floored, it gives the points the sale earned."""

import math
import re
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from printing.earn_calc import EarnTerm, earn_calculation
from terminal.points_math import EarnLine, earned_points

_NUMBER = re.compile(r"￥?([0-9][0-9,]*(?:\.[0-9]+)?)")


def evaluate(expression: str) -> Fraction:
    """The printed expression in exact arithmetic: ￥ and thousands separators go, × and / are * and /."""
    python = _NUMBER.sub(lambda m: f"Fraction('{m.group(1).replace(',', '')}')", expression).replace("×", "*")
    value = eval(python, {"__builtins__": {}, "Fraction": Fraction})  # built from digits and operators only
    assert isinstance(value, Fraction)
    return value


LINE = st.tuples(st.integers(min_value=0, max_value=2_000_000), st.sampled_from([0, 10, 1000, 5000, 12345]),
                 st.sampled_from([100, 150, 200]))


@settings(max_examples=500, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=6), tier=st.sampled_from([100, 120, 150, 200]),
       share=st.integers(min_value=0, max_value=100))
def test_the_printed_calculation_gives_the_points_earned(lines: list[tuple[int, int, int]], tier: int, share: int) -> None:
    total = sum(amount for amount, _, _ in lines)
    redeemed = total * share // 100
    earned = earned_points([EarnLine(*line) for line in lines], tier, total, redeemed)
    shown = earn_calculation([EarnTerm(*line) for line in lines], tier, total, redeemed, earned)
    if shown is None:
        assert earned == 0
        return
    expression, result = shown
    assert result == f"= {earned:,}"
    assert math.floor(evaluate(expression)) == earned


def test_examples() -> None:
    assert earn_calculation([EarnTerm(10000, 5000, 100)], 150, 10000, 0, 75) == ("￥100.00 × 0.5 × 1.5", "= 75")
    assert earn_calculation([EarnTerm(6000, 5000, 100), EarnTerm(4000, 5000, 100)], 100, 10000, 500, 47) == (
        "(￥100.00-￥5.00) × 0.5", "= 47")
    assert earn_calculation([EarnTerm(10000, 5000, 100), EarnTerm(10000, 1000, 200)], 100, 20000, 1000, 66) == (
        "(￥100.00 × 0.5 + ￥100.00 × 0.1 × 2) × ￥190.00/￥200.00", "= 66")
    assert earn_calculation([EarnTerm(10000, 0, 100)], 100, 10000, 0, 0) is None  # nothing that earns
