"""What the cashier types, pastes or scans, and what members are called, is shown back as text: never
as HTML, shortened in messages (a long paste cannot stretch the window), and the points field and the
member's points say what the sale really uses."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Counter,
    Key,
    join_by_phone,
    open_counter,
)
from ui.qt import core, widgets

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"
HTML_NAME = "<b>bold</b><img src=x>"



def paste(counter: Counter, text: str) -> None:
    clipboard = widgets.QApplication.clipboard()
    assert clipboard is not None
    clipboard.setText(text)
    counter.press(Key.Key_V, core.Qt.KeyboardModifier.ControlModifier)


def test_a_long_paste_is_cut_to_the_fields_size_and_said_back_short(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen, window = counter.screen, counter.window
    width = window.width()

    paste(counter, "9" * 1000)
    counter.press(Key.Key_Return)
    assert screen.draft.lines == [] and "more than ¥1,000,000" in screen.message.text()
    assert len(screen.lines.amount.text()) < 20 and len(screen.message.text()) < 150

    counter.press(Key.Key_F7)
    paste(counter, "1" * 1000)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: "not a mobile number" in screen.message.text())
    assert "'11111111111111111111…'" in screen.message.text() and len(screen.message.text()) < 200

    screen.lines.amount.clear()
    join_by_phone(counter, qtbot, PHONE)
    counter.type("5")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)
    paste(counter, "x" * 1000)
    counter.press(Key.Key_Return)
    assert screen.draft.redeem_points == 0 and "not a number of points" in screen.message.text()
    assert len(screen.message.text()) < 150

    counter.idle()
    assert window.width() == width and window.minimumSizeHint().width() <= width
    counter.close()


def test_a_long_code_scanned_is_said_back_short(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan("m" + "z" * 300)
    qtbot.waitUntil(lambda: "no member" in screen.message.text())
    assert "'mzzzzzzzzzzzzzzzzzzz…'" in screen.message.text() and len(screen.message.text()) < 200
    counter.close()


def test_a_members_name_is_shown_as_typed_never_as_html(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE, HTML_NAME)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.press(Key.Key_F7)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.pending is not None)
    question = screen.member.question
    assert HTML_NAME in question.text() and question.textFormat() == core.Qt.TextFormat.PlainText
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    card = screen.member.card
    assert card.text().startswith(HTML_NAME) and card.textFormat() == core.Qt.TextFormat.PlainText
    assert all(label.textFormat() == core.Qt.TextFormat.PlainText for label in screen.findChildren(widgets.QLabel))
    counter.close()


def test_points_refused_leave_the_field_showing_what_the_sale_uses(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)  # 500 points for signing up
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    join_by_phone(counter, qtbot, PHONE)
    counter.type("4")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)
    counter.type("300")
    counter.press(Key.Key_Return)
    assert screen.draft.redeem_points == 300
    counter.press(Key.Key_F8)
    counter.type("600")
    counter.press(Key.Key_Return)
    assert screen.draft.redeem_points == 300 and screen.pay.redeem.text() == "300"
    assert "This sale still uses 300 points." in screen.message.text()
    counter.type("abc")
    counter.press(Key.Key_Return)
    assert screen.pay.redeem.text() == "300" and screen.pay.redeem.selectedText() == "300"
    counter.close()


def test_after_the_sale_the_points_the_member_could_spend_before_it_are_gone(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    join_by_phone(counter, qtbot, PHONE)
    counter.type("5")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F8)
    counter.type("300")
    counter.press(Key.Key_Return)
    assert "Available: 500 points" in screen.pay.available.text()
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    assert screen.member.details.text() == "Balance now 201 points"
    assert screen.pay.available.text() == "" and not screen.pay.redeem.isEnabled()
    counter.close()
