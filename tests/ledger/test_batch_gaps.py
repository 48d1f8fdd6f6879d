"""A batch with entries missing in it: the ledger takes the entries up to the first missing one, acknowledges only
those, and holds the rest (not taken, not a conflict) until the missing ones arrive; a gap of one entry is a gap
like any other. Real terminal journals over the HTTP API, on SQLite and on PostgreSQL."""

from pathlib import Path

from sqlalchemy import select

from ledger.models import Entry
from sync.protocol import WireEntry
from terminal.bootstrap import Till
from terminal.home import Home
from terminal.services.members import show_member
from tests.helpers.ledger import Ledger, check_books, journal_of, ledger_cli
from tests.helpers.store import member, new_till, sell

NO_CONFLICTS = "no conflict was recorded"


def _shop(tmp_path: Path, ledger: Ledger) -> tuple[Till, str]:
    ledger.merchant("m1")
    return new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")


def _thirteen(till: Till) -> tuple[str, list[WireEntry]]:
    """A member, their sales and sales to no member: a journal of at least thirteen entries."""
    someone = member(till, "13800138000")
    for amount in (1000, 2000, 3000):
        sell(till, someone, ("general", amount))
    while len(journal_of(till)) < 13:
        sell(till, None, ("general", 500))
    entries = journal_of(till)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    return someone, entries


def _held(ledger: Ledger) -> list[int]:
    """The entries the ledger took, each as often as it holds it."""
    with ledger.session() as s:
        return list(s.scalars(select(Entry.seq).order_by(Entry.seq)))


def _conflicts_report(ledger: Ledger) -> str:
    status, said = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))("report", "conflicts")
    assert status == 0, said
    return said


def test_a_batch_missing_entries_in_its_middle_acknowledges_only_those_before_them(
        ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    someone, entries = _thirteen(till)
    sent = entries[:3] + entries[5:13]  # 1–3 and 6–13, in one batch: 4 and 5 missing
    answer = ledger.post(token, sent).json()
    assert (answer["acknowledged_seq"], answer["gap"]) == (3, 4)
    assert answer["results"] == [{"seq": n, "status": "applied", "reason": None} for n in (1, 2, 3)] + [
        {"seq": n, "status": "held", "reason": "waiting for entry 4"} for n in range(6, 14)]
    assert _held(ledger) == [1, 2, 3]

    again = ledger.post(token, entries[3:]).json()  # what the terminal sends next: all after the acknowledged 3
    assert (again["acknowledged_seq"], again["gap"]) == (entries[-1].seq, None)
    assert {r["status"] for r in again["results"]} == {"applied"}
    assert _held(ledger) == [e.seq for e in entries]  # every entry once
    assert _conflicts_report(ledger) == NO_CONFLICTS
    assert ledger.balance(someone) == show_member(till.reading(), till.shop, someone).balance
    check_books(ledger)


def test_a_gap_of_one_entry_is_held_not_a_conflict_and_applied_once_it_arrives(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    someone, entries = _thirteen(till)
    assert ledger.post(token, entries[:4]).json()["acknowledged_seq"] == 4
    later = ledger.post(token, entries[5:]).json()  # 6 onward: only entry 5 missing
    assert (later["acknowledged_seq"], later["gap"]) == (4, 5)
    assert later["results"] == [{"seq": e.seq, "status": "held", "reason": "waiting for entry 5"} for e in entries[5:]]
    assert _conflicts_report(ledger) == NO_CONFLICTS
    assert _held(ledger) == [1, 2, 3, 4]

    rest = ledger.post(token, entries[4:]).json()
    assert (rest["acknowledged_seq"], rest["gap"]) == (entries[-1].seq, None)
    assert [r["status"] for r in rest["results"]] == ["applied"] * len(entries[4:])
    assert _held(ledger) == [e.seq for e in entries]
    assert _conflicts_report(ledger) == NO_CONFLICTS
    assert ledger.balance(someone) == show_member(till.reading(), till.shop, someone).balance
    check_books(ledger)
