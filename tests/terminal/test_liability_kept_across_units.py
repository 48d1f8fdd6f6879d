"""A past day's liability over a journal too long to read past the day's last entry: the entries out of date order
(written after the PC's clock, ahead for a while, was put back) are found once and kept for the database, then extended by those written since. The figures must be those of the journal as it is now: entries
written since, one of them out of date order, count; a unit of work rolled back leaves nothing of its own behind."""

from datetime import date

import pytest

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.services import reports
from terminal.services.adjust import adjust_points
from terminal.services.common import record
from terminal.services.reports import day_report, journal_liability
from tests.helpers.store import OWNER, member, move_clock

PHONE = "13800138000"
MAR_1, MAR_2, MAR_3 = date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)


@pytest.fixture(autouse=True)
def whole_journal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every day a day gone: read the whole journal, as for a day weeks back in a busy shop."""
    monkeypatch.setattr(reports, "_FEW", -1)


def held(till: Till, day: date) -> int:
    with till.reading() as uow:
        return journal_liability(uow.session, day)


def kept(till: Till) -> reports._OutOfOrder | None:
    return reports._KEPT.get(till.engine.pool)


def give(till: Till, when: str, points: int) -> None:
    move_clock(till, when)
    adjust_points(till.uow(), till.shop, OWNER, PHONE, points, "goodwill")


def test_entries_written_since_count_though_out_of_date_order(till: Till) -> None:
    member(till, PHONE)  # 500 on joining, 03-01
    give(till, "2026-03-02 09:30", 1000)
    assert [held(till, day) for day in (MAR_1, MAR_2)] == [500, 1500]
    assert kept(till) is not None  # kept for the next unit of work
    give(till, "2026-03-01 11:00", 300)  # the clock put back: written after the 1,000 dated 03-02
    assert [held(till, day) for day in (MAR_1, MAR_2, MAR_3)] == [1800, 1800, 1800]
    give(till, "2026-03-03 10:00", 200)  # in order again
    give(till, "2026-03-01 12:00", 7)  # and out of order again, after the first was kept
    assert [held(till, day) for day in (date(2026, 2, 28), MAR_1, MAR_2, MAR_3)] == [0, 2007, 2007, 2007]
    move_clock(till, "2026-03-04 10:00")
    assert day_report(till.reading(), till.shop, MAR_1)["liability_points"] == 2007


def test_a_unit_of_work_rolled_back_is_not_served_from_what_was_kept(till: Till) -> None:
    member(till, PHONE)
    give(till, "2026-03-02 09:30", 1000)
    assert held(till, MAR_1) == 500
    move_clock(till, "2026-03-01 11:00")
    with till.uow() as uow:  # written out of date order, asked about, never committed
        record(uow.session, till.shop, "adjust", Who(OWNER.name), {"note": "rolled back"}, points_delta=300)
        assert journal_liability(uow.session, MAR_1) == 1800
    give(till, "2026-03-02 10:00", 50)  # the same number, in date order this time
    assert [held(till, day) for day in (MAR_1, MAR_2)] == [500, 1550]


def test_another_store_under_the_engine_is_read_afresh(till: Till) -> None:
    member(till, PHONE)
    give(till, "2026-03-02 09:30", 1000)
    give(till, "2026-03-01 11:00", 300)
    assert held(till, MAR_1) == 1800
    found = kept(till)  # as if the file had been replaced under the engine: the same head, another entry
    assert found is not None and found.found
    reports._KEPT[till.engine.pool] = reports._OutOfOrder(found.head, "not this store's", "2026-03-02", ())
    assert held(till, MAR_1) == 1800
