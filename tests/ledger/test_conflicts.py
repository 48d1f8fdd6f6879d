"""What the ledger cannot take as a terminal sent it is kept for the owner and shown by `jifen-ledger report
conflicts`: an entry changed in the terminal's store before it synced refuses its batch whole (422 ``tampered``)
and is recorded once; other content under a held number and a break in the chain are listed with it, each
with what to do. On SQLite and PostgreSQL (what the terminal says: tests/sync/test_tampered_entry.py)."""

import json
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import func, select

from ledger.models import Conflict, Entry
from sync.protocol import WireEntry, entry_hash, hashed_fields
from terminal.bootstrap import Till
from tests.helpers.ledger import (
    Ledger,
    check_books,
    journal_of,
    ledger_cli,
    schema_migrations,
    shop_till,
)
from tests.helpers.store import balance, member, move_clock, sell

CHANGED = ("was changed after it was written (its hash does not match its content); the batch with it was refused")
CHANGED_TO_DO = ("the ledger takes nothing more from the terminal until this is put right: find out who changed its "
                 "store; at the terminal, restore a backup made before the change (jifen restore FILE) and sync again, "
                 "or else set the counter up as a new terminal (jifen-ledger terminal add with a new --terminal, installer/README.md "
                 "step 10)")


def cli(ledger: Ledger) -> Any:
    return ledger_cli(ledger.engine.url.render_as_string(hide_password=False))


def edit_amount(till: Till, seq: int, amount_fen: int) -> None:
    """What someone with the store file does: change a sale's amount in the journal, its hash left as it was."""
    with sqlite3.connect(till.home.db) as conn:
        payload = json.loads(conn.execute("SELECT payload FROM journal WHERE seq = ?", (seq,)).fetchone()[0])
        payload["lines"][0]["amount_fen"] = payload["total_fen"] = payload["paid_fen"] = amount_fen
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", (json.dumps(payload), seq))


def rows(ledger: Ledger) -> list[tuple[int, str, str, str]]:
    with ledger.session() as s:
        return [(seq, kind, held, sent) for seq, kind, held, sent in s.execute(
            select(Conflict.seq, Conflict.kind, Conflict.held_hash, Conflict.sent_hash).order_by(Conflict.id))]


def held_up_to(ledger: Ledger) -> int:
    with ledger.session() as s:
        return int(s.scalar(select(func.max(Entry.seq))) or 0)


def forged(entry: WireEntry, **changes: Any) -> WireEntry:
    """The entry with other content, hashed again: what a forger holding the terminal's data sends."""
    entry = entry.model_copy(update=changes)
    return entry.model_copy(update={"hash": entry_hash(hashed_fields(entry.model_dump() | {"terminal_id": "T1"}))})


def test_an_entry_changed_before_it_synced_refuses_the_batch_and_is_recorded_once(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    sell(till, None, ("general", 1000))
    acked = ledger.sync(till, token)["acknowledged_seq"]
    sell(till, None, ("general", 2000))
    changed = sell(till, None, ("general", 3000)).seq
    edit_amount(till, changed, 30)
    batch = journal_of(till, after=acked)
    for _ in range(2):  # the terminal sends it again at every sync
        answer = ledger.post(token, batch)
        assert answer.status_code == 422
        assert answer.json() == {"error": "tampered", "message": (
            f"entry {changed} of terminal T1 was changed after it was written (its hash does not match its content): "
            "nothing of this batch was taken, and the ledger's owner is shown it (jifen-ledger report conflicts)")}
    assert held_up_to(ledger) == acked  # the sale before it, untouched, waits with it
    assert ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()["gross_fen"] == 1000
    assert rows(ledger) == [(changed, "tampered", "", batch[-1].hash)]

    run = cli(ledger)
    status, text = run("report", "conflicts", "--merchant", "m1")
    at = json.loads(run("--json", "report", "conflicts")[1])["conflicts"][0]["at"]
    assert status == 0 and text == "\n".join([
        "1 conflict of m1 to look at:",
        f"  {at}  静安店 terminal T1: entry {changed} {CHANGED}",
        f"    To do: {CHANGED_TO_DO}"])
    status, out = run("--json", "report", "conflicts", "--merchant", "m1")
    assert status == 0 and json.loads(out) == {"conflicts": [{
        "merchant": "m1", "store": "静安店", "terminal": "T1", "seq": changed, "at": at, "kind": "tampered",
        "what": CHANGED, "to_do": CHANGED_TO_DO, "held_hash": None, "sent_hash": batch[-1].hash}],
        "shared_phones": [], "unexpected_bonuses": []}
    status, text = run("report", "day", "--merchant", "m1", "--date", "2026-03-01")
    assert status == 0 and text.splitlines()[-1] == (
        "1 conflict of m1 to look at: jifen-ledger report conflicts --merchant m1")


def test_every_kind_is_listed_with_what_to_do_by_merchant(ledger: Ledger, shop: Any, tmp_path: Path) -> None:
    till, token = shop
    ledger.merchant("m2")
    sell(till, member(till), ("general", 1000))
    entries = journal_of(till)
    ledger.post(token, entries[:-1]).raise_for_status()
    other = forged(entries[1], actor="mallory")
    off_chain = forged(entries[-1], prev_hash="f" * 64)
    for _ in range(2):
        assert [r["status"] for r in ledger.post(token, [other, off_chain]).json()["results"]] == ["conflict", "conflict"]
    assert rows(ledger) == [(other.seq, "differs", entries[1].hash, other.hash),
                            (off_chain.seq, "fork", entries[-2].hash, off_chain.hash)]

    run = cli(ledger)
    status, text = run("report", "conflicts")
    lines = text.splitlines()
    assert status == 0 and lines[0] == "2 conflicts to look at:"
    assert lines[1].endswith(f"  merchant m1, 静安店 terminal T1: entry {other.seq} was sent again with other content than "
                             "the entry the ledger holds under its number")
    assert lines[2] == ("    To do: the ledger keeps the entry it holds and the terminal has stopped syncing: find out "
                        "whether its store was restored from an older backup or changed by hand, then set the counter up "
                        "as a new terminal (jifen-ledger terminal add with a new --terminal, installer/README.md step 10)")
    assert lines[3].endswith(f"  merchant m1, 静安店 terminal T1: entry {off_chain.seq} does not continue the chain of "
                             "entries the ledger holds for the terminal")
    assert lines[4].startswith("    To do: the terminal has stopped syncing: find out whether its store was restored")
    assert [c["kind"] for c in json.loads(run("--json", "report", "conflicts", "--merchant", "m1")[1])["conflicts"]] == [
        "differs", "fork"]
    assert run("report", "conflicts", "--merchant", "m2") == (0, "no conflict was recorded for m2")
    assert run("--json", "report", "conflicts", "--merchant", "m2") == (
        0, '{"conflicts": [], "shared_phones": [], "unexpected_bonuses": []}')
    assert run("report", "conflicts", "--merchant", "m9") == (2, "no merchant m9")
    assert "conflict" not in run("report", "day", "--merchant", "m2", "--date", "2026-03-01")[1]


def test_conflicts_recorded_before_the_upgrade_get_their_kind(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    sell(till, None, ("general", 1000))
    entries = journal_of(till)
    ledger.post(token, entries[:-1]).raise_for_status()
    ledger.post(token, [forged(entries[0], actor="mallory"), forged(entries[-1], prev_hash="f" * 64)])
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0010")
        command.upgrade(config, "head")
    assert [kind for _, kind, _, _ in rows(ledger)] == ["differs", "fork"]


SHARED = ("was registered at more than one store before they synced: each store sees only the member it registered, "
          "and each paid the sign-up bonus")
SHARED_TO_DO = ("nothing was lost, the ledger took every entry of each. Members cannot be merged yet: each store goes on "
                "serving the member it registered, and the points stay split between them (together they are right). "
                "If the member wants them in one place, move them with jifen adjust (a manager or owner) at each store; "
                "the phone stays listed here")


def test_a_phone_registered_at_two_stores_offline_is_shown_with_both_members(ledger: Ledger, tmp_path: Path) -> None:
    """Both stores registered 13800138000 and sold to it before either synced: the ledger takes every entry (the
    points were earned) and shows the owner the two members. Another points currency's member with the phone is
    another member, not a conflict."""
    ledger.merchant("m1")
    ledger.merchant("m2")
    one, two, other = (shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2"),
                       shop_till(tmp_path, "面馆", "N1", "m2"))
    move_clock(two, "2026-03-01 11:30")
    members = [member(till, "13800138000") for till in (one, two, other)]
    for till, m in zip((one, two), members):
        sell(till, m, ("general", 10000))
    for till, terminal in ((one, "T1"), (two, "T2"), (other, "N1")):
        token = ledger.terminal("m2" if till is other else "m1", till.shop.store, terminal)
        assert {r["status"] for r in ledger.sync(till, token)["results"]} == {"applied"}
    assert [ledger.balance(m) for m in members[:2]] == [balance(one, members[0]), balance(two, members[1])] == [550, 550]

    run = cli(ledger)
    status, text = run("report", "conflicts", "--merchant", "m1")
    assert status == 0 and text == "\n".join([
        "1 conflict of m1 to look at:",
        f"  phone 138****8000 has 2 members: it {SHARED}",
        f"    {members[0]}  registered 2026-03-01 10:00 at 静安店 terminal T1, balance 550 points",
        f"    {members[1]}  registered 2026-03-01 11:30 at 徐汇店 terminal T2, balance 550 points",
        f"    To do: {SHARED_TO_DO}"])
    status, out = run("--json", "report", "conflicts", "--merchant", "m1")
    assert status == 0 and json.loads(out) == {"conflicts": [], "shared_phones": [{
        "currency": "m1", "phone": "138****8000", "what": SHARED, "to_do": SHARED_TO_DO, "members": [
            {"id": members[0], "merchant": "m1", "store": "静安店", "terminal": "T1", "registered_on": "2026-03-01",
             "registered_at": "2026-03-01 10:00", "balance": 550},
            {"id": members[1], "merchant": "m1", "store": "徐汇店", "terminal": "T2", "registered_on": "2026-03-01",
             "registered_at": "2026-03-01 11:30", "balance": 550}]}], "unexpected_bonuses": []}
    assert run("report", "day", "--merchant", "m1", "--date", "2026-03-01")[1].splitlines()[-1] == (
        "1 conflict of m1 to look at: jifen-ledger report conflicts --merchant m1")
    assert run("report", "conflicts", "--merchant", "m2") == (0, "no conflict was recorded for m2")
    status, text = run("report", "conflicts")
    assert status == 0 and text.splitlines()[0] == "1 conflict to look at:"
    check_books(ledger)
