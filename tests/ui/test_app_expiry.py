"""A shop without a ledger records expired points itself while the app runs: when it starts, and again once a
new day has begun, each dated the day the points expired."""

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.models import JournalEntry
from terminal.services.members import show_member
from tests.helpers.store import CASHIER, member, move_clock
from tests.ui.test_members_support import app_context, settle
from ui.qt import widgets

pytestmark = pytest.mark.gui
ZHANG, LI = "13800138000", "13900139000"


def expiry_days(till: Till) -> list[tuple[str, int]]:
    with till.reading() as uow:
        rows = uow.session.execute(select(JournalEntry.business_date, JournalEntry.points_delta)
                                   .where(JournalEntry.kind == "expire").order_by(JournalEntry.seq))
        return [(day, -delta) for day, delta in rows]


def test_the_app_records_expiry_when_it_starts_and_on_the_next_new_day(qtbot: QtBot, till: Till) -> None:
    member(till, ZHANG)  # 500 points until the end of 2027
    move_clock(till, "2028-01-03 10:00")
    ctx = app_context(till, None, CASHIER)
    window = widgets.QWidget()
    qtbot.addWidget(window)

    ctx.expire_each_day(window)
    settle(qtbot, ctx)
    assert expiry_days(till) == [("2028-01-01", 500)]

    li = member(till, LI)  # 500 points until the end of 2029
    move_clock(till, "2030-01-01 00:00")
    ctx.expire_if_new_day()  # what the app does each minute
    settle(qtbot, ctx)
    assert expiry_days(till) == [("2028-01-01", 500), ("2030-01-01", 500)]
    assert show_member(till.reading(), till.shop, li).balance == 0
    ctx.tasks.shutdown()
