"""While a dialog waits for an answer (the manager's approval), keys fast enough to look like a scanner's are not
sent to the checkout behind it: a card read then attaches no other member, and a manager's PIN typed quickly stays
in the PIN field, never shown on the counter screen."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.scanner_keys import send
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Key, member_code, open_counter
from tests.ui.test_checkout_give_paid_sale import stored_sale
from tests.ui.test_checkout_give_paid_sale_approval import busy_member, manager_asked

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
OTHER = "13900139000"


def test_a_card_read_while_the_manager_is_asked_goes_nowhere(qtbot: QtBot, shop: Till) -> None:
    first, other = busy_member(shop), member(shop, OTHER)
    asked = manager_asked(qtbot, shop, first)
    counter, paid, screen, dialog = asked.counter, asked.paid, asked.screen, asked.dialog
    said = screen.message.text()
    send(list(member_code(shop, other)) + ["\r"])
    counter.idle()  # a card sent to the checkout would be looked up by now
    assert screen.draft.member is not None and screen.draft.member.id == first
    assert screen.message.text() == said
    assert dialog.isVisible() and dialog.pin.text() == "" and stored_sale(shop, paid) == (None, 0)
    counter.close()


def test_a_managers_pin_typed_fast_stays_in_the_pin_field_and_enter_approves(qtbot: QtBot, shop: Till) -> None:
    first = busy_member(shop)
    asked = manager_asked(qtbot, shop, first)
    counter, paid, screen, dialog = asked.counter, asked.paid, asked.screen, asked.dialog
    counter.press(Key.Key_Down)  # the manager, max
    said = screen.message.text()
    send(list("2222") + ["\r"], start_ms=50_000, gap_ms=30)
    counter.idle()
    assert dialog.pin.text() == "2222" and dialog.isVisible()
    assert dialog.message.text() == (f"'{dialog.pin.displayText()}' was typed too fast to tell from a scanner, so its "
                                     "Enter did nothing: it is back in the field — check it and press Enter.")
    assert "2222" not in dialog.message.text()
    assert screen.message.text() == said and "2222" not in screen.message.text()
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.text().startswith(f"Sale {paid}:"), timeout=10_000)
    assert stored_sale(shop, paid)[0] == first
    counter.close()


def test_a_card_read_while_closing_is_asked_about_answers_nothing_and_joins_nothing(qtbot: QtBot, shop: Till) -> None:
    buyer = member(shop, OTHER)
    counter = open_counter(qtbot, shop)
    counter.type("100")
    counter.press(Key.Key_Return)
    counter.window.close()  # a sale is open: the window asks first
    qtbot.waitUntil(lambda: counter.window.close_question is not None and counter.window.close_question.isVisible())
    question = counter.window.close_question
    send(list(member_code(shop, buyer)) + ["\r"])
    counter.idle()
    assert question.isVisible() and counter.window.isVisible()
    assert counter.screen.draft.member is None
    question.reject()
    counter.close()
