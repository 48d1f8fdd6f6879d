"""In small text under a member's balance: at a till connected to a ledger that has not synced lately, the balance
is as of the last sync (worded as `jifen member show` says it). Nothing at a till that synced lately or has no ledger."""

from terminal.lang import say
from terminal.services.members import MemberView
from ui.qt import core, widgets



class BalanceNote(widgets.QLabel):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("small", True)  # smaller than the app's text, at every text size (ui.app.style_sheet)
        self.setWordWrap(True)
        self.setTextFormat(core.Qt.TextFormat.PlainText)
        self.hide()

    def word_for(self, view: MemberView | None) -> None:
        """The note for ``view``'s balance, or none; shown or hidden as it was."""
        notice = view.synced.notice if view is not None and view.synced is not None else None
        self.setText("" if notice is None else say(*notice))

    def show_for(self, view: MemberView | None) -> None:
        """The note for ``view``'s balance, or none (hidden)."""
        self.word_for(view)
        self.setVisible(self.wanted)

    @property
    def wanted(self) -> bool:
        """Whether the member shown has a note (the checkout hides and shows its parts itself)."""
        return bool(self.text())
