"""Expiry a few members at a time (the app's runs): each part its own transaction, saying whether more are due;
the lots still due count as expired in the day's figures meanwhile."""

from datetime import date

from sqlalchemy import select

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.models import JournalEntry, Lot
from terminal.services.expiry import expire_points
from terminal.services.reports import day_report
from tests.helpers.store import balance, member, move_clock


def test_expiry_a_few_members_at_a_time_expires_all_of_each_and_all_in_the_end(till: Till) -> None:
    phones = [member(till, f"1380000{n:04d}") for n in range(7)]  # 500 points each, until the end of 2027
    move_clock(till, "2028-01-03 10:00")
    runs = []
    while True:
        runs.append(expire_points(till.uow(), till.shop, Who(None), limit=3))
        # recorded or not yet, the points that ran out on 1 January are counted as expired that day
        assert day_report(till.reading(), till.shop, date(2028, 1, 1))["points_expired"] == 3500
        if not runs[-1].more:
            break
    assert [(run.members, run.expired_points, run.more) for run in runs] == [
        (3, 1500, True), (3, 1500, True), (1, 500, False)]
    assert all(balance(till, m) == 0 for m in phones)
    with till.reading() as uow:
        assert uow.session.scalar(select(Lot.id).where(Lot.remaining > 0)) is None
        assert len(uow.session.scalars(select(JournalEntry.seq).where(JournalEntry.kind == "expire")).all()) == 7
    assert expire_points(till.uow(), till.shop, Who(None), limit=3).expired_points == 0
