"""Who is buying: the camera, the member found (masked phone, name, tier, points), and the phone
number field. A member found by phone is shown with the last four digits for the cashier to ask
about, and joins the sale only when the cashier confirms (Enter) — Esc drops them."""

from printing.words import tier_name
from terminal.lang import prefers_chinese
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.checkout_sale import CheckoutMember
from ui.widgets.camera_view import CameraView
from ui.widgets.money import points

TOUCH = 44


def tier_label(member: CheckoutMember) -> str:
    return tier_name("zh" if prefers_chinese() else "en", member.tier.name, member.tier.label)


class MemberPanel(widgets.QWidget):
    phone_entered = core.Signal(str)
    confirmed = core.Signal()
    cancelled = core.Signal()
    dropped = core.Signal()  # sell without a member after all

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.camera = CameraView(ctx.tasks.io)
        self.camera.setMinimumHeight(180)
        self.camera.state.connect(ctx.bus.camera.emit)
        self.card = widgets.QLabel()
        self.card.setObjectName("big")
        self.card.setWordWrap(True)
        self.details = widgets.QLabel()
        self.details.setWordWrap(True)
        self.phone = widgets.QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText(self.tr("Member's phone number (F7) — Enter looks it up"))
        self.phone.setMinimumHeight(TOUCH)
        self.phone.returnPressed.connect(self._phone_entered)
        self.question = widgets.QLabel()
        self.question.setWordWrap(True)
        self.confirm = widgets.QPushButton(self.tr("Yes, this member (Enter)"))
        self.reject = widgets.QPushButton(self.tr("No (Esc)"))
        for button in (self.confirm, self.reject):
            button.setMinimumHeight(TOUCH)
            button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.confirm.clicked.connect(self.confirmed)
        self.reject.clicked.connect(self.cancelled)
        answer = widgets.QHBoxLayout()
        answer.addWidget(self.confirm)
        answer.addWidget(self.reject)
        self.confirm_box = widgets.QWidget()
        box = widgets.QVBoxLayout(self.confirm_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.question)
        box.addLayout(answer)
        self.drop = widgets.QPushButton(self.tr("Sell without a member"))
        self.drop.setMinimumHeight(TOUCH)
        self.drop.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        self.drop.clicked.connect(self.dropped)
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.camera, 1)
        column.addWidget(self.card)
        column.addWidget(self.details)
        column.addWidget(self.phone)
        column.addWidget(self.confirm_box)
        column.addWidget(self.drop)
        self.show_member(None)

    def start_camera(self) -> None:
        settings = self.ctx.settings  # read now: the settings screen may have changed the camera
        if not self.camera.feed.running:
            self.camera.start(settings.camera, settings.decoder)

    def hideEvent(self, event: gui.QHideEvent) -> None:
        self.camera.stop()  # the camera is released whenever the screen holding the panel is not showing
        super().hideEvent(event)

    @property
    def asking(self) -> bool:
        return not self.confirm_box.isHidden()

    def _phone_entered(self) -> None:
        if self.asking:
            self.confirmed.emit()
        elif self.phone.text().strip():
            self.phone_entered.emit(self.phone.text())

    def ask(self, member: CheckoutMember) -> None:
        """A member found by phone: the cashier asks the customer and confirms."""
        name = member.view.name or self.tr("(no name)")
        self.question.setText(self.tr("%1 · %2 — ask the customer: do the last four digits read %3?")
                              .replace("%1", member.masked_phone).replace("%2", name).replace("%3", member.last_four))
        self.confirm_box.show()
        self.phone.setFocus()

    def stop_asking(self) -> None:
        self.confirm_box.hide()
        self.question.clear()

    def show_member(self, member: CheckoutMember | None) -> None:
        self.stop_asking()
        self.phone.clear()
        self.drop.setVisible(member is not None)
        # Once the member is known the picture gives its room to the sale (a 768-line screen has no
        # more); the camera keeps reading, so another card still replaces the member.
        self.camera.setVisible(member is None)
        if member is None:
            self.card.setText(self.tr("No member"))
            self.details.setText(self.tr("Scan the member code, or type the phone number (F7). "
                                         "A sale without a member earns no points."))
            return
        name = member.view.name or self.tr("(no name)")
        self.card.setText(f"{name} · {member.masked_phone}")
        balance = member.view.balance
        lines = [self.tr("%1 · %2 points", "", balance).replace("%1", tier_label(member))
                 .replace("%2", points(balance))]
        if member.view.debt_points:
            lines.append(self.tr("Owes %1 points: cannot pay with points until that is cleared", "",
                                 member.view.debt_points)
                         .replace("%1", points(member.view.debt_points)))
        expiry = member.view.next_expiry
        if expiry is not None:
            lines.append(self.tr("%1 points expire on %2", "", expiry[0]).replace("%1", points(expiry[0]))
                         .replace("%2", expiry[1].isoformat()))
        self.details.setText("\n".join(lines))
