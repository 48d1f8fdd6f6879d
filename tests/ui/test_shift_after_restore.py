"""The shift screen of a till restored from an older backup names the last Z as the till closed it, though the
ledger only holds it (or, the ledger restored since from a backup made before it, none does), and the Z the day's
close will write after it, as `jifen day close` numbers it; F10 says why that Z does not print here. A ledger on
SQLite over TCP, a store restored by the command line, the app's screen."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.models import ZRecord
from tests.helpers.store import OWNER, at
from tests.sync.test_restore_z_words import Restored, restored  # noqa: F401  (the fixture)
from tests.ui.test_members_support import press, settle, shown
from ui.context import AppContext, build_context
from ui.qt import core
from ui.screens.shift import ShiftScreen
from ui.tasks import Tasks

pytestmark = pytest.mark.gui
Key = core.Qt.Key
HELD = ("The last Z, Z2, is held by the ledger only: this store was restored from a backup made before it. The next "
        "Z is Z3.")


@pytest.fixture
def ctx(restored: Restored) -> Iterator[AppContext]:
    """The app on the restored store, its owner logged in (closing the day needs no other PIN)."""
    till = open_till(Home(restored.jifen.home), at("2026-03-02 10:30"))
    context = build_context(till, Tasks())
    context.cashier = OWNER
    yield context
    context.close()


def open_screen(qtbot: QtBot, ctx: AppContext) -> ShiftScreen:
    screen = ShiftScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    settle(qtbot, ctx)
    return screen


def test_the_last_z_the_ledger_holds_is_named_and_the_next_z_follows_it(qtbot: QtBot, ctx: AppContext) -> None:
    screen = open_screen(qtbot, ctx)
    assert not screen.reprint_button.isVisible()  # not "Print Z1 again": Z1, closed before the backup, is not the last
    press(qtbot, Key.Key_F10)
    assert screen.problem.text() == HELD
    assert screen.z_note.isVisible() and screen.z_note.text() == HELD
    press(qtbot, Key.Key_F9)
    assert screen.question.text().startswith("Close the day? Z3, the record of everything since the last Z, is "
                                             "written and its report printed.")
    press(qtbot, Key.Key_Return)
    settle(qtbot, ctx)
    with ctx.till.reading() as uow:
        assert list(uow.session.scalars(select(ZRecord.number).order_by(ZRecord.number))) == [1, 3]
    assert screen.info.text() == "Day closed: Z3 is written."
    assert not screen.z_note.isVisible()
    assert screen.reprint_button.isVisible() and screen.reprint_button.text() == "Print Z3 again  F10"


def test_a_last_z_the_ledger_lost_since_is_named_as_held_nowhere(qtbot: QtBot, ctx: AppContext,
                                                                 restored: Restored) -> None:
    restored.lose()
    screen = open_screen(qtbot, ctx)
    assert screen.z_note.text() == (
        "The last Z, Z2, is held nowhere any more: this store was restored from a backup made before it, and the "
        "ledger since from one made before it took it (jifen journal verify says what to do). The next Z is Z3.")
    press(qtbot, Key.Key_F9)
    assert screen.question.text().startswith("Close the day? Z3,")


@pytest.mark.usefixtures("chinese")
def test_in_chinese(qtbot: QtBot, ctx: AppContext) -> None:
    screen = open_screen(qtbot, ctx)
    assert screen.z_note.text() == "上一个日结 Z2 只在总账中：本店从它之前的备份恢复。下一个日结为 Z3。"
    press(qtbot, Key.Key_F9)
    assert screen.question.text().startswith("现在日结吗？将生成 Z3（自上次日结以来的全部记录）")
