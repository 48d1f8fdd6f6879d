"""A card scanned right after the cashier's Enter: the scanner's burst may begin within 50 ms of that Enter.
What Enter did stays done (the amount added, the points used), and the field the card is read into is left
as Enter left it: the amount cannot come back, to be added a second time by F9."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import Sale
from tests.helpers.store import member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, join_by_phone, member_code, open_counter

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138001"


def stored_sales(till: Till) -> list[tuple[str | None, int]]:
    with till.reading() as uow:
        return [(sale.member_id, sale.total_fen) for sale in uow.session.scalars(select(Sale).order_by(Sale.seq))]


@pytest.mark.parametrize("wait_ms", [0, 20])
def test_an_amount_added_by_enter_does_not_come_back_with_the_card_read_next(qtbot: QtBot, shop: Till,
                                                                             wait_ms: int) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("100")
    counter.press(Key.Key_Return)
    qtbot.wait(wait_ms)
    counter.scan(member_code(shop, buyer))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.idle()
    assert screen.lines.amount.text() == ""

    counter.press(Key.Key_F9)
    assert "￥100.00" in screen.pay.question.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    assert stored_sales(shop) == [(buyer, 10_000)]
    counter.close()


def test_points_entered_by_enter_stay_and_the_card_read_next_leaves_the_amount_field_empty(qtbot: QtBot,
                                                                                            shop: Till) -> None:
    buyer = member(shop, PHONE)
    sell(shop, buyer, ("general", 100_000))
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("50")
    counter.press(Key.Key_Return)
    join_by_phone(counter, qtbot, PHONE)
    counter.press(Key.Key_F8)
    counter.type("100")
    counter.press(Key.Key_Return)  # the points are used, and the keyboard goes back to the amount
    counter.scan(member_code(shop, buyer))
    qtbot.waitUntil(lambda: "already on this sale" in screen.message.text())
    counter.idle()
    assert screen.lines.amount.text() == ""
    assert screen.pay.redeem.text() == "100" and screen.draft.redeem_points == 100
    counter.close()
