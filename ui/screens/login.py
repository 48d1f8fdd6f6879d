"""Login: choose yourself, type your PIN on the keypad or the keyboard, Enter."""

from collections.abc import Callable

from sqlalchemy import select

from terminal.errors import Refused
from terminal.models import Cashier
from terminal.services.cashiers import Actor, authenticate
from ui.context import AppContext
from ui.qt import core, widgets
from ui.widgets.input_method import DIGITS, NoImeEdit
from ui.widgets.keypad import Keypad


class LoginScreen(widgets.QWidget):
    def __init__(self, ctx: AppContext, on_login: Callable[[Actor], None], parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self._on_login = ctx, on_login
        self._roles: dict[str, str] = {}  # who may log in, and their roles
        self.setWindowTitle(self.tr("Log in"))
        self.who = widgets.QComboBox()
        self.who.setMinimumHeight(48)
        self.pin = NoImeEdit(DIGITS)
        self.pin.setEchoMode(widgets.QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.setMinimumHeight(56)
        self.pin.returnPressed.connect(self.submit)
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
        box = widgets.QWidget()
        box.setLayout(form)
        box.setMaximumWidth(420)
        outer = widgets.QHBoxLayout(self)
        outer.addStretch()
        outer.addWidget(box)
        outer.addStretch()

    def entered(self) -> None:
        self.pin.clear()
        self.ctx.tasks.db(self._cashiers, self._show_cashiers)
        self.pin.setFocus()

    def _cashiers(self) -> dict[str, str]:
        """Who may log in, with their roles: those who have left are not listed."""
        with self.ctx.till.reading() as uow:
            rows = uow.session.execute(select(Cashier.name, Cashier.role).where(Cashier.active).order_by(Cashier.name))
            return {name: role for name, role in rows}

    def _show_cashiers(self, roles: dict[str, str]) -> None:
        self._roles = roles
        names = list(roles)
        current = self.who.currentText()
        self.who.clear()
        self.who.addItems(names)
        if current in names:
            self.who.setCurrentText(current)

    def submit(self) -> None:
        name, pin = self.who.currentText(), self.pin.text()
        if not name or not pin:
            return
        self.pin.clear()
        self.message.clear()
        till = self.ctx.till
        self.ctx.tasks.db(lambda: authenticate(till.uow(), till.shop, name, pin), self._on_login,
                          lambda problem: self._refused(problem, name))

    def _refused(self, problem: Refused, name: str) -> None:
        text = problem.message
        if problem.code == "locked":
            text += "\n" + (self.tr("Ask the owner or a manager to unlock you in Settings › Staff.")
                            if self._roles.get(name) == "cashier" else
                            self.tr("Ask an owner to unlock you in Settings › Staff."))
        self.message.setText(text)
        self.pin.setFocus()
