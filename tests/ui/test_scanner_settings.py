"""Keyboard scanners as shops set them up, driven with real timestamped key presses: a symbology prefix (AIM)
before the code, Tab or CR+LF after it, a Bluetooth scanner pausing in the middle. The member joins the sale, and
none of the code is left in the amount field."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.scanner_keys import send
from tests.helpers.store import member
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, member_code, open_counter

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138001"


def _scanned(counter: Counter, qtbot: QtBot, keys: list[str], gaps_ms: list[int] | None = None) -> None:
    send(keys, gaps_ms=gaps_ms)
    qtbot.waitUntil(lambda: "joined" in counter.screen.message.text() or "not" in counter.screen.message.text())
    counter.idle()


def _joined(counter: Counter) -> None:
    screen = counter.screen
    assert screen.message.text() == "Member 138****8001 joined the sale."
    assert screen.lines.amount.text() == "" and screen.draft.lines == []


def test_a_card_read_with_an_aim_prefix_joins_the_sale(qtbot: QtBot, shop: Till) -> None:
    code = member_code(shop, member(shop, PHONE))
    counter = open_counter(qtbot, shop)
    _scanned(counter, qtbot, list("]Q1" + code) + ["\r"])
    _joined(counter)
    counter.close()


def test_a_card_read_by_a_scanner_ending_in_tab_joins_the_sale_and_keeps_the_focus(qtbot: QtBot, shop: Till) -> None:
    code = member_code(shop, member(shop, PHONE))
    counter = open_counter(qtbot, shop)
    amount = counter.screen.lines.amount
    _scanned(counter, qtbot, list(code) + ["\t"])
    _joined(counter)
    assert amount.hasFocus()
    counter.close()


@pytest.mark.parametrize("ending", [["\r", "\n"], ["\r", "\r"]])
def test_a_cr_lf_scanner_gives_the_screen_no_second_enter(qtbot: QtBot, shop: Till, ending: list[str]) -> None:
    code = member_code(shop, member(shop, PHONE))
    counter = open_counter(qtbot, shop)
    seen: list[str] = []
    counter.screen.lines.amount.returnPressed.connect(lambda: seen.append("Enter"))
    _scanned(counter, qtbot, list(code) + ending)
    _joined(counter)
    assert seen == []
    counter.close()


@pytest.mark.parametrize("pause_ms", [120, 300])
def test_a_card_read_with_a_pause_mid_code_joins_the_sale(qtbot: QtBot, shop: Till, pause_ms: int) -> None:
    code = member_code(shop, member(shop, PHONE))
    counter = open_counter(qtbot, shop)
    gaps = [2] * (len(code) + 1)
    gaps[len(code) // 2] = pause_ms
    _scanned(counter, qtbot, list(code) + ["\r"], gaps_ms=gaps)
    _joined(counter)
    counter.close()


def test_a_bluetooth_scanner_slowing_after_its_first_keys_joins_the_sale(qtbot: QtBot, shop: Till) -> None:
    code = member_code(shop, member(shop, PHONE))
    counter = open_counter(qtbot, shop)
    _scanned(counter, qtbot, list(code) + ["\r"], gaps_ms=[8] * 8 + [90] * (len(code) - 7))
    _joined(counter)
    counter.close()
