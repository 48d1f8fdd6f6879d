"""补积分 at the counter: a card read on an empty sale just after a sale paid without a member offers Shift+F7, which
gives the paid sale its member (give_sale_member, as `jifen sale-member` does), says the points and the balance,
leaves the next sale without the member and prints the slip. A refusal changes nothing; the offer goes once a line is
added, or after JUST_PAID_S; a coupon's member joining the empty sale is said to join the next sale too."""

import json
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Sale
from terminal.services.refunds import record_refund
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import MANAGER, balance, member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter, write_config
from tests.ui.test_checkout_card_after_paid import members_of_sales, pay_cash, scan_card
from tests.ui.test_checkout_coupon import a_coupon, coupon_item, scan
from ui.qt import core
from ui.screens import checkout

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138001"


def give(counter: Counter) -> None:
    counter.press(Key.Key_F7, core.Qt.KeyboardModifier.ShiftModifier)


def sale_member_entries(till: Till) -> list[dict[str, object]]:
    with till.reading() as uow:
        entries = uow.session.scalars(select(JournalEntry).where(JournalEntry.kind == "sale_member"))
        return [json.loads(entry.payload) | {"points_delta": entry.points_delta} for entry in entries]


def stored_sale(till: Till, sale_id: str) -> tuple[str | None, int]:
    with till.reading() as uow:
        sale = uow.session.get(Sale, sale_id)
        assert sale is not None
        return sale.member_id, sale.earned_points


def card_after_paying(counter: Counter, qtbot: QtBot, member_id: str) -> str:
    """A sale of ￥100.00 paid in cash without a member, then the member's card: the paid sale's number."""
    paid = pay_cash(counter, qtbot, "100")
    scan_card(counter, qtbot, member_id)
    return paid


def test_shift_f7_gives_the_paid_sale_its_member_and_the_next_sale_goes_without_them(
        qtbot: QtBot, shop: Till, printer: FakePrinter) -> None:
    buyer = member(shop, PHONE)  # 500 signup points
    write_config(shop, printer=printer.url)
    shop.shop = replace(shop.shop, print_receipts=True)  # as the till opens with a printer set up
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = card_after_paying(counter, qtbot, buyer)
    assert screen.message.text() == (f"Member 138****8001 joined the next sale, not sale {paid} just paid: that sale "
                                     f"had no member. Shift+F7 gives sale {paid} this member's points instead.")
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=10_000)
    printer.forget()

    give(counter)
    qtbot.waitUntil(lambda: screen.message.text().startswith(f"Sale {paid}:"), timeout=10_000)
    assert screen.message.text() == f"Sale {paid}: 50 points to member 138****8001 (balance 550)."
    assert stored_sale(shop, paid) == (buyer, 50) and balance(shop, buyer) == 550
    assert [(entry["sale_id"], entry["member_id"], entry["points_delta"]) for entry in sale_member_entries(shop)] == \
        [(paid, buyer, 50)]
    assert screen.finished and screen.member.details.text() == "Balance now 550 points"
    qtbot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=10_000)
    assert "550" in printer.printout().text  # the slip: the sale's receipt again, now with the member's points

    counter.type("20")
    counter.press(Key.Key_Return)  # the next sale begins without the member
    assert screen.draft.member is None and screen.member.card.text() == "No member"
    pay_cash(counter, qtbot, "")
    assert members_of_sales(shop) == [buyer, None]
    counter.close()


def test_in_chinese_the_offer_and_the_points_given_are_said_in_chinese(qtbot: QtBot, shop: Till,
                                                                       chinese: None) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = card_after_paying(counter, qtbot, buyer)
    assert screen.message.text() == (f"会员 138****8001 已加入下一单，而不是刚付款的 {paid} 单：那一单没有会员。"
                                     f"按 Shift+F7 改为给 {paid} 单补积分。")
    give(counter)
    qtbot.waitUntil(lambda: screen.message.text().startswith(f"销售单 {paid}"), timeout=10_000)
    assert screen.message.text() == f"销售单 {paid} 补 50 积分给会员 138****8001（余额 550）。"
    counter.close()


def test_a_refused_give_says_why_and_changes_nothing(qtbot: QtBot, shop: Till) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = card_after_paying(counter, qtbot, buyer)
    record_refund(shop.uow(), shop.shop, MANAGER, paid)  # refunded at once, on another till of the shop's counter

    give(counter)
    qtbot.waitUntil(lambda: "was refunded" in screen.message.text(), timeout=10_000)
    assert screen.message.text() == f"sale {paid} was refunded: a refunded sale earns no points afterwards"
    assert stored_sale(shop, paid) == (None, 0) and sale_member_entries(shop) == [] and balance(shop, buyer) == 500
    assert not screen.finished and screen.draft.member is not None and screen.draft.member.id == buyer
    counter.close()


def test_the_offer_goes_once_a_line_is_added(qtbot: QtBot, shop: Till) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = card_after_paying(counter, qtbot, buyer)
    counter.type("20")
    counter.press(Key.Key_Return)  # the member is buying again
    counter.press(Key.Key_Delete)  # and the line goes: the sale is empty again, but the offer went with the line
    counter.idle()
    assert screen.draft.lines == []

    give(counter)
    counter.idle()
    assert screen.message.text() == ("No sale just paid is waiting for this member: Shift+F7 works only on an empty "
                                     "sale, right after the card is read.")
    assert stored_sale(shop, paid) == (None, 0) and sale_member_entries(shop) == []
    assert screen.draft.member is not None and screen.draft.member.id == buyer
    counter.close()


def test_the_offer_goes_after_just_paid_s(qtbot: QtBot, shop: Till) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = card_after_paying(counter, qtbot, buyer)
    screen._paid_at -= checkout.JUST_PAID_S + 1  # the card read five minutes on: the customer is still at the counter

    give(counter)
    counter.idle()
    assert "No sale just paid is waiting for this member" in screen.message.text()
    assert stored_sale(shop, paid) == (None, 0) and sale_member_entries(shop) == []
    counter.close()


def test_a_coupons_member_joining_the_empty_sale_after_paying_is_said_to_join_the_next_sale(
        qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    coupon_item(shop)
    coupon_id, code = a_coupon(shop, someone)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = pay_cash(counter, qtbot, "88")
    scan(counter, code)
    qtbot.waitUntil(lambda: screen.draft.coupon is not None)
    assert screen.message.text() == (f"Coupon {coupon_id} is on the sale: ￥10.00 off from ￥50.00. Its member "
                                     f"138****8001 joined the next sale, not sale {paid} just paid: that sale had no "
                                     "member.")
    assert members_of_sales(shop) == [None]
    counter.close()
