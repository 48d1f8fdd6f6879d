"""Settings › Staff in the app, by keyboard, on a real store: the owner adds a cashier who then logs in and
sets a new PIN that then works; a manager (who sees only this page) unlocks a cashier locked out at the
login, who then logs in; someone deactivated is no longer offered at the login; the last owner stays."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services.staff import list_staff
from tests.helpers.lockout import lock_ends, real_now, shown
from tests.helpers.store import OWNER, OWNER_PIN, hire_staff
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from tests.ui.test_members_support import type_text
from tests.ui.test_settings_support import buttons_too_small
from ui.qt import core, widgets
from ui.screens.checkout import CheckoutScreen
from ui.screens.settings import SettingsScreen
from ui.screens.settings_staff import StaffPage

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
Alt = core.Qt.KeyboardModifier.AltModifier


@pytest.fixture
def counter(qtbot: QtBot, till: Till) -> Iterator[Counter]:
    """The app on a store with boss (owner, 8888), amy (cashier, 1111) and max (manager, 2222), at the login."""
    hire_staff(till)
    counter = open_counter(qtbot, till, (CheckoutScreen, SettingsScreen), log_in=False)
    yield counter
    counter.close()


def log_in(counter: Counter, name: str, pin: str) -> None:
    """Chosen at the login (once the list offers them), the PIN typed, Enter."""
    login = counter.window.login
    counter.qtbot.waitUntil(lambda: login.who.findText(name) >= 0)
    counter.log_in(name, pin)


def logged_in(counter: Counter, name: str) -> None:
    counter.qtbot.waitUntil(lambda: counter.ctx.cashier is not None and counter.ctx.cashier.name == name
                            and widgets.QApplication.focusWidget() is not None)
    assert isinstance(counter.window.current(), CheckoutScreen)


def log_out(counter: Counter) -> None:
    counter.press(Key.Key_F12)
    counter.qtbot.waitUntil(lambda: counter.ctx.cashier is None)


def owners_staff_page(counter: Counter) -> StaffPage:
    log_in(counter, OWNER.name, OWNER_PIN)
    logged_in(counter, OWNER.name)
    return staff_page(counter)


def staff_page(counter: Counter) -> StaffPage:
    """Ctrl+F9, then Alt+F for the Staff page, with the staff listed."""
    counter.open_screen(SettingsScreen)
    screen = counter.window.current()
    assert isinstance(screen, SettingsScreen)
    counter.press(Key.Key_F, Alt)
    counter.qtbot.waitUntil(lambda: screen.tabs.currentWidget() is screen.staff and screen.staff.table.rowCount() > 0)
    return screen.staff


def choose(counter: Counter, page: StaffPage, name: str) -> None:
    """↑ ↓ in the list until ``name`` is chosen."""
    page.table.setFocus()
    counter.press(Key.Key_Home)
    for _ in range(page.table.rowCount()):
        if (person := page.chosen()) is not None and person.name == name:
            return
        counter.press(Key.Key_Down)
    raise AssertionError(f"{name} is not in the list")


def said(counter: Counter, page: StaffPage, text: str) -> None:
    counter.qtbot.waitUntil(lambda: page.message.text() == text)


def cell(page: StaffPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    assert item is not None
    return item.text()


def names(page: StaffPage) -> list[str]:
    return [cell(page, row, 0) for row in range(page.table.rowCount())]


def state_of(page: StaffPage, name: str) -> str:
    return cell(page, names(page).index(name), 2)


def test_the_owner_adds_a_cashier_who_then_logs_in(qtbot: QtBot, counter: Counter) -> None:
    page = owners_staff_page(counter)
    assert names(page) == ["boss", "max", "amy"]
    assert buttons_too_small(page) == []
    counter.press(Key.Key_M, Alt)
    type_text(qtbot, "小李")
    counter.press(Key.Key_Return)  # on to the PIN; the role stays "cashier"
    counter.type("3333")
    counter.press(Key.Key_Return)
    said(counter, page, "小李 is added (cashier) at this till and can log in here now.")
    chosen = page.chosen()
    assert state_of(page, "小李") == "Active" and chosen is not None and chosen.name == "小李"
    log_out(counter)
    log_in(counter, "小李", "3333")
    logged_in(counter, "小李")
    assert [type(s) for s in counter.window.screens] == [CheckoutScreen]


def test_the_owner_sets_a_new_pin_that_then_works(counter: Counter) -> None:
    page = owners_staff_page(counter)
    choose(counter, page, "amy")
    assert page.pin_box.title() == "New PIN for amy" and not page.current_pin.isVisible()
    counter.press(Key.Key_W, Alt)
    counter.type("5678")
    counter.press(Key.Key_Return)
    said(counter, page, "The new PIN of amy works at this till from now on.")
    log_out(counter)
    log_in(counter, "amy", "1111")
    counter.qtbot.waitUntil(lambda: "wrong PIN" in counter.window.login.message.text())
    log_in(counter, "amy", "5678")
    logged_in(counter, "amy")


def test_a_manager_unlocks_a_cashier_locked_out_at_the_login(counter: Counter) -> None:
    login = counter.window.login
    before = real_now()
    for _ in range(5):
        log_in(counter, "amy", "9999")
        counter.idle()
    ends = shown(lock_ends(before, real_now()), "%H:%M")  # a lockout goes by the computer's own clock
    assert login.message.text() == ("wrong PIN: amy is locked for 5 minutes\n"
                                    "Ask the owner or a manager to unlock you in Settings › Staff.")
    log_in(counter, "max", "2222")
    logged_in(counter, "max")
    page = staff_page(counter)
    screen = counter.window.current()
    assert isinstance(screen, SettingsScreen) and screen.tabs.count() == 1  # a manager sees only the staff
    assert state_of(page, "amy") in {f"Locked out until {end} · locked out 1×" for end in ends}
    choose(counter, page, "amy")
    counter.press(Key.Key_U, Alt)
    said(counter, page, "amy is unlocked and can log in again.")
    assert state_of(page, "amy") == "Active · locked out 1×"  # in the last 30 days, unlocked or not
    log_out(counter)
    log_in(counter, "amy", "1111")
    logged_in(counter, "amy")


def test_someone_deactivated_is_no_longer_offered_at_the_login(counter: Counter) -> None:
    page = owners_staff_page(counter)
    choose(counter, page, "amy")
    counter.press(Key.Key_D, Alt)
    said(counter, page, "amy can no longer log in or approve at this till; their past sales keep their name. Each till keeps "
                        "its own staff: deactivate them at the shop's other tills too.")
    assert state_of(page, "amy") == "Deactivated" and page.active_button.text() == "Reac&tivate"
    log_out(counter)
    who = counter.window.login.who
    counter.qtbot.waitUntil(lambda: who.count() == 2)
    assert [who.itemText(i) for i in range(who.count())] == ["boss", "max"]


def test_the_last_owner_cannot_be_deactivated(counter: Counter) -> None:
    page = owners_staff_page(counter)
    choose(counter, page, "boss")
    counter.press(Key.Key_D, Alt)
    said(counter, page, "boss is the last active owner: make someone else an owner first")
    assert page.message.objectName() == "problem" and state_of(page, "boss") == "Active"
    counter.idle()
    assert [(p.name, p.active) for p in list_staff(counter.ctx.till.reading(), counter.ctx.till.shop)] == \
        [("boss", True), ("max", True), ("amy", True)]


def test_the_owner_changes_their_own_pin_with_the_one_they_have(counter: Counter) -> None:
    page = owners_staff_page(counter)
    choose(counter, page, "boss")
    assert page.pin_box.title() == "Your new PIN" and page.current_pin.isVisible()
    counter.press(Key.Key_W, Alt)
    counter.type("4321")
    counter.press(Key.Key_Return)
    said(counter, page, "Type your PIN now first, then the new one.")
    assert page.current_pin.hasFocus()
    counter.type("1234")  # not the PIN boss has
    counter.press(Key.Key_Return)
    assert page.new_pin.hasFocus() and page.new_pin.text() == "4321"  # kept: typed once is enough
    counter.press(Key.Key_Return)
    said(counter, page, "wrong PIN for boss (4 tries left)")
    counter.press(Key.Key_Y, Alt)
    counter.type(OWNER_PIN)
    counter.press(Key.Key_Return)
    counter.type("4321")
    counter.press(Key.Key_Return)
    said(counter, page, "The new PIN of boss works at this till from now on.")
    log_out(counter)
    log_in(counter, OWNER.name, "4321")
    logged_in(counter, OWNER.name)
