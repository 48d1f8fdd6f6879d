"""A coupon refused when the sale is recorded: the member fell into debt after it was scanned (the refusal says
Ctrl+F8 takes it off), and a coupon read while a sale was being recorded that was then refused is said to be a
coupon, not a member code."""

import threading

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.refunds import record_refund
from tests.helpers.store import OWNER, balance, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, member_code, open_counter
from tests.ui.test_checkout_coupon import a_coupon, add, coupon_item, sale_entries, scan
from tests.ui.test_checkout_while_recording import confirm_slowly, disk  # noqa: F401  (the fixture: a slow disk)

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE, OTHER_PHONE = "13800138000", "13900139000"


def test_a_member_fallen_into_debt_since_the_coupon_was_scanned_is_told_ctrl_f8_takes_it_off(
        qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)  # 500 signup points
    coupon_item(shop)
    coupon_id, code = a_coupon(shop, someone)  # 300 left
    big = sell(shop, someone, ("general", 200_000))  # 1,000 earned
    sell(shop, someone, ("general", 15_000), redeem=1_300)  # spends them all
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    add(counter, "60")
    scan(counter, code)
    qtbot.waitUntil(lambda: screen.draft.coupon is not None)
    record_refund(shop.uow(), shop.shop, OWNER, big.sale_id)  # meanwhile, at another till: the member owes now
    owed = -balance(shop, someone)
    assert owed > 0
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: "nothing was recorded" in screen.message.text(), timeout=10_000)
    assert screen.message.text() == (f"member 138****8000 owes {owed:,} points: coupons cannot be used until the debt "
                                     "is cleared — nothing was recorded; correct it and take payment again. Ctrl+F8 "
                                     "takes the coupon off.")
    assert not screen.finished and screen.draft.coupon is not None and screen.draft.coupon.id == coupon_id
    counter.close()
    assert len(sale_entries(shop)) == 2  # only the two sales before


def test_a_coupon_read_while_a_sale_is_refused_is_said_to_be_a_coupon(qtbot: QtBot, shop: Till,
                                                                      disk: threading.Event) -> None:  # noqa: F811
    first, second = member(shop, PHONE), member(shop, OTHER_PHONE)
    coupon_item(shop)
    _, code = a_coupon(shop, second)
    for _ in range(shop.shop.rules.velocity_limit):
        sell(shop, first, ("general", 1000))
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    scan(counter, member_code(shop, first))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("10")
    counter.press(Key.Key_Return)
    confirm_slowly(counter, disk)
    counter.scan(code)
    assert screen.message.text() == "Recording the sale… The coupon will go on the next sale."
    disk.set()
    qtbot.waitUntil(lambda: screen.pay.approval_box.isVisible())
    counter.idle()
    assert screen.draft.member is not None and screen.draft.member.id == first and screen.draft.coupon is None
    assert screen.message.text() == ("Nothing recorded yet: waiting for a manager's approval. The coupon read "
                                     "meanwhile was not used: read it again once this sale is done.")
    counter.close()

