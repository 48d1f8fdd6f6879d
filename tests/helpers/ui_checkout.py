"""The counter as the checkout tests and the UI benchmark drive it. The driving itself lives in
ui/selftest_driver.py (the self-test of an installed app uses it too); the tests drive it with
pytest-qt's ``qtbot``, the benchmark, which has no pytest, with ``PlainBot``."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from ui.selftest_driver import (
    HUMAN_KEY_MS,
    Bot,
    Counter,
    Key,
    PlainBot,
    open_counter,
    write_config,
)
from ui.screens.shift import ShiftScreen
from ui.selftest_store import member_card, member_code


def join_by_phone(counter: Counter, qtbot: Bot, phone: str) -> None:
    """F7, the phone number, and Enter to the question with the last four digits: the member joins the sale."""
    screen = counter.screen
    counter.press(Key.Key_F7)
    counter.type(phone)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.pending is not None)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.draft.member is not None)


def shift_screen(counter: Counter) -> ShiftScreen:
    """The Shift screen opened by its key, once it has shown the cashier's totals."""
    counter.open_screen(ShiftScreen)
    shift = counter.window.current()
    assert isinstance(shift, ShiftScreen)
    counter.idle()
    return shift


@contextmanager
def keys_apart(counter: Counter, gap_ms: int) -> Iterator[None]:
    """Inside, the app's scan filter finds exactly ``gap_ms`` between one key and the next, however late a busy
    machine runs the test's keys (a 45 ms pace would otherwise pass the 50 ms limit now and then); after, its clock
    runs on from there at the real pace."""
    stepped: list[float] = []

    def clock() -> float:
        stepped.append(stepped[-1] + gap_ms / 1000 if stepped else time.monotonic())
        return stepped[-1]

    counter.scan_filter.clock = clock
    try:
        yield
    finally:
        shift = stepped[-1] - time.monotonic() if stepped else 0.0
        counter.scan_filter.clock = lambda: time.monotonic() + shift


# The tests run with no locale set (tests/conftest.py), and Qt says so once, when the app is made,
# in whichever test comes first. Nothing to do with the checkout.
LOCALE_NOTICE = pytest.mark.qt_log_ignore('Detected locale "C"')

__all__ = ["HUMAN_KEY_MS", "LOCALE_NOTICE", "Bot", "Counter", "Key", "PlainBot", "join_by_phone", "keys_apart", "member_card",
           "member_code", "open_counter", "shift_screen", "write_config"]
