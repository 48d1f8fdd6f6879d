"""F8 for a member in debt says what `jifen` says: they owe points and cannot pay with points until that is
cleared, not that they have none to spend."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.refunds import record_refund
from tests.helpers.store import OWNER, balance, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, join_by_phone, open_counter

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"


def test_f8_for_a_member_in_debt_says_what_they_owe(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    big = sell(shop, someone, ("general", 200_000))
    sell(shop, someone, ("general", 3_000), redeem=1_500)
    record_refund(shop.uow(), shop.shop, OWNER, big.sale_id)
    owed = -balance(shop, someone)
    assert owed > 0
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("30")
    counter.press(Key.Key_Return)
    join_by_phone(counter, qtbot, PHONE)

    counter.press(Key.Key_F8)
    assert screen.message.text() == (f"This member owes {owed:,} points and cannot pay with points until that is "
                                     "cleared.")
    assert screen.draft.redeem_points == 0
    counter.close()
