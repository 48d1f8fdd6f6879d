"""A batch's book (its members and their lots) is freed as soon as the batch is answered, not left in
reference cycles for the garbage collector to find: a server process would walk them again and again (the
collector took a tenth of its CPU in bench/ledger_bench.py)."""

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger import db
from ledger.apply import Applier
from ledger.book import LotState, MemberState
from ledger.ingest import ingest
from sync.protocol import Batch
from terminal.home import Home
from tests.helpers.ledger import Ledger, journal_of
from tests.helpers.store import member, new_till, sell

BOOK_TYPES = (Applier, MemberState, LotState)


@pytest.fixture
def collector_held() -> Iterator[None]:
    """The collector off, and what it finds kept in gc.garbage to be looked at."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_a_batch_leaves_nothing_of_its_book_in_cycles(ledger: Ledger, tmp_path: Path, collector_held: None) -> None:
    ledger.merchant("m1")
    ledger.terminal("m1", "静安店", "T1")
    till = new_till(Home(tmp_path / "T1"))
    members = [member(till, f"138000002{i:02d}") for i in range(3)]
    for i in range(6):
        sell(till, members[i % 3], ("general", 10000 + i))
    answer = db.in_transaction(db.sessions(ledger.engine),
                               lambda s: ingest(s, 1, Batch(protocol=1, entries=journal_of(till))))
    assert {r.status for r in answer.results} == {"applied"}
    assert len(answer.members) == 3
    gc.collect()
    left = sorted({type(thing).__name__ for thing in gc.garbage if isinstance(thing, BOOK_TYPES)})
    assert left == []
