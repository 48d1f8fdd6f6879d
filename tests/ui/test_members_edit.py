"""Correcting a member's phone or name on the members screen (F10): a manager or the owner at once, a cashier
with a manager's PIN; a refusal is said in the dialog, which keeps what was typed, and nothing is written."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Member
from terminal.services import staff
from terminal.services.cashiers import Actor
from tests.helpers.store import CASHIER, MANAGER, OWNER, member
from tests.ui.test_members_support import app_context, approval_ready, press, settle, shown, type_text
from ui.context import AppContext
from ui.qt import core, widgets
from ui.screens.members import MembersScreen

pytestmark = pytest.mark.gui
Key = core.Qt.Key
OLD, NEW = "13800138000", "13911112222"
Stored = tuple[int, list[tuple[str, str, str | None]]]


@pytest.fixture
def ctx(till: Till) -> Iterator[AppContext]:
    context = app_context(till, None, MANAGER)
    yield context
    context.tasks.shutdown()


@pytest.fixture
def member_id(ctx: AppContext) -> str:
    return member(ctx.till, OLD, "韩梅梅")


def open_member(qtbot: QtBot, ctx: AppContext) -> MembersScreen:
    screen = MembersScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    qtbot.waitUntil(screen.lookup.hasFocus)
    look_up(qtbot, ctx, screen, OLD)
    assert screen.page is not None
    return screen


def look_up(qtbot: QtBot, ctx: AppContext, screen: MembersScreen, phone: str) -> None:
    screen.lookup.setFocus()
    screen.lookup.selectAll()
    type_text(qtbot, phone, screen.lookup)
    press(qtbot, Key.Key_Return, screen.lookup)
    settle(qtbot, ctx)


def open_edit(qtbot: QtBot, screen: MembersScreen) -> None:
    press(qtbot, Key.Key_F10)
    qtbot.waitUntil(screen.edit_dialog.phone.hasFocus)


def stored(ctx: AppContext) -> Stored:
    with ctx.till.reading() as uow:
        session = uow.session
        entries = int(session.scalar(select(func.count(JournalEntry.seq))) or 0)
        members = [tuple(row) for row in session.execute(select(Member.id, Member.phone, Member.name))]
    return entries, members  # type: ignore[return-value]


def edits(ctx: AppContext) -> list[tuple[str | None, str | None, dict[str, object]]]:
    with ctx.till.reading() as uow:
        rows = uow.session.execute(select(JournalEntry.actor, JournalEntry.approver, JournalEntry.payload)
                                   .where(JournalEntry.kind == "member_edit")).all()
    return [(actor, approver, json.loads(payload)) for actor, approver, payload in rows]


def test_a_manager_corrects_the_phone_from_the_keyboard(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    screen = open_member(qtbot, ctx)
    assert screen.edit_button.isVisible() and screen.edit_button.text() == "Edit details  F10"
    open_edit(qtbot, screen)
    dialog = screen.edit_dialog
    assert (dialog.phone.text(), dialog.name.text()) == ("", "韩梅梅")
    assert dialog.phone.placeholderText() == "New mobile number (leave empty to keep 138****8000)"
    type_text(qtbot, NEW)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)

    assert not dialog.isVisible() and not screen.edit_approval.isVisible()
    assert edits(ctx) == [("max", "max", {"member_id": member_id, "phone": NEW})]
    assert screen.info.text() == "Details changed: 韩梅梅  ·  139****2222."
    assert screen.panel.who.text() == f"韩梅梅  ·  139****2222  ·  {member_id}"
    latest = screen.panel.history.item(0, 1)
    assert latest is not None and latest.text() == "Details changed"
    qtbot.waitUntil(screen.lookup.hasFocus)

    look_up(qtbot, ctx, screen, OLD)
    assert screen.problem.text().startswith(f"no member '{OLD}'")
    look_up(qtbot, ctx, screen, NEW)
    assert screen.page is not None and screen.page.view.id == member_id and screen.problem.text() == ""


@pytest.mark.parametrize("who", [CASHIER, MANAGER])
def test_the_dialog_never_holds_the_full_phone(qtbot: QtBot, ctx: AppContext, member_id: str, who: Actor) -> None:
    ctx.cashier = who
    screen = open_member(qtbot, ctx)
    open_edit(qtbot, screen)
    dialog = screen.edit_dialog
    shown_text = [dialog.title.text(), dialog.message.text()]
    for field in dialog.findChildren(widgets.QLineEdit):
        shown_text += [field.text(), field.placeholderText()]
    assert not [text for text in shown_text if re.search(r"[0-9]{11}", text)]
    assert "138****8000" in dialog.phone.placeholderText()
    press(qtbot, Key.Key_Escape)
    assert not dialog.isVisible() and edits(ctx) == []


def test_a_phone_left_empty_keeps_it(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    screen = open_member(qtbot, ctx)
    open_edit(qtbot, screen)
    screen.edit_dialog.name.setText("韩梅")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert edits(ctx) == [("max", "max", {"member_id": member_id, "name": "韩梅"})]
    assert stored(ctx)[1] == [(member_id, OLD, "韩梅")]


def test_an_empty_name_clears_it(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    screen = open_member(qtbot, ctx)
    open_edit(qtbot, screen)
    press(qtbot, Key.Key_Tab)
    assert screen.edit_dialog.name.hasFocus()
    screen.edit_dialog.name.selectAll()
    press(qtbot, Key.Key_Delete)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert edits(ctx) == [("max", "max", {"member_id": member_id, "name": None})]
    assert screen.panel.who.text() == f"(no name)  ·  138****8000  ·  {member_id}"


def test_a_cashier_needs_a_managers_pin_and_a_wrong_one_writes_nothing(qtbot: QtBot, ctx: AppContext,
                                                                      member_id: str) -> None:
    ctx.cashier = CASHIER
    screen = open_member(qtbot, ctx)
    open_edit(qtbot, screen)
    press(qtbot, Key.Key_Tab)
    screen.edit_dialog.name.selectAll()
    type_text(qtbot, "韩梅")
    press(qtbot, Key.Key_Return)
    approval = screen.edit_approval
    approval_ready(qtbot, approval)
    assert approval.reason.text() == "Editing a member's details needs a manager's or the owner's PIN."
    before = stored(ctx)
    press(qtbot, Key.Key_Down)
    assert approval.who.currentData() == "max"
    type_text(qtbot, "1234")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert approval.isVisible() and approval.message.text().startswith("wrong PIN for max")
    assert stored(ctx) == before

    press(qtbot, Key.Key_Escape)  # the PIN not given: the dialog is still there with what was typed
    assert not approval.isVisible() and screen.edit_dialog.isVisible()
    assert screen.edit_dialog.name.text() == "韩梅" and stored(ctx) == before

    press(qtbot, Key.Key_Return, screen.edit_dialog.name)
    approval_ready(qtbot, approval)
    type_text(qtbot, "2222")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert not screen.edit_dialog.isVisible()
    assert edits(ctx) == [("amy", "max", {"member_id": member_id, "name": "韩梅"})]
    assert screen.panel.who.text() == f"韩梅  ·  138****8000  ·  {member_id}"


@pytest.mark.parametrize(("phone", "name", "said", "field"), [
    (NEW, "韩梅梅", "139****2222 is already another member's phone", "phone"),
    ("1391111222", "韩梅梅", "'1391111222' is not a mobile number (11 digits, starting with 13 to 19)", "phone"),
    (OLD, "a\u0007b", "a name is 1 to 32 visible characters", "name"),
    (OLD, "韩梅梅", "Nothing was changed: correct the mobile number or the name, or press Esc.", "phone"),
    ("", "韩梅梅", "Nothing was changed: correct the mobile number or the name, or press Esc.", "phone"),
])
def test_a_refusal_keeps_the_dialog_and_writes_nothing(qtbot: QtBot, ctx: AppContext, member_id: str, phone: str,
                                                       name: str, said: str, field: str) -> None:
    member(ctx.till, NEW)
    ctx.cashier = OWNER
    screen = open_member(qtbot, ctx)
    before = stored(ctx)
    open_edit(qtbot, screen)
    dialog = screen.edit_dialog
    dialog.phone.setText(phone)
    dialog.name.setText(name)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert dialog.isVisible() and dialog.message.text() == said
    assert (dialog.phone.text(), dialog.name.text()) == (phone, name)
    assert getattr(dialog, field).hasFocus()
    assert stored(ctx) == before


def test_an_approver_deactivated_meanwhile_is_said_in_the_dialog(qtbot: QtBot, ctx: AppContext,
                                                                  member_id: str) -> None:
    ctx.cashier = CASHIER
    screen = open_member(qtbot, ctx)
    open_edit(qtbot, screen)
    type_text(qtbot, NEW)
    press(qtbot, Key.Key_Return)
    approval = screen.edit_approval
    approval_ready(qtbot, approval)
    press(qtbot, Key.Key_Down)
    before = stored(ctx)
    # the owner deactivates max at another till just after his PIN was checked, before the edit is stored
    approval.approved.connect(lambda _: ctx.tasks.db(
        lambda: staff.set_active(ctx.till.uow(), ctx.till.shop, OWNER, MANAGER.name, False)))
    type_text(qtbot, "2222")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    dialog = screen.edit_dialog
    assert dialog.isVisible() and dialog.phone.text() == NEW
    assert dialog.message.text() == ("max has been deactivated and can no longer approve: nothing was recorded. "
                                     "Ask another manager to approve")
    assert stored(ctx)[1] == before[1] and edits(ctx) == []


def test_one_deactivated_since_logging_in_is_logged_out(qtbot: QtBot, ctx: AppContext, member_id: str) -> None:
    screen = open_member(qtbot, ctx)
    open_edit(qtbot, screen)
    type_text(qtbot, NEW)
    staff.set_active(ctx.till.uow(), ctx.till.shop, OWNER, MANAGER.name, False)
    before = stored(ctx)
    with qtbot.waitSignal(ctx.bus.session_ended) as ended:
        press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert ended.args == ["max has been deactivated and can no longer edit members: nothing was recorded. Log in as "
                          "someone else to do it"]
    assert not screen.edit_dialog.isVisible() and stored(ctx) == before


def test_in_chinese_at_1024_by_768(qtbot: QtBot, ctx: AppContext, member_id: str, chinese: None,
                                   tmp_path: Path) -> None:
    member(ctx.till, NEW)
    screen = MembersScreen(ctx)
    shown(qtbot, screen)
    screen.resize(1024, 768)
    screen.entered()
    look_up(qtbot, ctx, screen, OLD)
    assert screen.edit_button.text() == "修改资料  F10"
    open_edit(qtbot, screen)
    dialog = screen.edit_dialog
    assert dialog.windowTitle() == "修改会员资料"
    assert dialog.phone.placeholderText() == "新手机号（不改请留空，现为 138****8000）"
    type_text(qtbot, NEW)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert dialog.message.text() == "139****2222 已是其他会员的手机号"
    assert dialog.width() <= 1024 and dialog.height() <= 768
    assert all(label.width() >= label.minimumSizeHint().width() for label in dialog.findChildren(widgets.QLabel)
               if not label.wordWrap())
    dialog.grab().save(str(tmp_path / "edit.png"))
    screen.grab().save(str(tmp_path / "screen.png"))
    print(tmp_path)
