"""Who is buying: the camera, the member found (masked phone, name, tier, points), and the phone
number field. A member found by phone is shown with the last four digits for the cashier to ask
about, and joins the sale only when the cashier confirms (Enter) — Esc drops them.

The panel looks members up (on the database worker, the latest look-up only) for the checkout and
the gifts screen alike; the screen decides whether it may look now, and what a member chosen means."""

from printing.words import tier_name
from terminal.errors import Refused
from terminal.lang import prefers_chinese, say
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.checkout_sale import CheckoutMember
from ui.screens.checkout_work import look_up_member
from ui.widgets.balance_note import BalanceNote
from ui.widgets.camera_view import CameraView
from ui.widgets.echo import echo_shortened, plain_labels
from ui.widgets.input_method import CODE, NoImeEdit
from ui.widgets.lifetime import Lifetime
from ui.widgets.money import points

TOUCH = 44
KEY_GAP = "  "  # between a button's words and its key, as in "Sell without a member  Ctrl+F7"
PHONE_CHARS = 32  # "+86 138-0013-8000", or a member number M… typed


def tier_label(member: CheckoutMember) -> str:
    return tier_name("zh" if prefers_chinese() else "en", member.tier.name, member.tier.label)


class KeyButton(widgets.QPushButton):
    """A button of words and a key ("Sell without a member  Ctrl+F7"): on one line, or with the key under the words
    when the button is narrower than that line, so that the button never widens its column."""

    def __init__(self, words: str, parent: widgets.QWidget | None = None) -> None:
        super().__init__(words, parent)
        self.words = words
        self.setSizePolicy(widgets.QSizePolicy.Policy.Preferred, widgets.QSizePolicy.Policy.Fixed)  # (not Minimum)

    def setText(self, text: str) -> None:
        self.words = text
        self._fit()

    def _size(self, text: str) -> core.QSize:
        option = widgets.QStyleOptionButton()
        self.initStyleOption(option)
        option.text = text
        contents = self.fontMetrics().size(int(core.Qt.TextFlag.TextShowMnemonic), text)
        return self.style().sizeFromContents(widgets.QStyle.ContentsType.CT_PushButton, option, contents, self)

    def sizeHint(self) -> core.QSize:
        return core.QSize(self._size(self.words).width(), self._size(self.text()).height())

    def minimumSizeHint(self) -> core.QSize:
        return core.QSize(self._size(self.words.replace(KEY_GAP, "\n", 1)).width(), self._size(self.text()).height())

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        one_line = self.width() >= self._size(self.words).width()
        text = self.words if one_line else self.words.replace(KEY_GAP, "\n", 1)
        if text != self.text():
            super().setText(text)
            self.updateGeometry()


class MemberPanel(widgets.QWidget):
    wanted = core.Signal(str, bool)  # a code the camera read, or a phone typed (by_phone): the screen may look it up
    found_by_phone = core.Signal(object)  # CheckoutMember, asked about until the cashier confirms or refuses
    chosen = core.Signal(object, bool)  # CheckoutMember, by_phone: a code read, or a phone match confirmed
    not_found = core.Signal(object, bool)  # Refused, by_phone
    cancelled = core.Signal()
    dropped = core.Signal()  # sell without a member after all

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._lookups = 0  # only the latest look-up counts
        self._looking = False  # the latest look-up has not answered yet
        self._pending: CheckoutMember | None = None  # found by phone, waiting for the cashier's yes
        self._shown: CheckoutMember | None = None
        self._life = Lifetime(self)
        self.camera = CameraView(ctx.tasks.io)
        self.camera.state.connect(ctx.bus.camera.emit)
        self.camera.found.connect(self._camera_found)
        self.card = widgets.QLabel()
        self.card.setObjectName("big")
        self.card.setWordWrap(True)
        self.details = widgets.QLabel()
        self.details.setWordWrap(True)
        self.as_of = BalanceNote()  # the balance as of the last sync with the ledger, when that is a while ago
        self.phone = NoImeEdit(CODE)
        self.phone.setObjectName("phone")
        self.phone.setAccessibleName(self.tr("Member's phone or code"))
        self.phone.setPlaceholderText(self.tr("Member's phone (F7) — Enter looks it up"))
        self.phone.setMinimumHeight(TOUCH)
        self.phone.setMaxLength(PHONE_CHARS)
        self.phone.returnPressed.connect(self._phone_entered)
        self.question = widgets.QLabel()
        self.question.setWordWrap(True)
        self.confirm = widgets.QPushButton(self.tr("Yes, this member (Enter)"))
        self.reject = widgets.QPushButton(self.tr("No (Esc)"))
        for button in (self.confirm, self.reject):
            button.setMinimumHeight(TOUCH)
            button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.confirm.clicked.connect(self.confirm_pending)
        self.reject.clicked.connect(self.cancelled)
        self.answer = answer = widgets.QBoxLayout(widgets.QBoxLayout.Direction.LeftToRight)
        answer.addWidget(self.confirm)
        answer.addWidget(self.reject)
        self.confirm_box = widgets.QWidget()
        box = widgets.QVBoxLayout(self.confirm_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.question)
        box.addLayout(answer)
        self.drop = KeyButton(self.tr("Sell without a member"))
        self.drop.setMinimumHeight(TOUCH)
        self.drop.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.drop.clicked.connect(self.dropped)
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.camera, 1)
        column.addWidget(self.card)
        column.addWidget(self.details)
        column.addWidget(self.as_of)
        column.addWidget(self.phone)
        column.addWidget(self.confirm_box)
        column.addWidget(self.drop)
        plain_labels(self)
        self.show_member(None)

    def fit_narrow(self, narrow: bool) -> None:
        """In a narrow column (a short screen's third column) the yes and the no go one above the other, so that
        they never widen it."""
        self.answer.setDirection(widgets.QBoxLayout.Direction.TopToBottom if narrow
                                 else widgets.QBoxLayout.Direction.LeftToRight)

    def start_camera(self) -> None:
        settings = self.ctx.settings  # read now: the settings screen may have changed the camera
        if not self.camera.feed.running:
            self.camera.start(settings.camera, settings.decoder)

    def hideEvent(self, event: gui.QHideEvent) -> None:
        # Whenever the screen holding the panel is not showing, the camera is released, and a member found
        # meanwhile would join a sale the cashier cannot see (and take the keyboard to it): they are dropped.
        self.camera.stop()
        self.forget()
        super().hideEvent(event)

    def _camera_found(self, text: str) -> None:
        if self.isVisible():  # (a code read just before the camera stopped)
            self.wanted.emit(text, False)

    def focus_phone(self) -> None:
        self.phone.setFocus()
        self.phone.selectAll()

    @property
    def looking(self) -> bool:
        return self._looking

    @property
    def asking(self) -> bool:
        return not self.confirm_box.isHidden()

    @property
    def pending(self) -> CheckoutMember | None:
        """The member found by phone that the cashier is asking about."""
        return self._pending

    def _phone_entered(self) -> None:
        if self.asking:
            self.confirm_pending()
        elif self.phone.text().strip():
            self.wanted.emit(self.phone.text(), True)

    # --- looking the member up -------------------------------------------------------------------------

    def look_up(self, ref: str, by_phone: bool) -> None:
        """A member code, an id, or a phone number (by_phone: asked about before it is chosen)."""
        self._lookups += 1
        self._looking = True
        serial, till = self._lookups, self.ctx.till
        self.ctx.tasks.db(lambda: look_up_member(till, ref), self._life.guard(lambda found: self._found(found, serial, by_phone)),
                          self._life.guard(lambda problem: self._not_found(echo_shortened(problem, ref), serial, by_phone)))

    def forget(self) -> None:
        """The answers of look-ups already asked are dropped."""
        self._lookups += 1
        self._looking = False

    def _found(self, found: CheckoutMember, serial: int, by_phone: bool) -> None:
        if serial != self._lookups:
            return
        self._looking = False
        if by_phone:
            self.ask(found)
            self.found_by_phone.emit(found)
        else:
            self.chosen.emit(found, False)

    def _not_found(self, problem: Refused, serial: int, by_phone: bool) -> None:
        if serial == self._lookups:
            self._looking = False
            self.not_found.emit(problem, by_phone)

    def confirm_pending(self) -> None:
        """The cashier's yes: the member found by phone is chosen."""
        found = self._pending
        if found is not None:
            self.stop_asking()
            self.chosen.emit(found, True)

    def not_them(self) -> None:
        """The cashier's no (Esc): the question and the number typed go."""
        self.stop_asking()
        self.phone.clear()

    def ask(self, member: CheckoutMember) -> None:
        """A member found by phone: the cashier asks the customer and confirms."""
        self._pending = member
        name = member.view.name or self.tr("(no name)")
        self.question.setText(self.tr("%1 · %2 — ask the customer: do the last four digits read %3?")
                              .replace("%1", member.masked_phone).replace("%2", name).replace("%3", member.last_four))
        self._arrange()  # the question takes the camera's room; the camera keeps reading
        self.phone.setFocus()

    def stop_asking(self) -> None:
        self._pending = None
        self._arrange()
        self.question.clear()

    def _arrange(self) -> None:
        """What shows: the question while asking; else the camera without a member, their details with one.

        Once the member is known the picture gives its room to the sale (a 768-line screen has no more);
        the camera keeps reading, so another card still replaces the member. Parts are hidden before
        others are shown: showing a part lays the window out at once, and a moment with both the old
        and the new parts would make it taller than the screen, for good."""
        asking, known = self._pending is not None, self._shown is not None
        parts = ((self.camera, not asking and not known), (self.confirm_box, asking), (self.details, known),
                 (self.as_of, known and self.as_of.wanted), (self.drop, known))
        for part, shown in sorted(parts, key=lambda part: part[1]):
            part.setVisible(shown)

    def show_member(self, member: CheckoutMember | None) -> None:
        self.phone.clear()
        self._describe(member)
        self.stop_asking()  # the words first, then what shows (see _arrange)

    def update_member(self, member: CheckoutMember) -> None:
        """The member shown, as the store has them now: the number being typed and a question asked stay."""
        self._describe(member)
        self._arrange()  # the note under the balance may come or go

    def _describe(self, member: CheckoutMember | None) -> None:
        if member is None:
            self.card.setText(self.tr("No member"))
            self.details.clear()
        else:
            name = member.view.name or self.tr("(no name)")
            self.card.setText(f"{name} · {member.masked_phone}")
            self.details.setText(self._details(member))
        self.as_of.word_for(None if member is None else member.view)
        self._shown = member

    def _details(self, member: CheckoutMember) -> str:
        balance = member.view.balance
        lines = [self.tr("%1 · %2 points", "", balance).replace("%1", tier_label(member))
                 .replace("%2", points(balance))]
        if member.view.debt_points:
            lines.append(self.tr("Owes %1 points: cannot pay with points until that is cleared", "",
                                 member.view.debt_points)
                         .replace("%1", points(member.view.debt_points)))
        shared = member.view.shared_phone_notice  # worded as `jifen member show` says it
        if shared is not None:
            lines.append(say(*shared))
        expiry = member.view.next_expiry
        if expiry is not None and expiry[1] <= self.ctx.till.shop.today():  # the last day they can be used
            lines.append(self.tr("%1 points expire tonight: today is the last day to use them", "", expiry[0])
                         .replace("%1", points(expiry[0])))
        elif expiry is not None:
            lines.append(self.tr("%1 points expire on %2", "", expiry[0]).replace("%1", points(expiry[0]))
                         .replace("%2", expiry[1].isoformat()))
        return "\n".join(lines)
