"""Gifts (F6): the points mall at the counter. Find the member as at the checkout (camera, scanner, or
phone with the last four digits confirmed), choose a gift or a coupon from the pictures, confirm;
the points leave on the database worker, then the receipt prints (a coupon's with its QR code).
F8 cancels today's exchange with a manager's PIN; F11 claims a partner's redemption code, which
needs the ledger online. Enter confirms, Esc backs out one step, the focus is where the next key goes."""

from dataclasses import dataclass
from typing import Any

from terminal.errors import Refused
from terminal.services.cashiers import Actor
from terminal.services.mall import ExchangeResult
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.base import Screen
from ui.screens.checkout_member import MemberPanel
from ui.screens.checkout_sale import CheckoutMember
from ui.screens.checkout_work import look_up_member
from ui.screens.gifts_actions import ConfirmBox, OtherActions
from ui.screens.gifts_list import GiftTable, item_name
from ui.screens.gifts_words import GiftWords
from ui.screens.gifts_work import (
    cancel,
    catalog,
    claim,
    exchange,
    issue_coupon,
    load_picture,
    open_offers,
    picture_path,
    placeholder,
)
from ui.screens.print_note import PrintNote
from ui.widgets.approval import ApprovalDialog, with_approval
from ui.widgets.echo import plain
from ui.widgets.lifetime import Lifetime
from ui.widgets.problem import show_words

PHONE_KEY, CANCEL_KEY, CARD_KEY, CLAIM_KEY, REPRINT_KEY = "F7", "F8", "F10", "F11", "Ctrl+P"


@dataclass(frozen=True)
class Question:
    """What the open question names: this item, for this member (the points leave this member only)."""

    item: dict[str, Any]
    member: CheckoutMember


class GiftsScreen(Screen):
    key = "F6"

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Gifts"))
        self.words = GiftWords(self)
        self.member_found: CheckoutMember | None = None
        self.busy = False
        self._question: Question | None = None
        self._loading: set[str] = set()
        self._life = Lifetime(self)
        self.member = MemberPanel(ctx)
        self.member.drop.setText(self.tr("Another member"))
        self.table = GiftTable()
        self.table.set_placeholder(placeholder())
        self.confirm = ConfirmBox()
        self.more = OtherActions()
        self.approval = ApprovalDialog(ctx, self)
        self.message = widgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(28)
        plain(self.message)
        self.print_note = PrintNote(ctx, self.tr("It is recorded, but the receipt did not print: %1. Ctrl+P prints it again."),
                                    self.tr("No printer is set up: nothing was printed."))
        keys = widgets.QLabel(self.tr("↑↓ choose · Enter take / confirm · Esc back · F7 phone · F8 cancel an exchange · "
                                      "F10 top-up by card · F11 claim a partner code · Ctrl+P reprint"))
        keys.setObjectName("keys")
        keys.setWordWrap(True)
        self._lay_out(keys)
        self._connect()
        self.show_member(None)

    def _lay_out(self, keys: widgets.QLabel) -> None:
        left = widgets.QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.confirm)
        right = widgets.QVBoxLayout()
        right.addWidget(self.member, 1)
        right.addWidget(self.more)
        columns = widgets.QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        page = widgets.QVBoxLayout(self)
        page.addLayout(columns, 1)
        page.addWidget(self.message)
        page.addWidget(self.print_note)
        page.addWidget(keys)

    def _connect(self) -> None:
        self.member.wanted.connect(self.identify)
        self.member.found_by_phone.connect(self._ask_last_four)
        self.member.chosen.connect(self._chosen)
        self.member.not_found.connect(self._not_found)
        self.member.cancelled.connect(self.back_out)
        self.member.dropped.connect(self.forget_member)
        self.table.chosen.connect(self.choose)
        self.table.wants_picture.connect(self._load_picture)
        self.confirm.confirmed.connect(self.take)
        self.confirm.back.clicked.connect(self.back_out)
        self.more.cancel_entered.connect(self.cancel_exchange)
        self.more.claim_entered.connect(self.claim_code)
        for keys, action in ((PHONE_KEY, self.member.focus_phone), (CANCEL_KEY, self.focus_cancel),
                             (CARD_KEY, self._card), (CLAIM_KEY, self.focus_claim), (REPRINT_KEY, self.print_note.reprint),
                             ("Esc", self.back_out)):
            shortcut = gui.QShortcut(gui.QKeySequence(keys), self)
            shortcut.setContext(core.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    # --- the screen's life ---------------------------------------------------------------------------

    def entered(self) -> None:
        self.member.start_camera()
        self.refresh()
        self.refresh_offers()
        if self.member_found is not None:
            self.table.setFocus()
        else:
            self.member.focus_phone()

    def refresh(self) -> None:
        """The catalog as it is now (stock changes with every exchange, and with sync)."""
        till = self.ctx.till
        self.ctx.tasks.db(lambda: catalog(till), self._life.guard(self._show_catalog), self._life.guard(self._refused))

    def refresh_offers(self) -> None:
        """The partner offers open now, from the ledger (their codes are only ever handed out there)."""
        till, syncer = self.ctx.till, self.ctx.syncer
        self.ctx.tasks.io(lambda: open_offers(till, syncer), self._life.guard(self.more.offer.show_offers))

    def _show_catalog(self, items: list[dict[str, Any]]) -> None:
        self.table.show_items(items)
        if not items:
            self.say(self.tr("There are no gifts to take now. The manager adds them with “jifen gift add”, "
                             "or they arrive from the ledger with sync."))

    def _load_picture(self, path: str) -> None:
        if path in self._loading:
            return
        self._loading.add(path)
        where = picture_path(self.ctx.till, path)
        self.ctx.tasks.io(lambda: load_picture(where), self._life.guard(lambda image: self.table.show_picture(path, image)))

    def say(self, text: str, problem: bool = False) -> None:
        show_words(self.message, text, problem)

    def _refused(self, problem: Refused) -> None:
        self.say(problem.message, True)

    def _start_work(self) -> None:
        self.busy = True
        self.member.forget()  # a member found meanwhile is not the one this work is for

    def _focus_next(self) -> None:
        """The gifts with a member found, else the phone field."""
        if self.member_found is not None:
            self.table.setFocus()
        else:
            self.member.focus_phone()

    def focus_cancel(self) -> None:
        self.more.exchange_ref.setFocus()
        self.more.exchange_ref.selectAll()

    def focus_claim(self) -> None:
        self.more.offer.setFocus()
        self.more.offer.select_all()

    # --- the member ------------------------------------------------------------------------------------

    def scanned(self, text: str) -> bool:
        """A member code from a keyboard scanner (the camera's come through the member panel)."""
        self.identify(text, by_phone=False)
        return True

    def identify(self, ref: str, by_phone: bool) -> None:
        if self.busy:
            return
        self.say(self.tr("Looking up the member…"))
        self.member.look_up(ref, by_phone)

    def _ask_last_four(self) -> None:
        self.say(self.tr("Ask the customer for the last four digits of their phone, then Enter to confirm or Esc."))

    def _chosen(self, found: CheckoutMember) -> None:
        self.show_member(found)
        self.say(self.tr("Member %1: choose a gift with ↑↓ and press Enter.").replace("%1", found.masked_phone))

    def _not_found(self, problem: Refused, by_phone: bool) -> None:
        self.say(problem.message + " — " + self.tr("check the number, or scan the member's code."), True)
        if by_phone:  # a bad camera read leaves the focus where the cashier is
            self.member.focus_phone()

    def show_member(self, member: CheckoutMember | None) -> None:
        if self._question is not None and (member is None or member.id != self._question.member.id):
            self._close_question()
        self.member_found = member
        self.member.show_member(member)
        if member is None:
            self.member.details.setText(self.tr("Scan the member code, or type the phone number (F7)."))
            self.member.focus_phone()
        elif self.confirm.asking:  # the same member again: the question still stands
            self.confirm.confirm.setFocus()
        else:
            self.table.setFocus()

    def forget_member(self) -> None:
        if self.busy:
            return
        self._close_question()
        self.show_member(None)
        self.say(self.tr("No member: scan the next member's code or type their phone (F7)."))

    def _reload_member(self, member_id: str) -> None:
        """The member again after points moved, so the balance shown is the stored one."""
        till = self.ctx.till
        self.ctx.tasks.db(lambda: look_up_member(till, member_id), self._life.guard(self._member_reloaded))

    def _member_reloaded(self, member: CheckoutMember) -> None:
        if self.member_found is not None and self.member_found.id == member.id:
            self.member_found = member
            self.member.show_member(member)

    # --- taking a gift or a coupon ----------------------------------------------------------------------

    def choose(self, item: dict[str, Any]) -> None:
        if self.busy:
            return
        if self.member_found is None:
            self.say(self.tr("Find the member first: scan their code or type their phone (F7)."), True)
            self.member.focus_phone()
            return
        self._question = Question(item, self.member_found)
        self.confirm.ask(self.words.question(item, self.member_found), bool(item["topup_fen"]))

    def _card(self) -> None:
        if self.confirm.asking and self._question is not None and self._question.item["topup_fen"]:
            self.take("card")

    def take(self, pay: str) -> None:
        question, cashier = self._question, self.ctx.cashier
        if self.busy or question is None:
            return
        item, member = question.item, question.member
        if cashier is None:
            self.say(self.tr("Nobody is logged in: log in again (F12)."), True)
            return
        self._start_work()
        self.confirm.confirm.setEnabled(False)
        till, item_id = self.ctx.till, item["id"]
        if item["kind"] == "coupon":
            self.say(self.tr("Issuing the coupon…"))
            self.ctx.tasks.db(lambda: issue_coupon(till, cashier, item_id, member.id),
                              self._life.guard(self._coupon_issued), self._life.guard(self._not_taken))
        else:
            self.say(self.tr("Recording the exchange…"))
            self.ctx.tasks.db(lambda: exchange(till, cashier, item_id, member.id, pay),
                              self._life.guard(lambda result: self._exchanged(result, item)), self._life.guard(self._not_taken))

    def _exchanged(self, result: ExchangeResult, item: dict[str, Any]) -> None:
        self._done(result.member["id"])
        self.say(self.words.exchanged(result, item_name(item)))
        self.more.exchange_ref.setText(result.exchange_id)
        self.print_note.print("gift", result.exchange_id)

    def _coupon_issued(self, data: dict[str, Any]) -> None:
        self._done(data["member"]["id"])
        self.say(self.words.coupon_issued(data))
        self.print_note.print("coupon", data["coupon_id"])

    def _done(self, member_id: str) -> None:
        self.busy = False
        self._close_question()
        self._reload_member(member_id)
        self.refresh()
        self.table.setFocus()

    def _not_taken(self, problem: Refused) -> None:
        self.busy = False
        if self.ctx.ends_session(problem):  # deactivated since logging in: back to the login, saying why
            return
        self._close_question()
        self.say(self.words.not_taken(problem), True)
        self.refresh()
        self.table.setFocus()

    def _close_question(self) -> None:
        self._question = None
        self.confirm.close_question()

    # --- cancelling an exchange ---------------------------------------------------------------------

    def cancel_exchange(self, ref: str) -> None:
        if self.busy:
            return
        reason = self.tr("Cancelling exchange %1 gives the points back and puts the gift back in stock: "
                         "a manager's or the owner's PIN is needed.").replace("%1", ref)
        with_approval(self.ctx, self.approval, reason, lambda approver: self._cancel(ref, approver))

    def _cancel(self, ref: str, approver: Actor | None) -> None:
        cashier = self.ctx.cashier
        if cashier is None or self.busy:
            return
        self._start_work()
        self.say(self.tr("Cancelling the exchange…"))
        till = self.ctx.till
        self.ctx.tasks.db(lambda: cancel(till, cashier, ref, approver), self._life.guard(self._cancelled),
                          self._life.guard(self._not_cancelled))

    def _cancelled(self, data: dict[str, Any]) -> None:
        self.busy = False
        self.more.exchange_ref.clear()
        self.say(self.words.cancelled(data))
        self.print_note.print("gift_cancel", data["cancel_id"])
        if self.member_found is not None:
            self._reload_member(self.member_found.id)
        self.refresh()
        self._focus_next()

    def _not_cancelled(self, problem: Refused) -> None:
        self.busy = False
        if self.ctx.ends_session(problem):
            return
        self.say(self.words.not_cancelled(problem), True)
        self.focus_cancel()

    # --- claiming a partner's code -----------------------------------------------------------------------

    def claim_code(self, offer: str) -> None:
        member, cashier = self.member_found, self.ctx.cashier
        if self.busy:
            return
        if member is None:
            self.say(self.tr("Find the member first: scan their code or type their phone (F7)."), True)
            self.member.focus_phone()
            return
        if cashier is None:
            self.say(self.tr("Nobody is logged in: log in again (F12)."), True)
            return
        self._start_work()
        self.say(self.tr("Asking the ledger for a code…"))
        till, syncer = self.ctx.till, self.ctx.syncer
        self.ctx.tasks.io(lambda: claim(till, syncer, cashier, offer, member.id), self._life.guard(self._claimed),
                          self._life.guard(self._not_claimed))

    def _claimed(self, data: dict[str, Any]) -> None:
        self.busy = False
        self.more.offer.setEditText("")
        self.refresh_offers()  # one code fewer left
        self.say(self.words.claimed(data))
        self._reload_member(str(data["member"]["id"]))
        self.table.setFocus()

    def _not_claimed(self, problem: Refused) -> None:
        self.busy = False
        self.say(self.words.not_taken(problem), True)
        self.focus_claim()

    # --- Esc ------------------------------------------------------------------------------------------------

    def back_out(self) -> None:
        """One step back: the question, then the member being asked about, then what is typed, then the member."""
        if self.busy:
            return
        focus = widgets.QApplication.focusWidget()
        if self.confirm.asking:
            self._close_question()
            self.say(self.tr("Nothing taken."))
            self.table.setFocus()
        elif self.member.pending is not None:
            self.member.not_them()
            self.say(self.tr("Not that member."))
            self.member.focus_phone()
        elif isinstance(focus, widgets.QLineEdit) and focus.text():
            focus.clear()
        elif focus is self.more.offer and self.more.offer.currentText():
            self.more.offer.setEditText("")
        elif focus in (self.more.exchange_ref, self.more.offer):
            self._focus_next()
        elif self.member_found is not None:
            self.forget_member()
        else:
            self.member.focus_phone()
