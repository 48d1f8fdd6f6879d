"""Wrong PINs typed in the app's approval box that lock the approver out are journaled with who was logged in
asking: the owner sees in `cashier list` that amy's till locked them out."""

import re

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.services.cashiers import authenticate
from terminal.services.staff import list_staff
from tests.helpers.store import CASHIER, OWNER
from tests.ui.test_members_support import app_context, settle
from ui.screens.settings_staff import StaffPage
from ui.widgets.approval import ApprovalDialog

pytestmark = pytest.mark.gui


def test_an_approver_locked_out_from_the_box_is_journaled_with_who_asked(qtbot: QtBot, till: Till) -> None:
    ctx = app_context(till, None, CASHIER)
    dialog = ApprovalDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.ask("a refund", lambda approver: None)
    qtbot.waitUntil(lambda: dialog.who.findData("max") >= 0)
    dialog.who.setCurrentIndex(dialog.who.findData("max"))
    for _ in range(5):
        dialog.pin.setText("0000")
        dialog.submit()
        settle(qtbot, ctx)
    assert dialog.message.text() == "wrong PIN: max is locked for 5 minutes"
    max_ = next(p for p in list_staff(till.reading(), till.shop) if p.name == "max")
    assert max_.locked_until is not None and max_.lockouts == 1
    assert max_.last_lockout is not None and max_.last_lockout.by == "amy"
    dialog.close()
    ctx.tasks.shutdown()


def test_settings_staff_shows_the_owner_who_locked_whom_out(qtbot: QtBot, till: Till) -> None:
    ctx = app_context(till, None, OWNER)
    for _ in range(5):
        with pytest.raises(Refused):
            authenticate(till.uow(), till.shop, "max", "0000", "amy")
    page = StaffPage(ctx)
    qtbot.addWidget(page)
    page.load()
    qtbot.waitUntil(lambda: page.table.rowCount() == 3)
    row = [page.table.item(r, 0).text() for r in range(3)].index("max")  # type: ignore[union-attr]
    state = page.table.item(row, 2)
    assert state is not None and state.text().startswith("Locked out until ") and state.text().endswith(" · locked out 1×")
    assert re.fullmatch(r"Last locked out \d\d-\d\d \d\d:\d\d, by PINs typed while amy was logged in", state.toolTip())
    ctx.tasks.shutdown()
