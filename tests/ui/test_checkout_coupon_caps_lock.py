"""A coupon's QR scanned with Caps Lock on (every letter's case turned round) goes on the sale; one really altered
is still refused as altered."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.scanner_keys import send
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, open_counter
from tests.ui.test_checkout_coupon import a_coupon, coupon_item

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def test_a_coupon_scanned_with_caps_lock_on_goes_on_the_sale(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, "13800138000")
    coupon_item(shop)
    coupon_id, code = a_coupon(shop, someone)
    counter = open_counter(qtbot, shop)
    assert code.swapcase() != code
    send(list(code.swapcase()) + ["\r"])
    qtbot.waitUntil(lambda: counter.screen.draft.coupon is not None)
    counter.idle()
    assert counter.screen.draft.coupon is not None and counter.screen.draft.coupon.id == coupon_id
    assert "damaged or altered" not in counter.screen.message.text()
    counter.close()


def test_a_coupon_altered_and_scanned_with_caps_lock_on_is_refused(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, "13800138000")
    coupon_item(shop)
    _, code = a_coupon(shop, someone)
    fields = code.split("/")
    fields[3] = "9" + fields[3]  # ¥10.00 off made ¥910.00 off
    counter = open_counter(qtbot, shop)
    send(list("/".join(fields).swapcase()) + ["\r"])
    qtbot.waitUntil(lambda: "altered" in counter.screen.message.text())
    counter.idle()
    assert counter.screen.draft.coupon is None
    counter.close()
