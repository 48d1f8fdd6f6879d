"""Paying: the points the sale earns and why, points to redeem (with what the member may spend),
the totals, cash or card, and — when the rules ask for it — a manager's PIN."""

import re

from terminal.money import MAX_POINTS
from ui.qt import core, gui, widgets
from ui.screens.checkout_sale import EarnPreview, SaleDraft
from ui.widgets.approval import ArrowsChoose, WhoApproves
from ui.widgets.input_method import DIGITS, NoImeEdit
from ui.widgets.money import points, yuan
from ui.widgets.problem import show_words

TOUCH = 44
POINTS_CHARS = 13  # the most points one can hold, with room for spaces
PIN_CHARS = 12


WORD_JOINER = "\u2060"
PAID_MARK = "✓ "  # a shape, not only words: the sale is done
NO_BREAK_SPACE = "\u00a0"
_SIGNED = re.compile(r"([−+-])(?=￥)")  # −￥3.00: the sign stays with its amount


def kept_together(text: str) -> str:
    """``text`` with no line break inside −￥3.00, × 3 or = 22,918."""
    text = _SIGNED.sub(lambda sign: sign[1] + WORD_JOINER, text)
    return text.replace("× ", "×" + NO_BREAK_SPACE).replace("= ", "=" + NO_BREAK_SPACE)


class FlowText(widgets.QLabel):
    """Wrapped text laid out a whole line at a time, a sign or a factor kept with its number. ``gives_way``: when
    the panel is short, the lines that do not fit make way for the rest, the last one shown ending in "…" (all
    of it in the tooltip); otherwise every line shows, however short the panel. ``text()`` is the text as set."""

    def __init__(self, gives_way: bool = False, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.gives_way = gives_way
        self.setTextFormat(core.Qt.TextFormat.PlainText)
        self.setSizePolicy(widgets.QSizePolicy.Policy.Ignored, widgets.QSizePolicy.Policy.Preferred)

    def lines_at(self, width: int) -> list[str]:
        """Every line of the text at ``width`` pixels, as read (without the joins that keep words together)."""
        text = kept_together(self.text())
        if not text:
            return []
        option = gui.QTextOption()
        option.setWrapMode(gui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout = gui.QTextLayout(text.replace("\n", "\u2028"), self.font())
        layout.setTextOption(option)
        layout.beginLayout()
        lines = []
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1, width))
            lines.append(text[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
        return [line.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ").replace("\u2028", "").rstrip()
                for line in lines]

    def shown_lines(self) -> list[str]:
        """The lines on the screen: as many whole ones as the height holds, "…" ending the last if some are left out."""
        lines = self.lines_at(self.contentsRect().width())
        if not self.gives_way:
            return lines
        room = max(1, self.contentsRect().height() // self.fontMetrics().lineSpacing())
        if len(lines) <= room:
            return lines
        last = self.fontMetrics().elidedText(lines[room - 1] + " " + lines[room], core.Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())
        if not last.endswith("…"):
            last = last.rstrip() + "…"
        return lines[:room - 1] + [last]

    def setText(self, text: str) -> None:
        super().setText(text)
        self._relaid()

    def clear(self) -> None:
        super().clear()
        self._relaid()

    def _relaid(self) -> None:
        self.updateGeometry()
        self.update()
        self._tip()

    def _tip(self) -> None:
        cut = self.gives_way and self.shown_lines() != self.lines_at(self.contentsRect().width())
        self.setToolTip(self.text() if cut else "")

    def _height(self, lines: int) -> int:
        margins = self.contentsMargins()
        return lines * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    def sizeHint(self) -> core.QSize:
        return core.QSize(self.fontMetrics().averageCharWidth() * 10, self._height(len(self.lines_at(self._width()))))

    def minimumSizeHint(self) -> core.QSize:
        lines = len(self.lines_at(self._width()))
        return core.QSize(0, self._height(min(1, lines) if self.gives_way else lines))

    def _width(self) -> int:
        return self.contentsRect().width()

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # as many lines as this width makes
        self._tip()

    def paintEvent(self, event: gui.QPaintEvent) -> None:
        shown = self.shown_lines()
        painter = gui.QPainter(self)
        room = self.contentsRect()
        step = self.fontMetrics().lineSpacing()
        for n, line in enumerate(shown):
            box = core.QRect(room.left(), room.top() + n * step, room.width(), step)
            left = core.Qt.AlignmentFlag.AlignLeft | core.Qt.AlignmentFlag.AlignVCenter
            self.style().drawItemText(painter, box, int(left), self.palette(), self.isEnabled(), line, gui.QPalette.ColorRole.WindowText)
        painter.end()


class EnterButton(widgets.QPushButton):
    """A button that Enter presses when it has the focus (a plain widget has no default button)."""

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if event.key() in (core.Qt.Key.Key_Return, core.Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


class PayPanel(widgets.QWidget):
    redeem_entered = core.Signal(str)
    pay_requested = core.Signal(str)  # "cash" or "card"
    pay_confirmed = core.Signal()
    approval_entered = core.Signal(str, str)  # the approver's name and PIN

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.earn = widgets.QLabel()
        self.earn.setObjectName("big")
        self.earn.setWordWrap(True)  # at a big text size "No member: no points" is wider than the amount due
        self.why = FlowText(gives_way=True)  # on a 768-line screen it makes way for the question and the totals
        self.why.setObjectName("why")
        self.too_large = widgets.QLabel()  # shown only when the sale would earn more than one sale may
        self.too_large.setWordWrap(True)
        self.too_large.hide()
        self.available = widgets.QLabel()
        self.available.setWordWrap(True)
        self.redeem = NoImeEdit(DIGITS)
        self.redeem.setObjectName("redeem")
        self.redeem.setAccessibleName(self.tr("Points to redeem"))
        self.redeem.setPlaceholderText(self.tr("Points to redeem (F8) — Enter uses them"))
        self.redeem.setMinimumHeight(TOUCH)
        self.redeem.setMaxLength(POINTS_CHARS)
        self.redeem.returnPressed.connect(lambda: self.redeem_entered.emit(self.redeem.text()))
        self.totals = FlowText()
        self.due = widgets.QLabel()
        self.due.setObjectName("title")
        self.cash = widgets.QPushButton(self.tr("Cash  F9"))
        self.card = widgets.QPushButton(self.tr("Card  F10"))
        for button, method in ((self.cash, "cash"), (self.card, "card")):
            button.setMinimumSize(TOUCH * 3, TOUCH + 12)
            button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, m=method: self.pay_requested.emit(m))
        self.pay_buttons = widgets.QWidget()
        pay_row = widgets.QHBoxLayout(self.pay_buttons)
        pay_row.setContentsMargins(0, 0, 0, 0)
        pay_row.addWidget(self.cash)
        pay_row.addWidget(self.card)
        self.question = FlowText()
        self.confirm = EnterButton(self.tr("Confirm payment (Enter)"))
        self.confirm.setObjectName("confirm_pay")
        self.confirm.setMinimumHeight(TOUCH + 12)
        self.confirm.clicked.connect(self.pay_confirmed)
        self.confirm_box = _box(self.question, self.confirm)
        self.approver = widgets.QComboBox()
        self.approver.setMinimumHeight(TOUCH)
        self.approver.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.approver_pin = NoImeEdit(DIGITS)
        self.approver_pin.setObjectName("approver_pin")
        self.approver_pin.setAccessibleName(self.tr("Approver's PIN"))
        self.approver_pin.setEchoMode(widgets.QLineEdit.EchoMode.Password)
        self.approver_pin.setPlaceholderText(self.tr("Approver's PIN — Enter approves"))
        self.approver_pin.setMinimumHeight(TOUCH)
        self.approver_pin.setMaxLength(PIN_CHARS)
        self.approver_pin.returnPressed.connect(self._approve)
        ArrowsChoose(self.approver_pin, self.approver)
        self.approval_reason = widgets.QLabel()
        self.approval_reason.setWordWrap(True)
        who_words = WhoApproves()
        who_words.setWordWrap(True)
        who = widgets.QWidget()  # the list beside the PIN: a 768-line screen has no row to spare, nor the width for the words
        who_row = widgets.QHBoxLayout(who)
        who_row.setContentsMargins(0, 0, 0, 0)
        who_row.addWidget(self.approver)
        who_row.addWidget(self.approver_pin, 1)
        self.approval_box = _box(self.approval_reason, who_words, who)
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.earn)
        column.addWidget(self.why)
        column.addWidget(self.too_large)
        column.addWidget(self.available)
        column.addWidget(self.redeem)
        column.addStretch()
        column.addWidget(self.totals)
        column.addWidget(self.due)
        column.addWidget(self.pay_buttons)
        column.addWidget(self.confirm_box)
        column.addWidget(self.approval_box)
        self.close_boxes()

    def show_draft(self, draft: SaleDraft, earn: EarnPreview) -> None:
        member = draft.member
        if member is None:
            self.earn.setText(self.tr("No member: no points"))
            self.why.clear()  # the camera's caption and the phone field say how to find one
        elif not draft.lines:
            self.earn.setText(self.tr("Points earned: 0"))
            self.why.setText(self.tr("Add a line to see what the sale earns."))
        else:
            self.earn.setText(self.tr("Points earned: %1").replace("%1", points(earn.points)))
            self.why.setText(earn.calculation or self.tr("Nothing in this sale earns points."))
        self._fit_why()
        self._show_too_large(member is not None and bool(draft.lines) and earn.points > MAX_POINTS)
        self._show_available(draft)
        paid_with_points = ""
        if draft.redeem_points:
            paid_with_points = self.tr("Points: %1 (−%2)").replace("%1", points(draft.redeem_points)).replace(
                "%2", yuan(draft.redeem_fen))
        lines = [self.tr("Total %1").replace("%1", yuan(draft.list_total_fen))]
        if draft.coupon is not None:  # its money off, or what the sale still lacks for it
            coupon = self.tr("Coupon %1: −%2 (Ctrl+F8 takes it off)").replace("%2", yuan(draft.coupon_fen)) \
                if not draft.coupon_short_fen else self.tr("Coupon %1: %2 off from %3, %4 short (Ctrl+F8 takes it off)") \
                .replace("%2", yuan(draft.coupon.value_fen)).replace("%3", yuan(draft.coupon.min_spend_fen)) \
                .replace("%4", yuan(draft.coupon_short_fen))
            lines.append(coupon.replace("%1", draft.coupon.id))
        if paid_with_points:
            lines.append(paid_with_points)
        self.totals.setText("  ·  ".join(lines))
        self.due.setText(self.tr("To pay %1").replace("%1", yuan(draft.to_pay_fen)))

    def show_paid(self, paid_fen: int, method: str, points_used: int) -> None:
        """A sale recorded: the big line says it is paid (no longer what is to pay) until the next sale starts."""
        if paid_fen == 0 and points_used:
            words = self.tr("Paid with %1 points").replace("%1", points(points_used))
        else:
            method_words = self.tr("cash") if method == "cash" else self.tr("card")
            words = self.tr("Paid %1 · %2").replace("%1", yuan(paid_fen)).replace("%2", method_words)
        self.due.setText(PAID_MARK + words)

    def _show_too_large(self, too_large: bool) -> None:
        """Said before payment, which the till refuses for such a sale: its points could never reach the ledger."""
        show_words(self.too_large, self.tr("Too large for one sale: a sale earns at most %1 points. Split it into "
                                           "smaller sales.").replace("%1", points(MAX_POINTS)) if too_large else "", True)
        self.too_large.setVisible(too_large)

    def _show_available(self, draft: SaleDraft) -> None:
        member = draft.member
        self.redeem.setEnabled(member is not None and member.spendable > 0)
        if member is None:
            self.available.setText("")
            return
        if member.view.debt_points:
            self.available.setText(self.tr("In debt: no paying with points"))
            return
        available = max(0, member.view.balance)
        text = self.tr("Available: %1 points", "", available).replace("%1", points(available))
        if member.offline_room is not None:
            text += "  ·  " + self.tr("offline limit: %1 more today at this till").replace("%1", points(member.offline_room))
        if draft.lines:
            text += "  ·  " + self.tr("this sale: up to %1").replace("%1", points(draft.redeem_limit()))
        self.available.setText(text)

    def offer_redeem(self, most: int) -> None:
        """F8: the field with the most the member may use, selected so that typing replaces it."""
        self.redeem.setText(str(most) if most else "")
        self.redeem.selectAll()
        self.redeem.setFocus()

    def ask_payment(self, method: str, draft: SaleDraft) -> None:
        words = self.tr("cash") if method == "cash" else self.tr("card")
        self.question.setText(self.tr("Take %1 by %2? Enter to confirm, Esc to go back.")
                              .replace("%1", yuan(draft.to_pay_fen)).replace("%2", words))
        self.approval_box.hide()
        self._asking(True)
        self.confirm_box.show()
        self.confirm.setEnabled(True)
        self.confirm.setFocus()

    def ask_approval(self, reason: str, names: list[str]) -> None:
        self.confirm_box.hide()
        self._asking(True, for_approval=True)
        self.approval_reason.setText(reason)
        self.approver.clear()
        self.approver.addItems(names)
        self.approver_pin.clear()
        self.approval_box.show()
        self._fit_why()
        if self.isVisible():  # asked after the cashier left the checkout: the PIN waits for their return
            self.approver_pin.setFocus()

    def focus_question(self) -> None:
        (self.confirm if self.approval_box.isHidden() else self.approver_pin).setFocus()

    def _approve(self) -> None:
        name, pin = self.approver.currentText(), self.approver_pin.text()
        self.approver_pin.clear()
        if name and pin:
            self.approval_entered.emit(name, pin)

    def close_boxes(self) -> None:
        self.confirm_box.hide()
        self.approval_box.hide()
        self._asking(False)

    def _asking(self, asking: bool, for_approval: bool = False) -> None:
        """A question takes the place of what the sale was made with (a 768-pixel screen has no more room)."""
        for part in (self.available, self.redeem):
            part.setVisible(not asking)
        self.pay_buttons.setVisible(not for_approval)
        if not for_approval:
            self._fit_why()

    def _fit_why(self) -> None:
        """Why the sale earns what it does, at least its first line; but a manager's approval, its reason whole, takes
        its place when the panel has no room for both (at 150 % on a 768-line screen)."""
        wanted = bool(self.why.text())
        if wanted and not self.approval_box.isHidden():
            layout = self.layout()
            assert layout is not None
            needs = layout.minimumHeightForWidth(self.width())
            if self.why.isHidden():
                needs += self.why.minimumSizeHint().height() + layout.spacing()
            wanted = needs <= self.height()
        if wanted == self.why.isHidden():
            self.why.setVisible(wanted)

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_why()

    def room_given_up(self) -> int:
        """The height the first line of why the sale earns what it does would take, were it not making way."""
        layout = self.layout()
        assert layout is not None
        return self.why.minimumSizeHint().height() + layout.spacing() if self.why.text() and self.why.isHidden() else 0

    @property
    def asking(self) -> bool:
        return not self.confirm_box.isHidden() or not self.approval_box.isHidden()


def _box(*parts: widgets.QWidget) -> widgets.QWidget:
    box = widgets.QWidget()
    column = widgets.QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        column.addWidget(part)
    return box
