"""Taking a batch of journal entries from a terminal: idempotent, chained, all or nothing.

A batch costs the same number of queries whatever its size: one read each for the entries
already held, the sales being refunded, the members and their lots; one write each per table.
"""

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.apply import Applier, BadEntry, Origin, SaleFact
from ledger.book import Book, MemberState
from ledger.mall import apply_mall
from ledger.models import (
    Conflict,
    Entry,
    Merchant,
    MerchantKey,
    Refund,
    Revocation,
    Sale,
    Terminal,
)
from ledger.persist import add_missing, load_members, save_book, stamp_change, write
from ledger.snapshots import next_change, snapshots
from sync.protocol import (
    Batch,
    BatchAnswer,
    EntryResult,
    WireEntry,
    entry_hash,
    hashed_fields,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _hash_ok(entry: WireEntry, terminal_id: str) -> bool:
    fields = entry.model_dump()
    fields["terminal_id"] = terminal_id
    return entry_hash(hashed_fields(fields)) == entry.hash


def _classify(terminal: Terminal, entries: list[WireEntry], held: dict[int, str]) -> tuple[
        list[EntryResult], list[WireEntry], list[dict[str, Any]], int | None]:
    """Which entries are new and continue the chain, which are held already, which conflict."""
    results: list[EntryResult] = []
    fresh: list[WireEntry] = []
    conflicts: list[dict[str, Any]] = []
    last_seq, last_hash, gap = terminal.last_seq, terminal.last_hash, None
    for entry in entries:
        if entry.seq <= last_seq:
            known = held.get(entry.seq) or next((e.hash for e in fresh if e.seq == entry.seq), None)
            if known == entry.hash:
                results.append(EntryResult(seq=entry.seq, status="duplicate"))
            else:
                results.append(EntryResult(seq=entry.seq, status="conflict", reason="differs from the entry held"))
                conflicts.append({"terminal_pk": terminal.pk, "seq": entry.seq, "held_hash": known or "",
                                  "sent_hash": entry.hash, "at": _now()})
        elif gap is not None or entry.seq > last_seq + 1:
            gap = gap or last_seq + 1
            results.append(EntryResult(seq=entry.seq, status="held", reason=f"waiting for entry {gap}"))
        elif entry.prev_hash != last_hash or not _hash_ok(entry, terminal.terminal_id):
            results.append(EntryResult(seq=entry.seq, status="conflict",
                                       reason="does not continue the chain held for this terminal"))
            conflicts.append({"terminal_pk": terminal.pk, "seq": entry.seq, "held_hash": last_hash,
                              "sent_hash": entry.hash, "at": _now()})
            gap = last_seq + 1
        else:
            results.append(EntryResult(seq=entry.seq, status="applied"))
            fresh.append(entry)
            last_seq, last_hash = entry.seq, entry.hash
    return results, fresh, conflicts, gap


def _referenced(payloads: dict[int, dict[str, Any]], terminal_id: str) -> tuple[set[str], set[int]]:
    members, sales = set(), set()
    for p in payloads.values():
        for key in ("member_id", "referrer_id"):
            if isinstance(p.get(key), str):
                members.add(p[key])
        terminal, _, number = str(p.get("sale_id", "")).rpartition("-")
        if "refund_id" in p and terminal == terminal_id and number.isdigit():
            sales.add(int(number))
    return members, sales


def _load_sales(session: Session, terminal_pk: int, seqs: set[int]) -> dict[int, SaleFact]:
    if not seqs:
        return {}
    rows = session.execute(select(Sale.seq, Sale.member_id, Sale.business_date, Sale.redeem_expires_on)
                           .where(Sale.terminal_pk == terminal_pk, Sale.seq.in_(seqs)))
    return {seq: SaleFact(member, day, expires) for seq, member, day, expires in rows}


def ingest(session: Session, terminal_pk: int, batch: Batch) -> BatchAnswer:
    """Apply what is new in ``batch`` for the terminal, in the caller's transaction.

    Raises BadEntry when an entry cannot be believed; the caller rolls back and answers 422.
    """
    terminal = session.execute(select(Terminal).where(Terminal.pk == terminal_pk).with_for_update()).scalar_one()
    merchant = session.get(Merchant, terminal.merchant_id)
    assert merchant is not None
    origin = Origin(terminal.pk, terminal.terminal_id, merchant.id, merchant.currency, terminal.store)
    entries = sorted(batch.entries, key=lambda e: e.seq)
    held = {seq: digest for seq, digest in session.execute(select(Entry.seq, Entry.hash).where(
        Entry.terminal_pk == terminal.pk, Entry.seq.between(entries[0].seq, entries[-1].seq)))}
    results, fresh, conflicts, gap = _classify(terminal, entries, held)
    write(session, Conflict, conflicts)
    changed: list[MemberState] = []
    if fresh:
        payloads = {}
        for entry in fresh:
            try:
                payloads[entry.seq] = json.loads(entry.payload)
            except ValueError:
                raise BadEntry(entry.seq, "payload is not JSON") from None
        member_ids, sale_seqs = _referenced(payloads, terminal.terminal_id)
        book = Book(load_members(session, member_ids))
        applier = Applier(book, origin, _load_sales(session, terminal.pk, sale_seqs))
        for entry in fresh:
            applier.apply(entry, payloads[entry.seq])
        received = _now()
        write(session, Entry, [e.model_dump() | {"terminal_pk": terminal.pk, "merchant_id": merchant.id,
                                                  "store": terminal.store, "received_at": received} for e in fresh])
        write(session, Sale, applier.new_sales)
        write(session, Refund, applier.new_refunds)
        add_missing(session, Revocation, applier.revocations)
        add_missing(session, MerchantKey, applier.keys)
        if applier.mall_events:
            apply_mall(session, origin, applier.mall_events)
        terminal.last_seq, terminal.last_hash = fresh[-1].seq, fresh[-1].hash
        session.flush()
        changed = save_book(session, book)
    answer = BatchAnswer(acknowledged_seq=terminal.last_seq, results=results, gap=gap, members=snapshots(session, changed))
    if changed:
        change = next_change(session)
        stamp_change(session, changed, change)
        for snapshot in answer.members:
            snapshot.change = change
    return answer
