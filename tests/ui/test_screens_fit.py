"""Every screen fits a 1024×768 counter screen, in Chinese and in English, with the app's own font and style:
the owner's window (all seven screens in its bar, every tab of the dashboard and the settings, a member and
a sale looked up, the printer unplugged) and the first-run wizard's pages are no bigger than the screen;
nothing sticks out of the window, nothing needs a sideways scroll bar, no text is cut off."""

import pytest
from pytestqt.qtbot import QtBot

from printing.problems import PrintProblem
from terminal.bootstrap import Till
from terminal.home import Home
from tests.helpers.store import OWNER, OWNER_PIN, hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from ui.first_run import FirstRunWizard
from ui.main_window import MainWindow
from ui.qt import core, widgets
from ui.screens.base import Screen
from ui.screens.catalog import SCREENS
from ui.screens.dashboard import DashboardScreen
from ui.screens.members import MembersScreen
from ui.screens.refunds import RefundsScreen
from ui.status_bar import StatusBar
from ui.widgets.camera_view import Caption

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.usefixtures("language")]
PHONE = "13800138000"


def in_scroll_area(widget: widgets.QWidget, top: widgets.QWidget) -> bool:
    """Inside a scroll area's viewport, where the scroll bars (checked too) show what does not fit."""
    while widget is not top:
        parent = widget.parentWidget()
        if parent is None:
            return False
        holder = parent.parentWidget()
        if isinstance(holder, widgets.QAbstractScrollArea) and parent is holder.viewport():
            return True
        widget = parent
    return False


def name(widget: widgets.QWidget) -> str:
    text = widget.text() if isinstance(widget, widgets.QLabel | widgets.QAbstractButton) else ""
    return f"{type(widget).__name__} {text[:50]!r}" if text else type(widget).__name__


def problems(top: widgets.QWidget) -> list[str]:
    """What a cashier would see wrong on a 1024×768 screen."""
    top.resize(SCREEN)
    widgets.QApplication.processEvents()
    found = []
    if top.size() != SCREEN:
        found.append(f"the window is {top.width()}×{top.height()}: it needs {top.minimumSizeHint().toTuple()}")
    for widget in top.findChildren(widgets.QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        where = core.QRect(widget.mapTo(top, core.QPoint(0, 0)), widget.size())
        if not top.rect().contains(where) and not in_scroll_area(widget, top):
            found.append(f"{name(widget)} at {where.getRect()} is off the window")
        if isinstance(widget, widgets.QAbstractScrollArea) and widget.horizontalScrollBar().isVisible():
            found.append(f"{name(widget)} needs a sideways scroll bar")
        if isinstance(widget, widgets.QLabel) and widget.text():
            if widget.wordWrap() and widget.height() < widget.heightForWidth(widget.width()):
                found.append(f"{name(widget)} is cut off at the bottom")
            elif not widget.wordWrap() and not isinstance(widget, Caption) and \
                    widget.width() < widget.minimumSizeHint().width():  # (a Caption shortens itself with …)
                found.append(f"{name(widget)} is cut off at the right")
    return found


def every_tab(window: MainWindow, screen: Screen) -> list[str]:
    """The screen's problems on each page of its tabs (or as it is, without tabs)."""
    found = []
    tabs = screen.findChildren(widgets.QTabWidget)
    for tab_widget in tabs:
        for n in range(tab_widget.count()):
            tab_widget.setCurrentIndex(n)
            found += [f"{screen.title()} › {tab_widget.tabText(n).replace('&', '')}: {p}" for p in problems(window)]
    return found if tabs else [f"{screen.title()}: {p}" for p in problems(window)]


def look_up(counter: Counter, screen: MembersScreen | RefundsScreen, text: str) -> None:
    """Typed into the screen's search field, Enter, until it shows the member or the sale."""
    counter.type(text)
    counter.press(Key.Key_Return)
    counter.qtbot.waitUntil(lambda: (screen.page if isinstance(screen, MembersScreen) else screen.sale) is not None)


def test_every_screen_of_the_owners_window_fits_1024_by_768(qtbot: QtBot, till: Till) -> None:
    hire_staff(till)
    someone = member(till, PHONE, "张三")
    sale = sell(till, someone, ("general", 123456), ("general", 4000), redeem=500)
    counter = open_counter(qtbot, till, SCREENS, log_in=False)
    window = counter.window
    assert problems(window) == []  # the login
    counter.log_in(OWNER.name, OWNER_PIN)
    qtbot.waitUntil(lambda: len(window.screens) == len(SCREENS))
    found = []
    for screen in window.screens:
        counter.open_screen(type(screen))
        if isinstance(screen, DashboardScreen):
            screen.choose("week")
        elif isinstance(screen, MembersScreen):
            look_up(counter, screen, PHONE)
        elif isinstance(screen, RefundsScreen):
            look_up(counter, screen, sale.sale_id)
        counter.idle()
        found += every_tab(window, screen)
    unplugged = PrintProblem("unreachable", "[Errno 111] Connection refused")
    counter.ctx.bus.printer.emit(unplugged.short, unplugged.in_full)
    counter.ctx.bus.connecting.emit()
    counter.ctx.bus.waiting.emit(1234)
    found += [f"the status bar: {p}" for p in problems(window)]
    assert not found, "\n".join(found)
    status_bar = window.statusBar()
    assert isinstance(status_bar, StatusBar) and status_bar.printer_label.toolTip() == unplugged.in_full
    counter.close()


def test_every_page_of_the_first_run_wizard_fits_1024_by_768(qtbot: QtBot, home: Home) -> None:
    wizard = FirstRunWizard(home)
    qtbot.addWidget(wizard)
    wizard.show()
    found = []
    for page in wizard.pageIds():
        wizard.setStartId(page)
        wizard.restart()
        found += [f"{type(wizard.currentPage()).__name__}: {p}" for p in problems(wizard)]
    assert not found, "\n".join(found)
