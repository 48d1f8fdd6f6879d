"""On a 1024×768 screen, in Chinese and in English, the lines of a sale have the room: five lines all show
at once, and the hints in the fields are not cut off."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, member_code, open_counter
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"



def test_five_lines_all_show_at_1024_by_768(qtbot: QtBot, shop: Till, language: str) -> None:
    someone = member(shop, PHONE, "张三")
    counter = open_counter(qtbot, shop)
    counter.window.resize(SCREEN)
    screen = counter.screen
    counter.scan(member_code(shop, someone))
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    for amount in ("11", "22", "33", "44", "55"):
        counter.type(amount)
        counter.press(Key.Key_Return)
    counter.idle()
    qtbot.wait(50)  # the layouts settle
    table = screen.lines.table
    assert counter.window.size() == SCREEN
    assert table.rowCount() == 5
    rows = sum(table.rowHeight(row) for row in range(5))
    assert table.viewport().height() >= rows, (table.viewport().height(), rows)
    shown = [row for row in range(5)
             if table.viewport().rect().contains(table.visualRect(table.model().index(row, 0)))]
    assert shown == [0, 1, 2, 3, 4]
    counter.close()


def test_the_hints_in_the_fields_fit_them_at_1024_by_768(qtbot: QtBot, shop: Till, language: str) -> None:
    counter = open_counter(qtbot, shop)
    counter.window.resize(SCREEN)
    counter.idle()
    qtbot.wait(50)
    screen = counter.screen
    fields = [screen.lines.amount, screen.member.phone, screen.pay.redeem, screen.pay.approver_pin]
    cut = []
    for field in fields:
        margins = field.textMargins()
        # QLineEdit's own frame and padding take some pixels beside the text margins
        room = field.contentsRect().width() - margins.left() - margins.right() - 8
        if field.fontMetrics().horizontalAdvance(field.placeholderText()) > room:
            cut.append((field.placeholderText(), room))
    assert cut == []
    counter.close()
