"""The gifts list says a coupon is good for "1 day", not "1 days"; Chinese has no plural (1 天内有效)."""

import pytest
from pytestqt.qtbot import QtBot

from ui.screens.gifts_list import NAME, GiftTable


def _coupon(days: int) -> dict[str, object]:
    return {"id": "C1", "kind": "coupon", "name_en": "Voucher", "name_zh": "代金券", "picture": None, "points": 100,
            "topup_fen": 0, "value_fen": 500, "min_spend_fen": 5000, "valid_days": days, "stock": None}


def _shown(qtbot: QtBot, days: int) -> str:
    table = GiftTable()
    qtbot.addWidget(table)
    table.show_items([_coupon(days)])
    return table.item(0, NAME).text()


@pytest.mark.usefixtures("english")
def test_a_coupon_good_for_one_day_says_day(qtbot: QtBot) -> None:
    assert _shown(qtbot, 1) == "Voucher\nCoupon: ￥5.00 off a spend of ￥50.00 or more, good for 1 day"
    assert _shown(qtbot, 30).endswith("good for 30 days")


@pytest.mark.usefixtures("chinese")
def test_in_chinese_it_says_天(qtbot: QtBot) -> None:
    assert _shown(qtbot, 1) == "代金券\n优惠券：满 ￥50.00 减 ￥5.00，1 天内有效"
