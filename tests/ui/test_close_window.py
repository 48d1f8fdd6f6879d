"""Closing the main window with a sale open asks first (Enter or Esc keeps working, the sale still
there); with nothing open, or once the cashier chooses to close anyway, the window closes."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import hire_staff
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from ui.qt import widgets

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


@pytest.fixture
def counter(qtbot: QtBot, till: Till) -> Counter:
    hire_staff(till)
    return open_counter(qtbot, till)


def asked(counter: Counter) -> widgets.QMessageBox:
    question = counter.window.close_question
    assert question is not None
    counter.qtbot.waitUntil(question.isVisible)
    return question


def test_closing_mid_sale_asks_and_keeps_the_sale_until_the_cashier_closes_anyway(qtbot: QtBot,
                                                                                  counter: Counter) -> None:
    window, screen = counter.window, counter.screen
    counter.type("77.70")
    counter.press(Key.Key_Return)
    assert not window.close()
    question = asked(counter)
    assert question.text() == "The work on Checkout is not finished: if you close jifen now, it is lost."
    assert [button.text() for button in question.buttons()] == ["Keep working  Enter", "Close and lose it"]
    qtbot.keyClick(question, Key.Key_Return)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert window.isVisible() and [line.amount_fen for line in screen.draft.lines] == [7770]

    assert not window.close()
    question = asked(counter)
    qtbot.keyClick(question, Key.Key_Escape)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert window.isVisible() and [line.amount_fen for line in screen.draft.lines] == [7770]

    assert not window.close()
    question = asked(counter)
    next(button for button in question.buttons() if button.text() == "Close and lose it").click()
    qtbot.waitUntil(lambda: not window.isVisible())
    counter.close()


def test_with_nothing_open_the_window_closes_without_a_question(counter: Counter) -> None:
    assert counter.window.close()
    assert counter.window.close_question is None and not counter.window.isVisible()
    counter.close()
