"""A card read just after a sale was paid without a member goes on the next sale, while the receipt still shows the
paid one: the message says so, and names the paid sale, which had no member and keeps none."""

import threading

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import Sale
from tests.helpers.store import member
from tests.helpers.ui_checkout import HUMAN_KEY_MS, LOCALE_NOTICE, Counter, Key, member_code, open_counter

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE, OTHER_PHONE = "13800138001", "13900139000"


def pay_cash(counter: Counter, qtbot: QtBot, amount: str) -> str:
    counter.type(amount)
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: counter.screen.finished, timeout=10_000)
    counter.idle()
    sale = counter.screen.last_sale
    assert sale is not None
    return sale.sale_id


def scan_card(counter: Counter, qtbot: QtBot, member_id: str) -> None:
    counter.scan(member_code(counter.screen.ctx.till, member_id))
    qtbot.waitUntil(lambda: counter.screen.draft.member is not None and counter.screen.draft.member.id == member_id)
    counter.idle()


def members_of_sales(till: Till) -> list[str | None]:
    with till.reading() as uow:
        return list(uow.session.scalars(select(Sale.member_id).order_by(Sale.seq)))


def test_a_card_read_after_a_sale_paid_without_a_member_says_it_is_on_the_next_sale(qtbot: QtBot,
                                                                                     shop: Till) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = pay_cash(counter, qtbot, "88")
    scan_card(counter, qtbot, buyer)
    assert screen.message.text() == (f"Member 138****8001 joined the next sale, not sale {paid} just paid: that sale "
                                     f"had no member. Shift+F7 gives sale {paid} this member's points instead.")
    assert screen.draft.lines == [] and members_of_sales(shop) == [None]
    counter.close()


def test_a_card_read_after_a_sale_paid_with_a_member_or_on_a_sale_with_lines_just_joins(qtbot: QtBot,
                                                                                         shop: Till) -> None:
    buyer, other = member(shop, PHONE), member(shop, OTHER_PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    pay_cash(counter, qtbot, "88")
    counter.type("20")
    counter.press(Key.Key_Return)  # the next sale has begun
    scan_card(counter, qtbot, buyer)
    assert screen.message.text() == "Member 138****8001 joined the sale."

    pay_cash(counter, qtbot, "")
    scan_card(counter, qtbot, other)
    assert screen.message.text() == "Member 139****9000 joined the sale."
    counter.close()


def test_in_chinese_the_card_on_the_next_sale_is_said_in_chinese(qtbot: QtBot, shop: Till, chinese: None) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    paid = pay_cash(counter, qtbot, "88")
    scan_card(counter, qtbot, buyer)
    assert counter.screen.message.text() == (f"会员 138****8001 已加入下一单，而不是刚付款的 {paid} 单：那一单没有会员。"
                                             f"按 Shift+F7 改为给 {paid} 单补积分。")
    counter.close()


def test_a_card_read_while_payment_is_asked_is_not_lost_when_enter_comes_before_its_answer(qtbot: QtBot,
                                                                                           shop: Till) -> None:
    """The store busy for a moment: the card is read at the payment question, and the cashier's Enter (or a
    scanner's second Enter) comes before the member is found. The sale waits for them, rather than go without."""
    buyer = member(shop, "13800138001")
    counter = open_counter(qtbot, shop)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.idle()
    held = threading.Event()
    counter.ctx.tasks.db(lambda: held.wait(10), lambda _: None)  # the database worker busy (a backup, a sync)
    try:
        counter.scan(member_code(shop, buyer))
        qtbot.wait(HUMAN_KEY_MS)  # the cashier's Enter, a moment after the scan
        counter.press(Key.Key_Return)
        screen = counter.screen
        assert screen.message.text() == "Looking up the member: take payment once they are on the sale."
    finally:
        held.set()
    qtbot.waitUntil(lambda: screen.draft.member is not None and screen.draft.member.id == buyer)
    counter.idle()
    assert members_of_sales(shop) == []
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished, timeout=10_000)
    counter.idle()
    assert members_of_sales(shop) == [buyer]
    counter.close()
