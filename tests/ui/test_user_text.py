"""What people typed is shown as they typed it: a name like "<b>x</b><img src=x>" is those characters,
never markup; and a thousand characters pasted into a lookup cannot widen the window."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.home import Home
from terminal.mall.catalog import ItemSpec
from terminal.services import mall
from tests.helpers.store import OWNER, member
from tests.ui.test_first_run import fill_store_and_owner, on_page, wizard_for
from tests.ui.test_members_support import press, settle, shown, type_text
from ui.context import AppContext
from ui.qt import core, widgets
from ui.screens.gifts import GiftsScreen
from ui.screens.members import MembersScreen

pytestmark = pytest.mark.gui
Key = core.Qt.Key
MARKUP = "<b>bold</b><img src=x>"
PLAIN = core.Qt.TextFormat.PlainText


def as_typed(label: widgets.QLabel, text: str) -> bool:
    return text in label.text() and label.textFormat() == PLAIN


def members_screen(qtbot: QtBot, ctx: AppContext) -> MembersScreen:
    screen = MembersScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    qtbot.waitUntil(screen.lookup.hasFocus)
    return screen


def test_a_member_named_in_markup_is_shown_as_typed(qtbot: QtBot, ctx: AppContext) -> None:
    screen = members_screen(qtbot, ctx)
    press(qtbot, Key.Key_F7)
    type_text(qtbot, "13800138000")
    press(qtbot, Key.Key_Return)
    type_text(qtbot, MARKUP)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert as_typed(screen.panel.who, MARKUP)

    screen.lookup.setFocus()
    press(qtbot, Key.Key_F9)
    assert as_typed(screen.adjust_form.title, MARKUP)


def test_a_thousand_characters_pasted_into_the_lookup_do_not_widen_the_window(qtbot: QtBot,
                                                                               ctx: AppContext) -> None:
    screen = members_screen(qtbot, ctx)
    width = screen.window().width()
    screen.lookup.insert("1" * 1000)  # as a paste arrives
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    qtbot.wait(50)

    assert len(screen.lookup.text()) == screen.lookup.maxLength() < 1000
    assert "is not a mobile number" in screen.problem.text() and "…" in screen.problem.text()
    assert len(screen.problem.text()) < 200
    assert screen.window().width() == width


def test_a_gift_named_in_markup_is_asked_about_and_reported_as_typed(qtbot: QtBot, ctx: AppContext) -> None:
    member(ctx.till, "13800138000", "韩梅梅")
    mall.add_item(ctx.till.uow(), ctx.till.shop, OWNER, ItemSpec("G1", MARKUP, MARKUP, 100), 5)
    screen = GiftsScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    settle(qtbot, ctx)
    qtbot.waitUntil(screen.member.phone.hasFocus)
    type_text(qtbot, "13800138000")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_Return)
    assert screen.confirm.asking and as_typed(screen.confirm.question, MARKUP)

    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    assert "Exchange " in screen.message.text() and as_typed(screen.message, MARKUP)


def test_the_first_run_summary_shows_a_store_name_in_markup_as_typed(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = wizard_for(qtbot, Home(tmp_path / "store"))
    wizard.store.store.insert(MARKUP)
    wizard.store.store.home(False)  # the store's name is typed in front: 静安店<b>bold</b>…
    fill_store_and_owner(qtbot, wizard)
    for page in (wizard.camera, wizard.ledger, wizard.ready):
        press(qtbot, Key.Key_Return)
        on_page(qtbot, wizard, page)
    assert as_typed(wizard.ready.summary, MARKUP)
    wizard.reject()
