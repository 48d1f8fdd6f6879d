"""What a cashier with weak eyes, red-blindness or a screen reader needs at the counter: the big line says a sale is
paid once it is recorded, a refusal is marked by a shape (a bar; the camera's caption a ⚠) and not only by its red, the chosen category is unmistakable
and named in the amount field, every field and table has a name, and money is never cut short."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.errors import Refused
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, member_code, open_counter
from tests.ui.test_members_support import settle, shown
from ui.context import AppContext
from ui.qt import widgets
from ui.screens.checkout import CheckoutScreen
from ui.screens.gifts import GiftsScreen
from ui.screens.login import LoginScreen
from ui.screens.members import MembersScreen
from ui.screens.refunds import RefundsScreen
from ui.screens.shift import ShiftScreen
from ui.widgets.approval import ApprovalDialog

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"


def add(counter: Counter, amount: str) -> None:
    counter.type(amount)
    counter.press(Key.Key_Return)


def left_edge(label: widgets.QLabel) -> str:
    """The colour drawn at the label's left edge, half-way down."""
    image = label.grab().toImage()
    return str(image.pixelColor(2, image.height() // 2).name())


def pay(counter: Counter, qtbot: QtBot, key: Key = Key.Key_F9) -> None:
    counter.press(key)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: counter.screen.finished, timeout=10_000)


def test_the_big_line_says_the_sale_is_paid_until_the_next_sale_starts(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    add(counter, "128")
    assert screen.pay.due.text() == "To pay ￥128.00"
    pay(counter, qtbot)
    assert screen.pay.due.text() == "✓ Paid ￥128.00 · cash"
    add(counter, "10")
    assert screen.pay.due.text() == "To pay ￥10.00"
    counter.close()


def test_a_sale_paid_partly_by_points_shows_the_money_and_the_method(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)  # 500 signup points
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    add(counter, "100")
    counter.press(Key.Key_F8)
    counter.type("300")
    counter.press(Key.Key_Return)
    pay(counter, qtbot, Key.Key_F10)
    assert screen.pay.due.text() == "✓ Paid ￥97.00 · card"
    counter.close()


def test_a_sale_paid_wholly_by_points_says_so(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    add(counter, "2")
    counter.press(Key.Key_F8)
    counter.press(Key.Key_Return)  # the offered points pay it all
    assert screen.pay.due.text() == "To pay ￥0.00"
    pay(counter, qtbot)
    assert screen.pay.due.text() == "✓ Paid with 200 points"
    counter.close()


def test_in_chinese_the_big_line_says_paid(qtbot: QtBot, shop: Till, chinese: None) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    add(counter, "128")
    pay(counter, qtbot)
    assert screen.pay.due.text() == "✓ 已收 ￥128.00 · 现金"
    counter.close()


def test_a_refusal_has_a_thick_bar_beside_its_red_and_routine_words_have_none(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.press(Key.Key_F9)
    assert screen.message.text() == "Add a line first: type the amount and press Enter."
    assert left_edge(screen.message) == "#b00020"
    add(counter, "5")
    assert screen.message.styleSheet() == "" and left_edge(screen.message) != "#b00020"
    counter.close()


def test_the_chosen_category_has_a_tick_a_thick_edge_and_bold_words_and_the_amount_field_names_it(
        qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    lines = counter.screen.lines
    buttons = lines.category_buttons.buttons()

    def chosen() -> list[bool]:
        return [button.shown_text().startswith("✓ ") and button.font().bold() for button in buttons]

    assert chosen() == [True] + [False] * (len(buttons) - 1)
    assert all("QPushButton:checked" in button.styleSheet() and "3px" in button.styleSheet() for button in buttons)
    assert lines.amount.placeholderText() == "Amount — General goods"
    counter.press(Key.Key_Down)
    assert chosen() == [False, True] + [False] * (len(buttons) - 2)
    assert lines.category_label(lines.category) in lines.amount.placeholderText()
    assert lines.category != "general"
    counter.close()


def test_the_amount_field_names_the_category_in_chinese(qtbot: QtBot, shop: Till, chinese: None) -> None:
    counter = open_counter(qtbot, shop)
    assert counter.screen.lines.amount.placeholderText() == "金额 —— 普通商品"
    counter.close()


def test_the_buttons_enter_presses_on_shift_and_members_have_a_thick_focus_edge(qtbot: QtBot, ctx: AppContext) -> None:
    shift, members = ShiftScreen(ctx), MembersScreen(ctx)
    for screen in (shift, members):
        qtbot.addWidget(screen)
    settle(qtbot, ctx)
    for button in (shift.close_button, members.card_button):
        assert "QPushButton:focus" in button.styleSheet() and "3px" in button.styleSheet()


def test_the_focused_shift_button_is_drawn_with_a_thick_blue_edge(qtbot: QtBot, ctx: AppContext) -> None:
    shift = ShiftScreen(ctx)
    shown(qtbot, shift)
    settle(qtbot, ctx)
    button = shift.open_button if shift.open_button.isVisible() else shift.close_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    image = button.grab().toImage()
    assert {image.pixelColor(x, image.height() // 2).name() for x in (0, 1, 2)} == {"#005fb8"}


def test_fields_and_tables_have_names_for_a_screen_reader(qtbot: QtBot, ctx: AppContext) -> None:
    checkout, members, refunds = CheckoutScreen(ctx), MembersScreen(ctx), RefundsScreen(ctx)
    gifts, login, approval = GiftsScreen(ctx), LoginScreen(ctx, lambda actor: None), ApprovalDialog(ctx)
    for widget in (checkout, members, refunds, gifts, login, approval):
        qtbot.addWidget(widget)
    settle(qtbot, ctx)
    named = {
        checkout.lines.amount: "Amount in yuan", checkout.member.phone: "Member's phone or code",
        checkout.pay.redeem: "Points to redeem", checkout.pay.approver_pin: "Approver's PIN",
        checkout.lines.table: "Lines of the sale", members.lookup: "Find a member",
        members.panel.history: "Member's history", refunds.sale_ref: "Sale number to refund",
        refunds.lines: "Lines of the sale to refund", gifts.table: "Gifts to take", login.pin: "PIN",
        login.who: "Your name", approval.pin: "Approver's PIN",
    }
    assert {widget.accessibleName(): name for widget, name in named.items()} == {name: name for name in named.values()}


def test_the_amount_column_shows_the_largest_line_whole(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    table = counter.screen.lines.table
    font = table.font()
    font.setPixelSize(20)  # bigger words, as a cashier may choose: wider than Qt's usual 100-pixel column
    table.setFont(font)
    add(counter, "999999.99")
    assert table.item(0, 1).text() == "￥999,999.99"
    assert table.sizeHintForColumn(1) > 100
    assert table.columnWidth(1) >= table.sizeHintForColumn(1)
    counter.close()


def test_gifts_and_the_camera_mark_a_problem_too(qtbot: QtBot, ctx: AppContext) -> None:
    gifts = GiftsScreen(ctx)
    qtbot.addWidget(gifts)
    settle(qtbot, ctx)
    gifts.say("No such member", True)
    assert gifts.message.text() == "No such member" and left_edge(gifts.message) == "#b00020"
    gifts.say("Member found")
    assert gifts.message.text() == "Member found" and gifts.message.styleSheet() == ""
    camera = gifts.member.camera
    camera._failed(Refused("not_found", "No camera found", "找不到摄像头"))
    assert camera.caption.text() == "⚠ No camera found" and "#b00020" in camera.caption.styleSheet()

