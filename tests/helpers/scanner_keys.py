"""Keys as a USB or Bluetooth scanner sends them: each press stamped with its own window-system time, so the app's
scan filter times them as a real scanner's, whatever the test machine's pace."""

from collections.abc import Sequence

from ui.qt import core, gui, widgets

Key = core.Qt.Key
_KEYS = {"\r": Key.Key_Return, "\n": Key.Key_Return, "\t": Key.Key_Tab}


def send(keys: Sequence[str], start_ms: int = 10_000, gap_ms: int = 2, gaps_ms: Sequence[int] | None = None) -> int:
    """Each of ``keys`` pressed and released on the focus widget (else the active window), ``gap_ms`` apart or each
    ``gaps_ms[i]`` after key i; returns the time the next key would come at."""
    at = start_ms
    for i, char in enumerate(keys):
        key = _KEYS.get(char, Key.Key_A if char.isalpha() else Key.Key_0 if char.isdigit() else Key.Key_unknown)
        target = widgets.QApplication.focusWidget() or widgets.QApplication.activeWindow()
        assert target is not None
        for kind in (core.QEvent.Type.KeyPress, core.QEvent.Type.KeyRelease):
            event = gui.QKeyEvent(kind, key, core.Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(at)
            widgets.QApplication.sendEvent(target, event)
        at += gaps_ms[i] if gaps_ms else gap_ms
    return at
