"""The main window: log in, then the screens your role may open, by button or function key (Ctrl+F1, the guide;
Ctrl+F3 or a click on the printer's words, today's receipts the printer never confirmed);
the status bar below is always there, and says when logging in opened your shift. Neither logging
out nor closing the window loses work unasked: F12 refuses while a screen holds work, closing asks
(Enter or Esc keeps working)."""

from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

from terminal.services.cashiers import Actor
from ui.context import AppContext
from ui.guide_window import GUIDE_KEY, GuideWindow
from ui.qt import core, gui, widgets
from ui.screens.base import Screen
from ui.screens.login import LoginScreen
from ui.screens.shift_data import local_time
from ui.screens.unconfirmed_receipts import LIST_KEY, UnconfirmedReceiptsDialog
from ui.status_bar import StatusBar
from ui.widgets.question import ask_before_losing
from ui.widgets.scan_filter import typed_too_fast
from ui.widgets.screen_room import fitting
from ui.widgets.vertical_scroll import VerticalScroll

LOG_OUT_KEY = "F12"
SAID_MS = 60_000  # how long the status bar says the shift was opened
SHORTEST_SCREEN = 400  # pixels: a screen needing more height scrolls up and down (a 1366×768 laptop at 125 % has 445)


@runtime_checkable
class HoldsWork(Protocol):
    """A screen whose work logging out or closing the window would lose (the checkout's open sale)."""

    def keep_logged_in(self) -> bool:
        """True, having told the cashier why, when logging out now would lose work."""
        ...


class StackHolder(widgets.QWidget):
    """Holds the screens at the height it is given, down to their least: a scroll area would size a wrapping
    screen to the height it prefers for its width, and scroll it even where it fits."""

    def __init__(self, stack: widgets.QStackedWidget, needs_changed: Callable[[], None]) -> None:
        super().__init__()
        self.stack, self._needs_changed = stack, needs_changed
        stack.setParent(self)

    def minimumSizeHint(self) -> core.QSize:
        return self.stack.minimumSizeHint()

    def sizeHint(self) -> core.QSize:
        return self.stack.sizeHint()

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        self.stack.setGeometry(self.rect())

    def event(self, event: core.QEvent) -> bool:
        if event.type() == core.QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the screen's needs changed: the scroll area looks again
            self._needs_changed()
        return super().event(event)


class ScreenScroll(VerticalScroll):
    """The screen showing, scrolled up and down when it needs more height than the window has: the window
    never grows taller than a scaled laptop screen. It is always as wide as the screen needs (no sideways scroll)."""

    def __init__(self, stack: widgets.QStackedWidget) -> None:
        self.stack, self.holder = stack, StackHolder(stack, lambda: self._fit())
        super().__init__(self.holder, SHORTEST_SCREEN)
        stack.currentChanged.connect(self.sized_by_current)

    def sized_by_current(self) -> None:
        """Only the screen showing counts for the size: a tall screen hidden does not make the others scroll."""
        stack = self.stack
        for n in range(stack.count()):
            page = stack.widget(n)
            if page is None:
                continue
            policy = widgets.QSizePolicy.Policy.Preferred if page is stack.currentWidget() \
                else widgets.QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        stack.updateGeometry()
        self.holder.updateGeometry()
        self.updateGeometry()
        self._fit()

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        screen = self.stack.currentWidget()
        if isinstance(screen, Screen) and screen.fit_height(self.maximumViewportSize().height()):
            screen.updateGeometry()
            for layout in (screen.layout(), self.stack.layout()):
                if layout is not None:
                    layout.activate()
            self.setWidgetResizable(True)  # (lays the screen out again now: no moment scrolled)

    def sizeHint(self) -> core.QSize:
        return self.holder.sizeHint()


class MainWindow(widgets.QMainWindow):
    def __init__(self, ctx: AppContext, screen_types: Sequence[type[Screen]]) -> None:
        super().__init__()
        self.ctx, self._screen_types = ctx, screen_types
        self.setWindowTitle(self.tr("jifen — %1").replace("%1", ctx.till.shop.store))
        self.screens: list[Screen] = []
        self.stack = widgets.QStackedWidget()
        self.login = LoginScreen(ctx, self.logged_in, self._shift_opened)
        self.stack.addWidget(self.login)
        self.nav = widgets.QHBoxLayout()
        central = widgets.QWidget()
        column = widgets.QVBoxLayout(central)
        column.addLayout(self.nav)
        self.screen_scroll = ScreenScroll(self.stack)
        column.addWidget(self.screen_scroll, 1)
        self.setCentralWidget(central)
        self.status_bar = StatusBar(ctx.bus)
        self.setStatusBar(self.status_bar)
        self._shortcuts: list[gui.QShortcut] = []
        self.close_question: widgets.QMessageBox | None = None
        self._close_anyway = False
        log_out = gui.QShortcut(gui.QKeySequence(LOG_OUT_KEY), self)
        log_out.activated.connect(self.ask_log_out)
        guide = gui.QShortcut(gui.QKeySequence(GUIDE_KEY), self)
        guide.activated.connect(self.show_guide)
        unconfirmed = gui.QShortcut(gui.QKeySequence(LIST_KEY), self)
        unconfirmed.activated.connect(self.show_unconfirmed)
        self.status_bar.printer_label.clicked.connect(self.show_unconfirmed)
        ctx.bus.session_ended.connect(self._session_ended)
        self.resize(fitting(core.QSize(1100, 800)))
        self.log_out()

    def logged_in(self, actor: Actor) -> None:
        self.ctx.cashier = actor
        self.status_bar.show_owner_work(actor.role in ("manager", "owner"))
        self._clear_screens()
        for screen_type in self._screen_types:
            if actor.role in screen_type.roles:
                screen = screen_type(self.ctx)
                self.screens.append(screen)
                self.stack.addWidget(screen)
                button = widgets.QPushButton(f"{screen.title()}  {screen.key}")
                button.setMinimumHeight(44)
                button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _=False, s=screen: self.show_screen(s))
                self.nav.addWidget(button)
                shortcut = gui.QShortcut(gui.QKeySequence(screen.key), self)
                shortcut.activated.connect(lambda s=screen: self.show_screen(s))
                self._shortcuts.append(shortcut)
        who = widgets.QLabel(self.tr("%1 · F12 log out").replace("%1", actor.name))
        who.setTextFormat(core.Qt.TextFormat.PlainText)
        who.setWordWrap(True)  # a long name takes two lines rather than widening the window
        self.nav.addStretch()
        self.nav.addWidget(who)
        self.screen_scroll.sized_by_current()
        if self.screens:
            self.show_screen(self.screens[0])

    def _shift_opened(self, opened: dict[str, Any]) -> None:
        at = local_time(self.ctx.till, opened["at"]).strftime("%H:%M")
        self.statusBar().showMessage(self.tr("Shift opened at %1.").replace("%1", at), SAID_MS)

    def show_screen(self, screen: Screen) -> None:
        self.stack.setCurrentWidget(screen)
        screen.entered()

    def current(self) -> Screen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def scanned(self, text: str) -> None:
        """A keyboard scanner typed a code: the screen showing gets it (checkout takes members, refunds receipts).
        Not the screen behind a dialog waiting for an answer, nor a screen that takes no scans, nor the login: there
        the keys (a manager's PIN typed as fast as a scanner) go back into the field they were typed into."""
        screen = self.current()
        if isinstance(widgets.QApplication.activeModalWidget(), widgets.QDialog) or screen is None \
                or not screen.scanned(text):
            self._put_back(text)

    def _put_back(self, text: str) -> None:
        """The scan filter took the keys back out of their field: they go back in when it takes them (a card's code
        is no PIN), and the field's form says why their Enter did nothing, without showing a PIN."""
        field = widgets.QApplication.focusWidget()
        if not isinstance(field, widgets.QLineEdit) or field.isReadOnly() or not _takes(field, text):
            return
        before = field.text()
        field.insert(text)
        if field.text() == before:  # its validator or length refused them
            return
        words = typed_too_fast(field.displayText())
        label = _message_of_form(field)
        if label is None:
            self.statusBar().showMessage(words, SAID_MS)
        else:
            label.setText(words)

    def show_guide(self) -> None:
        GuideWindow(self).open()

    def show_unconfirmed(self) -> None:
        """LIST_KEY, or a click on the printer's words: today's receipts the printer never confirmed, once logged in."""
        if self.ctx.cashier is None:
            return
        shown = [dialog for dialog in self.findChildren(UnconfirmedReceiptsDialog) if dialog.isVisible()]
        if shown:
            shown[0].activateWindow()
            return
        UnconfirmedReceiptsDialog(self.ctx, self).start()

    def ask_log_out(self) -> None:
        """F12: logs out, unless a screen holds work that would be lost (it says why and is shown)."""
        if self._work_held() is None:
            self.log_out()

    def _work_held(self) -> Screen | None:
        """The screen holding work that leaving would lose, shown and saying why; None if there is none."""
        for screen in self.screens:
            if isinstance(screen, HoldsWork) and screen.keep_logged_in():
                if self.current() is not screen:
                    self.show_screen(screen)
                    screen.keep_logged_in()  # said again: showing the screen may have said something else
                return screen
        return None

    def closeEvent(self, event: gui.QCloseEvent) -> None:
        """Closing with work open asks first, on the screen that holds it; nothing open, it just closes."""
        screen = None if self._close_anyway else self._work_held()
        if screen is None:
            super().closeEvent(event)
            return
        event.ignore()
        self._ask_close(screen)

    def _ask_close(self, screen: Screen) -> None:
        if self.close_question is not None and self.close_question.isVisible():
            return
        self.close_question = ask_before_losing(
            self, self.tr("Close jifen?"),
            self.tr("The work on %1 is not finished: if you close jifen now, it is lost.").replace("%1", screen.title()),
            self.tr("Keep working  Enter"), self.tr("Close and lose it"), self._close_anyway_now)

    def _close_anyway_now(self) -> None:
        self._close_anyway = True
        self.close()

    def _session_ended(self, said: str) -> None:
        """A screen ended the cashier's session (they closed their shift, or were deactivated): back to the login."""
        self.log_out()
        self.statusBar().showMessage(said, SAID_MS)

    def log_out(self) -> None:
        self.ctx.cashier = None
        for dialog in self.findChildren(UnconfirmedReceiptsDialog):
            dialog.close()
        self.status_bar.show_owner_work(False)
        self.statusBar().clearMessage()
        self._clear_screens()
        self.stack.setCurrentWidget(self.login)
        self.login.entered()

    def _clear_screens(self) -> None:
        for shortcut in self._shortcuts:
            shortcut.setParent(None)  # type: ignore[call-overload]
        self._shortcuts.clear()
        while self.nav.count():
            item = self.nav.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for screen in self.screens:
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.screens.clear()


def _takes(field: widgets.QLineEdit, text: str) -> bool:
    digits_only = bool(field.inputMethodHints() & core.Qt.InputMethodHint.ImhDigitsOnly)
    return text.isdigit() or not digits_only


def _message_of_form(field: widgets.QWidget) -> widgets.QLabel | None:
    """The label that speaks for the form ``field`` is in (the login's, a dialog's): its ``message``."""
    parent = field.parentWidget()
    while parent is not None:
        label = getattr(parent, "message", None)
        if isinstance(label, widgets.QLabel):
            return label
        parent = parent.parentWidget()
    return None
