"""A cashier deactivated while logged in is sent to the login by whatever they try next: a refund, a point
adjustment, a member's registration, a gift exchange, a coupon, a gift cancel. The status bar says why, and
nothing is recorded. (The checkout does the same: tests/ui/test_shift_ends_session.py.)"""

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.services import mall, staff
from tests.helpers.store import CASHIER, MANAGER, OWNER, hire_staff, journal_length, member, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from tests.ui.test_gifts import add, row_of
from tests.ui.test_members_support import approval_ready, settle
from ui.screens.checkout import CheckoutScreen
from ui.screens.gifts import GiftsScreen
from ui.screens.members import MembersScreen
from ui.screens.refunds import RefundsScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
PHONE = "13800138000"


def _approve_as_max(qtbot: QtBot, counter: Counter, dialog: object) -> None:
    approval_ready(qtbot, dialog)  # type: ignore[arg-type]
    counter.press(Key.Key_Down)  # boss, then max
    counter.type("2222")
    counter.press(Key.Key_Return)


def _refund(qtbot: QtBot, counter: Counter, sale_id: str) -> None:
    screen = counter.window.current()
    assert isinstance(screen, RefundsScreen)
    qtbot.waitUntil(screen.sale_ref.hasFocus)
    counter.type(sale_id.split("-")[1])
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.sale is not None and screen.lines.hasFocus())
    counter.press(Key.Key_Space)
    counter.press(Key.Key_Return)
    _approve_as_max(qtbot, counter, screen.approval)


def _adjust(qtbot: QtBot, counter: Counter, _sale_id: str) -> None:
    screen = counter.window.current()
    assert isinstance(screen, MembersScreen)
    qtbot.waitUntil(screen.lookup.hasFocus)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.page is not None)
    counter.press(Key.Key_F9)
    assert screen.adjust_form.points.hasFocus()
    counter.type("200")
    counter.press(Key.Key_Return)
    counter.type("goodwill")
    counter.press(Key.Key_Return)
    _approve_as_max(qtbot, counter, screen.approval)


def _register(qtbot: QtBot, counter: Counter, _sale_id: str) -> None:
    screen = counter.window.current()
    assert isinstance(screen, MembersScreen)
    qtbot.waitUntil(screen.lookup.hasFocus)
    counter.press(Key.Key_F7)  # a new member
    qtbot.waitUntil(screen.register_form.phone.hasFocus)
    counter.type("13900139000")
    counter.press(Key.Key_Return)
    qtbot.waitUntil(screen.register_form.name.hasFocus)
    counter.press(Key.Key_Return)  # no name
    qtbot.waitUntil(screen.register_form.referrer.hasFocus)
    counter.press(Key.Key_Return)  # no referrer: register


def _gifts(qtbot: QtBot, counter: Counter) -> GiftsScreen:
    screen = counter.window.current()
    assert isinstance(screen, GiftsScreen)
    settle(qtbot, counter.ctx)
    qtbot.waitUntil(screen.member.phone.hasFocus)
    return screen


def _take(qtbot: QtBot, counter: Counter, item_id: str) -> None:
    """The member by phone (the last four confirmed), then the item, Enter, and Enter to confirm."""
    screen = _gifts(qtbot, counter)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: "do the last four digits read 8000?" in screen.member.question.text())
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: screen.member_found is not None and screen.table.hasFocus())
    while screen.table.currentRow() < row_of(screen, item_id):
        counter.press(Key.Key_Down)
    counter.press(Key.Key_Return)
    assert screen.confirm.asking and screen.confirm.confirm.hasFocus()
    counter.press(Key.Key_Return)


def _exchange(qtbot: QtBot, counter: Counter, _sale_id: str) -> None:
    _take(qtbot, counter, "TEA")


def _coupon(qtbot: QtBot, counter: Counter, _sale_id: str) -> None:
    _take(qtbot, counter, "C10")


def _cancel(qtbot: QtBot, counter: Counter, exchange_id: str) -> None:
    screen = _gifts(qtbot, counter)
    counter.press(Key.Key_F8)
    assert screen.more.exchange_ref.hasFocus()
    counter.type(exchange_id.split("-")[1])
    counter.press(Key.Key_Return)
    _approve_as_max(qtbot, counter, screen.approval)


TRIES: dict[str, tuple[type, Callable[[QtBot, Counter, str], None], str]] = {
    "refund": (RefundsScreen, _refund, "sell or refund"),
    "adjust": (MembersScreen, _adjust, "adjust points"),
    "register": (MembersScreen, _register, "register members"),
    "exchange": (GiftsScreen, _exchange, "exchange gifts"),
    "coupon": (GiftsScreen, _coupon, "issue coupons"),
    "cancel": (GiftsScreen, _cancel, "cancel gift exchanges"),
}


@pytest.mark.parametrize("what", list(TRIES))
def test_a_deactivated_cashier_is_sent_to_the_login(qtbot: QtBot, till: Till, what: str) -> None:
    screen, attempt, cannot = TRIES[what]
    hire_staff(till)
    someone = member(till, PHONE)
    add(till, "TEA", 100, stock=3)
    add(till, "C10", 100, kind="coupon", value_fen=1000, min_spend_fen=5000)
    ref = sell(till, someone, ("general", 1000), cashier=MANAGER).sale_id
    if what == "cancel":
        ref = mall.exchange_gift(till.uow(), till.shop, MANAGER, "TEA", someone).exchange_id
    counter = open_counter(qtbot, till, (CheckoutScreen, screen))
    try:
        counter.open_screen(screen)
        staff.set_active(till.uow(), till.shop, OWNER, CASHIER.name, False)
        before = journal_length(till)
        attempt(qtbot, counter, ref)
        qtbot.waitUntil(lambda: counter.ctx.cashier is None, timeout=10_000)
        counter.idle()
        assert counter.window.stack.currentWidget() is counter.window.login
        assert counter.window.statusBar().currentMessage() == \
            f"amy has been deactivated and can no longer {cannot}: nothing was recorded. Log in as someone else to do it"
        assert journal_length(till) == before
    finally:
        counter.close()
