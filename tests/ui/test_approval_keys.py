"""↑ and ↓ choose the approver from the PIN field, in any approval box built of a name list and a PIN."""

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_members_support import press, type_text
from ui.qt import core, widgets
from ui.widgets.approval import ArrowsChoose

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
