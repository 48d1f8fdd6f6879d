"""A sale number typed into Refunds as fast as a scanner (30–45 ms a key) is taken for a scan by the keyboard; it is
no code, so it goes back into the field as typed, the screen says it was typed too fast to tell from a scanner (not
that it is no receipt's code), and Enter then finds the sale. A real store and the app's own scan filter."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, keys_apart, open_counter
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language)
from ui.screens.checkout import CheckoutScreen
from ui.screens.refunds import RefundsScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
TOO_FAST = {"en": "'{}' was typed too fast to tell from a scanner, so its Enter did nothing: it is back in the field — "
                  "check it and press Enter.",
            "zh": "“{}”输入太快，无法与扫码枪区分，这次 Enter 未生效：内容已放回输入栏——请核对后再按 Enter。"}


def refunds_of(qtbot: QtBot, till: Till) -> tuple[Counter, RefundsScreen]:
    counter = open_counter(qtbot, till, screens=(CheckoutScreen, RefundsScreen))
    counter.press(Key.Key_F3)
    refunds = counter.window.current()
    assert isinstance(refunds, RefundsScreen)
    qtbot.waitUntil(refunds.sale_ref.hasFocus)
    return counter, refunds


@pytest.mark.parametrize("gap_ms", [30, 45])
def test_a_sale_number_typed_fast_stays_in_the_field_and_enter_then_finds_it(qtbot: QtBot, till: Till,
                                                                             gap_ms: int) -> None:
    hire_staff(till)
    sale = sell(till, member(till), ("general", 6000))
    counter, refunds = refunds_of(qtbot, till)
    with keys_apart(counter, gap_ms):
        counter.type(sale.sale_id, delay_ms=gap_ms)
        counter.press(Key.Key_Return)
    counter.idle()
    assert refunds.sale_ref.text() == sale.sale_id and refunds.sale is None
    assert refunds.problem.text() == TOO_FAST["en"].format(sale.sale_id)

    qtbot.wait(100)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: refunds.sale is not None)
    assert refunds.sale is not None and refunds.sale.id == sale.sale_id and refunds.problem.text() == ""
    counter.close()


def test_typed_fast_after_what_was_typed_slowly_keeps_both(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter, refunds = refunds_of(qtbot, till)
    counter.type("T1-")
    with keys_apart(counter, 30):
        counter.type("1234", delay_ms=30)
        counter.press(Key.Key_Return)
    counter.idle()
    assert refunds.sale_ref.text() == "T1-1234" and refunds.problem.text() == TOO_FAST["en"].format("T1-1234")
    counter.close()


@pytest.mark.parametrize("language", ["zh"], indirect=True)
def test_in_chinese_it_is_said_in_chinese(qtbot: QtBot, till: Till, language: str) -> None:
    hire_staff(till)
    counter, refunds = refunds_of(qtbot, till)
    with keys_apart(counter, 30):
        counter.type("1234", delay_ms=30)
        counter.press(Key.Key_Return)
    counter.idle()
    assert refunds.sale_ref.text() == "1234" and refunds.problem.text() == TOO_FAST["zh"].format("1234")
    counter.close()


def test_a_payment_code_scanned_is_still_no_receipts_code(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    counter, refunds = refunds_of(qtbot, till)
    counter.scan("134567890123456789")
    counter.idle()
    assert refunds.problem.text() == ("That is not a receipt's code: scan the code on the receipt or type the sale "
                                      "number.")
    assert refunds.sale_ref.text() == ""
    counter.close()
