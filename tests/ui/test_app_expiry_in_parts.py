"""The app records a year's expiry a few members at a time, each part a task of its own: a sale asked for while
the run is under way is taken in between, not after the whole run, and the figures are right all along."""

from datetime import date
from functools import partial
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.models import JournalEntry, Lot
from terminal.services.reports import day_report
from tests.helpers.store import CASHIER, balance, member, move_clock, sell
from tests.ui.test_members_support import app_context, settle
from ui import context
from ui.qt import widgets

pytestmark = pytest.mark.gui
MEMBERS, PART = 120, 10


def test_a_sale_is_taken_while_expiry_is_under_way_and_every_due_lot_expires(
        qtbot: QtBot, till: Till, monkeypatch: pytest.MonkeyPatch) -> None:
    phones = [member(till, f"1380000{n:04d}") for n in range(MEMBERS)]  # 500 points each, until the end of 2027
    move_clock(till, "2028-01-03 10:00")
    monkeypatch.setattr(context, "EXPIRY_MEMBERS", PART)
    ctx = app_context(till, None, CASHIER)
    window = widgets.QWidget()
    qtbot.addWidget(window)
    seen: dict[str, Any] = {}

    ctx.expire_each_day(window)  # the first part is on the database worker; the next asked for once it is done
    last = phones[-1]  # whose lots a later part would expire: the sale records them first
    ctx.tasks.db(partial(sell, till, last, ("general", 10000)), partial(seen.__setitem__, "sale"))
    ctx.tasks.db(partial(day_report, till.reading(), till.shop, date(2028, 1, 1)), partial(seen.__setitem__, "midway"))
    settle(qtbot, ctx, timeout=60_000)

    with till.reading() as uow:
        session = uow.session
        expire_seqs = session.scalars(select(JournalEntry.seq).where(JournalEntry.kind == "expire")).all()
        sale_seq = session.scalar(select(JournalEntry.seq).where(JournalEntry.kind == "sale"))
        assert session.scalar(select(func.count()).select_from(Lot).where(
            Lot.remaining > 0, Lot.expires_on < date(2028, 1, 3))) == 0
        expired = -(session.scalar(select(func.sum(JournalEntry.points_delta)).where(JournalEntry.kind == "expire")) or 0)
    assert sale_seq is not None and min(expire_seqs) < sale_seq < max(expire_seqs)  # between the parts, not after
    assert len(expire_seqs) == MEMBERS
    assert expired == 500 * MEMBERS
    assert seen["midway"]["points_expired"] == expired  # recorded or still due, counted as expired all along
    assert day_report(till.reading(), till.shop, date(2028, 1, 1))["points_expired"] == expired
    assert all(balance(till, m) == 0 for m in phones[:-1])
    sale = seen["sale"]
    assert sale.seq == sale_seq and balance(till, last) == sale.earned_points + sale.bonus_points > 0
    ctx.tasks.shutdown()
