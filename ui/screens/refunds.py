"""Refunds: find the sale by its number or by scanning its receipt, tick the lines, a manager's PIN
when the cashier is not one, then say what goes back and print the refund receipt. The refund is
committed before anything is printed; a printer problem never undoes it. The refund receipt is the print
job written with the refund: when the app's printer watch prints it first, the screen says how that print
went and prints no copy of it; F10 after a failure prints that job too (a copy only once the printer took
it without confirming it).

With a sale open, Ctrl+P prints its receipt again (marked 重印 / COPY), for a customer who needs it
for an invoice: the checkout reprints only the receipt it has just printed."""

from printing.service import Outcome, Printing
from printing.words import money
from terminal.codes import has_member_code_prefix
from terminal.errors import Refused
from terminal.services.cashiers import Actor
from terminal.services.refunds import RefundResult, record_refund
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.base import Screen
from ui.screens.print_note import PrintNote
from ui.screens.refunds_data import SaleView, is_receipt_code, is_sale_number, load_sale
from ui.screens.refunds_lines import SaleLinesTable
from ui.widgets.approval import ApprovalDialog, with_approval
from ui.widgets.echo import plain
from ui.widgets.input_method import CODE, NoImeEdit
from ui.widgets.scan_filter import typed_too_fast

ALL_KEY, REPRINT_KEY, RECEIPT_KEY = "F7", "F10", "Ctrl+P"


class RefundsScreen(Screen):
    key = "F3"

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Refunds"))
        self.sale: SaleView | None = None
        self.last_refund: str | None = None
        self._busy = False
        self._printing = False
        self._unsure: str | None = None  # the refund whose receipt the printer took without confirming it
        self.sale_ref = NoImeEdit(CODE)
        self.sale_ref.setPlaceholderText(self.tr("Sale number (e.g. 17 or T1-17), or scan the receipt's code"))
        self.sale_ref.setAccessibleName(self.tr("Sale number to refund"))
        self.sale_ref.setMinimumHeight(48)
        self.sale_ref.returnPressed.connect(self.find_sale)
        self.header = widgets.QLabel()
        self.header.setWordWrap(True)
        self.lines = SaleLinesTable()
        self.lines.setAccessibleName(self.tr("Lines of the sale to refund"))
        self.lines.confirmed.connect(self.refund)
        self.lines.changed.connect(self._show_choice)
        self.choice = widgets.QLabel()
        self.choice.setObjectName("big")
        self.problem = widgets.QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.result = widgets.QLabel()
        self.result.setObjectName("big")
        self.result.setWordWrap(True)
        self.print_state = widgets.QLabel()
        self.print_state.setWordWrap(True)
        self.receipt_note = PrintNote(ctx, self.tr("The sale's receipt did not print: %1. Press Ctrl+P to print it "
                                                   "again."),
                                      self.tr("No printer is set up, so the sale's receipt cannot be printed."))
        plain(self.header, self.choice, self.problem, self.result, self.print_state)
        self.find_button = self._button(self.tr("Find  Enter"), self.find_sale)
        self.all_button = self._button(self.tr("All lines  %1").replace("%1", ALL_KEY), self.choose_all)
        self.refund_button = self._button(self.tr("Refund ticked lines  Enter"), self.refund)
        self.receipt_button = self._button(self.tr("Reprint the sale's receipt  %1").replace("%1", RECEIPT_KEY),
                                           self.reprint_sale)
        self.reprint_button = self._button(self.tr("Print the refund receipt again  %1").replace("%1", REPRINT_KEY),
                                           self.reprint)
        top = widgets.QHBoxLayout()
        top.addWidget(self.sale_ref, 1)
        top.addWidget(self.find_button)
        self.choice.setWordWrap(True)
        actions = widgets.QHBoxLayout()  # under what is ticked, so that neither makes the screen wider than 1024
        actions.addStretch(1)
        actions.addWidget(self.all_button)
        actions.addWidget(self.refund_button)
        actions.addWidget(self.receipt_button)
        layout = widgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.header)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.choice)
        layout.addLayout(actions)
        layout.addWidget(self.result)
        layout.addWidget(self.print_state)
        layout.addWidget(self.receipt_note)
        layout.addWidget(self.reprint_button)
        for key, action in ((ALL_KEY, self.choose_all), (REPRINT_KEY, self.reprint), (RECEIPT_KEY, self.reprint_sale),
                            ("Esc", self.back)):
            shortcut = gui.QShortcut(gui.QKeySequence(key), self)
            shortcut.setContext(core.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.approval = ApprovalDialog(ctx, self)
        self._show_sale(None)
        self.reprint_button.hide()

    def _button(self, text: str, action: object) -> widgets.QPushButton:
        button = widgets.QPushButton(text)
        button.setMinimumHeight(48)
        button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        button.clicked.connect(action)
        return button

    def entered(self) -> None:
        if self.sale is not None and self.sale.open_lines:
            self.lines.setFocus()
        else:
            self._focus_sale_ref()

    def _focus_sale_ref(self) -> None:
        self.sale_ref.setFocus()
        self.sale_ref.selectAll()

    def back(self) -> None:
        """Esc: put the sale away and start again from the sale number."""
        self._show_sale(None)
        self.problem.clear()
        self.receipt_note.clear()
        self.sale_ref.clear()
        self._focus_sale_ref()

    # --- finding the sale ---------------------------------------------------------------------

    def scanned(self, text: str) -> bool:
        """A receipt's code from the keyboard scanner finds its sale; a sale number typed as fast as a scanner goes
        back into the field as typed; any other code is refused, saying what to do."""
        if self.sale_ref.hasFocus() and is_sale_number(text):
            self._typed_too_fast(text)
            return True
        if not is_receipt_code(text):
            self._wrong_code(text)
            return True
        self.sale_ref.setText(text.strip())
        self.find_sale()
        return True

    def _typed_too_fast(self, text: str) -> None:
        self.sale_ref.insert(text)  # the scan filter took the keys back: the field is as it was before the first
        self.problem.setText(typed_too_fast(self.sale_ref.text()))

    def _wrong_code(self, text: str) -> None:
        if has_member_code_prefix(text):
            words = self.tr("That is a member's code: scan the receipt's code or type the sale number.")
        else:
            words = self.tr("That is not a receipt's code: scan the code on the receipt or type the sale number.")
        self.problem.setText(words)

    def find_sale(self) -> None:
        ref = self.sale_ref.text().strip()
        if not ref:
            self.problem.setText(self.tr("Type the sale number from the receipt, or scan the receipt's code."))
            self._focus_sale_ref()
            return
        self._load(ref, looked_up=True)

    def _load(self, ref: str, looked_up: bool) -> None:
        if self._busy:
            return
        self._busy = True
        if looked_up:
            self.result.clear()
            self.print_state.clear()
            self.receipt_note.clear()
            self.reprint_button.hide()
        till = self.ctx.till
        self.ctx.tasks.db(lambda: load_sale(till, ref), lambda sale: self._found(sale, looked_up), self._not_found)

    def _found(self, sale: SaleView, looked_up: bool) -> None:
        """Shown after a search (the lines take the keyboard) or again after a refund (ready for the next sale)."""
        self._busy = False
        self._show_sale(sale)
        if looked_up:
            self.problem.clear()
            if not sale.open_lines:
                self.problem.setText(self.tr("Every line of sale %1 has been refunded already: there is nothing "
                                             "left to refund.").replace("%1", sale.id))
        if looked_up and sale.open_lines:
            self.lines.setFocus()
        else:
            self._focus_sale_ref()

    def _not_found(self, problem: Refused) -> None:
        self._busy = False
        self._show_sale(None)
        text = problem.message
        if problem.code == "not_found" and not is_receipt_code(self.sale_ref.text()):
            text += "\n" + self.tr("Check the sale number on the receipt, or scan the receipt's code.")
        self.problem.setText(text)
        self._focus_sale_ref()

    def _show_sale(self, sale: SaleView | None) -> None:
        self.sale = sale
        for widget in (self.header, self.lines, self.choice, self.all_button, self.refund_button, self.receipt_button):
            widget.setVisible(sale is not None)
        if sale is None:
            return
        paid = self.tr("%1 paid by %2").replace("%1", money(sale.paid_fen)).replace("%2", self._method(sale.pay_method))
        if sale.redeemed_points:
            paid += self.tr(", %1 points used", "", sale.redeemed_points).replace("%1", f"{sale.redeemed_points:,}")
        member = (self.tr("member %1").replace("%1", sale.member_phone) if sale.member_phone
                  else self.tr("no member"))
        self.header.setText(self.tr("Sale %1 · %2 · cashier %3 · %4\nTotal %5: %6")
                            .replace("%1", sale.id).replace("%2", sale.at.strftime("%Y-%m-%d %H:%M"))
                            .replace("%3", sale.cashier).replace("%4", member)
                            .replace("%5", money(sale.total_fen)).replace("%6", paid))
        self.lines.show_sale(sale)

    def _method(self, method: str) -> str:
        return {"cash": self.tr("cash"), "card": self.tr("card")}.get(method, method)

    def _show_choice(self) -> None:
        chosen = self.lines.chosen()
        if not chosen:
            self.choice.setText(self.tr("Tick lines with Space, or %1 for all").replace("%1", ALL_KEY))
        else:
            self.choice.setText(self.tr("To refund: %1 of goods (lines %2)", "", len(chosen))
                                .replace("%1", money(sum(line.amount_fen for line in chosen)))
                                .replace("%2", ", ".join(str(line.line_no) for line in chosen)))

    def choose_all(self) -> None:
        if self.sale is not None:
            self.lines.choose_all()
            self.lines.setFocus()

    # --- refunding ----------------------------------------------------------------------------

    def refund(self) -> None:
        sale = self.sale
        if sale is None or self._busy:
            return
        chosen = self.lines.chosen()
        if not chosen:
            self.problem.setText(self.tr("Tick the lines to refund with Space, or press %1 for all of them.")
                                 .replace("%1", ALL_KEY))
            self.lines.setFocus()
            return
        self.problem.clear()
        numbers = [line.line_no for line in chosen]
        reason = self.tr("A refund of %1 needs a manager's or the owner's PIN.") \
            .replace("%1", money(sum(line.amount_fen for line in chosen)))
        with_approval(self.ctx, self.approval, reason, lambda approver: self._refund(sale.id, numbers, approver))

    def _refund(self, sale_id: str, numbers: list[int], approver: Actor | None) -> None:
        cashier = self.ctx.cashier
        if cashier is None or self._busy:
            return
        self._busy = True
        self.result.setText(self.tr("Refunding…"))
        till = self.ctx.till
        self.ctx.tasks.db(lambda: record_refund(till.uow(), till.shop, cashier, sale_id, numbers, approver),
                          self._refunded, lambda problem: self._not_refunded(problem, sale_id))

    def _refunded(self, result: RefundResult) -> None:
        self._busy = False
        self.last_refund = result.refund_id
        self.result.setText(self._what_goes_back(result))
        self._load(result.sale_id, looked_up=False)
        self._print(result.refund_id)

    def _not_refunded(self, problem: Refused, sale_id: str) -> None:
        self._busy = False
        if self.ctx.ends_session(problem):  # deactivated since logging in: back to the login, saying why
            return
        self.result.clear()
        if problem.code == "already_refunded":
            self.problem.setText(problem.message + "\n" + self.tr("The lines are shown again as they are now; "
                                                                  "tick what is left to refund."))
            self._load(sale_id, looked_up=False)
            return
        self.problem.setText(problem.message)
        self.lines.setFocus()

    def _what_goes_back(self, result: RefundResult) -> str:
        lines = [self.tr("Refund %1 recorded.").replace("%1", result.refund_id)]
        method = self._method(self.sale.pay_method) if self.sale is not None else ""
        if result.money_fen:
            lines.append(self.tr("Give back %1 (%2).").replace("%1", money(result.money_fen)).replace("%2", method))
        else:
            lines.append(self.tr("No money to give back: it was paid with points."))
        if result.restored_points:
            lines.append(self.tr("%1 points returned to the member.", "", result.restored_points)
                         .replace("%1", f"{result.restored_points:,}"))
            if result.restored_expired:
                lines.append(self.tr("%1 of them were already past their date: they expired at once.", "",
                                     result.restored_expired).replace("%1", f"{result.restored_expired:,}"))
        if result.reversed_points:
            lines.append(self.tr("%1 points earned on these goods taken back.", "", result.reversed_points)
                         .replace("%1", f"{result.reversed_points:,}"))
        member = result.member
        if member is not None:
            lines.append(self.tr("Member balance now %1 points.", "", member["balance"])
                         .replace("%1", f"{member['balance']:,}"))
            if member["debt"]:
                lines.append(self.tr("The member had already spent points that were taken back and now owes %1 "
                                     "points. They cannot pay with points until that is cleared.", "",
                                     member["debt_points"])
                             .replace("%1", f"{member['debt_points']:,}"))
        return "\n".join(lines)

    # --- the refund receipt -------------------------------------------------------------------

    def _print(self, refund_id: str) -> None:
        if not self.ctx.printing.settings.url:
            self.print_state.setText(self.tr("No printer is set up, so no refund receipt was printed. The refund "
                                             "stands."))
            return
        if self._printing:
            return
        self._printing = True
        self.reprint_button.hide()
        self.print_state.setText(self.tr("Printing the refund receipt…"))
        self.print_state.setToolTip("")
        printing = self.ctx.printing
        unsure = refund_id == self._unsure
        self.ctx.tasks.io(lambda: _print_refund(printing, refund_id, unsure),
                          lambda outcome: self._printed(refund_id, outcome),
                          lambda problem: self._not_printed(problem.message, ""))

    def _printed(self, refund_id: str, outcome: Outcome) -> None:
        self._printing = False
        if outcome.unsure:
            self._unsure = refund_id
        if outcome.problem is None:
            self.print_state.setText(self.tr("Refund receipt printed."))
        else:
            self._not_printed(outcome.problem.happened, outcome.problem.in_full)

    def _not_printed(self, happened: str, in_full: str) -> None:
        self._printing = False
        self.print_state.setText(self.tr("The refund is recorded, but its receipt did not print: %1. Press %2 to "
                                         "print it again.").replace("%1", happened).replace("%2", REPRINT_KEY))
        self.print_state.setToolTip(in_full)
        self.reprint_button.show()

    def reprint(self) -> None:
        if self.last_refund is not None and self.reprint_button.isVisible():
            self._print(self.last_refund)

    # --- the sale's receipt, again ------------------------------------------------------------

    def reprint_sale(self) -> None:
        """Ctrl+P: the open sale's receipt again, through the checkout's printing (a copy once it has printed)."""
        if self.sale is None:
            self.problem.setText(self.tr("Find the sale first (its number, or scan its receipt), then press %1 to "
                                         "print its receipt again.").replace("%1", RECEIPT_KEY))
            self._focus_sale_ref()
            return
        self.receipt_note.print("receipt", self.sale.id, at_hand=False)  # the drawer is not for a sale looked up again


def _print_refund(printing: Printing, refund_id: str, unsure: bool) -> Outcome:
    """The refund's receipt: the job written with the refund, printed once whoever prints it (the printer watch
    may have taken it first: then how its print went, and no copy). After a print the printer took without
    confirming (``unsure``), F10 prints it again marked as a copy, as the cashier found nothing on the paper."""
    if unsure:
        return printing.print("refund", refund_id)
    return printing.print_recorded("refund", refund_id)
