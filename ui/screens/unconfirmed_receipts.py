"""Today's receipts the printer took but never confirmed (the status bar counts them), opened by a click on the
printer's words or by LIST_KEY: each receipt's number, time, total and member, to find it on the paper. REPRINT_KEY
prints the one chosen again, marked as a copy (重印), on the device pool; PRINTED_KEY says it did print. Either is
stored in the print queue, and the status bar's count follows. A receipt that does not print again waits in the
print queue, as any other, and is said as the print note says it."""

from collections.abc import Callable

from printing.print_queue import Job
from printing.service import Outcome
from printing.unconfirmed import UnconfirmedReceipt
from terminal.errors import Refused
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.widgets.lifetime import Lifetime
from ui.widgets.money import yuan
from ui.widgets.problem import show_words
from ui.widgets.screen_room import fitting

LIST_KEY = "Ctrl+F3"  # beside Refunds' F3, where a receipt looked up prints again
REPRINT_KEY, PRINTED_KEY = "Ctrl+P", "F8"  # Ctrl+P prints a receipt again on every screen
NUMBER, TIME, TOTAL, MEMBER = range(4)
Reprinted = tuple[Outcome, int, list[UnconfirmedReceipt]]  # the print, how many jobs wait, what is still unconfirmed
Marked = tuple[Job, list[UnconfirmedReceipt]]  # the job marked, what is still unconfirmed


class UnconfirmedReceiptsDialog(widgets.QDialog):
    """↑ ↓ choose a receipt; Esc closes, and the keyboard goes back to the screen."""

    def __init__(self, ctx: AppContext, parent: widgets.QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self.setAttribute(core.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Receipts the printer did not confirm"))
        self._look = (self.tr("The printer took these receipts today but never confirmed them: look for each on the "
                              "paper. Found: %2. Not there: %1 prints it again, marked as a copy.")
                      .replace("%1", REPRINT_KEY).replace("%2", PRINTED_KEY))
        self.intro = _label(self._look)
        self.table = self._table()
        self.message = _label("")
        self.reprint_button = _button(self.tr("Print again as a copy  %1").replace("%1", REPRINT_KEY), self.reprint)
        self.printed_button = _button(self.tr("It printed  %1").replace("%1", PRINTED_KEY), self.mark_printed)
        close_button = _button(self.tr("Close  Esc"), self.reject)
        self._lay_out(close_button)
        for key, action in ((REPRINT_KEY, self.reprint), (PRINTED_KEY, self.mark_printed)):
            gui.QShortcut(gui.QKeySequence(key), self).activated.connect(action)
        self.receipts: list[UnconfirmedReceipt] = []
        self.working = False  # a print or a mark under way: one at a time
        self._enable()
        self.finished.connect(parent.window().activateWindow)  # not every window manager hands the keys back
        self.resize(fitting(core.QSize(720, 440)))

    def _table(self) -> widgets.QTableWidget:
        table = widgets.QTableWidget(0, 4)
        table.setHorizontalHeaderLabels([self.tr("Receipt no."), self.tr("Time"), self.tr("Total"), self.tr("Member")])
        table.setAccessibleName(self.tr("Receipts the printer did not confirm"))
        table.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(widgets.QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(widgets.QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(NUMBER, widgets.QHeaderView.ResizeMode.Stretch)
        for column in (TIME, TOTAL, MEMBER):
            table.horizontalHeader().setSectionResizeMode(column, widgets.QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _lay_out(self, close_button: widgets.QPushButton) -> None:
        column = widgets.QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        buttons = widgets.QHBoxLayout()
        for button in (self.reprint_button, self.printed_button, close_button):
            buttons.addWidget(button)
        column.addLayout(buttons)

    def start(self) -> None:
        self.open()
        self.table.setFocus()
        self.ctx.tasks.db(self.ctx.printing.unconfirmed_receipts, self._life.guard(self._listed),
                          self._life.guard(self._refused))

    def chosen(self) -> UnconfirmedReceipt | None:
        row = self.table.currentRow()
        return self.receipts[row] if 0 <= row < len(self.receipts) else None

    def reprint(self) -> None:
        receipt = self.chosen()
        if receipt is None or self.working:
            return
        self._start(self.tr("Printing a copy of %1…").replace("%1", receipt.number))
        printing, job = self.ctx.printing, receipt.job.id
        self.ctx.tasks.io(lambda: (printing.retry(job)[0], printing.waiting(), printing.unconfirmed_receipts()),
                          self._life.guard(self._reprinted), self._life.guard(self._refused))

    def mark_printed(self) -> None:
        receipt = self.chosen()
        if receipt is None or self.working:
            return
        self._start("")
        printing, job = self.ctx.printing, receipt.job.id
        self.ctx.tasks.db(lambda: (printing.mark_printed(job), printing.unconfirmed_receipts()),
                          self._life.guard(lambda marked: self._marked(receipt.number, marked)),
                          self._life.guard(self._refused))

    def _start(self, words: str) -> None:
        self.working = True
        self._enable()
        self._say(words)

    def _reprinted(self, reprinted: Reprinted) -> None:
        outcome, waiting, receipts = reprinted
        number, problem = outcome.job.ref, outcome.problem
        self.ctx.bus.print_waiting.emit(waiting)
        if problem is None:
            self._say(self.tr("A copy of %1 printed.").replace("%1", number))
            self.ctx.bus.printer.emit(core.QCoreApplication.translate("StatusBar", "Printer: ready"), "")
        elif outcome.unsure:
            self._say(self.tr("The printer did not confirm the copy of %1 either: look for it on the paper.")
                      .replace("%1", number), problem=True)
            self.ctx.bus.printer.emit(problem.short, problem.in_full)
        else:
            self._say(self.tr("The copy of %1 did not print: %2. It waits in the print queue and prints once the "
                              "printer is back.").replace("%1", number).replace("%2", problem.happened), problem=True)
            self.ctx.bus.printer.emit(problem.short, problem.in_full)
        self.working = False
        self._listed(receipts)

    def _marked(self, number: str, marked: Marked) -> None:
        self._say(self.tr("%1 printed, as you found it on the paper.").replace("%1", number))
        self.working = False
        self._listed(marked[1])

    def _refused(self, problem: Refused) -> None:
        self._say(problem.message, problem=True)
        self.working = False
        self._enable()

    def _listed(self, receipts: list[UnconfirmedReceipt]) -> None:
        """The list as it is now; the cursor stays on the same receipt while it is there."""
        kept = self.chosen()
        self.receipts = receipts
        self.table.setRowCount(len(receipts))
        for row, receipt in enumerate(receipts):
            for column, text in enumerate(self._cells(receipt)):
                self.table.setItem(row, column, widgets.QTableWidgetItem(text))
        same = [row for row, r in enumerate(receipts) if kept and (r.job.kind, r.number) == (kept.job.kind, kept.number)]
        if receipts:
            self.table.setCurrentCell(same[0] if same else 0, NUMBER)
        self.table.setVisible(bool(receipts))
        self.intro.setText(self._look if receipts else
                           self.tr("The printer confirmed every receipt printed today: there is nothing to check."))
        self.ctx.bus.unconfirmed.emit(len(receipts))
        self._enable()

    def _cells(self, receipt: UnconfirmedReceipt) -> tuple[str, str, str, str]:
        number = self.tr("%1 (refund)").replace("%1", receipt.number) if receipt.refund else receipt.number
        total = yuan(receipt.total_fen) if receipt.total_fen is not None else "—"
        return number, f"{receipt.at:%H:%M}", total, receipt.phone or self.tr("no member")

    def _enable(self) -> None:
        for button in (self.reprint_button, self.printed_button):
            button.setEnabled(bool(self.receipts) and not self.working)

    def _say(self, words: str, problem: bool = False) -> None:
        show_words(self.message, words, problem)


def _label(text: str) -> widgets.QLabel:
    label = widgets.QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(core.Qt.TextFormat.PlainText)
    return label


def _button(text: str, action: Callable[[], object]) -> widgets.QPushButton:
    button = widgets.QPushButton(text)
    button.setAutoDefault(False)  # Enter in the list does nothing: each answer has its own key
    button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action)
    return button
