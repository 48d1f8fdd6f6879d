"""Settings › Staff: everyone who works here, their role, whether they are locked out or have left; add
someone, set a new PIN, unlock, deactivate or reactivate, change a role. An owner manages everyone; a
manager, who sees only this page of the settings, the cashiers. Who may change whom is decided (and
explained when refused) by terminal/services/staff.py."""

from collections.abc import Callable
from datetime import datetime

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.services import staff
from terminal.services.cashiers import ROLES, Actor, add_cashier, authenticate
from terminal.services.staff import StaffMember
from ui.context import AppContext
from ui.qt import widgets
from ui.screens.settings_widgets import TOUCH, message_label, tall, tell, touch_button
from ui.widgets.echo import plain, shortened
from ui.widgets.input_method import DIGITS, NoImeEdit
from ui.widgets.lifetime import Lifetime
from ui.widgets.money import yuan


def pin_field() -> NoImeEdit:
    field = tall(NoImeEdit(DIGITS))
    field.setEchoMode(widgets.QLineEdit.EchoMode.Password)
    field.setMaxLength(12)
    return field


def set_pin(till: Till, me: Actor, name: str, current: str, new: str) -> StaffMember:
    """Your own PIN needs the one you have now (someone may have walked up to a till left logged in)."""
    if name == me.name:
        me = authenticate(till.uow(), till.shop, me.name, current)
    return staff.change_pin(till.uow(), till.shop, me, name, new)


class StaffPage(widgets.QWidget):
    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self._staff: list[StaffMember] = []
        self.table = widgets.QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("State")])
        self.table.setSelectionBehavior(widgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(widgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the buttons; ↑ ↓ choose
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(TOUCH)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(widgets.QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.unlock_button = touch_button(self.tr("&Unlock"), self.unlock)
        self.active_button = touch_button(self.tr("&Deactivate"), self.toggle_active)
        self.role = self._roles(ROLES)
        self.role_button = touch_button(self.tr("Change r&ole"), self.change_role)
        self.current_pin, self.new_pin = pin_field(), pin_field()
        self.new_pin.returnPressed.connect(self.set_pin)
        self.current_pin.returnPressed.connect(self.new_pin.setFocus)
        self.pin_button = touch_button(self.tr("&Set the new PIN"), self.set_pin)
        self.name = tall(widgets.QLineEdit())
        self.name.setMaxLength(32)
        self.add_role = self._roles(ROLES if self._owner else ("cashier",))
        self.add_pin = pin_field()
        self.add_pin.returnPressed.connect(self.add)
        self.name.returnPressed.connect(self.add_pin.setFocus)
        self.add_button = touch_button(self.tr("&Add"), self.add)
        self.message = message_label()
        plain(self.message)
        actions = widgets.QHBoxLayout()
        for widget in (self.unlock_button, self.active_button, self.role, self.role_button):
            actions.addWidget(widget)
        actions.addStretch()
        self.pin_box = widgets.QGroupBox()
        self.pin_form = widgets.QFormLayout(self.pin_box)
        self.pin_form.addRow(self.tr("&Your PIN now"), self.current_pin)
        self.pin_form.addRow(self.tr("Ne&w PIN"), self.new_pin)
        self.pin_form.addRow("", self.pin_button)
        add_box = widgets.QGroupBox(self.tr("Add someone"))
        add_form = widgets.QFormLayout(add_box)
        add_form.addRow(self.tr("Na&me"), self.name)
        add_form.addRow(self.tr("Rol&e"), self.add_role)
        add_form.addRow(self.tr("P&IN (4 to 12 digits)"), self.add_pin)
        add_form.addRow("", self.add_button)
        boxes = widgets.QHBoxLayout()
        boxes.addWidget(self.pin_box, 1)
        boxes.addWidget(add_box, 1)
        column = widgets.QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addLayout(actions)
        column.addLayout(boxes)
        column.addWidget(self.message)
        self.role.setVisible(self._owner)  # (once in the page: a widget without a parent shown is a window)
        self.role_button.setVisible(self._owner)
        self._chosen()

    @property
    def _owner(self) -> bool:
        return self.ctx.cashier is not None and self.ctx.cashier.role == "owner"

    def _roles(self, roles: tuple[str, ...]) -> widgets.QComboBox:
        choice = tall(widgets.QComboBox())
        for role in roles:
            choice.addItem(self._role_name(role), role)
        return choice

    def _role_name(self, role: str) -> str:
        return {"owner": self.tr("owner"), "manager": self.tr("manager")}.get(role, self.tr("cashier"))

    def entered(self) -> None:
        self.load()
        self.table.setFocus()

    def load(self, then: Callable[[], None] | None = None) -> None:
        till = self.ctx.till
        self.ctx.tasks.db(lambda: staff.list_staff(till.reading(), till.shop),
                          self._life.guard(lambda people: self._show(people, then)), self._life.guard(self._refused))

    def _show(self, people: list[StaffMember], then: Callable[[], None] | None) -> None:
        chosen = self.chosen()
        self._staff = people
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            for col, text in enumerate((person.name, self._role_name(person.role), self._state(person))):
                item = widgets.QTableWidgetItem(text)
                item.setToolTip(self._last_lockout(person))
                self.table.setItem(row, col, item)
        names = [p.name for p in people]
        if people:
            self.table.selectRow(names.index(chosen.name) if chosen and chosen.name in names else 0)
        self._chosen()
        if then is not None:
            then()

    def _state(self, person: StaffMember) -> str:
        lockouts = self.tr(" · locked out %1×").replace("%1", str(person.lockouts)) if person.lockouts else ""
        if not person.active:
            return self.tr("Deactivated") + lockouts
        if person.locked_until is not None:
            until = person.locked_until.astimezone(self.ctx.till.shop.tz)
            return self.tr("Locked out until %1").replace("%1", f"{until:%H:%M}") + lockouts
        return self.tr("Active") + lockouts

    def _last_lockout(self, person: StaffMember) -> str:
        """When wrong PINs last locked them out, and from whose login: someone locking the owner out shows."""
        last = person.last_lockout
        if last is None:
            return ""
        when = f"{datetime.fromisoformat(last.at).astimezone(self.ctx.till.shop.tz):%m-%d %H:%M}"
        if last.by is None:
            return self.tr("Last locked out %1, at the login").replace("%1", when)
        return self.tr("Last locked out %1, by PINs typed while %2 was logged in").replace("%1", when) \
            .replace("%2", last.by)

    def chosen(self) -> StaffMember | None:
        row = self.table.currentRow()
        return self._staff[row] if 0 <= row < len(self._staff) and self.table.selectedItems() else None

    def choose(self, name: str) -> None:
        self.table.selectRow(next(i for i, p in enumerate(self._staff) if p.name == name))

    def _chosen(self) -> None:
        """The buttons and the PIN form speak of whom the list has chosen."""
        person = self.chosen()
        self.unlock_button.setEnabled(person is not None and person.locked_until is not None)
        self.active_button.setText(self.tr("Reac&tivate") if person and not person.active else self.tr("&Deactivate"))
        for widget in (self.active_button, self.role_button, self.pin_button, self.new_pin):
            widget.setEnabled(person is not None)
        mine = person is not None and self.ctx.cashier is not None and person.name == self.ctx.cashier.name
        self.pin_form.setRowVisible(self.current_pin, mine)
        if person is None:
            self.pin_box.setTitle(self.tr("New PIN"))
            return
        self.pin_box.setTitle(self.tr("Your new PIN") if mine else self.tr("New PIN for %1").replace("%1", person.name))
        self.role.setCurrentIndex(max(0, self.role.findData(person.role)))

    def _me(self) -> Actor:
        assert self.ctx.cashier is not None  # the settings open only once someone has logged in
        return self.ctx.cashier

    def _run(self, work: Callable[[Till, Actor], StaffMember], said: Callable[[StaffMember], str]) -> None:
        """``work`` on the store; then the list again, with whom it changed chosen, and what happened said."""
        till, me = self.ctx.till, self._me()

        def done(person: StaffMember) -> None:
            def shown() -> None:
                self.choose(person.name)
                tell(self.message, said(person))

            self.load(shown)

        self.ctx.tasks.db(lambda: work(till, me), self._life.guard(done), self._life.guard(self._refused))

    def unlock(self) -> None:
        if (person := self.chosen()) is not None:
            name = person.name
            self._run(lambda till, me: staff.unlock(till.uow(), till.shop, me, name),
                      lambda p: self.tr("%1 is unlocked and can log in again.").replace("%1", p.name))

    def toggle_active(self) -> None:
        if (person := self.chosen()) is None:
            return
        name, active = person.name, not person.active
        self._run(lambda till, me: staff.set_active(till.uow(), till.shop, me, name, active), self._active_said)

    def _active_said(self, person: StaffMember) -> str:
        """What (de)activating ``person`` did; the shift they had open was closed for them (by the one logged in
        here): the drawer's cash, to count it."""
        said = (self.tr("%1 can log in again at this till with their PIN.") if person.active else
                self.tr("%1 can no longer log in or approve at this till; their past sales keep their name. Each "
                        "till keeps its own staff: deactivate them at the shop's other tills too.")).replace("%1", person.name)
        if person.closed_shift is not None:
            said += "\n" + self.tr("%1's shift was closed: the drawer should hold %2 in cash.") \
                .replace("%1", person.name).replace("%2", yuan(int(person.closed_shift["drawer_cash_fen"])))
        return said

    def change_role(self) -> None:
        if (person := self.chosen()) is None:
            return
        name, role = person.name, str(self.role.currentData())
        self._run(lambda till, me: staff.change_role(till.uow(), till.shop, me, name, role),
                  lambda p: self.tr("%1 is now: %2.").replace("%1", p.name).replace("%2", self._role_name(p.role)))

    def set_pin(self) -> None:
        if (person := self.chosen()) is None:
            return
        name, current, new = person.name, self.current_pin.text(), self.new_pin.text()
        if name == self._me().name and not current:
            tell(self.message, self.tr("Type your PIN now first, then the new one."), True)
            self.current_pin.setFocus()
            return
        self.current_pin.clear()
        self.new_pin.clear()
        self._run(lambda till, me: set_pin(till, me, name, current, new),
                  lambda p: self.tr("The new PIN of %1 works at this till from now on.").replace("%1", p.name))

    def add(self) -> None:
        name, role, pin = self.name.text(), str(self.add_role.currentData()), self.add_pin.text()
        self.add_pin.clear()

        def work(till: Till, me: Actor) -> StaffMember:
            added = add_cashier(till.uow(), till.shop, me, name, role, pin)  # the name as stored: trimmed, NFC
            return StaffMember(added.name, added.role, True, None)

        def said(person: StaffMember) -> str:
            self.name.clear()
            return self.tr("%1 is added (%2) at this till and can log in here now.").replace("%1", person.name) \
                .replace("%2", self._role_name(person.role))

        self._run(work, said)

    def _refused(self, problem: Refused) -> None:
        if self.ctx.ends_session(problem):  # deactivated since logging in: back to the login, saying why
            return
        tell(self.message, shortened(problem.message), True)
