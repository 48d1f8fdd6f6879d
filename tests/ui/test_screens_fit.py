"""Every screen fits a 1024×768 counter screen, in Chinese and in English, with the app's own font and style:
the owner's window (all seven screens in its bar, every tab of the dashboard and the settings, a member and
a sale looked up, the printer unplugged) and the first-run wizard's pages are no bigger than the screen;
nothing sticks out of the window, nothing needs a sideways scroll bar, no text is cut off.

On a scaled laptop screen (1366×768 at 125 % leaves a 1093×544 window, 1920×1080 at 150 % 1280×650) the checkout
still shows whole, in every state, what the sale needs: some of its lines, the amount due, the pay buttons, the
confirm button, the message line and the status bar; a taller screen (the owner's dashboard) scrolls rather than
push the window past the screen, and the wizard's pages fit too."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.mall.catalog import ItemSpec
from terminal.services import mall
from ui.screens.checkout import CheckoutScreen
from ui.screens.gifts_work import issue_coupon

from printing.problems import PrintProblem
from terminal.bootstrap import Till
from terminal.home import Home
from tests.helpers.store import CASHIER, OWNER, OWNER_PIN, hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_checkout_promotions import RULES, with_rules
from ui.first_run import Button, FirstRunWizard
from ui.main_window import MainWindow, ScreenScroll
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
LAPTOPS = [core.QSize(1093, 544), core.QSize(1280, 650)]  # 1366×768 at 125 %, 1920×1080 at 150 %, maximised
BELOW_A_TASKBAR = core.QSize(1024, 742)  # a 1024×768 screen less a taskbar: a little short for the fullest sale


def in_scroll_area(widget: widgets.QWidget, top: widgets.QWidget, screens_scroll: bool = False) -> bool:
    """Inside a scroll area's viewport, where the scroll bars (checked too) show what does not fit; the main
    window's own, which scrolls a screen taller than the window, only when ``screens_scroll``."""
    while widget is not top:
        parent = widget.parentWidget()
        if parent is None:
            return False
        holder = parent.parentWidget()
        if isinstance(holder, widgets.QAbstractScrollArea) and parent is holder.viewport() and \
                (screens_scroll or not isinstance(holder, ScreenScroll)):
            return True
        widget = parent
    return False


def name(widget: widgets.QWidget) -> str:
    text = widget.text() if isinstance(widget, widgets.QLabel | widgets.QAbstractButton) else ""
    return f"{type(widget).__name__} {text[:50]!r}" if text else type(widget).__name__


def problems(top: widgets.QWidget, size: core.QSize = SCREEN, screens_scroll: bool = False) -> list[str]:
    """What a cashier would see wrong on a screen of ``size`` (1024×768 unless said)."""
    top.resize(size)
    widgets.QApplication.processEvents()
    found = []
    if top.size() != size:
        found.append(f"the window is {top.width()}×{top.height()}: it needs {top.minimumSizeHint().toTuple()}")
    for widget in top.findChildren(widgets.QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        where = core.QRect(widget.mapTo(top, core.QPoint(0, 0)), widget.size())
        if not top.rect().contains(where) and not in_scroll_area(widget, top, screens_scroll):
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


def every_tab(window: MainWindow, screen: Screen, size: core.QSize = SCREEN, screens_scroll: bool = False) -> list[str]:
    """The screen's problems on each page of its tabs (or as it is, without tabs)."""
    found = []
    tabs = screen.findChildren(widgets.QTabWidget)
    for tab_widget in tabs:
        for n in range(tab_widget.count()):
            tab_widget.setCurrentIndex(n)
            found += [f"{screen.title()} › {tab_widget.tabText(n).replace('&', '')}: {p}"
                      for p in problems(window, size, screens_scroll)]
    return found if tabs else [f"{screen.title()}: {p}" for p in problems(window, size, screens_scroll)]


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


def not_whole(window: MainWindow, widget: widgets.QWidget, what: str) -> list[str]:
    """What keeps ``widget`` from showing whole: hidden, squeezed below its least size, cut by a parent
    (a scroll area's viewport too), or off the window."""
    if not widget.isVisible():
        return [f"{what} is not shown"]
    found = []
    hint, least = widget.minimumSizeHint(), widget.minimumSize()  # a least size set wins over the hint, as in layouts
    least = core.QSize(least.width() or hint.width(), least.height() or hint.height())
    if widget.height() < least.height() or widget.width() < least.width():
        found.append(f"{what} is {widget.size().toTuple()}, squeezed below {least.toTuple()}")
    parent = widget.parentWidget()
    while parent is not None:
        where = core.QRect(widget.mapTo(parent, core.QPoint(0, 0)), widget.size())
        if not parent.rect().contains(where):
            found.append(f"{what} at {where.getRect()} is cut by its {type(parent).__name__} {parent.size().toTuple()}")
        if parent is window:
            break
        parent = parent.parentWidget()
    return found


def checkout_problems(counter: Counter, size: core.QSize, when: str) -> list[str]:
    """What the cashier cannot see whole at ``size``: the sale's lines (three rows at least), what is due,
    the pay buttons, the confirm button while asking, the message line and the status bar."""
    window, screen = counter.window, counter.screen
    assert isinstance(screen, CheckoutScreen)
    window.resize(size)
    counter.idle()
    counter.qtbot.wait(50)  # the layouts settle
    found = problems(window, size)  # nothing cut, nothing off the window (nor scrolled off it)
    if window.screen_scroll.verticalScrollBar().isVisible():
        found.append("the checkout scrolls")
    pay = screen.pay
    parts: list[tuple[widgets.QWidget, str]] = [
        (screen.lines.table, "the lines"), (pay.due, "the amount due"), (pay.totals, "the totals"),
        (screen.message, "the message line"), (window.statusBar(), "the status bar")]
    if pay.approval_box.isHidden():  # (the approval takes the pay buttons' place)
        parts += [(pay.cash, "the cash button"), (pay.card, "the card button")]
    if pay.asking and pay.approval_box.isHidden():
        parts.append((pay.confirm, "the confirm button"))
    for widget, what in parts:
        found += not_whole(window, widget, what)
    rows = screen.lines.table.viewport().height() // screen.lines.table.verticalHeader().defaultSectionSize()
    if rows < 3:
        found.append(f"the lines show {rows} rows")
    return [f"{size.width()}×{size.height()}, {when}: {problem}" for problem in found]


@pytest.mark.parametrize("size", [*LAPTOPS, BELOW_A_TASKBAR, SCREEN], ids=lambda size: f"{size.width()}x{size.height()}")
def test_the_checkout_shows_whole_on_a_scaled_laptop_screen(qtbot: QtBot, till: Till, size: core.QSize) -> None:
    """At its fullest: a promotion named at the top, a coupon, and the sale waiting for a manager's approval
    (which, with all the rest, is more than a 1024×768 screen holds as it is usually arranged)."""
    hire_staff(till)
    with_rules(till, RULES, "2026-11-11 10:00")
    someone = member(till, PHONE, "张三")
    for _ in range(till.shop.rules.velocity_limit):  # the next sale needs a manager's approval
        sell(till, someone, ("general", 200_000))
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("C10", "十元券", "Coupon 10", 200, kind="coupon",
                                                         value_fen=1000, min_spend_fen=5000, valid_days=30), None)
    coupon = issue_coupon(till, CASHIER, "C10", someone)["code"]
    counter = open_counter(qtbot, till)
    window, screen = counter.window, counter.screen
    assert isinstance(screen, CheckoutScreen)
    window.resize(size)
    assert window.minimumSizeHint().height() <= size.height()
    found = checkout_problems(counter, size, "no sale")
    for n, amount in enumerate(("128", "2599", "45.5")):
        if n:
            counter.press(Key.Key_Down)
        counter.type(amount)
        counter.press(Key.Key_Return)
    found += checkout_problems(counter, size, "lines, no member")
    counter.press(Key.Key_F7)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member.pending is not None)
    found += checkout_problems(counter, size, "asking whether the member found by phone is the customer")
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.draft.member is not None)
    counter.press(Key.Key_F8)
    counter.type("300")
    counter.press(Key.Key_Return)
    found += checkout_problems(counter, size, "a member redeeming points")
    qtbot.wait(120)  # a scan right on the heels of typing is taken as part of it
    counter.scan(coupon)
    qtbot.waitUntil(lambda: screen.draft.coupon is not None)
    found += checkout_problems(counter, size, "a coupon")
    counter.press(Key.Key_F9)
    assert screen.pay.asking
    found += checkout_problems(counter, size, "asking for payment")
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.pay.approval_box.isVisible(), timeout=10_000)
    found += checkout_problems(counter, size, "asking for a manager's approval")
    for part, what in ((screen.pay.approver, "the managers"), (screen.pay.approver_pin, "the PIN field")):
        found += [f"approval: {p}" for p in not_whole(window, part, what)]
    assert not found, "\n".join(found)
    counter.close()


def test_the_owners_screens_scroll_on_a_scaled_laptop_screen(qtbot: QtBot, till: Till) -> None:
    """Taller than the window, a screen scrolls up and down; the window and its status bar stay on the screen."""
    counter = open_counter(qtbot, till, SCREENS, log_in=False)
    window, size = counter.window, LAPTOPS[0]
    counter.log_in(OWNER.name, OWNER_PIN)
    qtbot.waitUntil(lambda: len(window.screens) == len(SCREENS))
    found = []
    for screen in window.screens:
        counter.open_screen(type(screen))
        counter.idle()
        found += every_tab(window, screen, size, screens_scroll=True)
        found += [f"{screen.title()}: {p}" for p in not_whole(window, window.statusBar(), "the status bar")]
    assert not found, "\n".join(found)
    counter.close()


@pytest.mark.parametrize("size", [*LAPTOPS, core.QSize(911, 442)], ids=lambda size: f"{size.width()}x{size.height()}")
def test_every_page_of_the_first_run_wizard_fits_a_scaled_laptop_screen(qtbot: QtBot, home: Home,
                                                                         size: core.QSize) -> None:
    """The wizard's pages scroll when they are taller than the screen: its buttons stay on it, whole."""
    wizard = FirstRunWizard(home)
    qtbot.addWidget(wizard)
    wizard.show()
    found = []
    for page in wizard.pageIds():
        wizard.setStartId(page)
        wizard.restart()
        qtbot.wait(20)  # the wizard looks at the page's height once it is shown
        where = f"{type(wizard.currentPage()).__name__} at {size.width()}×{size.height()}"
        found += [f"{where}: {p}" for p in problems(wizard, size)]
        for which in (Button.NextButton, Button.FinishButton, Button.CancelButton):
            button = wizard.button(which)
            if button.isVisible():
                found += [f"{where}: {p}" for p in not_whole(wizard, button, button.text())]
    assert not found, "\n".join(found)
