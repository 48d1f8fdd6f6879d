"""The line under a screen that says what became of its last receipt: printed on the device pool,
how it went (here and in the status bar), and Ctrl+P to print it again. The checkout and the gifts
screen share it; the thing printed is recorded before it is printed, so a failure only says so."""

from printing.service import Outcome
from ui.context import AppContext
from ui.qt import widgets
from ui.screens.settings_widgets import Lifetime


class PrintNote(widgets.QLabel):
    def __init__(self, ctx: AppContext, not_printed: str, no_printer: str) -> None:
        """``not_printed`` is the screen's sentence for a failed print, with %1 for what went wrong."""
        super().__init__()
        self.setWordWrap(True)
        self.ctx = ctx
        self._not_printed, self._no_printer = not_printed, no_printer
        self._life = Lifetime(self)
        self.last: tuple[str, str] | None = None  # (kind, ref) for printing.print
        self.state = ""  # of the last print: printing, printed, not printed, no printer

    def print(self, kind: str, ref: str) -> None:
        self.last = (kind, ref)
        printing = self.ctx.printing
        if not printing.settings.url:
            self._show("no printer", self._no_printer)
            return
        self._show("printing", self.tr("Printing the receipt…"))
        self.ctx.tasks.io(lambda: printing.print(kind, ref), self._life.guard(self._done),
                          self._life.guard(lambda problem: self._failed(problem.message)))

    def reprint(self) -> None:
        if self.last is not None:
            self.print(*self.last)

    def _done(self, outcome: Outcome) -> None:
        if outcome.problem is None:
            self._show("printed", self.tr("Receipt printed."))
            self.ctx.bus.printer.emit(self.tr("Printer: ready"))
        else:
            self._failed(outcome.problem.message)  # the device's own words too: a touch screen has no tooltips

    def _failed(self, words: str) -> None:
        self._show("not printed", self._not_printed.replace("%1", words))
        self.ctx.bus.printer.emit(words)

    def _show(self, state: str, text: str) -> None:
        self.state = state
        self.setStyleSheet("color: #b00020;" if state == "not printed" else "")
        self.setText(text)
