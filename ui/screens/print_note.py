"""The line under a screen that says what became of its last receipt: printed on the device pool,
how it went (here and in the status bar), and Ctrl+P to print it again. The checkout and the gifts
screen share it; the thing printed is recorded before it is printed, so a failure only says so.

Once a receipt prints, what still waits in the print queue (receipts that did not print earlier)
prints after it: the customer at the counter first. The status bar counts what waits. When the printer
watch prints the receipt that did not print (the printer is back), the note says so: Ctrl+P then prints a
copy, as after any receipt that printed. The watch may also take a receipt just recorded before the screen
prints it: the screen then says how the watch's print went, and prints no copy of it."""

from collections.abc import Callable

from printing.problems import PrintProblem
from printing.service import Outcome
from ui.context import AppContext
from ui.qt import widgets
from ui.widgets.lifetime import Lifetime
from ui.widgets.problem import show_words
from ui.widgets.sentences import sentences

Printed = tuple[Outcome, int, int]  # a print, how many jobs wait after it, today's receipts never confirmed
CaughtUp = tuple[list[Outcome], int, int]


class PrintNote(widgets.QLabel):
    def __init__(self, ctx: AppContext, not_printed: str, no_printer: str) -> None:
        """``not_printed`` is the screen's sentence for a failed print, with %1 for what went wrong."""
        super().__init__()
        self.setWordWrap(True)
        self.ctx = ctx
        self._not_printed, self._no_printer = not_printed, no_printer
        self._life = Lifetime(self)
        self.last: tuple[str, str, bool] | None = None  # (kind, ref, at_hand): what Ctrl+P prints again
        self._job: int | None = None  # the print job of the last receipt, once queued
        self.state = ""  # of the last print: printing, printed, unsure, not printed, no printer
        self.waiting = 0  # jobs in the print queue, as last counted (here, by another screen or the printer watch)
        self._unconfirmed = 0  # today's receipts the printer took but never confirmed, as last counted here
        ctx.bus.print_waiting.connect(self._life.guard(self._counted))
        ctx.bus.printed.connect(self._life.guard(self._printed_from_queue))
        if ctx.printing.settings.url:
            ctx.tasks.db(ctx.printing.waiting, self._life.guard(self._count), lambda _problem: None)

    def print(self, kind: str, ref: str, at_hand: bool = True) -> None:
        """``at_hand``: what was just recorded, for the customer being served: its own print job, which the printer
        watch may have printed meanwhile (never a copy then). Else a receipt looked up again: a copy once it printed,
        and never the drawer."""
        printing = self.ctx.printing
        if at_hand:
            self._send(kind, ref, at_hand, lambda: printing.print_recorded(kind, ref))
        else:
            self._send(kind, ref, at_hand, lambda: printing.print(kind, ref, looked_up=True))

    def _send(self, kind: str, ref: str, at_hand: bool, print_it: Callable[[], Outcome]) -> None:
        self.last, self._job = (kind, ref, at_hand), None
        printing = self.ctx.printing
        if not printing.settings.url:
            self._show("no printer", self._no_printer)
            return
        self._show("printing", self.tr("Printing the receipt…"))
        self.ctx.tasks.io(lambda: (print_it(), printing.waiting(), printing.unconfirmed_today()),
                          self._life.guard(self._done),
                          self._life.guard(lambda problem: self._failed(problem.message)))

    def reprint(self) -> bool:
        """The last receipt again (a copy once it printed); once it printed, what still waits in the queue.
        False: nothing to print."""
        if self.last is not None and not (self.state == "printed" and self.waiting):
            kind, ref, at_hand = self.last
            printing = self.ctx.printing
            self._send(kind, ref, at_hand, lambda: printing.print(kind, ref, looked_up=not at_hand))
        elif self.waiting and self.ctx.printing.settings.url:
            self._catch_up()
        else:
            return False
        return True

    def _done(self, printed: Printed) -> None:
        outcome, waiting, self._unconfirmed = printed
        self._job = outcome.job.id
        self._count(waiting)
        if outcome.problem is None:
            self._show("printed", self.tr("Receipt printed."))
            self._printer_ready()
            if waiting:
                self._catch_up()
            return
        self._tell_status_bar(outcome.problem)
        if outcome.unsure:
            self._show("unsure", self.tr("The printer did not confirm the receipt: it may have printed — check the "
                                         "paper. If it did not, Ctrl+P prints it again, marked as a copy."))
        else:
            self._failed(outcome.problem.happened)

    def _catch_up(self) -> None:
        printing = self.ctx.printing
        self.setText(sentences(self._head(), self.tr("Printing what waited in the print queue…")))
        self.ctx.tasks.io(lambda: (printing.retry(), printing.waiting(), printing.unconfirmed_today()),
                          self._life.guard(self._caught_up),
                          self._life.guard(lambda problem: self._still_waiting(self.waiting, problem.message)))

    def _caught_up(self, caught_up: CaughtUp) -> None:
        outcomes, waiting, self._unconfirmed = caught_up
        self._count(waiting)
        printed = [o.job.id for o in outcomes if o.printed]
        if printed:
            self.ctx.bus.printed.emit(printed)  # another screen's receipt may be among them
        problem = next((o.problem for o in outcomes if o.problem is not None), None)
        if waiting and problem is not None:
            self._still_waiting(waiting, problem.happened)
            self._tell_status_bar(problem)
            return
        done = self.tr("%n that waited in the print queue printed too.", "", len(printed)) if printed else ""
        self.setText(sentences(self._head(), done))
        if printed:
            self._printer_ready()

    def _printed_from_queue(self, jobs: list[int]) -> None:
        """The printer watch (or another screen) printed what waited: this note's receipt too, perhaps."""
        if self.state == "not printed" and self._job in jobs and self.text():  # (a screen may have cleared it)
            self._show("printed", self.tr("Receipt printed: the printer is back."))

    def _still_waiting(self, waiting: int, words: str) -> None:
        still = self.tr("%n still waiting in the print queue: %1. Ctrl+P prints them.", "", waiting).replace("%1", words)
        self.setText(sentences(self._head(), still))

    def _head(self) -> str:
        return self.tr("Receipt printed.") if self.state == "printed" else ""

    def _failed(self, words: str) -> None:
        self._show("not printed", self._not_printed.replace("%1", words))

    def _tell_status_bar(self, problem: PrintProblem) -> None:
        self.ctx.bus.printer.emit(problem.short, problem.in_full)
        self.ctx.bus.unconfirmed.emit(self._unconfirmed)

    def _printer_ready(self) -> None:
        self.ctx.bus.printer.emit(self.tr("Printer: ready"), "")
        self.ctx.bus.unconfirmed.emit(self._unconfirmed)

    def _count(self, waiting: int) -> None:
        self.ctx.bus.print_waiting.emit(waiting)

    def _counted(self, waiting: int) -> None:
        self.waiting = waiting

    def _show(self, state: str, text: str) -> None:
        self.state = state
        show_words(self, text, state in ("not printed", "unsure"))
