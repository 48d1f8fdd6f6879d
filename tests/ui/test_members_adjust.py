"""Adjusting a member's points on the members screen, with a manager's PIN on the approval dialog."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry
from terminal.services.adjust import adjust_points
from terminal.services.cashiers import add_cashier
from terminal.services.refunds import record_refund
from terminal.services.staff import change_role
from tests.helpers.store import CASHIER, MANAGER, OWNER, balance, member, sell
from tests.ui.test_members_support import app_context, press, settle, shown, type_text
from ui.context import AppContext
from ui.qt import core
from ui.screens.members import MembersScreen

pytestmark = pytest.mark.gui
Key = core.Qt.Key


@pytest.fixture
def ctx(till: Till) -> Iterator[AppContext]:
    context = app_context(till, None, CASHIER)
    yield context
    context.tasks.shutdown()


@pytest.fixture
def member_id(ctx: AppContext) -> str:
    return member(ctx.till, "13800138000", "韩梅梅")


def open_screen(qtbot: QtBot, ctx: AppContext) -> MembersScreen:
    screen = MembersScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    qtbot.waitUntil(screen.lookup.hasFocus)
    type_text(qtbot, "13800138000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert screen.page is not None
    return screen


def ask_to_adjust(qtbot: QtBot, ctx: AppContext, screen: MembersScreen, points: str, reason: str) -> None:
    press(qtbot, Key.Key_F9)
    assert screen.adjust_form.points.hasFocus()
    type_text(qtbot, points)
    press(qtbot, Key.Key_Return)
    type_text(qtbot, reason)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)


def adjustments(ctx: AppContext) -> list[tuple[str | None, str | None, int]]:
    with ctx.till.reading() as uow:
        rows = uow.session.execute(select(JournalEntry.actor, JournalEntry.approver, JournalEntry.points_delta)
                                   .where(JournalEntry.kind == "adjust")).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_cashier_adjusts_with_the_managers_pin(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, "200", "商品退回无小票")
    dialog = screen.approval
    assert dialog.isVisible() and dialog.pin.hasFocus()
    assert dialog.reason.text() == "Adjusting points (+200) needs a manager's or the owner's PIN."
    assert [dialog.who.itemText(i) for i in range(dialog.who.count())] == ["boss · owner", "max · manager"]
    press(qtbot, Key.Key_Down)  # from the PIN field, ↓ chooses the next approver
    assert dialog.who.currentData() == "max"
    type_text(qtbot, "2222")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)

    assert not dialog.isVisible()
    assert adjustments(ctx) == [("amy", "max", 200)]
    assert balance(ctx.till, member_id) == 700
    assert screen.info.text() == "Adjusted by +200 points. Balance now 700."
    assert screen.pages.currentWidget() is screen.panel
    assert screen.panel.history.item(0, 1).text() == "Adjusted: 商品退回无小票"


def test_a_wrong_approver_pin_changes_nothing_and_esc_backs_out(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, "-50", "goodwill")
    dialog = screen.approval
    type_text(qtbot, "1234")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert dialog.isVisible() and dialog.pin.hasFocus() and dialog.pin.text() == ""
    assert dialog.message.text() == "wrong PIN for boss (4 tries left)\nType the PIN again, or press Esc to cancel."
    press(qtbot, Key.Key_Escape)
    assert not dialog.isVisible()
    assert adjustments(ctx) == [] and balance(ctx.till, member_id) == 500
    assert screen.pages.currentWidget() is screen.adjust_form


def test_only_managers_and_owners_are_offered_to_approve(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    add_cashier(ctx.till.uow(), ctx.till.shop, OWNER, "bob", "cashier", "3333")
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, "100", "goodwill")
    dialog = screen.approval
    assert [dialog.who.itemText(i) for i in range(dialog.who.count())] == ["boss · owner", "max · manager"]


def test_one_no_longer_a_manager_cannot_approve(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, "100", "goodwill")
    dialog = screen.approval
    change_role(ctx.till.uow(), ctx.till.shop, OWNER, "max", "cashier")  # after the list was shown
    press(qtbot, Key.Key_Down, dialog.pin)
    assert dialog.who.currentText() == "max · manager"
    type_text(qtbot, "2222", dialog.pin)
    press(qtbot, Key.Key_Return, dialog.pin)
    settle(qtbot, ctx)
    assert dialog.isVisible()
    assert dialog.message.text() == "max is a cashier and cannot approve. A manager or the owner must type their PIN."
    assert adjustments(ctx) == []


def test_a_manager_adjusts_without_the_dialog(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    ctx.cashier = MANAGER
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, "-100", "wrong points given")
    assert not screen.approval.isVisible()
    assert adjustments(ctx) == [("max", "max", -100)]
    assert balance(ctx.till, member_id) == 400


@pytest.mark.parametrize(("points", "reason", "said"), [
    ("abc", "x", "Write the points as a whole number other than 0"),
    ("0", "x", "Write the points as a whole number other than 0"),
    ("100", " ", "Say why, in 1 to 200 characters"),
])
def test_bad_points_or_no_reason_are_caught_before_approval(qtbot: QtBot, ctx: AppContext, member_id: str,
                                                            points: str, reason: str, said: str) -> None:
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, points, reason)
    assert said in screen.problem.text()
    assert not screen.approval.isVisible()


def test_taking_more_than_the_balance_is_refused_before_a_manager_is_asked(qtbot: QtBot, ctx: AppContext,
                                                                           member_id: str) -> None:
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, "-600", "mistake")
    assert screen.problem.text() == "This member has 500 points, so 600 cannot be taken away."
    assert not screen.approval.isVisible()
    assert screen.adjust_form.points.hasFocus() and adjustments(ctx) == []


def test_a_member_in_debt_has_nothing_taken_away_and_no_manager_is_asked(qtbot: QtBot, ctx: AppContext,
                                                                         member_id: str) -> None:
    big = sell(ctx.till, member_id, ("general", 200_000))  # 1,000 points earned
    sell(ctx.till, member_id, ("general", 15_000), redeem=1_500)
    record_refund(ctx.till.uow(), ctx.till.shop, OWNER, big.sale_id, [1])  # the 1,000 taken back: owed
    owed = -balance(ctx.till, member_id)
    assert owed > 0
    screen = open_screen(qtbot, ctx)
    ask_to_adjust(qtbot, ctx, screen, "-1", "mistake")
    assert screen.problem.text() == (f"This member owes {owed:,} points, so none can be taken away. Adding points "
                                     "pays the debt off first.")
    assert not screen.approval.isVisible() and adjustments(ctx) == []

    ask_to_adjust(qtbot, ctx, screen, "50", "goodwill")  # adding points pays the debt off: a manager is asked
    assert screen.approval.isVisible() and screen.problem.text() == ""


def test_points_spent_meanwhile_are_counted_before_a_manager_is_asked(qtbot: QtBot, ctx: AppContext,
                                                                     member_id: str) -> None:
    screen = open_screen(qtbot, ctx)  # shows 500 points
    adjust_points(ctx.till.uow(), ctx.till.shop, OWNER, member_id, -400, "at the other till")  # meanwhile
    ask_to_adjust(qtbot, ctx, screen, "-300", "mistake")
    assert screen.problem.text() == "This member has 100 points, so 300 cannot be taken away."
    assert not screen.approval.isVisible() and adjustments(ctx) == [("boss", "boss", -400)]
