"""The app writes the store's log, `jifen.log` in the store folder, as the command line does: a background task that
fails unexpectedly, or a Qt slot that raises, leaves its traceback there, the cashier is told where (on the screen, or
in a box for a slot), and the app goes on. Each test runs the app itself (ui.app.run_app) on a real store and drives it from inside its event loop."""

import gc
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from terminal import lang
from terminal.home import Home
from terminal.logfile import temp_log
from tests.helpers.logs import jifen_log_put_back
from tests.helpers.store import OWNER, OWNER_PIN, new_till
from tests.helpers.ui_checkout import LOCALE_NOTICE
from ui.app import run_app
from ui.main_window import MainWindow
from ui.qt import core, widgets
from ui.screens import login

# Our own excepthook is under test: pytest-qt's would fail the test on the exception the app is meant to survive.
pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.qt_no_exception_capture]
Script = Callable[[MainWindow], None]


@pytest.fixture
def app_put_back(qapp: widgets.QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """run_app sets up the whole process (the log, the excepthooks, the style, translations): put it back for the
    tests that follow in this process."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    style, font, locale = qapp.styleSheet(), qapp.font(), core.QLocale()
    translators = set(qapp.findChildren(core.QTranslator))
    collector = gc.get_threshold()
    with jifen_log_put_back():
        yield
    gc.unfreeze()  # run_app's quiet_collector
    gc.set_threshold(*collector)
    for translator in set(qapp.findChildren(core.QTranslator)) - translators:
        qapp.removeTranslator(translator)
    qapp.setStyleSheet(style)
    qapp.setFont(font)
    core.QLocale.setDefault(locale)
    lang.use(None)


@pytest.fixture
def store(home: Home) -> Home:
    new_till(home).close()
    return home


def run_driving(qtbot: QtBot, home: Home, script: Script) -> int:
    """run_app on ``home``, with ``script`` driving its window from inside the event loop, then quitting."""
    failures: list[BaseException] = []
    windows: list[MainWindow] = []

    def drive() -> None:
        try:
            windows.extend(w for w in widgets.QApplication.topLevelWidgets()
                           if isinstance(w, MainWindow) and w.ctx.till.home == home)
            script(windows[0])
        except BaseException as failure:  # noqa: BLE001 - raised again once the app has closed
            failures.append(failure)
        finally:
            widgets.QApplication.quit()

    core.QTimer.singleShot(0, drive)
    status = run_app(home)
    for window in windows:  # and the keyboard scanner's filter it put on the whole application, for later tests
        window.deleteLater()
    qtbot.wait(1)  # an event loop deletes it, and handles what the app left posted (else no later window activates)
    if failures:
        raise failures[0]
    return status


def log_in(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.login
    qtbot.waitUntil(lambda: screen.who.findText(OWNER.name) >= 0)
    screen.who.setCurrentText(OWNER.name)
    screen.pin.setText(OWNER_PIN)
    screen.submit()


def logged_in(window: MainWindow) -> bool:
    return window.isVisible() and window.current() is not None and window.ctx.cashier == OWNER


def failing_once(real: Callable[..., Any], failure: Exception) -> Callable[..., Any]:
    calls: list[None] = []

    def once(*args: Any, **kwargs: Any) -> Any:
        calls.append(None)
        if len(calls) == 1:
            raise failure
        return real(*args, **kwargs)

    return once


def test_a_task_that_fails_is_logged_with_its_traceback_and_the_app_goes_on(
        qtbot: QtBot, store: Home, app_put_back: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(login, "authenticate", failing_once(login.authenticate, RuntimeError("nobody foresaw it")))
    said: list[str] = []

    def script(window: MainWindow) -> None:
        log_in(qtbot, window)
        qtbot.waitUntil(lambda: window.login.message.text() != "", timeout=10_000)
        said.append(window.login.message.text())
        log_in(qtbot, window)  # the same window, the same store: the cashier simply tries again
        qtbot.waitUntil(lambda: logged_in(window), timeout=10_000)

    assert run_driving(qtbot, store, script) == 0
    assert said == [f"something went wrong (RuntimeError); details are in {store.log}"]
    written = store.log.read_text(encoding="utf-8")
    assert "ERROR jifen.ui: background task failed\nTraceback (most recent call last):" in written
    assert "RuntimeError: nobody foresaw it" in written


def test_a_slot_that_raises_is_logged_said_and_the_app_does_not_exit(
        qtbot: QtBot, store: Home, app_put_back: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # The login's answer is handed to the screen by Qt on the main thread (ui.tasks.Tasks._deliver): it raises, once.
    shown = login.LoginScreen._logged_in
    monkeypatch.setattr(login.LoginScreen, "_logged_in", failing_once(shown, KeyError("a slot nobody foresaw")))
    said: list[list[str]] = []

    def script(window: MainWindow) -> None:
        log_in(qtbot, window)
        qtbot.waitUntil(lambda: bool(_boxes_shown()), timeout=10_000)
        said.append(_boxes_shown())
        assert window.isVisible() and window.current() is None  # still at the login
        log_in(qtbot, window)
        qtbot.waitUntil(lambda: logged_in(window), timeout=10_000)

    assert run_driving(qtbot, store, script) == 0
    assert said == [[f"something went wrong (KeyError); details are in {store.log}"]]
    written = store.log.read_text(encoding="utf-8")
    assert "ERROR jifen.ui: unexpected failure in the app\nTraceback (most recent call last):" in written
    assert "in _deliver" in written and "KeyError: 'a slot nobody foresaw'" in written


def test_the_first_run_wizards_store_gets_the_log(
        qtbot: QtBot, home: Home, tmp_path: Path, app_put_back: None, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where the log goes while there is no store folder

    def wizard(made: Home) -> None:  # the wizard makes the store (tests/ui/test_first_run.py drives it)
        new_till(made).close()

    monkeypatch.setattr("ui.first_run.set_up_till", wizard)
    monkeypatch.setattr(login, "authenticate", failing_once(login.authenticate, RuntimeError("after the wizard")))

    def script(window: MainWindow) -> None:
        log_in(qtbot, window)
        qtbot.waitUntil(lambda: window.login.message.text() != "", timeout=10_000)

    assert not home.root.exists()
    assert run_driving(qtbot, home, script) == 0
    assert "RuntimeError: after the wizard" in home.log.read_text(encoding="utf-8")
    assert not (temp / temp_log().name).exists()


def _boxes_shown() -> list[str]:
    return [widget.text() for widget in widgets.QApplication.topLevelWidgets()
            if isinstance(widget, widgets.QMessageBox) and widget.isVisible()]
