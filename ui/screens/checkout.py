"""Checkout (F1): who is buying (camera, keyboard scanner or phone number, or nobody), the lines, the
points the sale earns and why, points to redeem, cash or card; the sale is committed on the database
worker, then the receipt prints on the device pool and appears on screen.

Everything works from the keyboard: Enter confirms, Esc backs out one step, F7–F11, Ctrl+F7 and Ctrl+P are
the common actions (listed at the foot of the screen). The UI thread only ever hands work out."""

import logging
import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from terminal.codes.recognise import clean, is_scanner_code
from terminal.errors import Refused
from terminal.mall.coupon_code import looks_like_coupon
from terminal.money import parse_amount, parse_points
from terminal.points_cap import TooLargeForOneSale
from terminal.rules import RuleSet
from terminal.services.cashiers import Actor
from terminal.services.sale_member import SaleMemberResult
from terminal.services.sales import MAX_LINES, SaleRequest, SaleResult, priced_day
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.base import Screen
from ui.screens.checkout_lines import LinesPanel
from ui.screens.checkout_member import MemberPanel
from ui.screens.checkout_pay import NO_BREAK_SPACE, WORD_JOINER, PayPanel
from ui.screens.checkout_promotions import PromotionsToday
from ui.screens.checkout_sale import CheckoutMember, DraftCoupon, RedeemProblem, SaleDraft
from ui.screens.checkout_work import (
    ApprovalNeeded,
    check_approver,
    check_coupon,
    commit_sale,
    give_paid_sale,
    look_up_member,
    supervisors,
)
from ui.screens.print_note import PrintNote
from ui.screens.refunds import RefundsScreen
from ui.widgets.approval import ApprovalDialog
from ui.widgets.echo import echo_shortened, plain_labels
from ui.widgets.key_hints import KeyHints
from ui.widgets.lifetime import Lifetime
from ui.widgets.money import points, yuan
from ui.widgets.problem import show_words
from ui.widgets.receipt_preview import ReceiptPicture, ReceiptPreview, render_receipt
from ui.widgets.scan_filter import typed_too_fast
from ui.widgets.sentences import sentences, wide

log = logging.getLogger("jifen.ui")
CLEAR_AGAIN_S = 3.0  # a second Esc within this clears the whole sale
# A card read this soon after a sale paid without a member was likely meant for that sale: the message says it was not.
JUST_PAID_S = 300.0
# The store could not take the sale (busy, failed, its disk full, its folder read-only, its file damaged): the
# refusal says what to do, and the sale stays as it is for the cashier to take payment again.
STORE_PROBLEMS = frozenset({"busy", "internal", "disk_full", "read_only", "damaged_store"})
# What take_coupon refuses a coupon for (a refusal by record_sale is also one of these, or is about the sale)
COUPON_PROBLEMS = frozenset({"coupon_used", "coupon_expired", "foreign_coupon", "below_min_spend", "revoked",
                             "forged_code", "member_in_debt"})
_PHONE_OR_NUMBER = re.compile(r"[0-9+\-() ]+|[Mm][0-9A-Za-z]{12}")  # as typed into F7's field
NO_MEMBER_KEY = "Ctrl+F7"  # F7 finds the member; with Ctrl the sale goes on without one
NO_COUPON_KEY = "Ctrl+F8"  # takes the coupon scanned off the sale (the pay panel shows the key by the coupon)
GIVE_PAID_KEY = "Shift+F7"  # the card read just after paying goes to the sale paid (补积分): offered in the message
# Shorter than this (pixels for the screen), or than the screen needs as it is, the member panel goes above the receipt,
# the keypad goes and the key hints take one line: the payment keeps its whole column (a 1366×768 laptop at 125 % has
# 445; a 1024×768 screen 669).
SHORT_SCREEN = 640


def key_hints(text: str) -> str:
    """The key hints " · "-separated as translated, a line break only ever after a " · ": within a hint
    ("F10 刷卡", "Enter 添加/确认") a space does not break and a word joiner keeps Chinese or "/" together."""
    def whole(hint: str) -> str:
        hint = hint.replace(" ", NO_BREAK_SPACE)
        joined = (WORD_JOINER if wide(a) or wide(b) or "/" in a + b else "" for a, b in zip(hint, hint[1:]))
        return "".join(a + join for a, join in zip(hint, joined)) + hint[-1:]

    return (NO_BREAK_SPACE + "· ").join(whole(hint) for hint in text.split(" · "))


def _parses(parse: Callable[[str], int], text: str) -> bool:
    try:
        parse(text)
    except Refused:
        return False
    return not is_scanner_code(text)


def _phone_or_number(text: str) -> bool:
    return _PHONE_OR_NUMBER.fullmatch(clean(text)) is not None and not is_scanner_code(text)


class CheckoutScreen(Screen):
    key = "F1"

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Checkout"))
        self.draft = SaleDraft(ctx.till.shop.rules)
        self._priced_on: date = ctx.till.shop.today()  # the day of the sale's first line: its points are that day's
        self.last_sale: SaleResult | None = None
        self._paid_at = 0.0  # time.monotonic() when the last sale was recorded
        self.finished = False  # the last sale is done; the next line or member starts a new one
        self.busy = False  # a sale is being committed
        self._method = "cash"
        self._asked: SaleRequest | None = None  # the sale as the payment question showed it
        self._approver_names: list[str] = []
        self._clear_until = 0.0  # a second Esc before this (time.monotonic) clears the sale
        self._next_member: tuple[str, bool] | None = None  # read while the sale was being recorded: (ref, by_phone)
        self._next_line = False  # Enter was pressed on an amount while the sale was being recorded
        self._late: tuple[str, CheckoutMember] | None = None  # (sale paid, member read on the empty sale after it)
        self._coupon_checks = 0  # only the latest coupon scanned counts
        self.give_approval: ApprovalDialog | None = None  # for GIVE_PAID_KEY: made when first needed
        self._giving: str | None = None  # the paid sale waiting for a manager to approve giving it its member
        self._handed: SaleDraft | None = None  # the empty next sale whose member GIVE_PAID_KEY is giving the paid sale
        self._life = Lifetime(self)

        self.lines = LinesPanel(ctx.till.shop.rules)
        self.member = MemberPanel(ctx)
        self.member.drop.setText(self.tr("Sell without a member  %1").replace("%1", NO_MEMBER_KEY))
        self.pay = PayPanel()
        self.receipt = ReceiptPreview()
        self.promotions = PromotionsToday(ctx, self._open_sale_priced)
        self.print_note = PrintNote(ctx, self.tr("The sale is recorded, but the receipt did not print: %1. "
                                                 "Ctrl+P prints it again."),
                                    self.tr("No printer is set up: the receipt is on screen only."))
        self.message = widgets.QLabel()
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(28)
        self.keys = KeyHints(key_hints(self.tr(
            "Enter add / confirm · Esc back · ↑↓ category · Del (empty amount) remove last line · F7 phone · "
            "Ctrl+F7 no member · F8 points · Ctrl+F8 drop coupon · F9 cash · F10 card · F11 new sale · Ctrl+P reprint")))
        self.short = False  # arranged for a short screen (see fit_height)
        self._normal_needs = 0  # the height the screen needed when last arranged for a tall screen
        self._middle, self._right, self._page = widgets.QVBoxLayout(), widgets.QVBoxLayout(), widgets.QVBoxLayout(self)
        self._lay_out()
        plain_labels(self)
        self._connect()
        self._shortcuts()
        self.refresh()

    # --- layout and wiring ---------------------------------------------------------------------------

    def _lay_out(self) -> None:
        middle, right = self._middle, self._right
        middle.addWidget(self.member)
        middle.addWidget(self.pay, 1)  # its own stretch takes what is left over
        right.addWidget(self.receipt, 1)
        right.addWidget(self.print_note)
        right.addWidget(self.lines.keypad)  # under the receipt: on a 768-line screen the lines take the height
        columns = widgets.QHBoxLayout()
        columns.addWidget(self.lines, 4)
        columns.addLayout(middle, 4)
        columns.addLayout(right, 3)  # on a 1024-pixel screen the receipt's picture is made smaller, not the sale
        page = self._page
        page.addWidget(self.promotions)
        page.addLayout(columns, 1)
        page.addWidget(self.message)
        page.addWidget(self.keys)

    def fit_height(self, height: int) -> bool:
        """On a short screen (a laptop at 125 % or 150 %) the payment has the middle column to itself: the member
        panel goes above the receipt, its camera picture lower, the keypad goes (the keyboard types the amount),
        the key hints take one line and the screen's margins above and below go."""
        if not self.short:  # what the screen needs as it is (asking, a promotion, a long message…), its text wrapped
            self._normal_needs = self._page.minimumHeightForWidth(self.width()) + self.pay.room_given_up()
        short = height < max(SHORT_SCREEN, self._normal_needs)
        if short == self.short:
            return False
        self.short = short
        self._middle.removeWidget(self.member)
        self._right.removeWidget(self.member)
        (self._right if short else self._middle).insertWidget(0, self.member)
        self.lines.keypad.setVisible(not short)
        self.keys.set_one_line(short)
        self.member.camera.fit_short(short)
        self.member.fit_narrow(short)
        margins = self._page.contentsMargins()  # the window's own margins are round it already
        margins.setTop(0 if short else margins.left())
        margins.setBottom(0 if short else margins.left())
        self._page.setContentsMargins(margins)
        return True

    def _connect(self) -> None:
        self.lines.add_requested.connect(self.add_line)
        self.lines.remove_requested.connect(self.remove_line)
        self.member.wanted.connect(self.identify)
        self.member.found_by_phone.connect(self._ask_last_four)
        self.member.chosen.connect(self._chosen)
        self.member.not_found.connect(self._not_found)
        self.member.cancelled.connect(self.back_out)
        self.member.dropped.connect(self.drop_member)
        self.pay.redeem_entered.connect(self.redeem)
        self.pay.pay_requested.connect(self.ask_payment)
        self.pay.pay_confirmed.connect(lambda: self.commit())
        self.pay.approval_entered.connect(self.approve)

    def _shortcuts(self) -> None:
        for keys, action in (("F7", self.member.focus_phone), (NO_MEMBER_KEY, self.drop_member), ("F8", self.focus_redeem),
                             ("F9", lambda: self.ask_payment("cash")), ("F10", lambda: self.ask_payment("card")),
                             ("F11", self.new_sale), ("Ctrl+P", self.reprint), (NO_COUPON_KEY, self.drop_coupon),
                             (GIVE_PAID_KEY, self.give_paid_sale_member)):
            shortcut = gui.QShortcut(gui.QKeySequence(keys), self)
            shortcut.setContext(core.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    # --- the screen's life ---------------------------------------------------------------------------

    def entered(self) -> None:
        self.promotions.show_today()  # rules saved in Settings meanwhile
        self.member.start_camera()
        self._follow_rules()
        self._look_at_member_again()
        if self.draft.lines and not self.finished and self.draft.rules.version != self.ctx.till.shop.rules.version:
            self.say(self.tr("The rules have changed: this sale keeps the points shown; the new rules apply "
                             "from the next sale."))
        if self.pay.asking:
            self.pay.focus_question()
        else:
            self.focus_amount()

    def hideEvent(self, event: gui.QHideEvent) -> None:
        if self.member.looking:  # the member panel drops it: "Looking up…" would wait for nothing
            self.say("")
        super().hideEvent(event)

    def _look_at_member_again(self) -> None:
        """A refund, an adjustment or an edit on another screen may have changed the member shown."""
        shown = self.draft.member
        if shown is None or self.busy:
            return
        till, member_id = self.ctx.till, shown.id
        self.ctx.tasks.db(lambda: look_up_member(till, member_id), self._life.guard(self._member_again),
                          lambda _: None)  # not found now (a code revoked): the sale finds out when it is recorded

    def _member_again(self, fresh: CheckoutMember) -> None:
        shown = self.draft.member
        if self.busy or shown is None or shown.id != fresh.id:  # the sale moved on meanwhile
            return
        if self.finished:  # the panel shows the balance after the sale: now, after what followed it
            self._show_balance_now(fresh.view.balance)
            return
        self.draft.member = fresh
        self.member.update_member(fresh)
        self._lines_changed()  # points typed that the member no longer has are lowered, and said

    def _follow_rules(self) -> None:
        """Rules saved in Settings or pulled from the ledger reach a sale with no lines yet; a sale
        with lines keeps the rules its points were shown under, and is recorded under them."""
        rules = self.ctx.till.shop.rules
        if self.busy or rules is self.draft.rules:
            return
        if not self.draft.lines:
            self.draft.rules = rules
        if self.finished or not self.draft.lines:
            self.lines.show_categories(rules)

    def focus_amount(self) -> None:
        if self.isVisible():  # a sale recorded after the cashier left: the keyboard stays on their screen
            self.lines.amount.setFocus()

    def focus_redeem(self) -> None:
        if not self._add_pending_amount():
            return
        if self.draft.member is None:
            self.say(self.tr("Points can be redeemed only by a member: scan their code or type their phone (F7)."), True)
            return
        if self.draft.member.view.debt_points > 0:  # as the CLI says it, not as a balance of nothing
            self.say(self._redeem_words(RedeemProblem.IN_DEBT, 0), True)
            return
        if self.draft.member.spendable <= 0:
            self.say(self.tr("This member has no points to spend here now."), True)
            return
        if self.pay.asking:  # the points change the sale: back to it
            self.pay.close_boxes()
            self._asked = None
        self.pay.offer_redeem(self.draft.redeem_limit())

    def reprint(self) -> None:
        """Ctrl+P: this screen's last receipt again (see PrintNote); an earlier sale's is reprinted from Refunds."""
        if not self.print_note.reprint():
            self.say(self.tr("No receipt to reprint here: open the sale in Refunds (%1) and press Ctrl+P.")
                     .replace("%1", RefundsScreen.key), True)

    def say(self, text: str, problem: bool = False) -> None:
        show_words(self.message, text, problem)

    def _open_sale_priced(self) -> tuple[RuleSet, date] | None:
        return (self.draft.rules, self._priced_on) if self.draft.lines and not self.finished else None

    def refresh(self) -> None:
        self._clear_until = 0.0  # the sale changed since Esc warned: clearing it takes Esc twice again
        self.promotions.show_today()
        day = self._priced_on
        with_member = self.draft.member is not None
        self.lines.show_lines(self.draft.lines, self.draft.points_by_line(day) if with_member else [None] * len(self.draft.lines))
        self.pay.show_draft(self.draft, self.draft.earn_preview(day))
        if self.pay.asking and not self.busy and self._asked != self.draft.request(self._method):
            self.pay.close_boxes()
            self._asked = None
            self.say(sentences(self.message.text(), self.tr(
                "The sale changed, so payment was not taken: check the total, then F9 (cash) or F10 (card).")), True)

    def _start_over_if_finished(self) -> None:
        if self.finished:
            self.new_sale(by_input=True)

    def new_sale(self, by_input: bool = False) -> None:
        """F11 or Esc twice; or (``by_input``) the first line or member after a sale, which keeps the receipt's
        words, an amount being typed and a member being looked up: they are the new sale's."""
        if self.busy:
            return
        self.draft = SaleDraft(self.ctx.till.shop.rules)
        self.lines.show_categories(self.draft.rules)
        self.finished, self._late = False, None
        if not by_input:
            self.member.forget()
            self._coupon_checks += 1  # a coupon being checked was for the sale cleared
            self.lines.amount.clear()
        self.member.show_member(None)
        self.pay.close_boxes()
        self._asked = None
        self.pay.redeem.clear()
        if not by_input:
            self.say(self.tr("New sale."))
        self.refresh()
        self.focus_amount()

    # --- the member ------------------------------------------------------------------------------------

    def scanned(self, text: str) -> bool:
        """A member code from a keyboard scanner (the camera's come through the member panel); or what a quick
        cashier typed, as fast as a scanner, which is put back as typed (see _typed_too_fast)."""
        field = self._typed_too_fast(text)
        if field is None:
            self.identify(text, by_phone=False)
            return True
        field.insert(text)  # the scan filter took the keys back: the field is as it was before the first
        self.say(typed_too_fast(field.text()), True)
        return True

    def _typed_too_fast(self, text: str) -> widgets.QLineEdit | None:
        """The field ``text`` was typed into, when it is what that field takes and no code: an amount, points,
        a phone or a member number."""
        focus = widgets.QApplication.focusWidget()
        takes: list[tuple[widgets.QLineEdit, Callable[[str], bool]]] = [
            (self.lines.amount, lambda typed: _parses(parse_amount, typed)),
            (self.pay.redeem, lambda typed: _parses(parse_points, typed)), (self.member.phone, _phone_or_number)]
        return next((field for field, takes_it in takes if field is focus and takes_it(text)), None)

    def identify(self, ref: str, by_phone: bool) -> None:
        coupon = not by_phone and looks_like_coupon(ref)
        if self.busy:  # the next customer's card: looked up once this sale is recorded
            self._next_member = (ref, by_phone)
            self.say(self.tr("Recording the sale… The coupon will go on the next sale.") if coupon else
                     self.tr("Recording the sale… The member will join the next sale."))
            return
        if coupon:
            self.take_coupon(ref)
            return
        self.say(self.tr("Looking up the member…"))
        self.member.look_up(ref, by_phone)

    def _ask_last_four(self) -> None:
        self.say(self.tr("Ask the customer for the last four digits of their phone, then Enter to confirm or Esc."))

    def _chosen(self, found: CheckoutMember, by_phone: bool) -> None:
        """Scanned, or found by phone and confirmed."""
        same = self.draft.member is not None and self.draft.member.id == found.id and not self.finished
        paid = self._just_paid_without_member()
        if same:
            words = self.tr("Member %1 is already on this sale.")
        elif paid is not None:
            words = self.tr("Member %1 joined the next sale, not sale %2 just paid: that sale had no member.") \
                .replace("%2", paid)
        else:
            words = self.tr("Member %1 joined the sale.")
        words = words.replace("%1", found.masked_phone)
        self.say(words if same or paid is None else sentences(words, self._offer_words(paid)))
        self._attach(found)
        if paid is not None and not same:
            self._late = (paid, found)

    def _just_paid_without_member(self) -> str | None:
        """The number of the sale paid moments ago without a member, when the member comes to an empty sale after it."""
        last = self.last_sale
        empty = self.finished or not (self.draft.lines or self.draft.member is not None)
        if last is None or last.member is not None or not empty or time.monotonic() - self._paid_at > JUST_PAID_S:
            return None
        return last.sale_id

    def _offer_words(self, paid: str) -> str:
        return self.tr("%1 gives sale %2 this member's points instead.").replace("%1", GIVE_PAID_KEY).replace("%2", paid)

    def _late_card(self) -> tuple[str, CheckoutMember] | None:
        """The sale paid and the member read just after it, while the next sale is as the card left it: empty."""
        late, member = self._late, self.draft.member
        if late is None or self.busy or self.finished or self.draft.lines or self.draft.coupon is not None:
            return None
        if member is None or member.id != late[1].id or time.monotonic() - self._paid_at > JUST_PAID_S:
            return None
        return late

    def give_paid_sale_member(self) -> None:
        """GIVE_PAID_KEY: the member read just after a sale paid without one earns that sale's points (补积分)."""
        late = self._late_card()
        if late is None:
            self.say(self.tr("No sale just paid is waiting for this member: %1 works only on an empty sale, right after "
                             "the card is read.").replace("%1", GIVE_PAID_KEY), True)
            return
        self._late = None
        self._give_paid_sale(*late, None)

    def _give_paid_sale(self, sale_id: str, found: CheckoutMember, approver: Actor | None) -> None:
        till, cashier = self.ctx.till, self.ctx.cashier
        if cashier is None:
            self._take_back()
            self.say(self.tr("Nobody is logged in: log in again (F12)."), True)
            return
        self._giving = None
        self._hand_over(found)
        self.say(self.tr("Giving sale %1 the member's points…").replace("%1", sale_id))
        self.ctx.tasks.db(lambda: give_paid_sale(till, cashier, sale_id, found.id, approver),
                          self._life.guard(lambda answer: self._paid_sale_answered(answer, sale_id, found)),
                          self._life.guard(self._paid_sale_not_given))

    def _hand_over(self, found: CheckoutMember) -> None:
        """The card is the paid sale's from the key on: the empty next sale is done, so a line rung (or paid) before the
        store answers starts a sale without them, and the member earns once."""
        member = self.draft.member
        if not (self.busy or self.finished or self.draft.lines) and member is not None and member.id == found.id:
            self._handed, self.finished = self.draft, True

    def _take_back(self) -> str:
        """Not given after all: the member is the next sale's again while nothing was rung since; else the words that
        say the sale rung meanwhile has no member."""
        handed, self._handed = self._handed, None
        if handed is None:
            return ""
        if handed is self.draft and self.finished and not self.busy:
            self.finished = False
            return ""
        return self.tr("The member is not on this sale: read their card again to add them.")

    def _paid_sale_answered(self, answer: SaleMemberResult | ApprovalNeeded, sale_id: str, found: CheckoutMember) -> None:
        if isinstance(answer, ApprovalNeeded):
            self._ask_to_give(sale_id, found)
        else:
            self._paid_sale_given(answer, found)

    def _ask_to_give(self, sale_id: str, found: CheckoutMember) -> None:
        """A manager's PIN, as refunds ask it, then the same sale and member again with them as the approver."""
        reason = self.tr("Member %3 has had many earning sales today at this store: a manager must approve giving "
                         "them sale %1's points. Type their PIN and press Enter, or Esc to go back.")
        self._giving = sale_id
        self.say(self.tr("Sale %1 has no member yet: waiting for a manager's approval.").replace("%1", sale_id), True)
        self._approval_dialog().ask(reason.replace("%1", sale_id).replace("%3", found.masked_phone),
                                    lambda approver: self._give_paid_sale(sale_id, found, approver))

    def _approval_dialog(self) -> ApprovalDialog:
        if self.give_approval is None:
            self.give_approval = ApprovalDialog(self.ctx, self)
            self.give_approval.rejected.connect(self._not_approved)
        return self.give_approval

    def _not_approved(self) -> None:
        sale_id, self._giving = self._giving, None
        if sale_id is not None:
            words = self.tr("No manager approved: sale %1 keeps no member and its points were not given.")
            self.say(sentences(words.replace("%1", sale_id), self._take_back()), True)

    def _paid_sale_given(self, given: SaleMemberResult, found: CheckoutMember) -> None:
        """As after a sale with the member: their balance now, the sale's receipt, its slip; the next sale has none."""
        last = self.last_sale
        if last is not None and last.sale_id == given.sale_id:
            self.last_sale = replace(last, member=given.member, earned_points=given.earned_points,
                                     bonus_points=given.bonus_points)
        self.say(self._given_words(given, found))
        handed, self._handed = self._handed, None
        if handed is not None and handed is self.draft:  # nothing rung since: the panel shows the member's balance now
            self.refresh_after_sale(given.member.balance)
        if self.ctx.till.shop.print_receipts:  # the service queued the slip
            self.print_note.print("receipt", given.sale_id, at_hand=False)
        self._render_receipt(given.sale_id)

    def _given_words(self, given: SaleMemberResult, found: CheckoutMember) -> str:
        words = self.tr("Sale %1: %2 points to member %3 (balance %4).", "", given.earned_points) \
            .replace("%1", given.sale_id).replace("%2", points(given.earned_points)) \
            .replace("%3", found.masked_phone).replace("%4", points(given.member.balance))
        return sentences(words, self._referral_words(given.bonus_points)) if given.bonus_points else words

    def _referral_words(self, bonus: int) -> str:
        return self.tr("Referral bonus: %1 points each to the member and their referrer.", "", bonus) \
            .replace("%1", points(bonus))

    def _paid_sale_not_given(self, problem: Refused) -> None:
        taken_back = self._take_back()
        if not self.ctx.ends_session(problem):
            self.say(sentences(problem.message, taken_back), True)

    def _not_found(self, problem: Refused, by_phone: bool) -> None:
        words = self.tr("%1 — check the number, or sell without a member.") if by_phone else \
            self.tr("%1 — ask for another code, type the phone number (F7), or sell without a member.")
        self.say(words.replace("%1", problem.message), True)
        if by_phone:
            self.member.focus_phone()

    def _attach(self, found: CheckoutMember) -> None:
        self._start_over_if_finished()
        if self.draft.member is not None and self.draft.member.id != found.id:
            self.draft.redeem_points = 0
        self._drop_coupon_not_of(found.id)
        self.draft.member = found
        self.draft.fit_redeem()
        self.pay.redeem.setText(str(self.draft.redeem_points or ""))  # not points typed that the sale does not use
        self.member.show_member(found)
        self.refresh()
        if not self.pay.asking:  # still asking: the same member again changed nothing
            self.focus_amount()

    def drop_member(self) -> None:
        if self.busy or self.finished:
            return
        self.draft.member = None
        self.draft.redeem_points = 0
        self.pay.redeem.clear()
        self.member.show_member(None)
        self.say(self.tr("Selling without a member: this sale earns no points."))
        self._drop_coupon_not_of(None)
        self.refresh()
        self.focus_amount()

    # --- a coupon ----------------------------------------------------------------------------------------

    def take_coupon(self, ref: str) -> None:
        """A coupon's code, scanned: checked on the database worker as ``take_coupon`` checks it (its minimum
        spend at payment, as lines may still reach it); on a sale with no member, its member joins."""
        on_sale = None if self.finished else self.draft.coupon
        if on_sale is not None:
            if on_sale.ref == ref.strip():
                self.say(self.tr("Coupon %1 is already on this sale.").replace("%1", on_sale.id))
            else:
                self.say(self.tr("This sale already has coupon %1: one coupon a sale. %2 takes it off.")
                         .replace("%1", on_sale.id).replace("%2", NO_COUPON_KEY), True)
            return
        member_id = None if self.finished or self.draft.member is None else self.draft.member.id
        self._coupon_checks += 1
        serial, till = self._coupon_checks, self.ctx.till
        self.say(self.tr("Checking the coupon…"))
        self.ctx.tasks.db(lambda: check_coupon(till, ref, member_id),
                          self._life.guard(lambda found: self._coupon_checked(ref, member_id, serial, *found)),
                          self._life.guard(lambda problem: self._coupon_refused(echo_shortened(problem, ref), serial)))

    def _coupon_checked(self, ref: str, member_id: str | None, serial: int, coupon: DraftCoupon,
                        joins: CheckoutMember | None) -> None:
        if serial != self._coupon_checks:
            return
        if self.busy:  # (checked before payment was taken): that sale went without it
            self.say(self.tr("The coupon read meanwhile was not used: read it again once this sale is done."), True)
            return
        now = None if self.finished or self.draft.member is None else self.draft.member.id
        if now != member_id:  # another member joined, or the sale ended, meanwhile: checked for the sale as it is
            self.take_coupon(ref)
            return
        paid = self._just_paid_without_member()
        self._start_over_if_finished()
        if joins is not None:
            self._attach(joins)
        self.draft.coupon = coupon
        words = [self.tr("Coupon %1 is on the sale: %2 off from %3.").replace("%1", coupon.id)
                 .replace("%2", yuan(coupon.value_fen)).replace("%3", yuan(coupon.min_spend_fen))]
        if joins is not None and paid is not None:
            words.append(self.tr("Its member %1 joined the next sale, not sale %2 just paid: that sale had no member.")
                         .replace("%1", joins.masked_phone).replace("%2", paid))
        elif joins is not None:
            words.append(self.tr("Its member %1 joined the sale.").replace("%1", joins.masked_phone))
        if self.draft.fit_redeem():
            self.pay.redeem.setText(str(self.draft.redeem_points or ""))
            words.append(self.tr("Points to redeem lowered to %1, the most this sale now allows.")
                         .replace("%1", points(self.draft.redeem_points)))
        self.say(sentences(*words))
        self.refresh()

    def _coupon_refused(self, problem: Refused, serial: int) -> None:
        if serial == self._coupon_checks:
            self.say(self.tr("%1 — the coupon was not taken; the sale is unchanged.").replace("%1", problem.message), True)

    def drop_coupon(self) -> None:
        """Ctrl+F8: the sale goes on without its coupon."""
        coupon = None if self.busy or self.finished else self.draft.coupon
        if coupon is None:
            self.say(self.tr("No coupon on this sale."), True)
            return
        self.draft.coupon = None
        self.say(self.tr("Coupon %1 taken off the sale.").replace("%1", coupon.id))
        self.refresh()

    def _drop_coupon_not_of(self, member_id: str | None) -> None:
        """A member's coupon goes with the member: another member on the sale, or none, cannot use it."""
        coupon = self.draft.coupon
        if coupon is not None and coupon.member_id is not None and coupon.member_id != member_id:
            self.draft.coupon = None
            self.say(sentences(self.message.text(), self.tr("Coupon %1 is another member's: taken off the sale.")
                               .replace("%1", coupon.id)), True)

    # --- lines and points ------------------------------------------------------------------------------

    def add_line(self, category: str, text: str) -> None:
        if self.busy:  # the amount stays typed, and is added once this sale is recorded
            self._next_line = True
            self.say(self.tr("Recording the sale… This amount will start the next sale."))
            return
        self._start_over_if_finished()
        self._follow_rules()
        if self.draft.full:
            self._say_full()
            return
        begun, today = self._priced_on, self.ctx.till.shop.today()
        try:
            line = self.draft.add_line(category, text)
        except Refused as problem:
            self.say(self.tr("%1 — correct the amount and press Enter.").replace("%1", echo_shortened(problem, text).message),
                     True)
            self.lines.amount.selectAll()
            self.lines.amount.setFocus()
            return
        self.lines.amount.clear()
        self._late = None  # a line for the member: they are buying again
        self._priced_on = today  # a line added on a later day than the sale's first prices it all for that day
        added = self.tr("Added %1.").replace("%1", yuan(line.amount_fen))
        if begun != today and len(self.draft.lines) > 1:
            self.say(sentences(added, self.tr("This sale was begun on %1: its points are now worked out for today.")
                               .replace("%1", begun.isoformat())), True)
        else:
            self.say(added)
        self._lines_changed()
        self.focus_amount()

    def _say_full(self) -> None:
        """The amount typed stays in its field, left aside: payment takes the sale as it is, and the amount is the
        next sale's first line."""
        self.say(self.tr("A sale holds at most %1 lines: this amount was not added, and stays typed for the next sale. "
                         "Take payment now (F9 cash, F10 card).").replace("%1", str(MAX_LINES)), True)

    def remove_line(self, index: int) -> None:
        if self.busy or self.finished or not 0 <= index < len(self.draft.lines):
            return
        line = self.draft.remove_line(index)
        self.say(self.tr("Removed the line of %1.").replace("%1", yuan(line.amount_fen)))
        self._lines_changed()

    def _lines_changed(self) -> None:
        if self.draft.fit_redeem():
            self.pay.redeem.setText(str(self.draft.redeem_points or ""))
            self.say(self.tr("Points to redeem lowered to %1, the most this sale now allows.")
                     .replace("%1", points(self.draft.redeem_points)), True)
        self.refresh()

    def redeem(self, text: str) -> bool:
        """True if the sale now uses the points in ``text``; False, having said why, if they were refused."""
        if self.busy or self.finished:
            return False
        try:
            wanted = parse_points(text) if text.strip() not in ("", "0") else 0
            problem = self.draft.set_redeem(wanted)
        except Refused as refused:
            self._redeem_refused(self.tr("%1 — change the points and press Enter.")
                                 .replace("%1", echo_shortened(refused, text).message))
            return False
        if problem is not None:
            self._redeem_refused(self._redeem_words(problem, wanted))
            return False
        self.say(self.tr("Paying %1 with %2 points.", "", wanted).replace("%1", yuan(self.draft.redeem_fen))
                 .replace("%2", points(wanted)) if wanted else self.tr("No points redeemed."))
        self.refresh()
        self.focus_amount()
        return True

    def _redeem_refused(self, words: str) -> None:
        """The field goes back to the points the sale uses, selected for typing over."""
        using = self.draft.redeem_points
        if using:
            words = sentences(words, self.tr("This sale still uses %1 points.", "", using).replace("%1", points(using)))
        self.say(words, True)
        self.pay.redeem.setText(str(using or ""))
        self.pay.redeem.selectAll()
        self.pay.redeem.setFocus()

    def _redeem_words(self, problem: RedeemProblem, wanted: int) -> str:
        member, limit = self.draft.member, points(self.draft.redeem_limit())
        if problem is RedeemProblem.NO_MEMBER or member is None:
            return self.tr("Points can be redeemed only by a member: scan their code or type their phone (F7).")
        if problem is RedeemProblem.IN_DEBT:
            return self.tr("This member owes %1 points and cannot pay with points until that is cleared.", "",
                           member.view.debt_points).replace(
                "%1", points(member.view.debt_points))
        if problem is RedeemProblem.OVER_BALANCE:
            return self.tr("The member has %1 points, not %2 — use at most %3.", "", member.view.balance).replace(
                "%1", points(member.view.balance)).replace("%2", points(wanted)).replace("%3", limit)
        if problem is RedeemProblem.OVER_OFFLINE_CAP:
            return self.tr("Offline, this member can redeem %1 more points at this till today — use at most %2.", "",
                           member.offline_room or 0).replace(
                "%1", points(member.offline_room or 0)).replace("%2", limit)
        if self.draft.rules.max_redeem_percent == 0:
            return self.tr("This shop does not take points as payment (its rules allow 0 % of a sale).")
        return self.tr("This sale can take at most %1 points — use fewer, or add the lines first.", "",
                       self.draft.redeem_limit()).replace("%1", limit)

    # --- paying -------------------------------------------------------------------------------------------

    def _add_pending_amount(self) -> bool:
        """An amount typed but not yet added (no Enter) is added now; False if it was refused (and said why). On a full
        sale it is left aside, typed for the next sale, and payment goes on."""
        text = self.lines.amount.text()
        if not text.strip() or self.busy:
            return True
        if self.draft.full and not self.finished:
            self._say_full()
            return True
        self.add_line(self.lines.category, text)
        return not self.lines.amount.text().strip()

    def _use_pending_points(self) -> bool:
        """Points typed but not yet used (no Enter) are used now; False if they were refused (and said why)."""
        text = self.pay.redeem.text()
        if not self.pay.redeem.isEnabled() or text.strip() == str(self.draft.redeem_points or ""):
            return True
        return self.redeem(text)

    def ask_payment(self, method: str) -> None:
        if self.busy:
            return
        added = self._add_pending_amount()
        if self.finished or not self.draft.lines:
            first = self.tr("Add a line first: type the amount and press Enter.")
            self.say(first if added else sentences(first, self.message.text()), True)
            self.focus_amount()
            return
        if not added:
            return
        if self.member.pending is not None:
            self.say(self.tr("Confirm the member first (Enter), or Esc to drop them."), True)
            return
        coupon = self.draft.coupon
        if coupon is not None and self.draft.coupon_short_fen:
            self.say(self.tr("Coupon %1 needs a spend of %2; this sale is %3. Add %4 more, or %5 takes the coupon off.")
                     .replace("%1", coupon.id).replace("%2", yuan(coupon.min_spend_fen))
                     .replace("%3", yuan(self.draft.list_total_fen)).replace("%4", yuan(self.draft.coupon_short_fen))
                     .replace("%5", NO_COUPON_KEY), True)
            self.focus_amount()
            return
        if not self._use_pending_points():
            return
        self._price_again_if_too_old()
        self._method = method
        self._asked = self.draft.request(method)
        self.pay.ask_payment(method, self.draft)

    def _price_again_if_too_old(self) -> None:
        """A sale begun before midnight keeps that day's points; one open longer (or begun on a later day, the
        clock since set back) is worked out for today, as the ledger takes no other day."""
        today = self.ctx.till.shop.today()
        try:
            priced_day(self._priced_on, today)
        except Refused:
            begun, self._priced_on = self._priced_on, today
            self.refresh()
            self.say(self.tr("This sale was begun on %1: its points are now worked out for today.")
                     .replace("%1", begun.isoformat()), True)

    def commit(self, approver: Any = None) -> None:
        if self.busy or self.finished or not self.draft.lines or self._asked != self.draft.request(self._method):
            return
        if self.member.looking:  # a card just read, or a phone typed: the member may be about to join this sale
            self.say(self.tr("Looking up the member: take payment once they are on the sale."), True)
            return
        self.busy = True
        self.member.forget()  # a member found meanwhile would change a sale already on its way
        self._coupon_checks += 1  # and so would a coupon
        self._next_member, self._next_line = None, False
        self.pay.confirm.setEnabled(False)
        self.focus_amount()  # what is typed now is the next sale's
        self.say(self.tr("Recording the sale…"))
        till, cashier, request, rules = self.ctx.till, self.ctx.cashier, self.draft.request(self._method), self.draft.rules
        priced_on = self._priced_on
        if cashier is None:
            self.busy = False
            self.say(self.tr("Nobody is logged in: log in again (F12)."), True)
            return
        self.ctx.tasks.db(lambda: commit_sale(till, cashier, request, rules, priced_on, approver), self._life.guard(self._sold),
                          self._life.guard(self._not_sold))

    def keep_logged_in(self) -> bool:
        """True, having said why, while logging out would lose a sale: one being recorded, or one with lines."""
        if self.busy:
            self.say(self.tr("Wait a moment: the sale is being recorded."), True)
        elif self.draft.lines and not self.finished:
            self.say(self.tr("Take payment (F9, F10) or clear the sale (Esc twice) before logging out."), True)
        else:
            return False
        return True

    def _not_sold(self, problem: Refused) -> None:
        self.busy = False
        if self.ctx.ends_session(problem):  # deactivated since logging in: back to the login, saying why
            return
        # What arrived meanwhile was for the next sale, not for this one, which is not done: an amount stays
        # typed, and a phone number in its field; a code read is dropped, and said so.
        scanned = self._next_member is not None and not self._next_member[1]
        coupon = scanned and self._next_member is not None and looks_like_coupon(self._next_member[0])
        self._next_member, self._next_line = None, False
        if problem.code == "approval_required":
            till = self.ctx.till
            reason = self.tr("This member has had many earning sales today at this store: a manager must approve this one. "
                             "Type their PIN and press Enter, or Esc to go back.")
            self.ctx.tasks.db(lambda: supervisors(till), self._life.guard(lambda names: self.pay.ask_approval(reason, names)))
            self.say(self.tr("Nothing recorded yet: waiting for a manager's approval."), True)
        else:
            self._refused_sale(problem)
        if coupon:
            self.say(sentences(self.message.text(), self.tr("The coupon read meanwhile was not used: read it again once "
                                                            "this sale is done.")), True)
        elif scanned:
            self.say(sentences(self.message.text(), self.tr("The member code read meanwhile was not used: read it again "
                                                            "once this sale is done.")), True)

    def _refused_sale(self, problem: Refused) -> None:
        self.pay.close_boxes()
        self._asked = None
        if problem.code in STORE_PROBLEMS:  # there is nothing in the sale to correct
            self.say(problem.message, True)
        elif isinstance(problem, TooLargeForOneSale):  # the refusal already says to split it
            self.say(self.tr("%1 — nothing was recorded, and the sale is still here: take lines off (Del) and take "
                             "payment, then ring them up as another sale.").replace("%1", problem.message), True)
        else:
            self.say(self.tr("%1 — nothing was recorded; correct it and take payment again.").replace("%1", problem.message),
                     True)
            if problem.code in COUPON_PROBLEMS and self.draft.coupon is not None:
                self.say(sentences(self.message.text(), self.tr("%1 takes the coupon off.").replace("%1", NO_COUPON_KEY)),
                         True)
        self.focus_amount()

    def approve(self, name: str, pin: str) -> None:
        till = self.ctx.till
        self.ctx.tasks.db(lambda: check_approver(till, name, pin), self._life.guard(self.commit),
                          self._life.guard(lambda problem: self.say(problem.message, True)))

    def _sold(self, sale: SaleResult) -> None:
        self.busy, self.finished, self.last_sale, self._paid_at = False, True, sale, time.monotonic()
        self._asked = None  # an amount in the field was typed after the sale was sent: it stays
        try:
            self._show_sold(sale)
        except Exception:  # noqa: BLE001 - a bug: the screen says the sale is recorded, no box takes the keyboard
            log.exception("sale %s is recorded (%d fen by %s), but showing it failed", sale.sale_id, sale.paid_fen,
                          sale.pay_method)
            self._sold_not_shown(sale)

    def _sold_not_shown(self, sale: SaleResult) -> None:
        """A bug in showing a sale the store holds: said recorded, its receipt printed and a fresh sale begun (with
        what arrived while it was being recorded, as after any sale), so that nobody takes its payment again."""
        try:
            if self.print_note.last is None or self.print_note.last[1] != sale.sale_id:
                self.print_note.print("receipt", sale.sale_id)
            self._render_receipt(sale.sale_id)
            self.new_sale(by_input=True)
            self._start_next_sale()
        finally:
            self.say(self.tr("Sale %1 is recorded (%2). Something went wrong showing it: do not take payment again. "
                             "Type an amount or scan to start the next sale.")
                     .replace("%1", sale.sale_id).replace("%2", yuan(sale.paid_fen)), True)

    def _show_sold(self, sale: SaleResult) -> None:
        self.pay.close_boxes()
        self._follow_rules()
        self.say(self._sale_words(sale))
        self.pay.show_paid(sale.paid_fen, sale.pay_method, sale.redeemed_points)
        self.refresh_after_sale(None if sale.member is None else sale.member.balance)
        self.print_note.print("receipt", sale.sale_id)
        self._render_receipt(sale.sale_id)
        self.focus_amount()
        self._start_next_sale()

    def _start_next_sale(self) -> None:
        """What arrived while the sale was being recorded starts the next one: the amount (Enter was pressed),
        then the member read."""
        member, self._next_member = self._next_member, None
        line, self._next_line = self._next_line, False
        if not self.isVisible():  # the cashier left the screen meanwhile: nothing joins a sale they cannot see
            return
        if line and self.lines.amount.text().strip():
            self.add_line(self.lines.category, self.lines.amount.text())
        if member is not None:
            self.identify(*member)

    def refresh_after_sale(self, balance: int | None) -> None:
        """``balance``: the member's after the sale (None: it had none)."""
        if balance is not None and self.draft.member is not None:
            self._show_balance_now(balance)
        self.pay.available.clear()  # what the member could spend before this sale
        self.pay.redeem.setEnabled(False)
        self.promotions.show_today()  # the sale is done: today's again

    def _show_balance_now(self, balance: int) -> None:
        self.member.details.setText(self.tr("Balance now %1 points", "", balance).replace("%1", points(balance)))

    def _sale_words(self, sale: SaleResult) -> str:
        method = self.tr("cash") if sale.pay_method == "cash" else self.tr("card")
        words = [self.tr("Sale %1 recorded: %2 by %3.").replace("%1", sale.sale_id).replace(
            "%2", yuan(sale.paid_fen)).replace("%3", method)]
        if sale.coupon is not None:
            words.append(self.tr("Coupon %1: −%2.").replace("%1", str(sale.coupon["id"])).replace(
                "%2", yuan(int(sale.coupon["discount_fen"]))))
        if sale.member is not None:
            words.append(self.tr("Earned %1 points, balance %2.", "", sale.earned_points).replace(
                "%1", points(sale.earned_points)).replace(
                "%2", points(sale.member.balance)))
        if sale.bonus_points:
            words.append(self._referral_words(sale.bonus_points))
        return sentences(*words, self.tr("Type an amount or scan to start the next sale."))

    # --- the receipt -----------------------------------------------------------------------------------

    def _render_receipt(self, sale_id: str) -> None:
        printing = self.ctx.printing
        self.ctx.tasks.io(lambda: render_receipt(printing, sale_id), self._life.guard(self._show_receipt),
                          self._life.guard(lambda problem: self.receipt.show_problem(problem.message)))

    def _show_receipt(self, picture: ReceiptPicture) -> None:
        self.receipt.show_receipt(picture)

    # --- Esc ----------------------------------------------------------------------------------------------

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if event.key() == core.Qt.Key.Key_Escape:
            self.back_out()
            return
        super().keyPressEvent(event)

    def back_out(self) -> None:
        """One step back: a question, then what is being typed, then (pressed twice) the whole sale."""
        if self.busy:
            return
        focus = widgets.QApplication.focusWidget()
        if self.pay.asking:
            self.pay.close_boxes()
            self.say(self.tr("Payment not taken."))
        elif self.member.pending is not None:
            self.member.not_them()
            self.say(self.tr("Not that member: the sale goes on without them."))
        elif isinstance(focus, widgets.QLineEdit) and focus.text():
            focus.clear()
            if focus is self.pay.redeem:
                self.redeem("")
        elif focus is not self.lines.amount:
            pass  # back to the amount field, below
        elif self.finished:
            self.new_sale()
        elif self.draft.lines or self.draft.member is not None:
            if time.monotonic() < self._clear_until:
                self.new_sale()
                return
            self._clear_until = time.monotonic() + CLEAR_AGAIN_S
            self.say(self.tr("Press Esc again to clear this sale."), True)
            return
        self.focus_amount()
