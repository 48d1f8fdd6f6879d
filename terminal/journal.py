"""The hash-chained journal: every change is an entry; each entry's hash covers the one before.

An entry is written together with its outbox row and the state it changes, in one transaction.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.ids import uuid7
from terminal.models import JournalEntry, JournalHead, OutboxItem

GENESIS_HASH = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


def _hashed_fields(entry: Any) -> dict[str, Any]:
    """The fields a hash covers, from a JournalEntry or a row of the journal table."""
    return {
        "seq": entry.seq,
        "id": entry.id,
        "terminal": entry.terminal_id,
        "kind": entry.kind,
        "at": entry.at,
        "business_date": entry.business_date,
        "actor": entry.actor,
        "approver": entry.approver,
        "points_delta": entry.points_delta,
        "liability_after": entry.liability_after,
        "payload": entry.payload,
        "prev_hash": entry.prev_hash,
    }


def format_instant(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Who:
    """Who did a change and, where one was needed, who approved it."""

    actor: str | None
    approver: str | None = None


def _head(session: Session) -> JournalHead:
    # Kept on the session: an unchanged object is only weakly held, and it is wanted twice.
    head = session.info.get("journal_head")
    if head is None:
        head = session.get(JournalHead, 1)
        if head is None:
            head = JournalHead(id=1, seq=0, hash=GENESIS_HASH, liability=0, entry_id=None)
            session.add(head)
        session.info["journal_head"] = head
    return head


def next_seq(session: Session) -> int:
    return _head(session).seq + 1


def append(
    session: Session,
    *,
    terminal_id: str,
    kind: str,
    now: datetime,
    business_date: str,
    who: Who,
    payload: dict[str, Any],
    points_delta: int = 0,
) -> JournalEntry:
    """Write the next entry, its outbox row and the new head; the caller's transaction commits."""
    head = _head(session)
    entry = JournalEntry(
        seq=head.seq + 1,
        id=uuid7(now, head.entry_id),
        terminal_id=terminal_id,
        kind=kind,
        at=format_instant(now),
        business_date=business_date,
        actor=who.actor,
        approver=who.approver,
        points_delta=points_delta,
        liability_after=head.liability + points_delta,
        payload=canonical(payload),
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(_hashed_fields(entry))
    session.add(entry)
    session.add(OutboxItem(seq=entry.seq))
    head.seq, head.hash, head.liability, head.entry_id = entry.seq, entry.hash, entry.liability_after, entry.id
    return entry


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_bad_seq: int | None
    reason: str | None = None


def _stream(session: Session) -> Iterator[Any]:
    table = JournalEntry.__table__
    rows = session.connection().execution_options(yield_per=5000).execute(select(table).order_by(table.c.seq))
    return iter(rows)


def verify(session: Session) -> Verdict:
    """Walk the chain; name the first sequence number that is missing, altered or out of place."""
    total = session.scalar(select(func.count()).select_from(JournalEntry)) or 0
    expected_seq, prev_hash, liability = 1, GENESIS_HASH, 0
    for entry in _stream(session):
        if entry.seq != expected_seq:
            return Verdict(False, total, min(entry.seq, expected_seq), "sequence gap or duplicate")
        if entry.prev_hash != prev_hash:
            return Verdict(False, total, entry.seq, "does not follow the entry before")
        if entry.hash != entry_hash(_hashed_fields(entry)):
            return Verdict(False, total, entry.seq, "content does not match its hash")
        if entry.liability_after != liability + entry.points_delta:
            return Verdict(False, total, entry.seq, "running points total is wrong")
        expected_seq, prev_hash, liability = entry.seq + 1, entry.hash, entry.liability_after
    last_seq = expected_seq - 1
    head = session.get(JournalHead, 1)
    head_seq, head_hash = (0, GENESIS_HASH) if head is None else (head.seq, head.hash)
    if head_seq > last_seq:
        return Verdict(False, total, last_seq + 1, "entries missing at the end")
    if head_seq < last_seq:
        return Verdict(False, total, head_seq + 1, "entries added after the last one written")
    if head_hash != prev_hash:
        return Verdict(False, total, last_seq, "last entry replaced")
    return Verdict(True, total, None)


def payload_of(entry: JournalEntry) -> dict[str, Any]:
    return json.loads(entry.payload)
