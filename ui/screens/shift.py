"""Shift: open and close your shift and see its totals; close the day (a manager or the owner, or
with their PIN), which writes the Z record and prints the Z report; F10 prints the last Z report
again, whenever there is one. Closing asks first: Enter confirms, Esc goes back. Closing your shift ends your
session (交班): the app goes back to the login, so no sale is made after it; neither closing is done while a sale is
open at the checkout (it would be left out, or lost by the logging out). After a restore from an older
backup the last Z may be one only the ledger holds (or, the ledger restored too, none): the screen says so, and that
the next Z follows it."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from printing.service import Outcome
from terminal.errors import Refused
from terminal.services.cashiers import Actor, approval
from terminal.services.reports import LastZ, ZSpan, close_day, z_days, z_span
from terminal.services.shifts import close_shift, open_shift
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.qt import core, gui, widgets
from ui.screens.checkout import CheckoutScreen
from ui.screens.base import Screen
from ui.screens.shift_data import ShiftState, local_time, shift_state
from ui.screens.shift_totals import TotalsView
from ui.widgets.approval import ApprovalDialog, with_approval
from ui.widgets.echo import plain
from ui.widgets.marks import marks_focus
from ui.widgets.money import yuan

OPEN_KEY, CLOSE_KEY, DAY_KEY, REPRINT_KEY = "F7", "F8", "F9", "F10"


class ShiftScreen(Screen):
    key = "F4"

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Shift"))
        self.state: ShiftState | None = None
        self.last_z: int | None = None  # the latest Z, to print again (None: none, or not held here)
        self._closed_z: int | None = None  # the Z written on this screen
        self._busy = False
        self._printing = False
        self._pending: Callable[[], None] | None = None
        self.status = widgets.QLabel()
        self.status.setObjectName("big")
        self.status.setWordWrap(True)
        self.z_note = widgets.QLabel()  # the last Z is not held here
        self.z_note.setWordWrap(True)
        self.heading = widgets.QLabel()
        self.totals = TotalsView()
        self.info = widgets.QLabel()
        self.info.setWordWrap(True)
        self.problem = widgets.QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.open_button = self._button(self.tr("Open shift  %1").replace("%1", OPEN_KEY), self.open_shift)
        self.close_button = self._button(self.tr("Close shift  %1").replace("%1", CLOSE_KEY), self.ask_close_shift)
        self.day_button = self._button(self.tr("Close the day (Z)  %1").replace("%1", DAY_KEY), self.ask_close_day)
        self.reprint_button = self._button("", self.reprint)
        self.question = widgets.QLabel()
        self.question.setObjectName("big")
        self.question.setWordWrap(True)
        plain(self.status, self.z_note, self.heading, self.info, self.problem, self.question)
        self.yes_button = self._button(self.tr("Yes  Enter"), self._confirmed)
        self.no_button = self._button(self.tr("Back  Esc"), self.back)
        self.no_button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.confirm_box = widgets.QFrame()
        self.confirm_box.setFrameShape(widgets.QFrame.Shape.StyledPanel)
        confirm = widgets.QHBoxLayout(self.confirm_box)
        confirm.addWidget(self.question, 1)
        confirm.addWidget(self.yes_button)
        confirm.addWidget(self.no_button)
        buttons = widgets.QHBoxLayout()
        for button in (self.open_button, self.close_button, self.day_button, self.reprint_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = widgets.QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.z_note)
        layout.addLayout(buttons)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.info)
        layout.addWidget(self.heading)
        layout.addWidget(self.totals)
        layout.addStretch()
        for key, action in ((OPEN_KEY, self.open_shift), (CLOSE_KEY, self.ask_close_shift),
                            (DAY_KEY, self.ask_close_day), (REPRINT_KEY, self.reprint), ("Esc", self.back)):
            shortcut = gui.QShortcut(gui.QKeySequence(key), self)
            shortcut.setContext(core.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.approval = ApprovalDialog(ctx, self)
        self.confirm_box.hide()
        self.reprint_button.hide()
        self.z_note.hide()
        self.totals.hide()

    def _button(self, text: str, action: Callable[[], None]) -> widgets.QPushButton:
        button = widgets.QPushButton(text)
        button.setMinimumHeight(48)
        button.setAutoDefault(True)  # Enter presses the button that has the focus
        button.setFocusPolicy(core.Qt.FocusPolicy.TabFocus)
        button.clicked.connect(action)
        return marks_focus(button)

    @property
    def _cashier(self) -> Actor | None:
        return self.ctx.cashier

    # --- the state of the shift ---------------------------------------------------------------

    def entered(self) -> None:
        self.refresh()

    def refresh(self, then_say: str = "", shift_totals: bool = True) -> None:
        """Read the shift again; ``shift_totals`` False keeps the totals just closed on screen."""
        cashier = self._cashier
        if cashier is None or self._busy:
            return
        self._busy = True
        till = self.ctx.till
        self.ctx.tasks.db(lambda: shift_state(till, cashier.name),
                          lambda state: self._show_state(state, then_say, shift_totals), self._refused)

    def _show_state(self, state: ShiftState, then_say: str, shift_totals: bool) -> None:
        self._busy = False
        self.state = state
        last = state.last_z
        self._show_last_z(last.number if last.number and last.here else None)
        self.z_note.setText(self._not_here(last))
        self.z_note.setVisible(not last.here)
        opened = state.opened_at is not None
        self.open_button.setVisible(not opened)
        self.close_button.setVisible(opened)
        if state.opened_at is not None:
            self.status.setText(self.tr("Your shift has been open since %1.").replace("%1", self._when(state.opened_at)))
        else:
            self.status.setText(self.tr("Your shift is not open. Press %1 to open it.").replace("%1", OPEN_KEY))
        if shift_totals and state.opened_at is not None:
            since = state.counts_from or state.opened_at
            self._show_totals(self.tr("So far this shift, from %1:").replace("%1", self._when(since)), state.totals)
        elif shift_totals:
            self.heading.clear()
            self.totals.hide()
        if then_say:
            self.info.setText(then_say)
        if not self.confirm_box.isVisible():
            (self.close_button if opened else self.open_button).setFocus()

    def _show_last_z(self, number: int | None) -> None:
        self.last_z = number
        self.reprint_button.setText(self.tr("Print Z%1 again  %2").replace("%1", str(number)).replace("%2", REPRINT_KEY))
        self._show_reprint()

    def _not_here(self, last: LastZ) -> str:
        """What became of the last Z when a restore from an older backup left it to the ledger, and the next Z."""
        if last.here:
            return ""
        if last.lost:
            note = self.tr("The last Z, Z%1, is held nowhere any more: this store was restored from a backup made "
                           "before it, and the ledger since from one made before it took it (jifen journal verify says "
                           "what to do). The next Z is Z%2.")
        else:
            note = self.tr("The last Z, Z%1, is held by the ledger only: this store was restored from a backup made "
                           "before it. The next Z is Z%2.")
        return note.replace("%1", str(last.number)).replace("%2", str(last.next))

    def _show_reprint(self) -> None:
        """Whenever there is a Z, except while it prints."""
        self.reprint_button.setVisible(self.last_z is not None and not self._printing)

    def _show_totals(self, heading: str, totals: dict[str, Any]) -> None:
        self.heading.setText(heading)
        self.totals.show_totals(totals, linked=self.ctx.till.shop.ledger is not None)
        self.totals.show()

    def _refused(self, problem: Refused) -> None:
        self._busy = False
        if self.ctx.ends_session(problem):  # deactivated since logging in: back to the login, saying why
            return
        self.info.clear()
        self.problem.setText(problem.message)
        self._focus_main()

    def _focus_main(self) -> None:
        opened = self.state is not None and self.state.opened_at is not None
        (self.close_button if opened else self.open_button).setFocus()

    # --- asking before closing ----------------------------------------------------------------

    def _ask(self, question: str, action: Callable[[], None]) -> None:
        self._pending = action
        self.problem.clear()
        self.question.setText(question)
        self.confirm_box.show()
        self.yes_button.setFocus()

    def _confirmed(self) -> None:
        action, self._pending = self._pending, None
        self.confirm_box.hide()
        if action is not None:
            action()

    def back(self) -> None:
        """Esc: do not close after all."""
        self._pending = None
        self.confirm_box.hide()
        self._focus_main()

    # --- the cashier's shift ------------------------------------------------------------------

    def open_shift(self) -> None:
        cashier = self._cashier
        if cashier is None or self._busy or (self.state is not None and self.state.opened_at is not None):
            return
        self._busy = True
        self.problem.clear()
        till = self.ctx.till
        self.ctx.tasks.db(lambda: open_shift(till.uow(), till.shop, cashier), self._opened, self._refused)

    def _opened(self, _opened: dict[str, Any]) -> None:
        self._busy = False
        self.refresh(self.tr("Shift opened."))

    def _sale_open(self) -> int | None:
        """The total of the sale open at the checkout (being paid, or with lines), None when there is none."""
        window = self.window()
        for screen in window.screens if isinstance(window, MainWindow) else []:
            if isinstance(screen, CheckoutScreen) and (screen.busy or (screen.draft.lines and not screen.finished)):
                return screen.draft.total_fen
        return None

    def _refuse_while_selling(self, question: str) -> bool:
        """True, having said so, while a sale is open at the checkout: ``question`` names what would leave it out."""
        total = self._sale_open()
        if total is None:
            return False
        self.info.clear()
        self.problem.setText(question.replace("%1", yuan(total)))
        return True

    def ask_close_shift(self) -> None:
        if self.state is None or self.state.opened_at is None or self._busy:
            return
        if self._refuse_while_selling(self.tr("A sale of %1 is open at the checkout: take payment or clear it (F1) "
                                              "before closing your shift.")):
            return
        self._ask(self.tr("Close your shift now? Its totals are recorded and a new shift starts from zero."),
                  self._close_shift)

    def _close_shift(self) -> None:
        cashier = self._cashier
        if cashier is None or self._busy:
            return
        self._busy = True
        till = self.ctx.till
        self.ctx.tasks.db(lambda: close_shift(till.uow(), till.shop, cashier), self._shift_closed, self._refused)

    def _when(self, moment: datetime) -> str:
        """The time; with the date too when it was not today (a shift left open overnight)."""
        return moment.strftime("%H:%M" if moment.date() == self.ctx.till.shop.today() else "%Y-%m-%d %H:%M")

    def _shift_closed(self, summary: dict[str, Any]) -> None:
        self._busy = False
        self.problem.clear()
        start, end = (self._when(local_time(self.ctx.till, summary[at])) for at in ("from_at", "closed_at"))
        self._show_totals(self.tr("Your shift's totals, %1 to %2:").replace("%1", start).replace("%2", end), summary)
        self.ctx.bus.session_ended.emit(self.tr("%1's shift is closed: the drawer should hold %2 in cash. Log in to "
                                                "start the next shift.").replace("%1", str(summary["cashier"]))
                                        .replace("%2", yuan(int(summary["drawer_cash_fen"]))))
        if self.ctx.cashier is None:  # logged out: this screen is gone
            return
        self.refresh(self.tr("Shift closed. Count the drawer against the cash below."), shift_totals=False)

    # --- the end of the day -------------------------------------------------------------------

    def ask_close_day(self) -> None:
        if self._busy or self.state is None:
            return
        if self._refuse_while_selling(self.tr("A sale of %1 is open at the checkout: take payment or clear it (F1) "
                                              "before closing the day.")):
            return
        question = self.tr("Close the day? Z%1, the record of everything since the last Z, is written and its report "
                           "printed. This cannot be undone.").replace("%1", str(self.state.last_z.next))
        if self.state.open_shifts:
            question += "\n" + self.tr("Shifts still open: %1.").replace("%1", ", ".join(self.state.open_shifts))
        self._ask(question, self._approve_day)

    def _approve_day(self) -> None:
        reason = self.tr("Closing the day needs a manager's or the owner's PIN.")
        with_approval(self.ctx, self.approval, reason, self._close_day)

    def _close_day(self, approver: Actor | None) -> None:
        cashier = self._cashier
        if cashier is None or self._busy:
            return
        self._busy = True
        self.info.setText(self.tr("Closing the day…"))
        till = self.ctx.till

        def close() -> tuple[dict[str, Any], ZSpan | None]:
            z = close_day(till.uow(), till.shop, approval(cashier, approver, "closing the day", "日结"), cashier)
            return z, z_span(till.reading(), till.shop, z)

        self.ctx.tasks.db(close, self._day_closed, self._refused)

    def _day_closed(self, closed: tuple[dict[str, Any], ZSpan | None]) -> None:
        z, span = closed
        self._busy = False
        self.ctx.back_up_if_new_day(anew=True)
        self._closed_z = int(z["z"])
        self._show_last_z(self._closed_z)
        heading = (self.tr("Z%1 · %2 · entries %3 to %4").replace("%1", str(z["z"])).replace("%2", z_days(z))
                   .replace("%3", str(z["from_seq"])).replace("%4", str(z["to_seq"])))
        if span is not None:
            heading += "\n" + (self.tr("Entries written from %1 to %2").replace("%1", f"{span.first:%Y-%m-%d %H:%M}")
                                .replace("%2", f"{span.last:%Y-%m-%d %H:%M}"))
        self._show_totals(heading, z)
        self.info.setText(self.tr("Day closed: Z%1 is written.").replace("%1", str(z["z"])))
        self._print_z()
        self.refresh(shift_totals=False)

    def _print_z(self) -> None:
        number = self.last_z
        if number is None or self._printing:
            return
        if not self.ctx.printing.settings.url:
            self.problem.setText(self.tr("No printer is set up, so the Z report was not printed. The Z record is "
                                         "kept all the same."))
            return
        self._printing = True
        self._show_reprint()
        self.problem.clear()
        self.problem.setToolTip("")
        printing = self.ctx.printing
        self.ctx.tasks.io(lambda: printing.print("z", str(number)), self._z_printed,
                          lambda problem: self._z_not_printed(problem.message, ""))

    def _z_printed(self, outcome: Outcome) -> None:
        self._printing = False
        self._show_reprint()
        if outcome.problem is None and self.last_z == self._closed_z:
            self.info.setText(self.tr("Day closed: Z%1 is written and its report printed.")
                              .replace("%1", str(self.last_z)))
        elif outcome.problem is None:
            self.info.setText(self.tr("The Z%1 report printed again.").replace("%1", str(self.last_z)))
        else:
            self._z_not_printed(outcome.problem.happened, outcome.problem.in_full)

    def _z_not_printed(self, happened: str, in_full: str) -> None:
        self._printing = False
        self._show_reprint()
        self.problem.setText(self.tr("The Z record is written, but its report did not print: %1. Press %2 to print "
                                     "it again.").replace("%1", happened).replace("%2", REPRINT_KEY))
        self.problem.setToolTip(in_full)

    def reprint(self) -> None:
        if self.last_z is None:
            self.problem.setText(self.z_note.text() or
                                 self.tr("There is no Z report to print yet: the day has never been closed here."))
            return
        self._print_z()
