"""In the app, someone demoted or deactivated while logged in keeps none of the powers they logged in with: a
manager made a cashier refunds alone no more (logged out, told why, nothing journaled); an owner another owner
deactivates (or demotes) saves no rules from Settings (logged out, told why, rules.toml and the rules in force
unchanged)."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry
from terminal.services import staff
from terminal.services.cashiers import Actor, add_cashier
from tests.helpers.store import MANAGER, OWNER, OWNER_PIN, hire_staff, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from tests.ui.test_settings_staff import log_in as staff_log_in
from ui.screens.checkout import CheckoutScreen
from ui.screens.refunds import RefundsScreen
from ui.screens.settings import SettingsScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
BOSS2 = Actor("boss2", "owner")


@pytest.fixture
def counter(qtbot: QtBot, till: Till) -> Iterator[Counter]:
    """boss and boss2 (owners), amy (cashier) and max (manager), at the login."""
    hire_staff(till)
    add_cashier(till.uow(), till.shop, OWNER, BOSS2.name, "owner", "7777")
    counter = open_counter(qtbot, till, (CheckoutScreen, RefundsScreen, SettingsScreen), log_in=False)
    yield counter
    counter.close()


def log_in(counter: Counter, name: str, pin: str) -> None:
    staff_log_in(counter, name, pin)
    counter.qtbot.waitUntil(lambda: counter.ctx.cashier is not None and counter.ctx.cashier.name == name
                            and isinstance(counter.window.current(), CheckoutScreen))


def journal(till: Till) -> list[tuple[str, str | None, str | None]]:
    with till.reading() as uow:
        rows = uow.session.execute(select(JournalEntry.kind, JournalEntry.actor, JournalEntry.approver)
                                   .order_by(JournalEntry.seq))
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_manager_demoted_while_logged_in_refunds_alone_no_more(counter: Counter, till: Till) -> None:
    sale = sell(till, member(till), ("general", 2000), cashier=MANAGER).sale_id
    log_in(counter, MANAGER.name, "2222")
    staff.change_role(till.uow(), till.shop, OWNER, MANAGER.name, "cashier")
    before = journal(till)
    counter.open_screen(RefundsScreen)
    refunds = counter.window.current()
    assert isinstance(refunds, RefundsScreen)
    counter.qtbot.waitUntil(refunds.sale_ref.hasFocus)
    counter.type(sale)
    counter.press(Key.Key_Return)
    counter.qtbot.waitUntil(lambda: refunds.sale is not None and refunds.lines.hasFocus(), timeout=20000)
    counter.press(Key.Key_F7)
    counter.press(Key.Key_Return)
    counter.qtbot.waitUntil(lambda: counter.ctx.cashier is None, timeout=20000)
    assert counter.window.statusBar().currentMessage() == \
        "max is now a cashier, no longer a manager: nothing was recorded. Log in again"
    assert journal(till) == before


@pytest.mark.parametrize("change", ["deactivate", "demote"])
def test_an_owner_deactivated_or_demoted_with_the_rules_open_saves_no_rules(counter: Counter, till: Till,
                                                                            change: str) -> None:
    log_in(counter, OWNER.name, OWNER_PIN)
    counter.open_screen(SettingsScreen)
    settings = counter.window.current()
    assert isinstance(settings, SettingsScreen)
    page = settings.rules
    settings.tabs.setCurrentWidget(page)
    counter.qtbot.waitUntil(lambda: "points_per_yuan = 100" in page.editor.toPlainText())
    if change == "deactivate":
        staff.set_active(till.uow(), till.shop, BOSS2, OWNER.name, False)
        told = "boss has been deactivated and can no longer save the rules: nothing was recorded. Log in as " \
               "someone else to do it"
    else:
        staff.change_role(till.uow(), till.shop, BOSS2, OWNER.name, "manager")
        told = "boss is now a manager, no longer an owner: nothing was recorded. Log in again"
    file_before, rules_before, before = till.home.rules.read_bytes(), till.shop.rules, journal(till)
    page.editor.setPlainText(page.editor.toPlainText().replace("points_per_yuan = 100", "points_per_yuan = 1000", 1))
    page.save()
    counter.qtbot.waitUntil(lambda: counter.ctx.cashier is None, timeout=20000)
    assert counter.window.statusBar().currentMessage() == told
    assert till.home.rules.read_bytes() == file_before and till.shop.rules == rules_before
    assert journal(till) == before


def test_an_owner_deactivated_on_the_staff_page_reactivates_nobody(counter: Counter, till: Till) -> None:
    log_in(counter, OWNER.name, OWNER_PIN)
    counter.open_screen(SettingsScreen)
    settings = counter.window.current()
    assert isinstance(settings, SettingsScreen)
    page = settings.staff
    settings.tabs.setCurrentWidget(page)
    page.load()
    counter.qtbot.waitUntil(lambda: page.table.rowCount() == 4)
    staff.set_active(till.uow(), till.shop, BOSS2, OWNER.name, False)
    page.load()
    counter.qtbot.waitUntil(lambda: any(p.name == OWNER.name and not p.active for p in page._staff))
    page.choose(OWNER.name)
    page.toggle_active()
    counter.qtbot.waitUntil(lambda: counter.ctx.cashier is None, timeout=20000)
    assert counter.window.statusBar().currentMessage() == \
        "boss has been deactivated and can no longer change the staff: nothing was recorded. Log in as someone " \
        "else to do it"
    assert [p.active for p in staff.list_staff(till.reading(), till.shop) if p.name == OWNER.name] == [False]
