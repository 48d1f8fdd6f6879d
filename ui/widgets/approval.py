"""A manager's or the owner's PIN, asked for on a large keypad when a cashier does what needs approval
(refunds, point adjustments, closing the day). The PIN is checked with ``authenticate`` on the
database worker, so wrong PINs count towards the lockout as they do at login."""

from collections.abc import Callable

from terminal.errors import Refused
from terminal.services.cashiers import Actor, authenticate
from terminal.services.staff import who_may_approve
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.widgets.input_method import DIGITS, NoImeEdit
from ui.widgets.keypad import Keypad
from ui.widgets.lifetime import Lifetime

Approved = Callable[[Actor | None], None]  # None: the cashier may do it themselves


class ArrowsChoose(core.QObject):
    """↑ and ↓ typed in ``field`` choose in ``choices``, so the keyboard never leaves the PIN."""

    def __init__(self, field: widgets.QLineEdit, choices: widgets.QComboBox) -> None:
        super().__init__(field)
        self.choices = choices
        field.installEventFilter(self)

    def eventFilter(self, watched: core.QObject, event: core.QEvent) -> bool:
        if event.type() == core.QEvent.Type.KeyPress and isinstance(event, gui.QKeyEvent):
            step = {core.Qt.Key.Key_Up: -1, core.Qt.Key.Key_Down: 1}.get(core.Qt.Key(event.key()))
            if step is not None and self.choices.count():
                self.choices.setCurrentIndex(_stepped(self.choices.currentIndex(), step, self.choices.count()))
                return True
        return super().eventFilter(watched, event)


def _stepped(index: int, step: int, count: int) -> int:
    """One up or down the list, round the ends; from nobody chosen (-1), ↓ the first and ↑ the last."""
    if index < 0:
        return 0 if step > 0 else count - 1
    return (index + step) % count


class WhoApproves(widgets.QLabel):
    """The words over the list of who may approve, the same wherever a manager's PIN is asked."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(self.tr("Who approves (↑ ↓ to choose):"))


class ApprovalDialog(widgets.QDialog):
    """One per screen, reused: ``ask`` shows it for one request; ``approved`` carries the approver."""

    approved = core.Signal(object)

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        self._listed = False  # the list of who may approve has arrived from the store
        self._submit_when_listed = False
        self._on_approved: Approved | None = None
        self.setWindowTitle(self.tr("Approval"))
        self.setModal(True)
        self.reason = widgets.QLabel()
        self.reason.setObjectName("big")
        self.reason.setWordWrap(True)
        self.who = widgets.QComboBox()
        self.who.setMinimumHeight(48)
        self.who.setFocusPolicy(core.Qt.FocusPolicy.ClickFocus)  # the keyboard stays in the PIN; ↑ ↓ choose
        self.pin = NoImeEdit(DIGITS)
        self.pin.setEchoMode(widgets.QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Approver's PIN"))
        self.pin.setAccessibleName(self.tr("Approver's PIN"))
        self.pin.setMinimumHeight(56)
        self.pin.returnPressed.connect(self.submit)
        ArrowsChoose(self.pin, self.who)
        self.message = widgets.QLabel()
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        self.cancel = widgets.QPushButton(self.tr("Cancel  Esc"))
        self.cancel.setMinimumHeight(48)
        self.cancel.setAutoDefault(False)
        self.cancel.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.reject)
        layout = widgets.QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addWidget(WhoApproves())
        layout.addWidget(self.who)
        layout.addWidget(self.pin)
        layout.addWidget(Keypad(self.pin, self.submit))
        layout.addWidget(self.message)
        layout.addWidget(self.cancel)
        self.setMinimumWidth(420)
        self.finished.connect(self._give_back_the_keyboard)
        self._life = Lifetime(self)
        self._list_approvers()

    def ask(self, reason: str, on_approved: Approved) -> None:
        """Show the dialog for one request; ``on_approved(approver)`` once a manager's PIN is right."""
        self._on_approved = on_approved
        self.reason.setText(reason)
        self.message.clear()
        self.pin.clear()
        self._submit_when_listed = False
        self._list_approvers()
        self.open()
        self.pin.setFocus()

    def _list_approvers(self) -> None:
        """Listed when the screen is built and again at each request, so the names are there at once."""
        cashier = self.ctx.cashier.name if self.ctx.cashier else ""
        self.ctx.tasks.db(lambda: _approvers(self.ctx, cashier), self._life.guard(self._show_approvers))

    def _show_approvers(self, staff: list[tuple[str, str]]) -> None:
        current = self.who.currentData()
        self.who.clear()
        for name, role in staff:
            self.who.addItem(f"{name} · {self._role(role)}", name)
        if current is not None and (index := self.who.findData(current)) >= 0:
            self.who.setCurrentIndex(index)
        if not staff:
            self.message.setText(self.tr("There is no manager or owner to approve. The owner adds staff in Settings › Staff."))
        self._listed = True
        if self._submit_when_listed:
            self._submit_when_listed = False
            self.submit()

    def _role(self, role: str) -> str:
        return {"owner": self.tr("owner"), "manager": self.tr("manager")}.get(role, self.tr("cashier"))

    def submit(self) -> None:
        name, pin = self.who.currentData(), self.pin.text()
        if self._busy or not self.isVisible():
            return
        if not self._listed and pin:  # a fast PIN and Enter before the names arrived
            self._submit_when_listed = True
            return
        if not name:
            self.message.setText(self.tr("Choose who approves, then type their PIN."))
            return
        if not pin:
            self.message.setText(self.tr("Type the PIN of %1, then press Enter.").replace("%1", name))
            return
        self._busy = True
        self.pin.clear()
        self.message.setText(self.tr("Checking the PIN…"))
        till, asking = self.ctx.till, None if self.ctx.cashier is None else self.ctx.cashier.name
        self.ctx.tasks.db(lambda: authenticate(till.uow(), till.shop, name, pin, asking), self._life.guard(self._checked),
                          self._life.guard(self._refused))

    def _checked(self, approver: Actor) -> None:
        self._busy = False
        if not self.isVisible():
            return
        if not approver.supervises:
            self.message.setText(self.tr("%1 is a cashier and cannot approve. A manager or the owner must type "
                                         "their PIN.").replace("%1", approver.name))
            self.pin.setFocus()
            return
        on_approved, self._on_approved = self._on_approved, None
        self.message.clear()
        self.accept()
        self.approved.emit(approver)
        if on_approved is not None:
            on_approved(approver)

    def _refused(self, problem: Refused) -> None:
        self._busy = False
        if not self.isVisible():
            return
        if problem.code == "wrong_pin":
            self.message.setText(problem.message + "\n" + self.tr("Type the PIN again, or press Esc to cancel."))
        else:
            self.message.setText(problem.message)
        self.pin.setFocus()

    def reject(self) -> None:
        self._on_approved = None
        super().reject()

    def _give_back_the_keyboard(self) -> None:
        """The screen's window takes the keys again (not every window manager hands them back)."""
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()


def _approvers(ctx: AppContext, cashier: str) -> list[tuple[str, str]]:
    """Only those who may approve, the active managers and owners, by name; never the one asking."""
    return who_may_approve(ctx.till.reading(), cashier)


def with_approval(ctx: AppContext, dialog: ApprovalDialog, reason: str, then: Approved) -> None:
    """``then(None)`` at once for a manager or owner; otherwise after another's PIN, ``then(approver)``."""
    if ctx.cashier is not None and ctx.cashier.supervises:
        then(None)
    else:
        dialog.ask(reason, then)
