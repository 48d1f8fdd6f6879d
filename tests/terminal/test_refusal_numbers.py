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


def test_a_member_in_debt_is_told_the_debt_grouped(till: Till) -> None:
    from terminal.models import Member

    m = member(till)
    with till.uow() as uow:
        owing = uow.session.get(Member, m)
        assert owing is not None
        owing.debt_points = 1200  # as a pull from the ledger leaves a member who spent offline at two tills
        uow.commit()
    with pytest.raises(Refused) as refused:
        sell(till, m, ("general", 10000), redeem=100)
    assert (refused.value.code, refused.value.en, refused.value.zh) == (
        "member_in_debt", "this member owes 1,200 points and cannot pay with points until that is cleared",
        "该会员欠 1,200 积分，还清前不能使用积分")
