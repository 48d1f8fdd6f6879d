"""Points in a refusal are grouped by thousands, as everywhere else the terminal shows them."""

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from tests.helpers.store import balance, member, sell


def test_paying_with_more_points_than_held_names_both_grouped(till: Till) -> None:
    m = member(till)
    sell(till, m, ("general", 400000))  # +2,000
    assert balance(till, m) == 2500
    with pytest.raises(Refused) as refused:
        sell(till, m, ("general", 400000), redeem=3000)
    assert (refused.value.code, refused.value.en, refused.value.zh) == (
        "insufficient_points", "the member has 2,500 points, not 3,000", "会员仅有 2,500 积分，不足 3,000")
    assert balance(till, m) == 2500
