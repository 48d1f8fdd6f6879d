"""Batches of journal entries from real terminals: applied once, in order, all or nothing."""

import json
from pathlib import Path

from sqlalchemy import func, select

from ledger.models import Conflict, Entry, Transfer
from sync.protocol import canonical, entry_hash, hashed_fields
from terminal.bootstrap import Till
from terminal.home import Home
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, check_books, journal_of, rechain
from tests.helpers.store import MANAGER, member, new_till, sell


def _shop(tmp_path: Path, ledger: Ledger) -> tuple[Till, str]:
    ledger.merchant("m1")
    return new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")


def _busy(till: Till) -> tuple[str, str]:
    a = member(till, "13800138000")
    b = member(till, "13900139000", referrer="13800138000")
    sell(till, a, ("general", 19999))
    sell(till, b, ("general", 10000), ("digital", 100000), pay="card")
    sale = sell(till, a, ("general", 6000), ("general", 4000), redeem=500)
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    return a, b


def _count(ledger: Ledger, model: type) -> int:
    with ledger.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_terminals_journal_gives_the_same_balances_at_the_ledger(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    a, b = _busy(till)
    answer = ledger.sync(till, token)
    last = journal_of(till)[-1].seq
    assert answer["acknowledged_seq"] == last and answer["gap"] is None
    assert {r["status"] for r in answer["results"]} == {"applied"}
    for member_id in (a, b):
        here = show_member(till.reading(), till.shop, member_id)
        assert ledger.balance(member_id) == here.balance
        snapshot = next(m for m in answer["members"] if m["id"] == member_id)
        assert (snapshot["balance"], snapshot["growth_fen"], snapshot["tier"]) == (here.balance, here.growth_fen, here.tier.name)
        assert sorted((l["points"], l["expires_on"]) for l in snapshot["lots"]) == sorted(
            (p, d.isoformat()) for p, d in here.lots)
    check_books(ledger)


def test_sending_again_changes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    _busy(till)
    ledger.sync(till, token)
    transfers = _count(ledger, Transfer)
    again = ledger.sync(till, token)
    assert {r["status"] for r in again["results"]} == {"duplicate"}
    assert again["members"] == []
    assert _count(ledger, Transfer) == transfers
    check_books(ledger)


def test_the_same_sequence_number_with_other_content_is_a_flagged_conflict(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    _busy(till)
    ledger.sync(till, token)
    entries = journal_of(till)
    forged = entries[5].model_copy(update={"actor": "mallory"})
    forged = forged.model_copy(update={"hash": entry_hash(hashed_fields(forged.model_dump() | {"terminal_id": "T1"}))})
    answer = ledger.post(token, [forged]).json()
    assert answer["results"] == [{"seq": forged.seq, "status": "conflict", "reason": "differs from the entry held"}]
    with ledger.session() as s:
        flagged = s.scalars(select(Conflict)).one()
        assert (flagged.seq, flagged.sent_hash, flagged.held_hash) == (forged.seq, forged.hash, entries[5].hash)
        assert s.scalar(select(Entry.actor).where(Entry.seq == forged.seq)) != "mallory"


def test_a_gap_holds_later_entries_until_the_missing_ones_arrive(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    a, _ = _busy(till)
    entries = journal_of(till)
    first = ledger.post(token, entries[:4]).json()
    assert first["acknowledged_seq"] == entries[3].seq
    later = ledger.post(token, entries[6:]).json()
    assert later["acknowledged_seq"] == entries[3].seq and later["gap"] == entries[4].seq
    assert {r["status"] for r in later["results"]} == {"held"}
    rest = ledger.post(token, entries[4:]).json()
    assert rest["acknowledged_seq"] == entries[-1].seq and rest["gap"] is None
    assert ledger.balance(a) == show_member(till.reading(), till.shop, a).balance
    check_books(ledger)


def test_a_batch_with_one_bad_entry_applies_nothing(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    m = member(till)
    sell(till, m, ("general", 10000))
    sell(till, m, ("general", 20000))
    entries = journal_of(till)
    sale = entries[-1]
    payload = json.loads(sale.payload)
    payload["earned_points"] = 5000  # a terminal claiming more points than the sale earns
    tampered = sale.model_copy(update={"payload": canonical(payload), "points_delta": 5000})
    tampered = tampered.model_copy(update={"hash": entry_hash(hashed_fields(tampered.model_dump() | {"terminal_id": "T1"}))})
    answer = ledger.post(token, [*entries[:-1], tampered])
    assert answer.status_code == 422
    assert answer.json()["error"] == "bad_entry" and f"entry {sale.seq}" in answer.json()["message"]
    assert _count(ledger, Entry) == 0 and _count(ledger, Transfer) == 0


def test_an_unknown_member_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    m = member(till)
    sell(till, m, ("general", 10000))
    entries = journal_of(till)
    registration = next(i for i, e in enumerate(entries) if e.kind == "member_add")
    payload = json.loads(entries[registration].payload) | {"member_id": "MZZZZZZZZZZZZ"}
    entries[registration] = entries[registration].model_copy(update={"payload": canonical(payload)})
    answer = ledger.post(token, rechain(entries))
    assert answer.status_code == 422 and "unknown member" in answer.json()["message"]


def test_entries_that_arrive_days_late_count_on_their_own_date(ledger: Ledger, tmp_path: Path) -> None:
    till, token = _shop(tmp_path, ledger)
    sell(till, None, ("general", 1000))
    ledger.sync(till, token)
    day = ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()
    assert day["sales"] == 1 and day["gross_fen"] == 1000
    assert ledger.get("/v1/reports/day", merchant="m1", day="2026-03-04").json()["sales"] == 0
