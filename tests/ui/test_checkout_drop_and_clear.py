"""A wrong member comes off the sale from the keyboard (Ctrl+F7), and Esc's "press again to clear" warning
lasts only while the sale stays as it was warned about."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, member_code, open_counter
from ui.qt import core, widgets

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"
Ctrl = core.Qt.KeyboardModifier.ControlModifier



def test_ctrl_f7_takes_the_member_off_the_sale_and_keeps_the_lines(qtbot: QtBot, shop: Till) -> None:
    someone = member(shop, PHONE)
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    keys = screen.findChild(widgets.QLabel, "keys")
    assert keys is not None and "Ctrl+F7" in keys.text()
    assert "Ctrl+F7" in screen.member.drop.text()
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    assert screen.member.drop.isVisible()
    counter.press(Key.Key_F7, Ctrl)
    assert screen.draft.member is None
    assert [line.amount_fen for line in screen.draft.lines] == [10000]
    assert screen.member.card.text() == "No member"
    assert screen.message.text() == "Selling without a member: this sale earns no points."
    assert counter.focus() is screen.lines.amount
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.finished)
    assert screen.last_sale is not None and screen.last_sale.member is None
    counter.close()


def test_a_line_added_after_the_first_esc_needs_esc_twice_again_to_clear_the_sale(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.type("10")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_Escape)
    assert screen.message.text() == "Press Esc again to clear this sale."
    counter.type("20")
    counter.press(Key.Key_Return)
    counter.press(Key.Key_Escape)  # one Esc after the sale changed: a warning, not a cleared sale
    assert [line.amount_fen for line in screen.draft.lines] == [1000, 2000]
    assert screen.message.text() == "Press Esc again to clear this sale."
    counter.press(Key.Key_Delete)  # the last line removed: the sale changed again
    counter.press(Key.Key_Escape)
    assert [line.amount_fen for line in screen.draft.lines] == [1000]
    counter.press(Key.Key_Escape)
    assert screen.draft.lines == []
    counter.close()
