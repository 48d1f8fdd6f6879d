"""What the cashier was shown is what is recorded: the category a line goes in, an amount typed but
not yet added, the payment question when the sale changes under it, rules saved while a sale is
open, and logging out while a sale is open or being recorded."""

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import Sale, SaleLine
from tests.helpers.store import hire_staff, member, reopen, sell
from tests.helpers.ui_checkout import (
    LOCALE_NOTICE,
    Key,
    join_by_phone,
    open_counter,
)
from ui.screens.settings_rules_file import read_rules_text, save_rules

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"


@pytest.fixture
def shop(till: Till) -> Iterator[Till]:
    """The store as the app opens it: the rules come back from the database, not from rules.toml's order."""
    hire_staff(till)
    reopened = reopen(till)
    yield reopened
    reopened.close()


def recorded(till: Till) -> list[tuple[int, int, int, str]]:
    """(total, paid, earned, categories) of every sale, oldest first."""
    with till.reading() as uow:
        sales = list(uow.session.scalars(select(Sale).order_by(Sale.seq)))
        return [(s.total_fen, s.paid_fen, s.earned_points,
                 ",".join(uow.session.scalars(select(SaleLine.category).where(SaleLine.sale_id == s.id)
                                              .order_by(SaleLine.line_no))))
                for s in sales]


def test_a_line_goes_in_general_goods_and_the_categories_run_from_the_highest_rate(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    buttons = [b.text() for b in screen.lines.category_buttons.buttons()]
    assert buttons == ["General goods", "Digital goods", "Vehicle", "Goods without points"]
    assert [b.text() for b in screen.lines.category_buttons.buttons() if b.isChecked()] == ["General goods"]
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_Down)
    counter.type("20")
    counter.press(Key.Key_Return)
    table = screen.lines.table
    assert [table.model().index(row, 0).data() for row in range(table.rowCount())] == ["General goods", "Digital goods"]
    counter.close()


def test_a_category_saved_in_settings_is_there_for_the_next_sale_without_logging_out(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("10")
    counter.press(Key.Key_Return)
    save_rules(shop, read_rules_text(shop).replace("vehicle = 10 ", "food = 3000\nvehicle = 10 "))
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    buttons = [b.text() for b in screen.lines.category_buttons.buttons()]
    assert buttons == ["General goods", "food", "Digital goods", "Vehicle", "Goods without points"]
    counter.press(Key.Key_Down)
    counter.type("30")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished and len(recorded(shop)) == 2)
    counter.close()
    assert [sale[3] for sale in recorded(shop)] == ["general", "food"]


@pytest.mark.parametrize("pay_key", [Key.Key_F9, Key.Key_F10])
def test_an_amount_typed_but_not_added_is_added_when_payment_is_asked(qtbot: QtBot, shop: Till, pay_key: Key) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.type("50")
    counter.press(pay_key)
    assert "￥150.00" in screen.pay.question.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    assert screen.lines.amount.text() == ""
    counter.type("20")
    counter.press(Key.Key_Return)
    assert [line.amount_fen for line in screen.draft.lines] == [2000]
    counter.close()
    assert [sale[0] for sale in recorded(shop)] == [15000]


def test_a_bad_amount_typed_but_not_added_stops_the_payment_question(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.type("1.999")
    counter.press(Key.Key_F9)
    assert not screen.pay.asking
    assert "correct the amount" in screen.message.text()
    assert [line.amount_fen for line in screen.draft.lines] == [10000]
    counter.close()
    assert recorded(shop) == []


def test_changing_the_sale_closes_the_payment_question_and_confirm_charges_what_it_showed(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    assert screen.pay.asking and "￥100.00" in screen.pay.question.text()
    join_by_phone(counter, qtbot, PHONE)
    assert not screen.pay.asking
    assert "payment was not taken" in screen.message.text()
    counter.type("900")
    counter.press(Key.Key_F10)
    assert "￥1,000.00" in screen.pay.question.text()
    counter.press(Key.Key_F8)
    counter.type("500")
    counter.press(Key.Key_Return)
    assert not screen.pay.asking
    counter.press(Key.Key_Return)  # in the amount field, empty: nothing to add, nothing to confirm
    counter.press(Key.Key_F9)
    assert "￥995.00" in screen.pay.question.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    counter.close()
    assert [(total, paid) for total, paid, _, _ in recorded(shop)] == [(100000, 99500)]


def test_the_same_card_read_again_leaves_the_payment_question_open(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    join_by_phone(counter, qtbot, PHONE)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    screen.identify(PHONE, by_phone=False)  # the camera reads the same member's card again
    counter.idle()
    assert screen.pay.asking and counter.focus() is screen.pay.confirm
    counter.close()


def test_rules_saved_while_a_sale_is_open_leave_it_on_the_points_it_showed(qtbot: QtBot, shop: Till) -> None:
    member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    join_by_phone(counter, qtbot, PHONE)
    counter.type("100")
    counter.press(Key.Key_Return)
    assert screen.pay.earn.text() == "Points earned: 50"
    save_rules(shop, read_rules_text(shop).replace("general = 5000", "general = 10000"))
    screen.entered()  # back from the settings screen
    assert "rules have changed" in screen.message.text()
    assert screen.pay.earn.text() == "Points earned: 50"
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    join_by_phone(counter, qtbot, PHONE)
    counter.type("100")
    counter.press(Key.Key_Return)
    assert screen.pay.earn.text() == "Points earned: 100"
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: len(recorded(shop)) == 2)
    counter.close()
    assert [earned for _, _, earned, _ in recorded(shop)] == [50, 100]


def test_the_points_beside_the_lines_add_up_to_what_the_sale_earns_on_the_money_paid(qtbot: QtBot, shop: Till) -> None:
    sell(shop, member(shop, PHONE), ("general", 100000))  # 1,000 points to pay with, still a regular member
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    table = screen.lines.table
    shown = []
    for amounts, redeem in ((["60", "40"], "500"), (["5"], "500"), (["1.99", "1.99"], "")):
        join_by_phone(counter, qtbot, PHONE)
        for amount in amounts:
            counter.type(amount)
            counter.press(Key.Key_Return)
        if redeem:
            counter.press(Key.Key_F8)
            counter.type(redeem)
            counter.press(Key.Key_Return)
        shown.append(([table.model().index(row, 2).data() for row in range(table.rowCount())], screen.pay.earn.text()))
        counter.press(Key.Key_F9)
        counter.press(Key.Key_Return)
        qtbot.waitUntil(lambda: screen.finished)
    counter.close()
    assert shown == [(["28", "19"], "Points earned: 47"),  # floor(50 · 95/100), not 30 + 20 as if paid in money
                     (["0"], "Points earned: 0"),  # paid with points only
                     (["0", "1"], "Points earned: 1")]  # floor(0.995 + 0.995), floored once per sale
    assert [earned for _, _, earned, _ in recorded(shop)] == [500, 47, 0, 1]


def test_f12_waits_while_the_sale_is_recorded_and_the_receipt_follows(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    disk = threading.Event()
    counter.ctx.tasks.db(lambda: disk.wait(10))  # a slow disk: the sale waits behind this
    counter.press(Key.Key_Return)
    assert screen.busy
    counter.press(Key.Key_F12)
    assert counter.window.current() is screen
    assert screen.message.text() == "Wait a moment: the sale is being recorded."
    disk.set()
    qtbot.waitUntil(lambda: screen.finished)
    assert screen.message.text().startswith("Sale T1-")
    qtbot.waitUntil(lambda: screen.receipt.picture is not None, timeout=10_000)
    counter.press(Key.Key_F12)
    qtbot.waitUntil(lambda: counter.window.current() is None)
    counter.close()
    assert len(recorded(shop)) == 1


def test_f12_with_lines_on_the_sale_says_to_finish_or_clear_it_first(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F12)
    assert counter.window.current() is screen
    assert "before logging out" in screen.message.text()
    assert [line.amount_fen for line in screen.draft.lines] == [10000]
    counter.press(Key.Key_Escape)
    counter.press(Key.Key_Escape)
    counter.press(Key.Key_F12)
    qtbot.waitUntil(lambda: counter.window.current() is None)
    counter.close()
    assert recorded(shop) == []
