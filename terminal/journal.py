"""The hash-chained journal: every change is an entry; each entry's hash covers the one before.

An entry is written together with its outbox row and the state it changes, in one transaction.
"""

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.ids import uuid7
from terminal.models import JournalEntry, JournalHead, OutboxItem, table_of

GENESIS_HASH = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(fields).encode()).hexdigest()


def hashed_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fields an entry's hash covers, from a journal row (column name → value)."""
    return {
        "seq": row["seq"],
        "id": row["id"],
        "terminal": row["terminal_id"],
        "kind": row["kind"],
        "at": row["at"],
        "business_date": row["business_date"],
        "actor": row["actor"],
        "approver": row["approver"],
        "points_delta": row["points_delta"],
        "liability_after": row["liability_after"],
        "payload": row["payload"],
        "prev_hash": row["prev_hash"],
    }


def format_instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Who:
    """Who did a change and, where one was needed, who approved it."""

    actor: str | None
    approver: str | None = None


@dataclass
class _Head:
    seq: int
    hash: str
    liability: int
    entry_id: str | None
    stored: bool


@dataclass(frozen=True)
class Written:
    """What a service needs back from a journal entry it wrote."""

    seq: int
    id: str
    at: str


_JOURNAL, _HEAD_TABLE, _OUTBOX = table_of(JournalEntry), table_of(JournalHead), table_of(OutboxItem)
_READ_HEAD = select(_HEAD_TABLE.c.seq, _HEAD_TABLE.c.hash, _HEAD_TABLE.c.liability, _HEAD_TABLE.c.entry_id).where(
    _HEAD_TABLE.c.id == 1)
_WRITE_HEAD = _HEAD_TABLE.update().where(_HEAD_TABLE.c.id == 1)


def _head(session: Session) -> _Head:
    # Read once per transaction and kept on the session, which lives for one unit of work.
    head = session.info.get("journal_head")
    if head is None:
        row = session.execute(_READ_HEAD).first()
        head = _Head(*row, stored=True) if row else _Head(0, GENESIS_HASH, 0, None, stored=False)
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
) -> Written:
    """Write the next entry, its outbox row and the new head; the caller's transaction commits."""
    head = _head(session)
    row: dict[str, Any] = {
        "seq": head.seq + 1,
        "id": uuid7(now, head.entry_id),
        "terminal_id": terminal_id,
        "kind": kind,
        "at": format_instant(now),
        "business_date": business_date,
        "actor": who.actor,
        "approver": who.approver,
        "points_delta": points_delta,
        "liability_after": head.liability + points_delta,
        "payload": canonical(payload),
        "prev_hash": head.hash,
    }
    row["hash"] = entry_hash(hashed_fields(row))
    session.execute(_JOURNAL.insert(), row)
    member = payload.get("member_id")
    session.execute(_OUTBOX.insert(), {"seq": row["seq"], "member_id": member if isinstance(member, str) else None})
    new_head = {"seq": row["seq"], "hash": row["hash"], "liability": row["liability_after"], "entry_id": row["id"]}
    session.execute(_WRITE_HEAD if head.stored else _HEAD_TABLE.insert().values(id=1), new_head)
    head.seq, head.hash, head.liability, head.entry_id, head.stored = (*new_head.values(), True)
    return Written(row["seq"], row["id"], row["at"])


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_bad_seq: int | None
    reason: str | None = None


def _stream(session: Session) -> Iterator[Any]:
    table = _JOURNAL
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
        if entry.hash != entry_hash(hashed_fields(entry._mapping)):
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
