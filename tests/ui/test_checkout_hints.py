"""At the checkout on a 1024×768 screen: a sale line's category cut with "…" shows whole in its tooltip, and
the key hints at the foot name Ctrl+F8 (the coupon off the sale) and wrap only between hints, never inside
one ("F10 刷 / 卡")."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, open_counter
from tests.ui.test_checkout_layout import SCREEN, fits, language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_checkout_long_labels import LABELS, shop  # noqa: F401  (the fixture: a shop with 20-character labels)
from ui.qt import core, gui, widgets

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.usefixtures("language")]
JOINS = str.maketrans({"\u2060": None, "\u00a0": " "})


def shown_lines(label: widgets.QLabel) -> list[str]:
    """The lines a word-wrapped plain-text label draws at its width, as read."""
    option = gui.QTextOption()
    option.setWrapMode(gui.QTextOption.WrapMode.WordWrap)  # as QLabel lays out wrapped text
    layout = gui.QTextLayout(label.text(), label.font())
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width() - 2 * label.margin())
        lines.append(label.text()[line.textStart():line.textStart() + line.textLength()].translate(JOINS))
    layout.endLayout()
    return lines


def test_a_long_category_shows_whole_in_its_tooltip(qtbot: QtBot, shop: Till) -> None:  # noqa: F811
    counter = open_counter(qtbot, shop)
    counter.window.resize(SCREEN)
    lines = counter.screen.lines
    assert len(LABELS["gifts"]) == 20
    lines.choose_category(lines.categories.index("gifts"))
    counter.type("88.00")
    counter.press(Key.Key_Return)
    counter.idle()
    cell = lines.table.item(0, 0)
    assert cell.text() == LABELS["gifts"]
    assert cell.data(core.Qt.ItemDataRole.ToolTipRole) == LABELS["gifts"]
    counter.close()


def test_the_key_hints_name_ctrl_f8(qtbot: QtBot, shop: Till, language: str) -> None:  # noqa: F811
    counter = open_counter(qtbot, shop)
    counter.window.resize(SCREEN)
    keys = counter.screen.findChild(widgets.QLabel, "keys")
    assert keys is not None
    hint = "Ctrl+F8 drop coupon" if language == "en" else "Ctrl+F8 取消优惠券"
    assert hint in keys.text().translate(JOINS)
    assert "Ctrl+F7" in keys.text() and "Ctrl+P" in keys.text()
    fits(counter, qtbot)
    counter.close()


def test_the_key_hints_wrap_between_hints_only(qtbot: QtBot, shop: Till, language: str) -> None:  # noqa: F811
    counter = open_counter(qtbot, shop)
    counter.window.resize(SCREEN)
    fits(counter, qtbot)
    keys = counter.screen.findChild(widgets.QLabel, "keys")
    assert keys is not None
    lines = shown_lines(keys)
    assert "".join(lines).replace(" ", "") == keys.text().translate(JOINS).replace(" ", "")
    assert keys.height() >= len(lines) * keys.fontMetrics().lineSpacing()
    for line in lines[:-1]:
        assert line.rstrip().endswith("·"), lines  # each line ends with a whole hint
    assert lines[-1].rstrip().endswith("Ctrl+P 重印小票" if language == "zh" else "Ctrl+P reprint"), lines
    counter.close()
