"""What the members, refunds and shift screen tests share: an app context on a real store with
staff, printing to a real (fake TCP) printer, and a wait for the background work to finish.
(It holds no tests; it is named to sit with the screens' tests.)"""

import os

from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.cashiers import Actor
from tests.helpers.store import hire_staff
from ui.context import AppContext, build_context
from ui.qt import core, widgets
from ui.screens.base import Screen
from ui.tasks import Tasks
from ui.widgets.approval import ApprovalDialog

# tests/conftest.py drops LANG and LC_ALL, and Qt then warns (failing the first GUI test) that the C
# locale is not UTF-8. A UTF-8 character type leaves the language of messages alone.
os.environ.setdefault("LC_CTYPE", "C.UTF-8")


def app_context(till: Till, printer_url: str | None, cashier: Actor) -> AppContext:
    """The context the app builds, on this store, with amy (cashier, 1111) and max (manager, 2222) hired."""
    hire_staff(till)
    if printer_url is not None:
        till.home.config.write_text(f'[printer]\nurl = "{printer_url}"\nanswer_timeout_ms = 500\n', encoding="utf-8")
    ctx = build_context(till, Tasks())
    ctx.cashier = cashier
    return ctx


def settle(qtbot: QtBot, ctx: AppContext, timeout: int = 10_000) -> None:
    """Wait until the database worker and the device pool have nothing left to do."""
    qtbot.waitUntil(lambda: ctx.tasks.running == 0, timeout=timeout)


def shown(qtbot: QtBot, screen: Screen) -> None:
    """On screen, in its own window, active, so the focus and the function keys behave as at the till;
    closed after the test with any approval dialog it left open."""
    qtbot.addWidget(screen, before_close_func=_close_dialogs)
    screen.resize(1000, 700)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(lambda: widgets.QApplication.activeWindow() is screen)


def approval_ready(qtbot: QtBot, dialog: ApprovalDialog) -> None:
    """The approval dialog is up with the names listed and the PIN field taking the keys."""
    qtbot.waitUntil(lambda: dialog.pin.hasFocus() and dialog.who.count() > 0)


def _close_dialogs(screen: widgets.QWidget) -> None:
    for dialog in screen.findChildren(widgets.QDialog):
        dialog.reject()


def press(qtbot: QtBot, key: core.Qt.Key, widget: widgets.QWidget | None = None) -> None:
    """A key as the cashier presses it: to whatever has the focus."""
    target = widget or widgets.QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key)


def type_text(qtbot: QtBot, text: str, widget: widgets.QWidget | None = None) -> None:
    """Typed into whatever has the focus; Chinese arrives whole, as an input method commits it."""
    target = widget or widgets.QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    if text.isascii():
        qtbot.keyClicks(target, text)
    else:
        assert isinstance(target, widgets.QLineEdit)
        target.insert(text)
