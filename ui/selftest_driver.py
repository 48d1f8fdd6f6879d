"""Driving the counter from the keyboard, as a cashier and a keyboard scanner would: the real context
and main window with the scan filter installed, logged in, keys typed at a person's or a scanner's
pace; member cards as PNG files. Used by ``jifen --selftest`` (ui/selftest.py), by the checkout tests
(through tests/helpers/ui_checkout.py, with pytest-qt's ``qtbot``) and by bench/ui_bench.py.

Part of the app, not of tests/, so that an installed bundle can run the self-test."""

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Protocol

# The app's one Qt import (ui/qt.py) leaves the test tools out.
from PySide6.QtTest import QTest

from terminal.bootstrap import Till
from ui.context import AppContext, build_context
from ui.main_window import MainWindow
from ui.qt import core, gui, widgets
from ui.screens.base import Screen
from ui.screens.checkout import CheckoutScreen
from ui.selftest_store import member_card, member_code
from ui.tasks import Tasks
from ui.widgets.scan_filter import ScanFilter, install_scan_filter, remove_scan_filter

Key = core.Qt.Key
HUMAN_KEY_MS = 60  # a fast typist; a scanner's keys come within 50 ms of each other


def write_config(till: Till, printer: str | None = None, camera: str | None = None, answer_timeout_ms: int = 1000) -> None:
    parts = []
    if printer:
        parts.append(f'[printer]\nurl = "{printer}"\nanswer_timeout_ms = {answer_timeout_ms}\n')
    if camera:
        parts.append(f'[camera]\nsource = "{camera}"\n')
    till.home.config.write_text("\n".join(parts), encoding="utf-8")


class Bot(Protocol):
    """What of pytest-qt's qtbot the counter uses."""

    def addWidget(self, widget: widgets.QWidget) -> None: ...
    def waitExposed(self, widget: widgets.QWidget) -> Any: ...
    def keyClick(self, widget: widgets.QWidget, key: Any, modifier: Any = ...) -> None: ...
    def keyClicks(self, widget: widgets.QWidget, text: str) -> None: ...
    def wait(self, ms: int) -> None: ...
    def waitUntil(self, callback: Callable[[], Any], *, timeout: int = ...) -> None: ...


class PlainBot:
    """The same, without pytest (for the self-test and the benchmark)."""

    def addWidget(self, widget: widgets.QWidget) -> None:
        pass

    def waitExposed(self, widget: widgets.QWidget) -> Any:
        return nullcontext()

    def keyClick(self, widget: widgets.QWidget, key: Any,
                 modifier: core.Qt.KeyboardModifier = core.Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(widget, key, modifier)

    def keyClicks(self, widget: widgets.QWidget, text: str) -> None:
        QTest.keyClicks(widget, text)

    def wait(self, ms: int) -> None:
        QTest.qWait(ms)

    def waitUntil(self, callback: Callable[[], Any], *, timeout: int = 5000) -> None:
        deadline = core.QDeadlineTimer(timeout)
        while not callback():
            if deadline.hasExpired():
                raise TimeoutError(f"waited {timeout} ms in vain")
            QTest.qWait(5)


ScreenClass = type[Screen]  # (inside Counter, `type` is its typing method)


@dataclass
class Counter:
    ctx: AppContext
    window: MainWindow
    scan_filter: ScanFilter
    qtbot: Bot

    @property
    def screen(self) -> CheckoutScreen:
        current = self.window.current()
        assert isinstance(current, CheckoutScreen), current
        return current

    def focus(self) -> widgets.QWidget:
        widget = widgets.QApplication.focusWidget()
        assert widget is not None, "nothing has the focus"
        return widget

    def type(self, text: str, delay_ms: int = HUMAN_KEY_MS) -> None:
        """Typed where the focus is, at a person's pace (a fast burst ending in Enter is a scanner's)."""
        for char in text:
            self.qtbot.keyClick(self.focus(), char)
            self.qtbot.wait(delay_ms)

    def press(self, key: Key, modifier: core.Qt.KeyboardModifier = core.Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus(), key, modifier)

    def open_screen(self, screen: ScreenClass) -> None:
        """Press the keys that open ``screen``, as its ``key`` says them ("F3", "Ctrl+F9")."""
        keys = gui.QKeySequence(screen.key)[0]  # type: ignore[index]  # (PySide6's stubs lack __getitem__)
        self.press(keys.key(), keys.keyboardModifiers())

    def scan(self, text: str) -> None:
        """A keyboard scanner: every character within a millisecond or two, then Enter."""
        widget = self.focus()
        self.qtbot.keyClicks(widget, text)
        self.qtbot.keyClick(self.focus(), Key.Key_Return)

    def idle(self, timeout: int = 15_000) -> None:
        """Until no background task is running."""
        self.qtbot.waitUntil(lambda: self.ctx.tasks.running == 0, timeout=timeout)

    def log_in(self, name: str = "amy", pin: str = "1111") -> None:
        login = self.window.login
        self.qtbot.waitUntil(lambda: login.who.count() > 0)
        login.who.setCurrentText(name)
        login.pin.setFocus()
        self.type(pin)
        self.press(Key.Key_Return)

    def close(self) -> None:
        feeds = [screen.member.camera.feed for screen in self.window.screens if isinstance(screen, CheckoutScreen)]
        self.window.close()
        for feed in feeds:
            self.qtbot.waitUntil(lambda f=feed: f.released(), timeout=10_000)  # type: ignore[misc]
        self.idle()
        remove_scan_filter(self.scan_filter)
        self.ctx.close()


def open_counter(qtbot: Bot, till: Till, screens: Sequence[type[Screen]] = (CheckoutScreen,),
                 log_in: bool = True) -> Counter:
    """The app on ``till`` (config.toml read as the app reads it), logged in as the cashier amy."""
    ctx = build_context(till, Tasks())
    window = MainWindow(ctx, screens)
    qtbot.addWidget(window)
    app = widgets.QApplication.instance()
    assert isinstance(app, widgets.QApplication)
    scan_filter = install_scan_filter(app, window.scanned)
    scan_filter.setParent(window)  # goes with the window: a test that fails before close() leaves no filter eating keys
    counter = Counter(ctx, window, scan_filter, qtbot)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: widgets.QApplication.activeWindow() is window)
    if log_in:
        counter.log_in()
        qtbot.waitUntil(lambda: isinstance(window.current(), CheckoutScreen))
    return counter

__all__ = ["HUMAN_KEY_MS", "Bot", "Counter", "Key", "PlainBot", "member_card", "member_code", "open_counter",
           "write_config"]
