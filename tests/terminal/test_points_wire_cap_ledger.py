"""A member's expiry of more points than one entry may move (MAX_POINTS), with the default rules: recorded in parts,
each of which the ledger takes, so the till's sync goes on."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger import db
from terminal.bootstrap import Till
from terminal.home import Home
from terminal.journal import Who
from terminal.money import MAX_POINTS
from terminal.services.expiry import expire_points
from tests.helpers.ledger import Ledger, check_books, journal_of, open_ledger
from tests.helpers.store import balance, member, move_clock, new_till, sell

MOST_OF_A_SALE = [("general", 100_000_000)] * 200  # 200 lines of ¥1,000,000


@pytest.fixture
def linked(tmp_path: Path) -> Iterator[tuple[Till, Ledger, str]]:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    till = new_till(Home(tmp_path / "T1"))
    yield till, ledger, ledger.terminal("m1", "静安店", "T1")
    till.close()
    engine.dispose()


def test_an_expiry_over_what_one_entry_may_move_reaches_the_ledger_in_parts(linked: tuple[Till, Ledger, str]) -> None:
    till, ledger, token = linked
    who = member(till)
    for day, sales in (("2026-03-01", 5), ("2026-03-02", 2)):  # five earning sales a day need no approval
        move_clock(till, f"{day} 10:00")
        for _ in range(sales):
            sell(till, who, *MOST_OF_A_SALE)
    held = balance(till, who)
    assert held == 1_300_000_500  # 100,000,000 at the first sale, then twice that as a diamond member; 500 at signup
    ledger.sync(till, token)
    seen = len(journal_of(till))
    move_clock(till, "2028-01-02 10:00")
    assert expire_points(till.uow(), till.shop, Who(None)).expired_points == held
    expired = journal_of(till, seen)
    assert [(e.kind, e.points_delta, e.business_date) for e in expired] == [
        ("expire", -MAX_POINTS, "2028-01-01"), ("expire", -(held - MAX_POINTS), "2028-01-01")]
    assert ledger.sync(till, token, seen)
    check_books(ledger)
