"""A receipt says when a sale's earned points, or a refund's points given back, paid off what the member owed:
"本单获得积分 +1,000" then "积分余额 0" alone reads as if the points were lost."""

import pytest

from printing.receipts import debt_paid_off
from terminal.bootstrap import Till
from terminal.services.refunds import record_refund
from tests.helpers.store import MANAGER, hire_staff, member, sell
from tests.printing.test_receipt_paper import paper, right_aligned, row


def _owing_1000(till: Till) -> tuple[str, str]:
    """A member who owes 1,000 points, and the sale that paid with 1,500 points before."""
    hire_staff(till)
    m = member(till)  # 500 to sign up
    big = sell(till, m, ("general", 200000))  # +1,000
    paid = sell(till, m, ("general", 1500), redeem=1500)  # spends all 1,500
    refund = record_refund(till.uow(), till.shop, MANAGER, big.sale_id)  # takes the 1,000 back: owed
    assert refund.member is not None and refund.member["balance"] == -1000
    return m, paid.sale_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sale_whose_points_cleared_the_debt_says_so(till: Till, lang: str) -> None:
    m, _ = _owing_1000(till)
    sale = sell(till, m, ("general", 200000))
    assert sale.earned_points == 1000 and sale.member is not None and sale.member.balance == 0
    out = paper(till, "receipt", sale.sale_id, lang=lang)
    zh = lang == "zh"
    right_aligned(out, "本单获得积分" if zh else "Points earned", "+1,000", 32)
    right_aligned(out, "其中抵还欠分" if zh else "of which paid off debt", "1,000", 32)
    right_aligned(out, "积分余额" if zh else "Points balance", "0", 32)
    assert out.find("欠 ") == [] and out.find("owes") == []  # nothing owed any more
    earned = out.lines.index(row(out, "本单获得积分" if zh else "Points earned"))
    assert out.lines[earned + 2].text.startswith("  " + ("其中抵还欠分" if zh else "of which paid off debt"))


def test_a_sale_that_paid_off_part_of_the_debt_says_how_much(till: Till) -> None:
    m, _ = _owing_1000(till)
    sale = sell(till, m, ("general", 40000))  # +200
    out = paper(till, "receipt", sale.sale_id, "80mm")
    right_aligned(out, "其中抵还欠分", "200", 48)
    right_aligned(out, "积分余额", "-800", 48)
    later = sell(till, m, ("general", 200000))  # +1,000: 800 of it to the debt, 200 held
    out = paper(till, "receipt", later.sale_id, "80mm")
    right_aligned(out, "其中抵还欠分", "800", 48)
    right_aligned(out, "积分余额", "200", 48)
    out = paper(till, "receipt", sell(till, m, ("general", 20000)).sale_id, "80mm")  # no debt left
    assert out.find("抵还欠分") == []


def test_a_refund_whose_points_given_back_cleared_the_debt_says_so(till: Till) -> None:
    m, paid_with_points = _owing_1000(till)
    refund = record_refund(till.uow(), till.shop, MANAGER, paid_with_points)  # the 1,500 points back
    assert refund.member is not None and refund.member["balance"] == 500
    out = paper(till, "refund", refund.refund_id)
    right_aligned(out, "退回积分", "+1,500（抵 ￥15.00）", 32)
    right_aligned(out, "其中抵还欠分", "1,000", 32)
    right_aligned(out, "积分余额", "500", 32)


def test_a_receipt_without_debt_has_no_such_line(till: Till) -> None:
    m = member(till)
    out = paper(till, "receipt", sell(till, m, ("general", 200000)).sale_id)
    assert out.find("抵还欠分") == []


def test_the_debt_is_paid_by_the_points_in_the_order_they_were_given() -> None:
    # owed 300 before: the balance went from -300 by +250 (earned) +100 (bonus) to 50
    assert debt_paid_off(50, 350, 250, 100) == [250, 50]
    assert debt_paid_off(0, 1000, 1000) == [1000]
    assert debt_paid_off(700, 200, 200, 0) == [0, 0]
    assert debt_paid_off(None, 200, 200) == [0]  # the balance right after is not known here
