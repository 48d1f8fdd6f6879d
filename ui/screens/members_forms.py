"""The members screen's two forms, registering a member and adjusting a member's points, and the dialog correcting
a member's phone or name. In a form Enter moves to the next field and, on the last, sends the form; in the dialog
Enter saves. The screen does the rest."""

import re
import unicodedata

from terminal.services.adjust import MAX_ADJUST
from ui.qt import core, widgets
from ui.screens.base import CODE_CHARS
from ui.widgets.echo import plain
from ui.widgets.input_method import CODE, NUMBER, PHONE, Hint, NoImeEdit

_SIGNED = re.compile(r"[+-]?[0-9]{1,7}")
FIELD_HEIGHT = 48
PHONE_CHARS, NAME_CHARS, POINTS_CHARS, REASON_CHARS = 20, 64, 12, 200  # "+86 138 0013 8000"; a name is up to 32


def _field(placeholder: str, longest: int, hints: Hint | None = None) -> widgets.QLineEdit:
    """With ``hints``, a field for digits or codes: the input method is off. Without, one for Chinese text."""
    edit = widgets.QLineEdit() if hints is None else NoImeEdit(hints)
    edit.setMaxLength(longest)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(FIELD_HEIGHT)
    return edit


def _button(text: str) -> widgets.QPushButton:
    button = widgets.QPushButton(text)
    button.setMinimumHeight(FIELD_HEIGHT)
    button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
    return button


class RegisterForm(widgets.QWidget):
    submitted = core.Signal(str, str, str)  # phone, name, referrer ("" when not given)
    cancelled = core.Signal()

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.phone = _field(self.tr("Mobile number (11 digits)"), PHONE_CHARS, PHONE)
        self.name = _field(self.tr("Name (optional)"), NAME_CHARS)
        self.referrer = _field(self.tr("Referred by: phone, member number or scan (optional)"), CODE_CHARS, CODE)
        self.phone.returnPressed.connect(self.name.setFocus)
        self.name.returnPressed.connect(self.referrer.setFocus)
        self.referrer.returnPressed.connect(self.submit)
        self.register = _button(self.tr("Register  Enter"))
        self.register.clicked.connect(self.submit)
        back = _button(self.tr("Back  Esc"))
        back.clicked.connect(self.cancelled)
        form = widgets.QFormLayout(self)
        title = widgets.QLabel(self.tr("New member"))
        title.setObjectName("title")
        form.addRow(title)
        form.addRow(self.tr("Mobile"), self.phone)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Referrer"), self.referrer)
        buttons = widgets.QHBoxLayout()
        buttons.addWidget(self.register)
        buttons.addWidget(back)
        form.addRow(buttons)

    def start(self) -> None:
        for edit in (self.phone, self.name, self.referrer):
            edit.clear()
        self.phone.setFocus()

    def submit(self) -> None:
        self.submitted.emit(self.phone.text().strip(), self.name.text().strip(), self.referrer.text().strip())


class AdjustForm(widgets.QWidget):
    submitted = core.Signal(int, str)  # points (signed), reason
    cancelled = core.Signal()
    invalid = core.Signal(str)  # what is wrong, in the cashier's words

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = widgets.QLabel()
        self.title.setObjectName("title")
        plain(self.title)
        self.points = _field(self.tr("Points: 200 to add, -50 to take away"), POINTS_CHARS, NUMBER)
        self.reason = _field(self.tr("Reason (required)"), REASON_CHARS)
        self.points.returnPressed.connect(self.reason.setFocus)
        self.reason.returnPressed.connect(self.submit)
        self.adjust = _button(self.tr("Adjust  Enter"))
        self.adjust.clicked.connect(self.submit)
        back = _button(self.tr("Back  Esc"))
        back.clicked.connect(self.cancelled)
        form = widgets.QFormLayout(self)
        form.addRow(self.title)
        form.addRow(self.tr("Points"), self.points)
        form.addRow(self.tr("Reason"), self.reason)
        hint = widgets.QLabel(self.tr("A manager or the owner approves every adjustment."))
        hint.setWordWrap(True)
        form.addRow(hint)
        buttons = widgets.QHBoxLayout()
        buttons.addWidget(self.adjust)
        buttons.addWidget(back)
        form.addRow(buttons)

    def start(self, who: str) -> None:
        self.title.setText(self.tr("Adjust the points of %1").replace("%1", who))
        self.points.clear()
        self.reason.clear()
        self.points.setFocus()

    def submit(self) -> None:
        text = unicodedata.normalize("NFKC", self.points.text()).replace(",", "").replace(" ", "")
        if not _SIGNED.fullmatch(text) or int(text) == 0 or abs(int(text)) > MAX_ADJUST:
            self.invalid.emit(self.tr("Write the points as a whole number other than 0, up to %1: 200 adds points, "
                                      "-50 takes them away.").replace("%1", f"{MAX_ADJUST:,}"))
            self.points.selectAll()
            self.points.setFocus()
            return
        reason = self.reason.text().strip()
        if not reason or len(reason) > REASON_CHARS:
            self.invalid.emit(self.tr("Say why, in 1 to 200 characters (for example: goods returned without "
                                      "a receipt)."))
            self.reason.setFocus()
            return
        self.submitted.emit(int(text), reason)


class EditDialog(widgets.QDialog):
    """A member's phone (left empty, kept) and name, to correct: Enter saves (the default button), Esc cancels. A
    refusal is said here and what was typed stays, so the cashier corrects it and presses Enter again."""

    submitted = core.Signal(str, str)  # phone ("" keeps it), name ("" clears it)

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit member details"))
        self.setModal(True)
        self.title = widgets.QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.phone = _field(self.tr("Mobile number (11 digits)"), PHONE_CHARS, PHONE)
        self.name = _field(self.tr("Name (empty for no name)"), NAME_CHARS)
        self.message = widgets.QLabel()
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        plain(self.title, self.message)
        self.save = _button(self.tr("Save  Enter"))
        self.save.setDefault(True)
        self.save.clicked.connect(self.submit)
        cancel = _button(self.tr("Cancel  Esc"))
        cancel.clicked.connect(self.reject)
        self._lay_out(cancel)
        self.setMinimumWidth(480)
        self.finished.connect(self._give_back_the_keyboard)

    def _lay_out(self, cancel: widgets.QPushButton) -> None:
        form = widgets.QFormLayout(self)
        form.addRow(self.title)
        form.addRow(self.tr("Mobile"), self.phone)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.message)
        buttons = widgets.QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(cancel)
        form.addRow(buttons)

    def start(self, who: str, masked_phone: str, name: str) -> None:
        """Shown with the name filled in and the phone empty, ready for a new one: the phone is shown masked, as
        everywhere else, so a cashier cannot read it before a manager approves anything."""
        self.title.setText(self.tr("Edit the details of %1").replace("%1", who))
        self.phone.clear()
        self.phone.setPlaceholderText(self.tr("New mobile number (leave empty to keep %1)")
                                      .replace("%1", masked_phone))
        self.name.setText(name)
        self.message.clear()
        self.open()
        self.phone.setFocus()

    def say(self, text: str) -> None:
        self.message.setText(text)

    def refuse(self, text: str, field: widgets.QLineEdit) -> None:
        """``text`` said; the dialog stays with what was typed, the keyboard in ``field``."""
        self.message.setText(text)
        self.activateWindow()
        field.setFocus()
        field.selectAll()

    def _give_back_the_keyboard(self) -> None:
        """The screen's window takes the keys again (not every window manager hands them back)."""
        parent = self.parentWidget()
        if parent is not None:
            parent.window().activateWindow()

    def submit(self) -> None:
        if self.isVisible():
            self.submitted.emit(self.phone.text().strip(), self.name.text().strip())
