"""Members: look one up by phone, member number or a scanned code; register a new one; print a
member card; adjust points with a manager's approval; correct a member's phone or name (a cashier with a
manager's approval). Store work runs on the database worker,
printing on the device pool."""

from printing.service import Outcome
from terminal.errors import Refused
from terminal.journal import Who
from terminal.services.adjust import adjust_points
from terminal.services.cashiers import Actor
from terminal.services.members import (
    MemberView,
    ReferrerRefused,
    checked_name,
    edit_member,
    mask_phone,
    member_changes,
    normalise_phone,
    register_member,
    show_member,
)
from ui.context import AppContext
from ui.qt import core, gui, widgets
from ui.screens.base import CODE_CHARS, Screen
from ui.screens.members_data import MemberPage, member_page
from ui.screens.members_forms import AdjustForm, EditDialog, RegisterForm
from ui.screens.members_panel import MemberPanel
from ui.widgets.approval import ApprovalDialog, with_approval
from ui.widgets.echo import plain, shortened
from ui.widgets.input_method import CODE, NoImeEdit
from ui.widgets.marks import marks_focus

NEW_KEY, CARD_KEY, ADJUST_KEY, EDIT_KEY = "F7", "F8", "F9", "F10"


class MembersScreen(Screen):
    key = "F2"

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Members"))
        self.page: MemberPage | None = None
        self._busy = False
        self._printing = False
        self.lookup = NoImeEdit(CODE)
        self.lookup.setPlaceholderText(self.tr("Phone, member number, or scan the member's code"))
        self.lookup.setAccessibleName(self.tr("Find a member"))
        self.lookup.setMinimumHeight(48)
        self.lookup.setMaxLength(CODE_CHARS)
        self.lookup.returnPressed.connect(self.find_member)
        self.info = widgets.QLabel()
        self.info.setWordWrap(True)
        self.problem = widgets.QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.panel = MemberPanel()
        self.register_form = RegisterForm()
        self.register_form.submitted.connect(self.register)
        self.register_form.cancelled.connect(self.back)
        self.adjust_form = AdjustForm()
        self.adjust_form.submitted.connect(self.adjust)
        self.adjust_form.cancelled.connect(self.back)
        self.adjust_form.invalid.connect(self._show_problem)
        plain(self.info, self.problem)
        self.hint = widgets.QLabel(self.tr("Type a phone number or member number and press Enter, or scan the "
                                           "member's code. %1 registers a new member.").replace("%1", NEW_KEY))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(core.Qt.AlignmentFlag.AlignTop)
        self.pages = widgets.QStackedWidget()
        for page in (self.hint, self.panel, self.register_form, self.adjust_form):
            self.pages.addWidget(page)
        self.find_button = self._button(self.tr("Find  Enter"), self.find_member)
        self.new_button = self._button(self.tr("New member  %1").replace("%1", NEW_KEY), self.start_register)
        self.card_button = self._button(self.tr("Print card  %1").replace("%1", CARD_KEY), self.print_card)
        self.card_button.setAutoDefault(True)  # after registering, Enter prints the card
        self.card_button.setFocusPolicy(core.Qt.FocusPolicy.TabFocus)
        marks_focus(self.card_button)
        self.adjust_button = self._button(self.tr("Adjust points  %1").replace("%1", ADJUST_KEY), self.start_adjust)
        self.edit_button = self._button(self.tr("Edit details  %1").replace("%1", EDIT_KEY), self.start_edit)
        top = widgets.QHBoxLayout()
        top.addWidget(self.lookup, 1)
        top.addWidget(self.find_button)
        top.addWidget(self.new_button)
        actions = widgets.QHBoxLayout()
        actions.addWidget(self.card_button)
        actions.addWidget(self.adjust_button)
        actions.addWidget(self.edit_button)
        actions.addStretch()
        layout = widgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.info)
        layout.addWidget(self.pages, 1)
        layout.addLayout(actions)
        for key, action in ((NEW_KEY, self.start_register), (CARD_KEY, self.print_card),
                            (ADJUST_KEY, self.start_adjust), (EDIT_KEY, self.start_edit), ("Esc", self.back)):
            shortcut = gui.QShortcut(gui.QKeySequence(key), self)
            shortcut.setContext(core.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.approval = ApprovalDialog(ctx, self)
        self.edit_dialog = EditDialog(self)
        self.edit_dialog.submitted.connect(self.edit)
        self.edit_approval = ApprovalDialog(ctx, self.edit_dialog)  # over the dialog, which has the keys back after
        self._show_actions()

    def _button(self, text: str, action: object) -> widgets.QPushButton:
        button = widgets.QPushButton(text)
        button.setMinimumHeight(48)
        button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        button.clicked.connect(action)
        return button

    # --- what the cashier sees ----------------------------------------------------------------

    def entered(self) -> None:
        if self.pages.currentWidget() is self.register_form:
            self.register_form.phone.setFocus()
        elif self.pages.currentWidget() is self.adjust_form:
            self.adjust_form.points.setFocus()
        else:
            self._focus_lookup()

    def _focus_lookup(self) -> None:
        self.lookup.setFocus()
        self.lookup.selectAll()

    def _say(self, text: str) -> None:
        self.problem.clear()
        self.info.setText(shortened(text))

    def _show_problem(self, text: str) -> None:
        self.info.clear()
        self.problem.setText(shortened(text))
        self.problem.setToolTip("")

    def _show_actions(self) -> None:
        shown = self.page is not None and self.pages.currentWidget() is self.panel
        self.card_button.setVisible(shown)
        self.adjust_button.setVisible(shown)
        self.edit_button.setVisible(shown)

    def _show(self, widget: widgets.QWidget) -> None:
        self.pages.setCurrentWidget(widget)
        self._show_actions()

    def back(self) -> None:
        """Esc: out of a form to the member shown; from a member to an empty search."""
        if self.pages.currentWidget() in (self.register_form, self.adjust_form):
            self._show(self.panel if self.page is not None else self.hint)
            self.problem.clear()
        elif self.page is not None:
            self.page = None
            self.lookup.clear()
            self.info.clear()
            self.problem.clear()
            self._show(self.hint)
        self._focus_lookup()

    # --- finding a member ---------------------------------------------------------------------

    def scanned(self, text: str) -> bool:
        """A member's code from the keyboard scanner: the referrer while registering, else look them up."""
        if self.pages.currentWidget() is self.register_form:
            self.register_form.referrer.setText(text)
            self.register_form.referrer.setFocus()
            return True
        if self.pages.currentWidget() is self.adjust_form or self.edit_dialog.isVisible():
            return False
        self.lookup.setText(text)
        self.find_member()
        return True

    def find_member(self) -> None:
        ref = self.lookup.text().strip()
        if not ref:
            self._show_problem(self.tr("Type a phone number or member number, or scan the member's code."))
            self._focus_lookup()
            return
        self._load(ref)

    def _load(self, ref: str, then_say: str = "") -> None:
        if self._busy:
            return
        self._busy = True
        till = self.ctx.till
        self.ctx.tasks.db(lambda: member_page(till, ref), lambda page: self._found(page, then_say), self._not_found)

    def _found(self, page: MemberPage, then_say: str) -> None:
        self._busy = False
        self.page = page
        self.panel.show_page(page)
        self._show(self.panel)
        self._say(then_say)
        self._focus_lookup()

    def _not_found(self, problem: Refused) -> None:
        self._busy = False
        text = problem.message
        if problem.code == "not_found":
            text += "\n" + self.tr("Check the number, or press %1 to register a new member.").replace("%1", NEW_KEY)
        elif problem.code == "bad_input":
            text += "\n" + self.tr("Type the mobile number again, or the member number (M…).")
        self._show_problem(text)
        self._focus_lookup()

    # --- registering --------------------------------------------------------------------------

    def start_register(self) -> None:
        self.problem.clear()
        self.info.clear()
        self._show(self.register_form)
        self.register_form.start()
        phone = self.lookup.text().strip()
        if phone.isdigit():  # the number just looked up and not found
            self.register_form.phone.setText(phone)
            self.register_form.name.setFocus()

    def register(self, phone: str, name: str, referrer: str) -> None:
        if self._busy:
            return
        try:
            phone = normalise_phone(phone)
        except Refused as problem:
            self._show_problem(problem.message + "\n" + self.tr("Type the 11-digit mobile number again."))
            self.register_form.phone.selectAll()
            self.register_form.phone.setFocus()
            return
        self._busy = True
        self._say(self.tr("Registering…"))
        till, who = self.ctx.till, Who(self.ctx.cashier.name if self.ctx.cashier else None)

        def register_and_read() -> MemberPage:
            view = register_member(till.uow(), till.shop, who, phone, name or None, referrer or None)
            return member_page(till, view.id)

        self.ctx.tasks.db(register_and_read, self._registered, self._not_registered)

    def _registered(self, page: MemberPage) -> None:
        self.lookup.setText(page.view.id)
        self._found(page, self.tr("Registered %1 with %2 welcome points. Press Enter to print the member card.", "",
                            page.view.balance)
                    .replace("%1", mask_phone(page.view.phone)).replace("%2", f"{page.view.balance:,}"))
        self.card_button.setFocus()

    def _not_registered(self, problem: Refused) -> None:
        self._busy = False
        if self.ctx.ends_session(problem):
            return
        form = self.register_form
        if problem.code == "already_exists":
            self._show_problem(problem.message + "\n" + self.tr("Press Esc and look them up by this number instead."))
            form.phone.selectAll()
            form.phone.setFocus()
        elif problem.code in ("not_found", "forged_code", "revoked", "unknown_key", "not_a_member_code"):
            reason = problem.reason if isinstance(problem, ReferrerRefused) else problem  # said without "Referrer:"
            self._show_problem(self.tr("Referrer: %1").replace("%1", reason.message) + "\n"
                               + self.tr("Correct the referrer, or clear it to register without one."))
            form.referrer.selectAll()
            form.referrer.setFocus()
        else:
            self._show_problem(problem.message)
            form.phone.setFocus()

    # --- the member card ----------------------------------------------------------------------

    def print_card(self) -> None:
        if self.page is None or self.pages.currentWidget() is not self.panel or self._printing:
            return
        if not self.ctx.printing.settings.url:
            self._show_problem(self.tr("No printer is set up, so the card cannot be printed. The owner sets one up "
                                       "in Settings."))
            return
        member_id, printing = self.page.view.id, self.ctx.printing
        self._printing = True
        self._say(self.tr("Printing the member card…"))
        self.ctx.tasks.io(lambda: printing.print("card", member_id), self._card_printed, self._card_not_printed)
        self._focus_lookup()

    def _card_printed(self, outcome: Outcome) -> None:
        self._printing = False
        if outcome.problem is None:
            self._say(self.tr("Member card printed."))
        else:
            self._card_problem(outcome.problem.happened, outcome.problem.in_full)

    def _card_not_printed(self, problem: Refused) -> None:
        self._printing = False
        self._card_problem(problem.message, "")

    def _card_problem(self, happened: str, in_full: str) -> None:
        self._show_problem(self.tr("The member card did not print: %1. Press %2 to print it again.")
                           .replace("%1", happened).replace("%2", CARD_KEY))
        self.problem.setToolTip(in_full)

    # --- adjusting points ---------------------------------------------------------------------

    def start_adjust(self) -> None:
        if self.page is None or self.pages.currentWidget() is not self.panel:
            return
        view = self.page.view
        self.problem.clear()
        self.info.clear()
        self._show(self.adjust_form)
        self.adjust_form.start(f"{view.name or mask_phone(view.phone)} ({view.balance:,})")

    def adjust(self, points: int, reason: str) -> None:
        """The member's points are read again first: what the store would refuse is said before a manager is asked."""
        if self.page is None or self._busy:
            return
        self._busy = True
        member_id, till = self.page.view.id, self.ctx.till
        self.ctx.tasks.db(lambda: show_member(till.reading(), till.shop, member_id),
                          lambda view: self._approve_adjust(view, points, reason), self._not_adjusted)

    def _approve_adjust(self, view: MemberView, points: int, reason: str) -> None:
        self._busy = False
        if points < 0 and -points > view.balance:
            self._refuse_points(self._cannot_take(view, -points))
            return
        self.problem.clear()
        reason_text = self.tr("Adjusting points (%1) needs a manager's or the owner's PIN.") \
            .replace("%1", f"{points:+,}")
        with_approval(self.ctx, self.approval, reason_text, lambda approver: self._adjust(view.id, points, reason,
                                                                                          approver))

    def _cannot_take(self, view: MemberView, taken: int) -> str:
        """As ``adjust_points`` refuses: no more than the balance, which a debt (refunded points already spent) lowers."""
        if view.balance <= 0 and view.debt_points:
            return self.tr("This member owes %1 points, so none can be taken away. Adding points pays the debt off "
                           "first.", "", view.debt_points).replace("%1", f"{view.debt_points:,}")
        return self.tr("This member has %1 points, so %2 cannot be taken away.", "", view.balance) \
            .replace("%1", f"{view.balance:,}").replace("%2", f"{taken:,}")

    def _adjust(self, member_id: str, points: int, reason: str, approver: Actor | None) -> None:
        cashier = self.ctx.cashier
        if cashier is None or self._busy:
            return
        self._busy = True
        till = self.ctx.till
        self.ctx.tasks.db(lambda: adjust_points(till.uow(), till.shop, cashier, member_id, points, reason,
                                                approver),
                          lambda view: self._adjusted(view, points), self._not_adjusted)

    def _adjusted(self, view: MemberView, points: int) -> None:
        self._busy = False
        self._load(view.id, self.tr("Adjusted by %1 points. Balance now %2.", "", abs(points))
                   .replace("%1", f"{points:+,}")
                   .replace("%2", f"{view.balance:,}"))

    def _not_adjusted(self, problem: Refused) -> None:
        self._busy = False
        if self.ctx.ends_session(problem):  # deactivated since logging in: back to the login, saying why
            return
        self._refuse_points(problem.message)

    def _refuse_points(self, text: str) -> None:
        self._show_problem(text)
        self.adjust_form.points.selectAll()
        self.adjust_form.points.setFocus()

    # --- correcting the phone or the name -----------------------------------------------------

    def start_edit(self) -> None:
        if self.page is None or self.pages.currentWidget() is not self.panel or self._busy:
            return
        view = self.page.view
        self.problem.clear()
        self.info.clear()
        self.edit_dialog.start(view.name or mask_phone(view.phone), mask_phone(view.phone), view.name or "")

    def edit(self, phone: str, name: str) -> None:
        """What the store would refuse of what was typed is said before a manager is asked."""
        if self.page is None or self._busy:
            return
        view, dialog = self.page.view, self.edit_dialog
        try:
            new_phone = normalise_phone(phone) if phone else None
        except Refused as problem:
            dialog.refuse(problem.message, dialog.phone)
            return
        try:
            new_name = checked_name(name) if name else None
        except Refused as problem:
            dialog.refuse(problem.message, dialog.name)
            return
        changes = member_changes(view.phone, view.name, new_phone, new_name, clear_name=not name)
        if not changes:
            dialog.refuse(self.tr("Nothing was changed: correct the mobile number or the name, or press Esc."),
                          dialog.phone)
            return
        dialog.say("")
        with_approval(self.ctx, self.edit_approval,
                      self.tr("Editing a member's details needs a manager's or the owner's PIN."),
                      lambda approver: self._edit(view.id, changes, approver))

    def _edit(self, member_id: str, changes: dict[str, str | None], approver: Actor | None) -> None:
        cashier = self.ctx.cashier
        if cashier is None or self._busy:
            return
        self._busy = True
        self.edit_dialog.say(self.tr("Saving…"))
        till = self.ctx.till
        phone, name = changes.get("phone"), changes.get("name")
        self.ctx.tasks.db(lambda: edit_member(till.uow(), till.shop, cashier, member_id, phone=phone, name=name,
                                              clear_name="name" in changes and name is None, approver=approver),
                          self._edited, self._not_edited)

    def _edited(self, view: MemberView) -> None:
        self._busy = False
        self.edit_dialog.accept()
        self.lookup.setText(view.id)
        who = f"{view.name or self.tr('(no name)')}  ·  {mask_phone(view.phone)}"
        self._load(view.id, self.tr("Details changed: %1.").replace("%1", who))

    def _not_edited(self, problem: Refused) -> None:
        self._busy = False
        if self.ctx.ends_session(problem):  # deactivated since logging in: back to the login, saying why
            self.edit_dialog.reject()
            return
        if not self.edit_dialog.isVisible():  # cancelled meanwhile: said on the screen
            self._show_problem(problem.message)
            return
        self.edit_dialog.refuse(problem.message, self.edit_dialog.phone)

