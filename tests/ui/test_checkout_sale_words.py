"""The message after a sale: a referred member's first sale says the referral bonus it paid (as Shift+F7 says it),
and its sentences join as the language writes them: in Chinese after 。 with nothing between, in English with a space."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import balance, member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, open_counter
from tests.ui.test_checkout_card_after_paid import pay_cash, scan_card

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE, REFERRER_PHONE = "13800138001", "13900139000"


@pytest.mark.parametrize(("language", "words"), [
    ("english", "Sale {sale} recorded: ￥100.00 by cash. Earned 50 points, balance 650. "
                "Referral bonus: 100 points each to the member and their referrer. "
                "Type an amount or scan to start the next sale."),
    ("chinese", "销售单 {sale} 已记账：现金收款 ￥100.00。获得 50 积分，余额 650。推荐奖励：会员与推荐人各 100 积分。"
                "输入金额或扫码，开始下一单。")])
def test_a_referred_members_first_sale_says_the_referral_bonus(qtbot: QtBot, shop: Till, language: str, words: str,
                                                               request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    referrer = member(shop, REFERRER_PHONE)
    buyer = member(shop, PHONE, referrer=REFERRER_PHONE)  # 500 signup points; the first sale pays 100 to each
    counter = open_counter(qtbot, shop)
    scan_card(counter, qtbot, buyer)
    sale = pay_cash(counter, qtbot, "100")
    assert counter.screen.message.text() == words.format(sale=sale)
    assert balance(shop, buyer) == 650 and balance(shop, referrer) == 600
    counter.close()


@pytest.mark.parametrize(("language", "words"), [
    ("english", "Sale {sale} recorded: ￥100.00 by cash. Earned 50 points, balance 700. "
                "Type an amount or scan to start the next sale."),
    ("chinese", "销售单 {sale} 已记账：现金收款 ￥100.00。获得 50 积分，余额 700。输入金额或扫码，开始下一单。")])
def test_a_later_sale_says_no_referral_bonus_and_joins_sentences_as_the_language_does(
        qtbot: QtBot, shop: Till, language: str, words: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    member(shop, REFERRER_PHONE)
    buyer = member(shop, PHONE, referrer=REFERRER_PHONE)
    counter = open_counter(qtbot, shop)
    scan_card(counter, qtbot, buyer)
    pay_cash(counter, qtbot, "100")
    counter.press(Key.Key_Escape)  # the next sale, the same member again
    scan_card(counter, qtbot, buyer)
    sale = pay_cash(counter, qtbot, "100")
    assert counter.screen.message.text() == words.format(sale=sale)
    counter.close()


@pytest.mark.parametrize(("language", "words"), [
    ("english", "Added ￥5.00. The sale changed, so payment was not taken: check the total, then F9 (cash) or F10 (card)."),
    ("chinese", "已添加 ￥5.00。本单已有变动，未收款：请核对金额，再按 F9（现金）或 F10（刷卡）。")])
def test_a_message_said_on_top_of_another_joins_as_the_language_does(
        qtbot: QtBot, shop: Till, language: str, words: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    counter = open_counter(qtbot, shop)
    counter.type("10")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)  # asking for cash
    counter.screen.add_line("general", "5")  # a line added while asking: the sale changed
    assert counter.screen.message.text() == words
    counter.close()


@pytest.mark.parametrize(("language", "words"), [
    ("english", "Add a line first: type the amount and press Enter. '1000000.01' is more than ¥1,000,000.00 for one line — "
                "correct the amount and press Enter."),
    ("chinese", "请先添加商品：输入金额后按 Enter。“1000000.01”超过单行上限 ￥1,000,000.00——请改正金额后按 Enter。")])
def test_paying_with_a_refused_amount_typed_joins_both_as_the_language_does(
        qtbot: QtBot, shop: Till, language: str, words: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    counter = open_counter(qtbot, shop)
    counter.type("1000000.01")
    counter.press(Key.Key_F9)  # the amount is not added: nothing to pay for
    assert counter.screen.message.text() == words
    counter.close()
