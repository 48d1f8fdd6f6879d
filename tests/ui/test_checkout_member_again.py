"""Back on the checkout after another screen, the member shown is as the store has them now: a refund made
meanwhile shows in their balance, and points typed that they no longer have are lowered."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services import refunds
from tests.helpers.store import CASHIER, MANAGER, balance, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, member_code, open_counter
from tests.ui.test_checkout_keys import OtherScreen
from ui.screens.checkout import CheckoutScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"



def test_a_refund_made_while_away_shows_in_the_balance_after_the_sale(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    sell(shop, someone, ("general", 200_000))  # 1,000 points
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("10")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)  # the most this sale allows: all of it, in points
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F10)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    sale = screen.last_sale
    assert sale is not None and sale.member is not None
    before = sale.member.balance
    assert screen.member.details.text() == f"Balance now {before:,} points"
    counter.press(Key.Key_F2)
    refunds.record_refund(shop.uow(), shop.shop, CASHIER, sale.sale_id, None, MANAGER)
    counter.press(Key.Key_F1)
    counter.idle()
    assert screen.member.details.text() == f"Balance now {before + sale.redeemed_points:,} points"
    counter.close()


def test_points_spent_elsewhere_while_away_lower_the_points_typed(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    sell(shop, someone, ("general", 200_000))  # 1,000 points, and the bonus for joining
    counter = open_counter(qtbot, shop, screens=(CheckoutScreen, OtherScreen))
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)
    counter.type("1000")
    counter.press(Key.Key_Return)
    assert screen.draft.redeem_points == 1000
    counter.press(Key.Key_F2)
    sell(shop, someone, ("general", 1000), redeem=600)  # by the app left open on another screen, say
    left = balance(shop, someone)
    assert left < 1000
    counter.press(Key.Key_F1)
    counter.idle()
    assert screen.draft.member is not None and screen.draft.member.view.balance == left
    assert f"{left:,} points" in screen.member.details.text()
    assert screen.draft.redeem_points == screen.draft.redeem_limit() == left
    assert screen.pay.redeem.text() == str(screen.draft.redeem_points)
    assert f"Points to redeem lowered to {screen.draft.redeem_points:,}" in screen.message.text()
    counter.close()
