"""The keyboard-scanner filter times a key by when it was pressed (the window system's timestamp), not by when the
busy app got round to it: an amount a cashier typed at a human pace while the app was stalled (a garbage collection,
a long task) arrives in one lump, and is still typing, not a scan. A scanner's burst is still a scan."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, open_counter
from ui.qt import core, gui, widgets

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def _deliver_at_once(counter: Counter, text: str, pressed_ms: list[int]) -> None:
    """Each key and the Enter after them, pressed at ``pressed_ms`` (window-system times) and delivered together."""
    keys = [(core.Qt.Key.Key_A, char) for char in text] + [(core.Qt.Key.Key_Return, "\r")]
    target = widgets.QApplication.focusWidget()
    assert target is not None
    for (key, char), at in zip(keys, pressed_ms, strict=True):
        for kind in (core.QEvent.Type.KeyPress, core.QEvent.Type.KeyRelease):
            event = gui.QKeyEvent(kind, key, core.Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(at)
            widgets.QApplication.sendEvent(target, event)
    counter.idle()


def test_keys_typed_at_a_human_pace_but_delivered_at_once_are_typing(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    _deliver_at_once(counter, "1285", [1_000, 1_180, 1_350, 1_520, 1_700])  # a cashier: 170-180 ms a key
    assert [line.amount_fen for line in counter.screen.draft.lines] == [128_500]
    assert "too fast" not in counter.screen.message.text()
    counter.close()


def test_a_scanner_burst_by_its_timestamps_is_still_a_scan(qtbot: QtBot, shop: Till) -> None:
    counter = open_counter(qtbot, shop)
    seen: list[str] = []
    counter.scan_filter.scanned.connect(seen.append)
    _deliver_at_once(counter, "JFM1XYZ", [5_000 + 8 * n for n in range(8)])
    assert seen == ["JFM1XYZ"] and counter.screen.draft.lines == []
    counter.close()
