"""The checkout's messages read as one sentence in Chinese: the dash between what is wrong and what to do
is the translation's own ("——", not an English " — "), and money is written as everywhere else."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, member_code, open_counter
from ui.qt import widgets

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"



def test_in_chinese_a_refused_amount_points_or_phone_is_said_with_a_chinese_dash(qtbot: QtBot, shop: Till,
                                                                                chinese: None) -> None:
    someone = member(shop, PHONE)
    sell(shop, someone, ("general", 100_000))  # points to pay with
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("1000000.01")
    counter.press(Key.Key_Return)
    assert screen.message.text() == "“1000000.01”超过单行上限 ￥1,000,000.00——请改正金额后按 Enter。"

    counter.press(Key.Key_Escape)
    counter.press(Key.Key_F7)
    counter.type("13912345678")
    counter.press(Key.Key_Return)
    counter.idle()
    assert screen.message.text().endswith("——请核对号码，或不用会员直接结账。"), screen.message.text()
    assert " — " not in screen.message.text()

    counter.press(Key.Key_Escape)  # the number typed goes
    counter.press(Key.Key_Escape)  # back to the amount
    qtbot.wait(100)  # a person's pause: a scan straight after Esc would be one burst with it
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)
    counter.type("99999999999")
    counter.press(Key.Key_Return)
    refused = "“99999999999”积分太大：最多 1,000,000,000 积分——请修改积分后按 Enter。"
    assert screen.message.text().startswith(refused), screen.message.text()
    counter.close()


def test_in_chinese_a_sale_waiting_for_a_manager_says_that_up_and_down_choose_who_approves(
        qtbot: QtBot, shop: Till, chinese: None) -> None:
    someone = member(shop, PHONE)
    for _ in range(shop.shop.rules.velocity_limit):
        sell(shop, someone, ("general", 1000))
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.pay.approval_box.isVisible())
    shown = [label.text() for label in screen.pay.approval_box.findChildren(widgets.QLabel) if label.isVisible()]
    assert "授权人（↑ ↓ 选择）：" in shown
    first = screen.pay.approver.currentText()
    counter.press(Key.Key_Down)  # in the PIN field: the next manager
    assert screen.pay.approver.currentText() != first
    assert counter.focus() is screen.pay.approver_pin
    counter.close()
