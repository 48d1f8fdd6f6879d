"""The Dashboard over a year on a real store with a sale every day: it reads the year a month at a time on a
reading worker of its own, so the counter's database work never queues behind it; it says how far it got, stops
when the owner leaves it, and its figures are those of the day reports and of the whole period's entries."""

from datetime import date
from functools import partial

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry
from terminal.services import reports
from terminal.totals import totals_of
from tests.helpers.store import MANAGER, OWNER, OWNER_PIN, hire_staff, member, move_clock, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from ui.screens.catalog import SCREENS
from ui.screens.checkout import CheckoutScreen
from ui.screens.checkout_sale import CheckoutMember
from ui.screens.checkout_work import look_up_member
from ui.screens.dashboard import DashboardScreen
from ui.screens.dashboard_data import FiguresCollector, period_totals, stretch_reports

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]
FIRST, LAST = date(2025, 3, 2), date(2026, 3, 1)  # 365 days: 13 calendar months
PHONE = "13800138000"


def a_year_of_sales(till: Till) -> None:
    """A member's sale every day of the year, and a walk-in's by card on the first of each month."""
    hire_staff(till)
    someone = member(till, PHONE)
    day = FIRST
    while day <= LAST:
        move_clock(till, f"{day} 10:00")
        sell(till, someone, ("general", 1000 + day.day))
        if day.day == 1:
            sell(till, None, ("general", 5000), pay="card", cashier=MANAGER)
        day = date.fromordinal(day.toordinal() + 1)


def owners_dashboard(qtbot: QtBot, till: Till) -> tuple[Counter, DashboardScreen]:
    counter = open_counter(qtbot, till, SCREENS, log_in=False)
    counter.log_in(OWNER.name, OWNER_PIN)
    qtbot.waitUntil(lambda: isinstance(counter.window.current(), CheckoutScreen))
    counter.idle()
    screen = next(screen for screen in counter.window.screens if isinstance(screen, DashboardScreen))
    counter.press(Key.Key_F5)
    qtbot.waitUntil(lambda: counter.window.current() is screen and screen.figures is not None)
    counter.idle()
    return counter, screen


def ask_for_the_year(screen: DashboardScreen) -> None:
    screen.set_period(FIRST, LAST)
    screen.refresh()


def the_years(screen: DashboardScreen) -> bool:
    return screen.figures is not None and (screen.figures.start, screen.figures.end) == (FIRST, LAST)


def test_a_member_lookup_answers_while_the_dashboard_is_adding_up_a_year(qtbot: QtBot, till: Till) -> None:
    a_year_of_sales(till)
    counter, screen = owners_dashboard(qtbot, till)
    ask_for_the_year(screen)
    assert screen.message.text() == "Adding up 2025-03-02 to 2026-03-01: 2025-03, month 1 of 13…"
    found: list[CheckoutMember] = []
    counter.ctx.tasks.db(partial(look_up_member, till, PHONE), found.append)  # the checkout's F7, as it runs it
    qtbot.waitUntil(lambda: bool(found))
    assert found[0].view.phone == PHONE
    assert not the_years(screen)  # the lookup did not wait for the year
    qtbot.waitUntil(lambda: the_years(screen), timeout=30_000)
    assert screen.message.text() == "2025-03-02 to 2026-03-01"
    assert screen.overview.figures["sales"].text() == "377"  # 365 days and 12 firsts of a month
    assert screen.overview.figures["members_served"].text() == "1"
    counter.close()


def test_leaving_the_dashboard_stops_the_year_and_the_cashier_finds_the_member(qtbot: QtBot, till: Till) -> None:
    a_year_of_sales(till)
    counter, screen = owners_dashboard(qtbot, till)
    ask_for_the_year(screen)
    counter.press(Key.Key_F1)
    checkout = counter.screen
    counter.press(Key.Key_F7)
    counter.type(PHONE)
    counter.press(Key.Key_Return)
    qtbot.waitUntil(lambda: checkout.member.pending is not None)
    assert not the_years(screen)
    counter.idle()
    assert not the_years(screen)  # the rest of the year was never read
    assert screen.message.text() == "Adding up 2025-03-02 to 2026-03-01: 2025-03, month 1 of 13…"
    counter.press(Key.Key_F5)  # back: it asks again
    qtbot.waitUntil(lambda: the_years(screen), timeout=30_000)
    counter.close()


def test_a_year_read_month_by_month_is_each_days_report_and_the_years_entries(till: Till) -> None:
    a_year_of_sales(till)
    collector = FiguresCollector(FIRST, LAST)
    while (part := collector.next_part()) is not None:
        collector.days(stretch_reports(till, part[0], part[1], collector.period))
    figures = collector.figures(period_totals(till, FIRST, LAST, collector.period))
    assert len(collector.parts) == 13 and collector.parts[0] == (FIRST, date(2025, 3, 31))
    assert collector.parts[-1] == (LAST, LAST)
    day = FIRST
    for report in figures.days:
        assert report == reports.day_report(till.reading(), till.shop, day)
        day = date.fromordinal(day.toordinal() + 1)
    with till.reading() as uow:
        rows = uow.session.execute(select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload)
                                   .where(JournalEntry.business_date >= str(FIRST),
                                          JournalEntry.business_date <= str(LAST))
                                   .order_by(JournalEntry.seq)).all()
    assert figures.totals == {**totals_of(rows), "liability_start": 0}
    assert period_totals(till, FIRST, LAST) == figures.totals  # read here when not tallied already
    assert (figures.totals["sales"], figures.totals["members_served"]) == (377, 1)


def test_in_chinese_the_dashboard_says_how_far_it_got_in_chinese(qtbot: QtBot, till: Till, chinese: None) -> None:
    a_year_of_sales(till)
    counter, screen = owners_dashboard(qtbot, till)
    ask_for_the_year(screen)
    assert screen.message.text() == "正在统计 2025-03-02 至 2026-03-01：2025-03，第 1 个月，共 13 个月…"
    qtbot.waitUntil(lambda: the_years(screen), timeout=30_000)
    counter.close()
