"""Shift+F7 (补积分) when the service wants a manager: a member who has had many earning sales that day (a sale paid
just before midnight and given its member just after it needs none). The checkout asks for a manager's PIN as refunds do (never the
command line's "--approver"), then gives the sale its member with the manager as the approver; Esc gives nothing."""

from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry
from tests.helpers.store import balance, member, move_clock, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from tests.ui.test_checkout_card_after_paid import pay_cash, scan_card
from tests.ui.test_checkout_give_paid_sale import PHONE, give, stored_sale
from ui.screens.checkout import CheckoutScreen
from ui.widgets.approval import ApprovalDialog

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def approvers_of_sale_members(till: Till) -> list[tuple[str | None, str | None]]:
    with till.reading() as uow:
        return [(entry.actor, entry.approver) for entry in
                uow.session.scalars(select(JournalEntry).where(JournalEntry.kind == "sale_member"))]


def busy_member(till: Till) -> str:
    """A member with as many earning sales today as the rules allow without a manager."""
    buyer = member(till, PHONE)
    for _ in range(till.shop.rules.velocity_limit):
        sell(till, buyer, ("general", 1000))
    return buyer


@dataclass
class Asked:
    """A sale of ¥100 paid in cash, the member's card read after it, Shift+F7 pressed: the manager is being asked."""

    counter: Counter
    paid: str
    screen: CheckoutScreen
    dialog: ApprovalDialog


def manager_asked(qtbot: QtBot, shop: Till, buyer: str) -> Asked:
    counter = open_counter(qtbot, shop)
    paid = pay_cash(counter, qtbot, "100")
    scan_card(counter, qtbot, buyer)
    screen = counter.screen
    give(counter)
    qtbot.waitUntil(lambda: screen.give_approval is not None and screen.give_approval.isVisible(), timeout=10_000)
    counter.idle()
    assert screen.give_approval is not None
    return Asked(counter, paid, screen, screen.give_approval)


def test_many_earning_sales_ask_for_a_managers_pin_then_give_the_sale(qtbot: QtBot, shop: Till) -> None:
    buyer = busy_member(shop)
    before = balance(shop, buyer)
    asked = manager_asked(qtbot, shop, buyer)
    counter, paid, screen, dialog = asked.counter, asked.paid, asked.screen, asked.dialog
    assert dialog.reason.text() == ("Member 138****8001 has had many earning sales today at this store: a manager must "
                                    f"approve giving them sale {paid}'s points. Type their PIN and press Enter, or Esc "
                                    "to go back.")
    assert screen.message.text() == f"Sale {paid} has no member yet: waiting for a manager's approval."
    assert "--approver" not in screen.message.text() and stored_sale(shop, paid) == (None, 0)
    assert counter.focus() is dialog.pin

    counter.press(Key.Key_Down)  # the manager, max (after boss)
    counter.type("2222")
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.text().startswith(f"Sale {paid}:"), timeout=10_000)
    assert screen.message.text() == f"Sale {paid}: 50 points to member 138****8001 (balance {before + 50:,})."
    assert stored_sale(shop, paid) == (buyer, 50) and balance(shop, buyer) == before + 50
    assert approvers_of_sale_members(shop) == [("amy", "max")]
    assert screen.finished and not dialog.isVisible()
    counter.close()


def test_esc_gives_nothing_and_says_so(qtbot: QtBot, shop: Till) -> None:
    asked = manager_asked(qtbot, shop, busy_member(shop))
    counter, paid, screen = asked.counter, asked.paid, asked.screen
    counter.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not asked.dialog.isVisible())
    assert screen.message.text() == f"No manager approved: sale {paid} keeps no member and its points were not given."
    assert stored_sale(shop, paid) == (None, 0) and approvers_of_sale_members(shop) == []
    counter.close()


def test_a_sale_paid_before_midnight_is_given_its_member_just_after_it_without_a_manager(qtbot: QtBot,
                                                                                         shop: Till) -> None:
    """A night shop: paid at 23:59:30, the card read at 00:00:30 is a minute late, not an earlier day's business."""
    buyer = member(shop, PHONE)
    move_clock(shop, "2026-11-11 23:59:30")
    counter = open_counter(qtbot, shop)
    paid = pay_cash(counter, qtbot, "100")
    move_clock(shop, "2026-11-12 00:00:30")
    scan_card(counter, qtbot, buyer)
    screen = counter.screen
    give(counter)
    qtbot.waitUntil(lambda: screen.message.text().startswith(f"Sale {paid}:"), timeout=10_000)
    assert screen.give_approval is None
    assert stored_sale(shop, paid) == (buyer, 50) and approvers_of_sale_members(shop) == [("amy", None)]
    counter.close()


def test_in_chinese_the_manager_is_asked_in_chinese(qtbot: QtBot, shop: Till, chinese: None) -> None:
    asked = manager_asked(qtbot, shop, busy_member(shop))
    assert asked.dialog.reason.text() == (f"会员 138****8001 今天在本店已有多笔积分销售：为其补 {asked.paid} 单的积分须店长授权。"
                                          "请店长输入密码后按 Enter，或按 Esc 返回。")
    assert asked.screen.message.text() == f"{asked.paid} 单尚未补积分：等待店长授权。"
    asked.counter.close()
