"""Keyboard scanners anywhere in the app: an event filter that follows the keyboard focus feeds every
key press to ``terminal.scan.KeyBurstDetector``. A burst of at least 4 characters, each within 50 ms of the one
before (300 ms once it has 8), ending in Enter or Tab, is a scan wherever the focus is: its characters are taken back out of the
line edit they were typed into, its Enter is kept from that line edit, and the text is announced.

Key times are the window system's, when the key was pressed: keys a cashier typed while the app was busy (a
garbage collection, a long task) arrive together, and timed on arrival they would look like a scanner's burst.
Events without a timestamp (those of test tools) are timed by a monotonic clock when Qt hands them over.

The filter sits on the focus widget (or the active window when nothing has the focus), not on the
application: a Python filter on the application is called for every timer and paint event, and each
call waits for the interpreter lock while workers render receipts, which stalls the event loop."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from terminal.scan import KeyBurstDetector
from terminal.scan.keyboard import ENDINGS
from ui.qt import core, widgets

Clock = Callable[[], float]
_KEYS = (core.QEvent.Type.KeyPress, core.QEvent.Type.ShortcutOverride)


@dataclass(frozen=True)
class _Before:
    """A line edit as it was before the first key of a possible scan."""

    edit: widgets.QLineEdit
    text: str
    cursor: int
    selected: tuple[int, int] | None  # (anchor, length): typing replaced it, and putting the burst back must too


class ScanFilter(core.QObject):
    scanned = core.Signal(str)

    def __init__(self, parent: core.QObject | None = None, clock: Clock = time.monotonic,
                 detector: KeyBurstDetector | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._detector = detector or KeyBurstDetector()
        self._last_key: tuple[bool, float] | None = None  # (timed by the window system, seconds)
        self._before: _Before | None = None
        self.follower: FocusFollower | None = None

    def eventFilter(self, watched: core.QObject, event: core.QEvent) -> bool:
        kind = event.type()
        if kind not in _KEYS or not isinstance(watched, widgets.QWidget):
            return False
        focus = widgets.QApplication.focusWidget()
        # A key the focus widget ignores is offered to its parents too: count it once.
        if watched is not focus and not (focus is None and watched.isWindow()):
            return False
        text = event.text()  # type: ignore[attr-defined]
        if not text:  # Shift (scanners type capitals with it), function keys: not part of the data
            self._detector.other_key()  # F9 comes only as a shortcut: an Enter after it is the cashier's
            return False
        if kind != core.QEvent.Type.KeyPress:  # a typed key's shortcut check: its key press follows
            return False
        pressed = event.timestamp()  # type: ignore[attr-defined]
        at = (True, pressed / 1000) if pressed else (False, self.clock())
        if not self._same_burst(at, focus):
            self._before = _before(focus)
        if self._last_key is not None and self._last_key[0] != at[0]:  # two clocks: no gap between them is known
            self._detector.reset()
        self._last_key = at
        found = self._detector.key(text, at[1])
        if self._detector.swallowed:  # the LF of a scanner's CR+LF: the scan's Enter was kept from the field already
            return True
        if found is None:
            if text in ENDINGS:  # typed, not scanned: the next key starts afresh, with the field as Enter left it
                self._before, self._last_key = None, None
            return False
        self._take_back()
        self.scanned.emit(found)
        return True

    def _same_burst(self, at: tuple[bool, float], focus: widgets.QWidget | None) -> bool:
        """This key follows the last one closely enough to belong to its burst, in the field that burst began in."""
        last = self._last_key
        if last is None or last[0] != at[0] or not self._detector.follows(last[1], at[1]):
            return False
        return self._before is None or self._before.edit is focus

    def _take_back(self) -> None:
        before, self._before = self._before, None
        if before is None:
            return
        try:
            before.edit.setText(before.text)
            if before.selected is None:
                before.edit.setCursorPosition(before.cursor)
            else:
                before.edit.setSelection(*before.selected)
        except RuntimeError:  # the line edit went away during the burst
            pass


def _before(focus: widgets.QWidget | None) -> _Before | None:
    if not isinstance(focus, widgets.QLineEdit):
        return None
    start, length, cursor = focus.selectionStart(), focus.selectionLength(), focus.cursorPosition()
    if start < 0 or not length:
        return _Before(focus, focus.text(), cursor, None)
    selected = (start + length, -length) if cursor == start else (start, length)  # the cursor stays at its end
    return _Before(focus, focus.text(), cursor, selected)


class FocusFollower(core.QObject):
    """Keeps ``scan_filter`` on whatever receives the key presses: the focus widget, else the active window."""

    def __init__(self, app: widgets.QApplication, scan_filter: ScanFilter) -> None:
        super().__init__(scan_filter)
        self._app = app
        self._filter = scan_filter
        self._watched: widgets.QWidget | None = None
        app.focusChanged.connect(self._follow)
        self._follow(None, app.focusWidget())

    def _follow(self, _old: widgets.QWidget | None, new: widgets.QWidget | None) -> None:
        self._unwatch()
        target = new if new is not None else self._app.activeWindow()
        if target is not None:
            target.installEventFilter(self._filter)
            target.destroyed.connect(self._forget)
            self._watched = target

    def _forget(self) -> None:
        self._watched = None

    def _unwatch(self) -> None:
        watched, self._watched = self._watched, None
        if watched is None:
            return
        try:
            watched.removeEventFilter(self._filter)
            watched.destroyed.disconnect(self._forget)
        except RuntimeError:  # already deleted by Qt
            pass

    def stop(self) -> None:
        self._app.focusChanged.disconnect(self._follow)
        self._unwatch()


def install_scan_filter(app: widgets.QApplication, on_scan: Callable[[str], None]) -> ScanFilter:
    """Watch every key press of the app; scans go to ``on_scan`` (the main window's ``scanned``)."""
    scan_filter = ScanFilter(app)
    scan_filter.scanned.connect(on_scan)
    scan_filter.follower = FocusFollower(app, scan_filter)
    return scan_filter


def remove_scan_filter(scan_filter: ScanFilter) -> None:
    if scan_filter.follower is not None:
        scan_filter.follower.stop()


def typed_too_fast(typed: str) -> str:
    """What a screen says when a quick cashier's keys, ``typed`` back into their field, were taken for a scan."""
    return core.QCoreApplication.translate(
        "ScanFilter", "'%1' was typed too fast to tell from a scanner, so its Enter did nothing: it is back in the "
        "field — check it and press Enter.").replace("%1", typed)
