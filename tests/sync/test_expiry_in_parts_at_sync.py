"""A linked till's sync records the lots due a few members at a time, each part its own transaction: on 1 January
a year of lots falls due, and a sale waits for one part at most (a whole year in one transaction kept sales waiting
past the store's 10 s lock wait on a big store)."""

import pytest
from sqlalchemy import func, select

from terminal.models import JournalEntry, Lot
from terminal.services import expiry
from tests.helpers.store import balance, member, move_clock
from tests.sync.conftest import Network

MEMBERS, PART = 5, 2


def test_the_sync_expires_the_due_lots_in_parts_and_all_of_them(network: Network,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    members = [member(till, f"1380000{n:04d}") for n in range(MEMBERS)]  # 500 points each, until the end of 2027
    syncer.sync_once()
    move_clock(till, "2028-01-03 10:00")
    monkeypatch.setenv("JIFEN_NOW", "2028-01-03T10:00:00+08:00")
    monkeypatch.setattr(expiry, "EXPIRY_MEMBERS", PART)
    parts: list[int] = []
    whole = expiry.expire_points

    def counted(*args: object) -> expiry.ExpiryRun:
        run = whole(*args)  # type: ignore[arg-type]
        parts.append(run.members)
        return run

    monkeypatch.setattr(expiry, "expire_points", counted)
    syncer.sync_once()
    assert parts == [2, 2, 1]
    with till.reading() as uow:
        assert uow.session.scalar(select(func.count()).select_from(JournalEntry).where(
            JournalEntry.kind == "expire")) == MEMBERS
        assert uow.session.scalar(select(func.count()).select_from(Lot).where(Lot.remaining > 0)) == 0
    assert [balance(till, m) for m in members] == [0] * MEMBERS
