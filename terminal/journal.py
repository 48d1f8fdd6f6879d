"""The hash-chained journal: every change is an entry; each entry's hash covers the one before.

An entry is written together with its outbox row and the state it changes, in one transaction.
"""

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from terminal.ids import uuid7
from terminal.models import (
    JournalEntry,
    JournalGap,
    JournalHead,
    LedgerLink,
    OutboxItem,
    table_of,
)

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


@dataclass(frozen=True)
class Change:
    """One entry to write: what happened, who did it, its payload and how it moves the points total."""

    kind: str
    who: Who
    payload: dict[str, Any]
    points_delta: int = 0


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
    return append_many(session, terminal_id=terminal_id, now=now, business_date=business_date,
                       changes=[Change(kind, who, payload, points_delta)])[0]


def append_many(session: Session, *, terminal_id: str, now: datetime, business_date: str,
                changes: list[Change]) -> list[Written]:
    """Write the next entries in order, their outbox rows and the new head in one statement each (a member
    import writes thousands); the caller's transaction commits."""
    head = _head(session)
    rows: list[dict[str, Any]] = []
    seq, prev_hash, liability, entry_id = head.seq, head.hash, head.liability, head.entry_id
    at = format_instant(now)
    for change in changes:
        seq, liability = seq + 1, liability + change.points_delta
        entry_id = uuid7(now, entry_id)
        row: dict[str, Any] = {
            "seq": seq,
            "id": entry_id,
            "terminal_id": terminal_id,
            "kind": change.kind,
            "at": at,
            "business_date": business_date,
            "actor": change.who.actor,
            "approver": change.who.approver,
            "points_delta": change.points_delta,
            "liability_after": liability,
            "payload": canonical(change.payload),
            "prev_hash": prev_hash,
        }
        prev_hash = row["hash"] = entry_hash(hashed_fields(row))
        rows.append(row)
    if not rows:
        return []
    session.execute(_JOURNAL.insert(), rows)
    session.execute(_OUTBOX.insert(), [{"seq": row["seq"], "member_id": _member_of(change.payload)}
                                       for row, change in zip(rows, changes, strict=True)])
    new_head = {"seq": seq, "hash": prev_hash, "liability": liability, "entry_id": entry_id}
    session.execute(_WRITE_HEAD if head.stored else _HEAD_TABLE.insert().values(id=1), new_head)
    head.seq, head.hash, head.liability, head.entry_id, head.stored = seq, prev_hash, liability, entry_id, True
    return [Written(row["seq"], row["id"], at) for row in rows]


def _member_of(payload: dict[str, Any]) -> str | None:
    member = payload.get("member_id")
    return member if isinstance(member, str) else None


@dataclass(frozen=True)
class ChainEnd:
    """What the ledger holds of this terminal's journal: up to entry ``seq`` (0: none), with its hash (None: a
    ledger too old to say) and running points total; and the hash it holds at entry ``at`` (the genesis hash for 0;
    None: it holds no such entry, or does not say)."""

    seq: int
    hash: str | None
    liability: int
    at: int
    hash_at: str | None
    # Of the entries past ``at`` (None: none such, or a ledger that does not say): the last Z closed among them and
    # its z_close entry, and the business date of entry ``seq``.
    last_z: int | None = None
    last_z_seq: int | None = None
    last_date: str | None = None


@dataclass(frozen=True)
class Gap:
    """Entries ``from_seq``–``to_seq`` are held by the ledger only; the journal goes on from its ``hash`` and
    running points total (``liability``) of the last; since ``at``, ``why``: restore or sync."""

    from_seq: int
    to_seq: int
    hash: str
    liability: int
    at: str
    why: str


_GAP_FIELDS = (JournalGap.from_seq, JournalGap.to_seq, JournalGap.hash, JournalGap.liability, JournalGap.at,
               JournalGap.why)


def head_seq(session: Session) -> int:
    """The last entry written, or held by the ledger after this store resumed after it."""
    return _head(session).seq


def hash_of(session: Session, seq: int) -> str | None:
    """The hash of entry ``seq`` as this store knows it: its own, or the ledger's at the end of a gap; None when
    it knows none (an entry not written yet, or inside a gap)."""
    if seq == 0:
        return GENESIS_HASH
    return session.scalar(select(JournalEntry.hash).where(JournalEntry.seq == seq)) or session.scalar(
        select(JournalGap.hash).where(JournalGap.to_seq == seq))


def parted(session: Session, end: ChainEnd) -> bool:
    """Whether the ledger holds another entry than this store's under a number both know: at the ledger's last,
    or at this store's last when the ledger holds more."""
    head = _head(session)
    if end.hash is None:
        return False
    if end.seq <= head.seq:
        mine = hash_of(session, end.seq)
        return mine is not None and mine != end.hash
    return end.at == head.seq and end.hash_at != head.hash


def resume_after(session: Session, end: ChainEnd, now: datetime, why: str) -> Gap | None:
    """When the ledger holds this terminal's entries past this store's last (restored from an older backup, or
    moved to a new computer), and its entry under that number is this store's: the next entry follows the ledger's
    last, chained on its hash, which the ledger acknowledged; the gap is recorded, with the last Z the ledger holds
    among its entries (the next Z here follows it). None when there is nothing to resume after, or the store moved on
    since the ledger was asked (``end.at``)."""
    head = _head(session)
    if end.hash is None or not (end.at == head.seq < end.seq and end.hash_at == head.hash):
        return None
    gap = Gap(head.seq + 1, end.seq, end.hash, end.liability, format_instant(now), why)
    held_z = end.last_z is not None and end.last_z_seq is not None and head.seq < end.last_z_seq <= end.seq
    session.add(JournalGap(**vars(gap), last_z=end.last_z if held_z else None,
                           last_z_seq=end.last_z_seq if held_z else None, last_date=end.last_date))
    new_head = {"seq": end.seq, "hash": end.hash, "liability": end.liability, "entry_id": head.entry_id}
    session.execute(_WRITE_HEAD if head.stored else _HEAD_TABLE.insert().values(id=1), new_head)
    head.seq, head.hash, head.liability, head.stored = end.seq, end.hash, end.liability, True
    session.execute(delete(OutboxItem).where(OutboxItem.seq <= end.seq))
    link = session.get(LedgerLink, 1)
    if link is not None:
        link.acked_seq = end.seq
    session.flush()
    return gap


def gaps(session: Session) -> list[Gap]:
    return [Gap(*row) for row in session.execute(select(*_GAP_FIELDS).order_by(JournalGap.from_seq))]


def gap_holding(session: Session, seq: int) -> Gap | None:
    """The gap entry ``seq`` falls in, if it does."""
    row = session.execute(select(*_GAP_FIELDS).where(JournalGap.from_seq <= seq, JournalGap.to_seq >= seq)).first()
    return None if row is None else Gap(*row)


_REASONS_ZH = {
    "sequence gap or duplicate": "编号缺失或重复",
    "does not follow the entry before": "与前一条记录接不上",
    "content does not match its hash": "内容与哈希不符",
    "running points total is wrong": "积分累计不对",
    "entries missing at the end": "末尾的记录缺失",
    "entries added after the last one written": "最后写入的记录之后多出了记录",
    "last entry replaced": "最后一条记录被替换",
}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_bad_seq: int | None
    reason: str | None = None
    gaps: tuple[Gap, ...] = ()

    @property
    def reason_zh(self) -> str | None:
        return None if self.reason is None else _REASONS_ZH[self.reason]


def _stream(session: Session, after: int, last: int | None = None) -> Iterator[Any]:
    table = _JOURNAL
    where = [table.c.seq > after] + ([] if last is None else [table.c.seq <= last])
    rows = session.connection().execution_options(yield_per=5000).execute(
        select(table).where(*where).order_by(table.c.seq))
    return iter(rows)


def _chained_on(session: Session, seq: int) -> tuple[str, int] | None:
    """The hash and running points total entry ``seq`` leaves for the next, as stored (an entry, or the ledger's
    last at the end of a gap); None when the store holds neither."""
    if seq == 0:
        return GENESIS_HASH, 0
    row = session.execute(select(JournalEntry.hash, JournalEntry.liability_after).where(JournalEntry.seq == seq)).first() \
        or session.execute(select(JournalGap.hash, JournalGap.liability).where(JournalGap.to_seq == seq)).first()
    return None if row is None else (row[0], row[1])


def _as_written(entry: Any) -> bool:
    """Whether a journal row's content still matches its hash."""
    return bool(entry.hash == entry_hash(hashed_fields(entry._mapping)))


@dataclass
class _Chain:
    """Walking the chain: the entry expected next, and the hash and running total it must follow on from; the
    recorded gaps it may step over (by their first entry), and those it did."""

    seq: int
    prev_hash: str
    liability: int
    held_elsewhere: dict[int, Gap]
    stepped: list[Gap]

    def over_gaps(self) -> None:
        while self.seq in self.held_elsewhere:
            self.stepped.append(gap := self.held_elsewhere[self.seq])
            self.seq, self.prev_hash, self.liability = gap.to_seq + 1, gap.hash, gap.liability

    def follow(self, entry: Any) -> tuple[int, str] | None:
        """Take the next entry; the first bad sequence number and why, when it does not follow."""
        self.over_gaps()
        if entry.seq != self.seq:
            return min(entry.seq, self.seq), "sequence gap or duplicate"
        if entry.prev_hash != self.prev_hash:
            return entry.seq, "does not follow the entry before"
        if not _as_written(entry):
            return entry.seq, "content does not match its hash"
        if entry.liability_after != self.liability + entry.points_delta:
            return entry.seq, "running points total is wrong"
        self.seq, self.prev_hash, self.liability = entry.seq + 1, entry.hash, entry.liability_after
        return None


def _count(session: Session, after: int, last: int | None = None) -> int:
    where = [JournalEntry.seq > after] + ([] if last is None else [JournalEntry.seq <= last])
    return session.scalar(select(func.count()).select_from(JournalEntry).where(*where)) or 0


def verify(session: Session, after: int = 0) -> Verdict:
    """Walk the chain; name the first sequence number that is missing, altered or out of place. A recorded gap
    (entries held by the ledger only) is stepped over: the chain goes on from the ledger's hash of its last.
    With ``after``: only the entries past it, chained on its hash as stored (the whole chain when the store
    holds no entry ``after``), and ``entries`` counts those."""
    start = _chained_on(session, after)
    if start is None:
        after, start = 0, (GENESIS_HASH, 0)
    total = _count(session, after)
    chain = _Chain(after + 1, *start, {gap.from_seq: gap for gap in gaps(session) if gap.from_seq > after}, [])
    for entry in _stream(session, after):
        bad = chain.follow(entry)
        if bad is not None:
            return Verdict(False, total, *bad)
    chain.over_gaps()
    last_seq = chain.seq - 1
    head = session.get(JournalHead, 1)
    head_seq, head_hash = (0, GENESIS_HASH) if head is None else (head.seq, head.hash)
    if head_seq > last_seq:
        return Verdict(False, total, last_seq + 1, "entries missing at the end")
    if head_seq < last_seq:
        return Verdict(False, total, head_seq + 1, "entries added after the last one written")
    if head_hash != chain.prev_hash:
        return Verdict(False, total, last_seq, "last entry replaced")
    return Verdict(True, total, None, gaps=tuple(chain.stepped))


def verify_span(session: Session, first: int, last: int) -> Verdict:
    """The chain over entries ``first``–``last`` only (what a report sums), chained on the entry before them as
    stored: what it costs follows the span, not the store. An entry before them that the store holds neither of
    nor a gap ends at is a break in the chain there. Recorded gaps are stepped over as ``verify`` does, a span
    beginning inside one (a Z after a restore, whose first entries only the ledger held) included: it goes on from
    the gap's last, the ledger's hash. ``entries`` counts the span's."""
    total = _count(session, first - 1, last)
    held = {gap.from_seq: gap for gap in gaps(session) if first <= gap.from_seq <= last}
    within = gap_holding(session, first)
    if within is not None:
        chain = _Chain(within.to_seq + 1, within.hash, within.liability, held, [within])
    else:
        start = _chained_on(session, first - 1)
        if start is None:
            return Verdict(False, total, _last_before(session, first) + 1, "sequence gap or duplicate")
        chain = _Chain(first, *start, held, [])
    for entry in _stream(session, first - 1, last):
        bad = chain.follow(entry)
        if bad is not None:
            return Verdict(False, total, *bad)
    chain.over_gaps()
    if chain.seq <= last:
        return Verdict(False, total, chain.seq, "sequence gap or duplicate")
    return Verdict(True, total, None, gaps=tuple(chain.stepped))


def _last_before(session: Session, seq: int) -> int:
    """The last entry before ``seq`` the store holds, or a gap ends at (0: none)."""
    return max(session.scalar(select(func.max(JournalEntry.seq)).where(JournalEntry.seq < seq)) or 0,
               session.scalar(select(func.max(JournalGap.to_seq)).where(JournalGap.to_seq < seq)) or 0)


def verify_head(session: Session) -> Verdict:
    """The end of the chain only: the last entry is the one written last (none added or missing after it) and
    is as it was written. ``entries`` is 1, or 0 for an empty journal."""
    head = session.get(JournalHead, 1)
    head_seq, head_hash = (0, GENESIS_HASH) if head is None else (head.seq, head.hash)
    last_seq = max(session.scalar(select(func.max(JournalEntry.seq))) or 0,
                   session.scalar(select(func.max(JournalGap.to_seq))) or 0)
    if head_seq > last_seq:
        return Verdict(False, int(head_seq > 0), last_seq + 1, "entries missing at the end")
    if head_seq < last_seq:
        return Verdict(False, 1, head_seq + 1, "entries added after the last one written")
    found = _chained_on(session, head_seq)
    if found is None or found[0] != head_hash:
        return Verdict(False, int(head_seq > 0), head_seq, "last entry replaced")
    entry = session.execute(select(_JOURNAL).where(_JOURNAL.c.seq == head_seq)).first()
    if entry is not None and not _as_written(entry):
        return Verdict(False, 1, head_seq, "content does not match its hash")
    return Verdict(True, int(head_seq > 0), None)


def payload_of(entry: JournalEntry) -> dict[str, Any]:
    return json.loads(entry.payload)
