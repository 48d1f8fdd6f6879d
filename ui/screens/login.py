"""Login: choose yourself (↑ ↓ from the PIN box, or tap the list), type your PIN on the keypad or the
keyboard, Enter. Your shift opens then unless it is open already, before the checkout shows: every sale
made in the app is in a shift.

Nobody is chosen when the screen shows (unless only one person may log in): a PIN typed at once would
otherwise count against whoever the list happened to show, the one who just left, and lock them out."""

from collections.abc import Callable
from typing import Any

from terminal.errors import Refused
from terminal.services.cashiers import Actor, authenticate
from terminal.services.shifts import open_shift_if_none
from terminal.services.staff import who_may_log_in
from ui.context import AppContext
from ui.guide_window import GUIDE_KEY
from ui.qt import core, widgets
from ui.widgets.approval import ArrowsChoose
from ui.widgets.input_method import DIGITS, NoImeEdit
from ui.widgets.keypad import Keypad

ShiftOpened = Callable[[dict[str, Any]], None]  # told the shift that logging in opened (open_shift's answer)


class LoginScreen(widgets.QWidget):
    def __init__(self, ctx: AppContext, on_login: Callable[[Actor], None], on_shift_opened: ShiftOpened | None = None,
                 parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._on_login, self._on_shift_opened = ctx, on_login, on_shift_opened
        self._roles: dict[str, str] = {}  # who may log in, and their roles
        self.setWindowTitle(self.tr("Log in"))
        self.who = widgets.QComboBox()
        self.who.setMinimumHeight(48)
        self.who.setPlaceholderText(self.tr("Choose your name (↑ ↓)"))
        self.pin = NoImeEdit(DIGITS)
        self.pin.setEchoMode(widgets.QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.who.setAccessibleName(self.tr("Your name"))
        self.pin.setMinimumHeight(56)
        self.pin.returnPressed.connect(self.submit)
        ArrowsChoose(self.pin, self.who)
        self.message = widgets.QLabel()
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        store = widgets.QLabel(ctx.till.shop.store)
        store.setObjectName("title")
        store.setAlignment(core.Qt.AlignmentFlag.AlignCenter)
        form = widgets.QVBoxLayout()
        form.addWidget(store)
        form.addWidget(self.who)
        form.addWidget(self.pin)
        form.addWidget(Keypad(self.pin, self.submit))
        form.addWidget(self.message)
        self.guide_hint = widgets.QLabel(self.tr("%1: the guide (in Chinese)").replace("%1", GUIDE_KEY))
        self.guide_hint.setAlignment(core.Qt.AlignmentFlag.AlignCenter)
        form.addWidget(self.guide_hint)
        box = widgets.QWidget()
        box.setLayout(form)
        box.setMaximumWidth(420)
        outer = widgets.QHBoxLayout(self)
        outer.addStretch()
        outer.addWidget(box)
        outer.addStretch()

    def entered(self) -> None:
        """Shown afresh (at start, after F12): nobody chosen, so the next one to log in chooses themselves."""
        self.pin.clear()
        self.message.clear()
        self.who.setCurrentIndex(-1)
        self.ctx.tasks.db(self._cashiers, self._show_cashiers)
        self.pin.setFocus()

    def _cashiers(self) -> dict[str, str]:
        """Who may log in, with their roles: those who have left are not listed."""
        return dict(who_may_log_in(self.ctx.till.reading()))

    def _show_cashiers(self, roles: dict[str, str]) -> None:
        self._roles = roles
        names = list(roles)
        current = self.who.currentText()
        self.who.clear()
        self.who.addItems(names)
        if current in names:
            self.who.setCurrentText(current)
        else:  # only a lone name is chosen for them: there is nobody else a PIN could count against
            self.who.setCurrentIndex(0 if len(names) == 1 else -1)

    def submit(self) -> None:
        name, pin = self.who.currentText(), self.pin.text()
        if not name and self.who.count():
            self.pin.clear()  # not kept for whoever ↓ lands on next: they type it again, having seen their name
            self.message.setText(self.tr("Choose your name (↑ ↓) first, then type your PIN."))
            return
        if not name or not pin:
            return
        self.pin.clear()
        self.message.clear()
        till = self.ctx.till

        def log_in() -> tuple[Actor, dict[str, Any] | None]:
            actor = authenticate(till.uow(), till.shop, name, pin)
            return actor, open_shift_if_none(till.uow(), till.shop, actor)

        self.ctx.tasks.db(log_in, self._logged_in, lambda problem: self._refused(problem, name))

    def _logged_in(self, done: tuple[Actor, dict[str, Any] | None]) -> None:
        actor, opened = done
        self._on_login(actor)
        if opened is not None and self._on_shift_opened is not None:
            self._on_shift_opened(opened)

    def _refused(self, problem: Refused, name: str) -> None:
        text = problem.message
        if problem.code == "locked":
            text += "\n" + (self.tr("Ask the owner or a manager to unlock you in Settings › Staff.")
                            if self._roles.get(name) == "cashier" else
                            self.tr("Ask an owner to unlock you in Settings › Staff."))
        self.message.setText(text)
        self.pin.setFocus()
