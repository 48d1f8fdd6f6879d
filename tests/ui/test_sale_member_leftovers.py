"""Leftovers of 补积分 (Shift+F7 on the checkout, `jifen sale-member`): the member's history names who gave a paid sale
its member (and the manager who approved it), the message after Shift+F7 says the referral bonus a first sale paid,
and the card given to the paid sale never stays on the next sale, whatever the cashier rings meanwhile."""

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.refunds import record_refund
from terminal.services.sale_member import give_sale_member
from tests.helpers.store import CASHIER, MANAGER, balance, member, move_clock, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from tests.ui.test_checkout_card_after_paid import members_of_sales, pay_cash, scan_card
from tests.ui.test_checkout_give_paid_sale import give
from ui.screens.members_data import member_page
from ui.screens.members_panel import MemberPanel

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE, REFERRER_PHONE = "13800138001", "13900139000"


def what_column(qtbot: QtBot, till: Till) -> list[str]:
    panel = MemberPanel()
    qtbot.addWidget(panel)
    panel.show_page(member_page(till, PHONE))
    cells = [panel.history.item(row, 1) for row in range(panel.history.rowCount())]
    return [cell.text() if cell is not None else "" for cell in cells]


@pytest.mark.parametrize(("language", "words"), [
    ("english", "Points for sale {sale} · cashier amy · approved by max"),
    ("chinese", "补积分 {sale} · 收银员 amy · 授权人 max")])
def test_the_history_names_the_cashier_and_the_manager_who_gave_a_paid_sale_its_member(
        qtbot: QtBot, shop: Till, language: str, words: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    member(shop, PHONE)
    sale = sell(shop, None, ("general", 10000))
    move_clock(shop, "2026-03-01 10:45")  # over 30 minutes after paying: the cashier needs a manager
    give_sale_member(shop.uow(), shop.shop, CASHIER, sale.sale_id, PHONE, approver=MANAGER)
    assert what_column(qtbot, shop)[0] == words.format(sale=sale.sale_id)


def test_the_history_names_the_cashier_alone_when_nobody_approved(qtbot: QtBot, shop: Till, english: None) -> None:
    buyer = member(shop, PHONE)
    sale = sell(shop, None, ("general", 10000))
    give_sale_member(shop.uow(), shop.shop, CASHIER, sale.sale_id, PHONE)
    later = sell(shop, buyer, ("general", 1000), cashier=MANAGER)
    assert what_column(qtbot, shop)[:2] == [f"Sale {later.sale_id}", f"Points for sale {sale.sale_id} · cashier amy"]


@pytest.mark.parametrize(("language", "words"), [
    ("english", "Sale {sale}: 50 points to member 138****8001 (balance 650). "
                "Referral bonus: 100 points each to the member and their referrer."),
    ("chinese", "销售单 {sale} 补 50 积分给会员 138****8001（余额 650）。推荐奖励：会员与推荐人各 100 积分。")])
def test_shift_f7_says_the_referral_bonus_the_first_sale_paid(qtbot: QtBot, shop: Till, language: str, words: str,
                                                               request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    referrer = member(shop, REFERRER_PHONE)
    buyer = member(shop, PHONE, referrer=REFERRER_PHONE)  # 500 signup points; their first sale pays 100 each
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = pay_cash(counter, qtbot, "100")
    scan_card(counter, qtbot, buyer)
    give(counter)
    qtbot.waitUntil(lambda: screen.message.text().startswith((f"Sale {paid}:", f"销售单 {paid} 补 ")), timeout=10_000)
    assert screen.message.text() == words.format(sale=paid)
    assert balance(shop, buyer) == 650 and balance(shop, referrer) == 600
    counter.close()


def test_without_a_referral_nothing_more_is_said(qtbot: QtBot, shop: Till, english: None) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = pay_cash(counter, qtbot, "100")
    scan_card(counter, qtbot, buyer)
    give(counter)
    qtbot.waitUntil(lambda: screen.message.text().startswith(f"Sale {paid}:"), timeout=10_000)
    assert screen.message.text() == f"Sale {paid}: 50 points to member 138****8001 (balance 550)."
    counter.close()


@pytest.fixture
def disk() -> Iterator[threading.Event]:
    """A slow disk: what the checkout sends the database worker waits until this is set."""
    gate = threading.Event()
    yield gate
    gate.set()


def give_slowly(counter: Counter, disk: threading.Event) -> None:
    """Shift+F7 with the store held up: the paid sale is being given the member, not yet given."""
    counter.ctx.tasks.db(lambda: disk.wait(10))
    give(counter)
    counter.qtbot.wait(50)


def test_a_line_rung_while_shift_f7_is_on_its_way_starts_a_sale_without_the_member(
        qtbot: QtBot, shop: Till, disk: threading.Event) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = pay_cash(counter, qtbot, "100")
    scan_card(counter, qtbot, buyer)
    give_slowly(counter, disk)
    counter.type("20")
    counter.press(Key.Key_Return)  # the next customer's line, rung at once
    disk.set()
    qtbot.waitUntil(lambda: screen.message.text().startswith(f"Sale {paid}:"), timeout=10_000)
    assert screen.draft.member is None and screen.member.card.text() == "No member"
    assert [line.amount_fen for line in screen.draft.lines] == [2000]
    pay_cash(counter, qtbot, "")
    assert members_of_sales(shop) == [buyer, None] and balance(shop, buyer) == 550  # earned once, for the paid sale


def test_the_next_sale_paid_while_shift_f7_is_on_its_way_has_no_member(
        qtbot: QtBot, shop: Till, disk: threading.Event) -> None:
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = pay_cash(counter, qtbot, "100")
    scan_card(counter, qtbot, buyer)
    give_slowly(counter, disk)
    counter.type("20")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)  # paid before the store has given the first sale its member
    disk.set()
    qtbot.waitUntil(lambda: members_of_sales(shop) == [buyer, None], timeout=10_000)
    qtbot.waitUntil(lambda: screen.finished and screen.last_sale is not None and screen.last_sale.sale_id != paid)
    assert balance(shop, buyer) == 550
    counter.close()


@pytest.mark.parametrize(("language", "words"), [
    ("english", "sale {sale} was refunded: a refunded sale earns no points afterwards. "
                "The member is not on this sale: read their card again to add them."),
    ("chinese", "销售单 {sale} 已退款：退过款的销售不能补积分。会员不在本单中：如需加入，请再读一次会员码。")])
def test_a_refused_shift_f7_after_a_line_was_rung_says_the_new_sale_has_no_member(
        qtbot: QtBot, shop: Till, disk: threading.Event, language: str, words: str,
        request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    buyer = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    paid = pay_cash(counter, qtbot, "100")
    scan_card(counter, qtbot, buyer)
    give_slowly(counter, disk)
    record_refund(shop.uow(), shop.shop, MANAGER, paid)  # refunded meanwhile, at another till
    counter.type("20")
    counter.press(Key.Key_Return)
    disk.set()
    qtbot.waitUntil(lambda: paid in screen.message.text() and ("refunded" in screen.message.text()
                                                               or "已退款" in screen.message.text()), timeout=10_000)
    assert screen.message.text() == words.format(sale=paid)
    assert screen.draft.member is None and len(screen.draft.lines) == 1 and balance(shop, buyer) == 500
    counter.close()
