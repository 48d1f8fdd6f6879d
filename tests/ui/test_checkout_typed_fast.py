"""A cashier typing as fast as a scanner (30–45 ms a key) and pressing Enter is taken for a scanner by the
keyboard; what they typed into the amount, points or phone field is no code, so it goes back into the field as
typed, and the message says why Enter did nothing. Nothing is looked up, and no member joins unasked."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, join_by_phone, keys_apart, open_counter

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"
TOO_FAST = "'{}' was typed too fast to tell from a scanner, so its Enter did nothing: it is back in the field — " \
           "check it and press Enter."


def type_fast(counter: Counter, text: str, gap_ms: int) -> None:
    with keys_apart(counter, gap_ms):
        counter.type(text, delay_ms=gap_ms)
        counter.press(Key.Key_Return)
    counter.idle()


@pytest.mark.parametrize("gap_ms", [30, 45])
def test_an_amount_typed_fast_stays_in_its_field_and_enter_then_adds_it(qtbot: QtBot, shop: Till,
                                                                        gap_ms: int) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    type_fast(counter, "1000", gap_ms)
    assert screen.lines.amount.text() == "1000" and screen.draft.lines == []
    assert screen.message.text() == TOO_FAST.format("1000")

    qtbot.wait(100)
    counter.press(Key.Key_Return)
    assert [line.amount_fen for line in screen.draft.lines] == [100_000] and screen.lines.amount.text() == ""
    counter.close()


def test_an_amount_typed_fast_over_a_refused_one_replaces_it_as_typing_did(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("1.234")
    counter.press(Key.Key_Return)  # refused: selected, for typing over
    assert screen.lines.amount.selectedText() == "1.234"
    type_fast(counter, "1000", 30)
    assert screen.lines.amount.text() == "1000" and screen.message.text() == TOO_FAST.format("1000")
    counter.close()


def test_points_typed_fast_stay_in_their_field(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    sell(shop, someone, ("general", 500_000))
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("500")
    counter.press(Key.Key_Return)
    join_by_phone(counter, qtbot, PHONE)
    counter.press(Key.Key_F8)
    type_fast(counter, "1500", 30)
    assert screen.pay.redeem.text() == "1500" and screen.draft.redeem_points == 0
    assert screen.message.text() == TOO_FAST.format("1500")
    counter.close()


def test_a_phone_typed_fast_is_asked_about_only_after_enter_like_any_phone(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.press(Key.Key_F7)
    type_fast(counter, PHONE, 30)
    assert screen.member.phone.text() == PHONE and screen.message.text() == TOO_FAST.format(PHONE)
    assert screen.draft.member is None and screen.member.pending is None

    qtbot.wait(100)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.pending is not None)
    assert screen.draft.member is None
    counter.close()


def test_a_product_barcode_read_into_the_amount_field_is_still_said_to_be_one(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan("6901234567892")
    qtbot.waitUntil(lambda: "product barcode" in screen.message.text())
    assert screen.lines.amount.text() == ""
    counter.close()


def test_in_chinese_the_amount_typed_fast_is_said_in_chinese(qtbot: QtBot, shop: Till, chinese: None) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    type_fast(counter, "1000", 30)
    assert screen.lines.amount.text() == "1000"
    assert screen.message.text() == "“1000”输入太快，无法与扫码枪区分，这次 Enter 未生效：内容已放回输入栏——请核对后再按 Enter。"
    counter.close()
