"""The gifts screen's questions and fields: "exchange this gift?" (Enter, or F10 for a top-up by card),
the exchange number to cancel (F8), and the partner offer to claim a code of (F11)."""

from typing import Any

from ui.qt import core, widgets
from ui.screens.checkout_pay import EnterButton
from ui.widgets.echo import plain
from ui.widgets.input_method import CODE, NoImeEdit, Query, input_method_off, no_input_method
from ui.widgets.money import points

TOUCH = 44


class ConfirmBox(widgets.QWidget):
    """One question at a time; Enter confirms (the top-up in cash), F10 with the top-up by card."""

    confirmed = core.Signal(str)  # how the top-up is paid: "cash" or "card"

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = widgets.QLabel()
        self.question.setObjectName("big")
        self.question.setWordWrap(True)
        plain(self.question)
        self.confirm = EnterButton(self.tr("Confirm (Enter)"))
        self.confirm.setMinimumHeight(TOUCH + 12)
        self.confirm.clicked.connect(lambda: self.confirmed.emit("cash"))
        self.card = widgets.QPushButton(self.tr("Top-up by card  F10"))
        self.card.setMinimumHeight(TOUCH + 12)
        self.card.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.card.clicked.connect(lambda: self.confirmed.emit("card"))
        self.back = widgets.QPushButton(self.tr("Back  Esc"))
        self.back.setMinimumHeight(TOUCH + 12)
        self.back.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        row = widgets.QHBoxLayout()
        row.addWidget(self.confirm, 1)
        row.addWidget(self.card)
        row.addWidget(self.back)
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.question)
        column.addLayout(row)
        self.hide()

    @property
    def asking(self) -> bool:
        return not self.isHidden()

    def ask(self, question: str, top_up: bool) -> None:
        self.question.setText(question)
        self.card.setVisible(top_up)
        self.confirm.setEnabled(True)
        self.show()
        self.confirm.setFocus()

    def close_question(self) -> None:
        self.hide()
        self.question.clear()


def field(placeholder: str) -> widgets.QLineEdit:
    """A field for a number or a code: the input method is off."""
    edit = NoImeEdit(CODE)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(placeholder)  # its only words: a screen reader says them when it is typed in
    edit.setMinimumHeight(TOUCH)
    return edit


class OtherActions(widgets.QWidget):
    """Cancelling today's exchange (a manager approves) and claiming a partner's code (the ledger must be online)."""

    cancel_entered = core.Signal(str)
    claim_entered = core.Signal(str)

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.exchange_ref = field(self.tr("Exchange number to cancel (F8) — Enter asks a manager"))
        self.exchange_ref.returnPressed.connect(lambda: self._entered(self.exchange_ref, self.cancel_entered))
        self.offer = OfferField(self.tr("Partner offer to claim a code of (F11): ↓ lists them — Enter claims"))
        self.offer.entered.connect(self.claim_entered)
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.exchange_ref)
        column.addWidget(self.offer)

    @staticmethod
    def _entered(edit: widgets.QLineEdit, signal: core.SignalInstance) -> None:
        if edit.text().strip():
            signal.emit(edit.text().strip())


class OfferField(widgets.QComboBox):
    """The partner offer to claim a code of: one of the ledger's open offers (↓ lists them), or its id typed."""

    entered = core.Signal(str)  # the offer's id

    def __init__(self, placeholder: str, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(widgets.QComboBox.InsertPolicy.NoInsert)
        self.setMinimumHeight(TOUCH)
        edit = self.lineEdit()
        assert edit is not None
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self._entered)
        input_method_off(self, CODE)

    def inputMethodQuery(self, query: Query) -> Any:  # type: ignore[override]
        return no_input_method(query, super().inputMethodQuery(query))

    def show_offers(self, offers: list[dict[str, Any]]) -> None:
        typed, chosen = self.currentText(), self.offer_id()
        self.clear()
        for offer in offers:
            self.addItem(self.describe(offer), offer["id"])
        self.setCurrentIndex(-1)  # ↓ then picks the first
        if typed and (again := self.findData(chosen)) >= 0:
            self.setCurrentIndex(again)  # the offer picked stays picked, with its new count
        else:
            self.setEditText(typed)

    def select_all(self) -> None:
        edit = self.lineEdit()
        if edit is not None:
            edit.selectAll()

    def describe(self, offer: dict[str, Any]) -> str:
        return self.tr("%1 · %2 (%3) · %4 points · %5 left", "", offer["points"]).replace("%1", offer["id"]) \
            .replace("%2", offer["title"]).replace("%3", offer["partner"]).replace("%4", points(offer["points"])) \
            .replace("%5", str(offer["remaining"]))

    def offer_id(self) -> str:
        text = self.currentText().strip()
        chosen = self.findText(text)
        return str(self.itemData(chosen)) if chosen >= 0 else text.split(" · ")[0].strip()

    def _entered(self) -> None:
        if self.offer_id():
            self.entered.emit(self.offer_id())
