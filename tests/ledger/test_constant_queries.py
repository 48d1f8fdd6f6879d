"""A batch costs the same number of queries whatever its size."""

from pathlib import Path

from ledger import db
from ledger.ingest import ingest
from sync.protocol import Batch
from terminal.home import Home
from tests.helpers.ledger import Ledger, journal_of
from tests.helpers.statements import statements_run
from tests.helpers.store import MANAGER, member, new_till, sell


def _statements(ledger: Ledger, terminal_pk: int, batch: Batch) -> int:
    with statements_run(ledger.engine) as seen:
        answer = db.in_transaction(db.sessions(ledger.engine), lambda s: ingest(s, terminal_pk, batch))
    assert {r.status for r in answer.results} == {"applied"}
    return len(seen)


def test_ten_entries_and_two_hundred_cost_the_same_queries(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    ledger.terminal("m1", "静安店", "T1")
    till = new_till(Home(tmp_path / "T1"))
    members = [member(till, f"138000001{i:02d}") for i in range(40)]
    for i in range(220):
        sell(till, members[i % 40], ("general", 10000 + i), redeem=20 if i % 3 == 0 else 0, approver=MANAGER)
    entries = journal_of(till)
    first_sale = next(i for i, e in enumerate(entries) if e.kind == "sale")
    setup, small, large = entries[:first_sale], entries[first_sale:first_sale + 10], entries[first_sale + 10:first_sale + 210]
    assert len(large) == 200 and {e.kind for e in small} == {e.kind for e in large} == {"sale"}
    queries_setup = _statements(ledger, 1, Batch(protocol=1, entries=setup))  # 40 registrations, 40 bonuses
    queries_small = _statements(ledger, 1, Batch(protocol=1, entries=small))
    queries_large = _statements(ledger, 1, Batch(protocol=1, entries=large))
    assert queries_large == queries_small <= 20 and queries_setup <= 20
