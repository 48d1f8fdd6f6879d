"""The shift screen: open and close a shift with its totals; close the day, write the Z record and
print the Z report on a real (fake TCP) printer."""

import sqlite3
from contextlib import closing

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.db import read_only_uri
from terminal.lang import prefers_chinese, say
from terminal.models import JournalEntry, Shift, ZRecord
from terminal.services.reports import z_record
from terminal.services.shifts import open_shift
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import CASHIER, OWNER, member, move_clock, sell
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language)
from tests.ui.test_members_support import (
    approval_ready,
    press,
    settle,
    shown,
    type_text,
)
from ui.context import AppContext
from ui.qt import core
from ui.screens.shift import ShiftScreen

pytestmark = pytest.mark.gui
Key = core.Qt.Key


def open_screen(qtbot: QtBot, ctx: AppContext) -> ShiftScreen:
    screen = ShiftScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    settle(qtbot, ctx)
    return screen


def z_numbers(ctx: AppContext) -> list[int]:
    with ctx.till.reading() as uow:
        return list(uow.session.scalars(select(ZRecord.number)))


def test_open_sell_and_close_a_shift_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    screen = open_screen(qtbot, ctx)
    assert screen.status.text() == "Your shift is not open. Press F7 to open it."
    qtbot.waitUntil(screen.open_button.hasFocus)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.status.text() == "Your shift has been open since 10:00." and screen.info.text() == "Shift opened."
    with ctx.till.reading() as uow:
        assert uow.session.scalars(select(Shift.cashier).where(Shift.closed_seq.is_(None))).all() == ["amy"]

    sell(ctx.till, member(ctx.till), ("general", 19999))
    sell(ctx.till, None, ("general", 5000), pay="card")
    screen.entered()
    settle(qtbot, ctx)
    assert screen.heading.text() == "So far this shift, from 10:00:"
    assert (screen.totals.text("sales"), screen.totals.text("gross_fen")) == ("2", "￥249.99")
    qtbot.waitUntil(screen.close_button.hasFocus)

    press(qtbot, Key.Key_F8)
    assert screen.confirm_box.isVisible() and screen.yes_button.hasFocus()
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    with ctx.till.reading() as uow:
        closed = uow.session.execute(select(JournalEntry.actor).where(JournalEntry.kind == "shift_close")).scalars()
        assert list(closed) == ["amy"]
    assert screen.heading.text() == "Your shift's totals, 10:00 to 10:00:"
    assert screen.totals.text("cash_fen") == "￥199.99" and screen.totals.text("card_fen") == "￥50.00"
    assert screen.totals.text("drawer_cash_fen") == "￥199.99"
    assert screen.totals.text("new_members") == "1" and screen.totals.text("points_earned") == "99"
    assert screen.info.text() == "Shift closed. Count the drawer against the cash below."
    assert screen.status.text() == "Your shift is not open. Press F7 to open it."
    assert screen.open_button.hasFocus()


def test_esc_backs_out_of_closing(qtbot: QtBot, ctx: AppContext) -> None:
    open_shift(ctx.till.uow(), ctx.till.shop, CASHIER)
    screen = open_screen(qtbot, ctx)
    press(qtbot, Key.Key_F8)
    assert screen.confirm_box.isVisible()
    press(qtbot, Key.Key_Escape)
    assert not screen.confirm_box.isVisible() and screen.close_button.hasFocus()
    press(qtbot, Key.Key_F9)
    press(qtbot, Key.Key_Escape)
    settle(qtbot, ctx)
    assert not screen.approval.isVisible() and z_numbers(ctx) == []
    with ctx.till.reading() as uow:
        assert uow.session.scalar(select(Shift.closed_seq)) is None


def test_a_cashier_closes_the_day_with_the_managers_pin_and_the_z_report_prints(
        qtbot: QtBot, ctx: AppContext, printer: FakePrinter) -> None:
    open_shift(ctx.till.uow(), ctx.till.shop, CASHIER)
    sell(ctx.till, None, ("general", 10000))
    screen = open_screen(qtbot, ctx)
    press(qtbot, Key.Key_F9)
    assert "This cannot be undone." in screen.question.text()
    assert "Shifts still open: amy." in screen.question.text()
    press(qtbot, Key.Key_Return)
    dialog = screen.approval
    approval_ready(qtbot, dialog)
    assert dialog.reason.text() == "Closing the day needs a manager's or the owner's PIN."
    press(qtbot, Key.Key_Down)
    type_text(qtbot, "2222")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)

    assert z_numbers(ctx) == [1]
    z = z_record(ctx.till.reading(), 1)
    assert z["sales"] == 1 and z["gross_fen"] == 10000
    with ctx.till.reading() as uow:
        who = uow.session.execute(select(JournalEntry.actor, JournalEntry.approver)
                                  .where(JournalEntry.kind == "z_close")).one()
    assert tuple(who) == ("amy", "max")
    assert screen.heading.text() == (f"Z1 · 2026-03-01 · entries 1 to {z['to_seq']}\n"
                                     "Entries written from 2026-03-01 10:00 to 2026-03-01 10:00")
    assert screen.totals.text("gross_fen") == "￥100.00" and screen.totals.text("liability_points") == "0"
    assert screen.info.text() == "Day closed: Z1 is written and its report printed."
    assert printer.printout().find("Z1 ")


def test_an_owner_closes_the_day_without_approval_and_twice_in_a_row_is_refused(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.cashier = OWNER
    sell(ctx.till, None, ("general", 10000))
    screen = open_screen(qtbot, ctx)
    press(qtbot, Key.Key_F9)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert not screen.approval.isVisible() and z_numbers(ctx) == [1]

    press(qtbot, Key.Key_F9)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert z_numbers(ctx) == [1]
    assert screen.problem.text() == "nothing has happened since Z1"


def test_a_wrong_pin_closes_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    sell(ctx.till, None, ("general", 10000))
    screen = open_screen(qtbot, ctx)
    press(qtbot, Key.Key_F9)
    press(qtbot, Key.Key_Return)
    approval_ready(qtbot, screen.approval)
    type_text(qtbot, "1111")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.approval.message.text().startswith("wrong PIN for boss")
    assert z_numbers(ctx) == []


@pytest.mark.usefixtures("language")
def test_printer_offline_the_z_stands_and_f10_prints_it_when_back(qtbot: QtBot, ctx: AppContext,
                                                                 printer: FakePrinter) -> None:
    ctx.cashier = OWNER
    sell(ctx.till, None, ("general", 10000))
    printer.refuse()
    screen = open_screen(qtbot, ctx)
    press(qtbot, Key.Key_F9)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert z_numbers(ctx) == [1]
    refused = f"{printer.url}: Connection refused"
    if prefers_chinese():  # what happened, and the key to press: once each
        assert screen.problem.text() == "Z 记录已生成，但报表没有打印出来：连接不上打印机（未开机或未连接？）。按 F10 重印。"
    else:
        assert screen.problem.text() == ("The Z record is written, but its report did not print: printer not reachable "
                                         f"(switched off or unplugged?) ({refused}). Press F10 to print it again.")
    assert refused in screen.problem.toolTip()  # the device's words, for whoever looks into it
    assert screen.reprint_button.isVisible()

    printer.accept()
    press(qtbot, Key.Key_F10)
    settle(qtbot, ctx)
    assert screen.info.text() == say("Day closed: Z1 is written and its report printed.", "已日结：Z1 已生成，报表已打印。")
    assert screen.problem.text() == "" and not screen.problem.toolTip() and printer.printout().find("Z1 ")


def test_the_shift_counts_gift_top_ups_in_the_drawer(qtbot: QtBot, ctx: AppContext) -> None:
    from terminal.mall.catalog import ItemSpec
    from terminal.services import mall

    mall.add_item(ctx.till.uow(), ctx.till.shop, OWNER, ItemSpec("TEA", "茶杯", "Tea cup", 300, topup_fen=990), None)
    someone = member(ctx.till)
    open_shift(ctx.till.uow(), ctx.till.shop, CASHIER)
    sell(ctx.till, None, ("general", 10000))
    mall.exchange_gift(ctx.till.uow(), ctx.till.shop, CASHIER, "TEA", someone, "cash")
    screen = open_screen(qtbot, ctx)
    assert screen.totals.text("cash_fen") == "￥100.00" and screen.totals.text("topup_cash_fen") == "￥9.90"
    assert screen.totals.text("topup_card_fen") == "￥0.00"
    assert screen.totals.text("drawer_cash_fen") == "￥109.90"


def test_a_shift_without_the_mall_shows_no_top_up_rows(qtbot: QtBot, ctx: AppContext) -> None:
    open_shift(ctx.till.uow(), ctx.till.shop, CASHIER)
    sell(ctx.till, None, ("general", 10000))
    screen = open_screen(qtbot, ctx)
    assert screen.totals.text("drawer_cash_fen") == "￥100.00" and not screen.totals.values["drawer_cash_fen"].isHidden()
    assert screen.totals.values["topup_cash_fen"].isHidden() and screen.totals.values["topup_card_fen"].isHidden()


def test_a_shift_left_open_overnight_says_the_day_it_was_opened(qtbot: QtBot, ctx: AppContext) -> None:
    move_clock(ctx.till, "2026-03-01 18:05")
    open_shift(ctx.till.uow(), ctx.till.shop, CASHIER)
    move_clock(ctx.till, "2026-03-02 10:00")
    sell(ctx.till, None, ("general", 1000))
    screen = open_screen(qtbot, ctx)
    assert screen.status.text() == "Your shift has been open since 2026-03-01 18:05."
    assert screen.heading.text().startswith("So far this shift, from 2026-03-01 ")


def test_closing_the_day_in_the_app_backs_up_the_day_with_its_z(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.cashier = OWNER
    sell(ctx.till, None, ("general", 10000))
    daily = ctx.till.home.backups / f"jifen-{ctx.till.shop.today().isoformat()}.db"
    ctx.back_up_if_new_day()  # as after the day's first sale
    qtbot.waitUntil(daily.exists, timeout=30_000)
    settle(qtbot, ctx)
    made = daily.stat().st_mtime_ns
    screen = open_screen(qtbot, ctx)
    press(qtbot, Key.Key_F9)
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: z_numbers(ctx) == [1] and not screen.approval.isVisible())
    qtbot.waitUntil(lambda: daily.stat().st_mtime_ns != made, timeout=30_000)
    settle(qtbot, ctx)
    with closing(sqlite3.connect(read_only_uri(daily), uri=True)) as conn:
        assert conn.execute("SELECT number FROM z_records").fetchall() == [(1,)]
