"""↑ and ↓ choose the approver from the PIN field, in any approval box built of a name list and a PIN; a box
that goes away before its list of managers arrives drops the list."""

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import CASHIER
from tests.ui.test_members_support import app_context, press, settle, type_text
from ui.qt import core, widgets
from ui.widgets.approval import ApprovalDialog, ArrowsChoose

pytestmark = pytest.mark.gui
Key = core.Qt.Key


def test_arrows_typed_in_the_pin_choose_the_approver_and_the_pin_keeps_the_keys(qtbot: QtBot) -> None:
    box = widgets.QWidget()
    names, pin = widgets.QComboBox(), widgets.QLineEdit()
    names.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)  # as the checkout's approval box has it
    names.addItems(["boss", "max"])
    layout = widgets.QVBoxLayout(box)
    layout.addWidget(names)
    layout.addWidget(pin)
    ArrowsChoose(pin, names)
    qtbot.addWidget(box)
    box.show()
    box.activateWindow()
    pin.setFocus()
    qtbot.waitUntil(pin.hasFocus)

    press(qtbot, Key.Key_Down)
    assert names.currentText() == "max" and pin.hasFocus()
    press(qtbot, Key.Key_Down)
    assert names.currentText() == "boss"
    press(qtbot, Key.Key_Up)
    type_text(qtbot, "2222")
    assert names.currentText() == "max" and pin.text() == "2222" and pin.hasFocus()


def test_an_approval_box_closed_before_the_managers_are_listed_drops_the_list(qtbot: QtBot, till: Till) -> None:
    ctx = app_context(till, None, CASHIER)
    dialog = ApprovalDialog(ctx)  # asks the store for who may approve
    shiboken6.delete(dialog)  # its screen closed before the answer came
    settle(qtbot, ctx)  # an answer reaching the deleted box would raise here, in the event loop
    assert ctx.tasks.running == 0
    ctx.tasks.shutdown()
