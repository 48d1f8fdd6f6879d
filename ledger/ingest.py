"""Taking a batch of journal entries from a terminal: idempotent, chained, all or nothing.

A batch costs the same number of queries whatever its size: one read each for the entries
already held, the sales being refunded (with their earlier refunds), the members and their lots;
one write each per table.
"""

import json
from datetime import UTC, datetime
from hashlib import sha256
from json.encoder import encode_basestring
from typing import Any, Protocol, cast

from pydantic_core import from_json
from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from ledger.apply import Applier, SaleFact, numbers
from ledger.book import Book
from ledger.checks import MEMBER_KEYS, BadEntry, Origin, check_member_ids, sale_number
from ledger.conflicts import DIFFERS, FORK, TAMPERED
from ledger.conflicts import record as record_conflicts
from ledger.conflicts import odd_referrals, suspicious
from ledger.db import among
from ledger.earning import RuleBook, SaleTerms, record_unknown_rules, terms_of
from ledger.mall import apply_mall, stamp_takes
from ledger.models import (
    Entry,
    Merchant,
    MerchantKey,
    Refund,
    Revocation,
    Sale,
    Terminal,
)
from ledger.persist import add_missing, load_members, remove, write
from ledger.service import LedgerRefusal
from ledger.snapshots import next_change, publish
from sync.protocol import MAX_BATCH, Batch, BatchAnswer, MemberSnapshot, WireEntry


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Head(Protocol):
    """The terminal's row as _LOCK_TERMINAL reads it: where its chain stands."""

    @property
    def pk(self) -> int: ...
    @property
    def terminal_id(self) -> str: ...
    @property
    def last_seq(self) -> int: ...
    @property
    def last_hash(self) -> str: ...
    @property
    def connected(self) -> bool: ...


_TERMINALS = cast(Table, Terminal.__table__)
_LOCK_TERMINAL = (select(_TERMINALS.c.pk, _TERMINALS.c.terminal_id, _TERMINALS.c.merchant_id, _TERMINALS.c.store,
                         _TERMINALS.c.last_seq, _TERMINALS.c.last_hash, _TERMINALS.c.connected)
                  .where(_TERMINALS.c.pk == bindparam("pk")).with_for_update())
_MOVE_HEAD = (_TERMINALS.update().where(_TERMINALS.c.pk == bindparam("terminal"))
              .values(last_seq=bindparam("seq"), last_hash=bindparam("hash"), connected=bindparam("connected")))
_SALES = cast(Table, Sale.__table__)
_GIVE_MEMBER = (_SALES.update().where(_SALES.c.terminal_pk == bindparam("sale_pk"), _SALES.c.seq == bindparam("sale_seq"))
                .values(member_id=bindparam("member"), earned_points=bindparam("earned"), tier_pct=bindparam("pct")))
_ENTRIES = Entry.__table__
_HELD = select(_ENTRIES.c.seq, _ENTRIES.c.hash).where(_ENTRIES.c.terminal_pk == bindparam("pk"),
                                                      _ENTRIES.c.seq.between(bindparam("first"), bindparam("last")))


def _json(text: str | None) -> str:
    return "null" if text is None else encode_basestring(text)


def canonical_entry(entry: WireEntry, terminal_id: str) -> str:
    """canonical(hashed_fields(...)) of an entry, written out field by field in sorted key order: the
    same text (a test holds them equal), in a third of the time of json.dumps, which costs more than
    the hash. The id, kind, date and previous hash match patterns with nothing to escape."""
    return (f'{{"actor":{_json(entry.actor)},"approver":{_json(entry.approver)},"at":{_json(entry.at)},'
            f'"business_date":"{entry.business_date}","id":"{entry.id}","kind":"{entry.kind}",'
            f'"liability_after":{entry.liability_after},"payload":{_json(entry.payload)},'
            f'"points_delta":{entry.points_delta},"prev_hash":"{entry.prev_hash}","seq":{entry.seq},'
            f'"terminal":{_json(terminal_id)}}}')


def _hash_ok(entry: WireEntry, terminal_id: str) -> bool:
    return sha256(canonical_entry(entry, terminal_id).encode()).hexdigest() == entry.hash


def _refuse_tampered(session: Session, terminal: _Head, entries: list[WireEntry]) -> None:
    """An entry changed after it was written can be believed no more than any entry after it: the batch is
    refused whole. The conflict is committed before the refusal rolls the rest back, so the owner sees it."""
    bad = next((entry for entry in entries if not _hash_ok(entry, terminal.terminal_id)), None)
    if bad is None:
        return
    record_conflicts(session, [{"terminal_pk": terminal.pk, "seq": bad.seq, "kind": TAMPERED, "held_hash": "",
                                "sent_hash": bad.hash, "at": _now()}])
    session.commit()
    raise LedgerRefusal("tampered", f"entry {bad.seq} of terminal {terminal.terminal_id} was changed after it was "
                                    "written (its hash does not match its content): nothing of this batch was taken, "
                                    "and the ledger's owner is shown it (jifen-ledger report conflicts)")


def _classify(terminal: _Head, entries: list[WireEntry], held: dict[int, str]) -> tuple[
        list[dict[str, Any]], list[WireEntry], list[dict[str, Any]], int | None]:
    """Which entries are new and continue the chain, which are held already, which conflict; the
    results as the dicts of EntryResult, validated with the whole answer in one call."""
    results: list[dict[str, Any]] = []
    fresh: list[WireEntry] = []
    conflicts: list[dict[str, Any]] = []
    last_seq, last_hash, gap = terminal.last_seq, terminal.last_hash, None
    for entry in entries:
        if entry.seq <= last_seq:
            known = held.get(entry.seq) or next((e.hash for e in fresh if e.seq == entry.seq), None)
            if known == entry.hash:
                results.append({"seq": entry.seq, "status": "duplicate"})
            else:
                results.append({"seq": entry.seq, "status": "conflict", "reason": "differs from the entry held"})
                conflicts.append({"terminal_pk": terminal.pk, "seq": entry.seq, "kind": DIFFERS, "held_hash": known or "",
                                  "sent_hash": entry.hash, "at": _now()})
        elif gap is not None or entry.seq > last_seq + 1:
            gap = gap or last_seq + 1
            results.append({"seq": entry.seq, "status": "held", "reason": f"waiting for entry {gap}"})
        elif entry.prev_hash != last_hash:
            results.append({"seq": entry.seq, "status": "conflict",
                            "reason": "does not continue the chain held for this terminal"})
            conflicts.append({"terminal_pk": terminal.pk, "seq": entry.seq, "kind": FORK, "held_hash": last_hash,
                              "sent_hash": entry.hash, "at": _now()})
            gap = last_seq + 1
        else:
            results.append({"seq": entry.seq, "status": "applied"})
            fresh.append(entry)
            last_seq, last_hash = entry.seq, entry.hash
    return results, fresh, conflicts, gap


def _referenced(payloads: dict[int, dict[str, Any]], terminal_id: str,
                kinds: dict[int, str]) -> tuple[set[str], set[int]]:
    members, sales = set(), set()
    for seq, p in payloads.items():
        for key in MEMBER_KEYS:
            if isinstance(p.get(key), str):
                members.add(p[key])
        if "refund_id" in p or kinds[seq] == "sale_member":
            number = sale_number(str(p.get("sale_id", "")), terminal_id)
            if number is not None:
                sales.add(number)
    return members, sales


def _load_sales(session: Session, terminal_pk: int, seqs: set[int]) -> dict[int, SaleFact]:
    """The sales refunded, each with its earlier refunds: a row per refund (one for a sale without any)."""
    if not seqs:
        return {}
    rows = session.execute(
        select(Sale.seq, Sale.member_id, Sale.business_date, Sale.redeem_expires_on, Sale.line_fen, Sale.pay_method,
               Sale.paid_fen, Sale.redeemed_points, Sale.earned_points, Sale.redeemed_lots, Sale.tier_pct,
               Refund.lines, Refund.money_fen, Refund.restored_points, Refund.reversed_points, Entry.payload)
        .join(Entry, (Entry.terminal_pk == Sale.terminal_pk) & (Entry.seq == Sale.seq))
        .outerjoin(Refund, (Refund.terminal_pk == Sale.terminal_pk) & (Refund.sale_seq == Sale.seq))
        .where(Sale.terminal_pk == terminal_pk, among(session, Sale.seq, seqs)))
    sales: dict[int, SaleFact] = {}
    for seq, member, day, expires, line_fen, method, paid, redeemed, earned, spent, given_pct, lines, money, restored, \
            reversed_, payload in rows.all():
        sale = sales.get(seq)
        if sale is None:
            terms = terms_of(json.loads(payload))
            if given_pct is not None:  # given its member after it was paid (sale_member): earned by that tier
                terms = SaleTerms(terms.lines, given_pct, earned)
            sale = sales[seq] = SaleFact(member, day, expires, numbers(line_fen), method, paid, redeemed, earned, terms,
                                         [(str(d), int(n)) for d, n in json.loads(spent)] if spent else [])
        if lines is not None:
            sale.add_refund(numbers(lines), money, restored, reversed_)
    return sales


def _payloads(entries: list[WireEntry]) -> dict[int, dict[str, Any]]:
    """Each entry's payload, by number: a JSON object, or the batch is refused."""
    payloads: dict[int, dict[str, Any]] = {}
    for entry in entries:
        try:
            payload = from_json(entry.payload)  # pydantic's parser: half the time of json.loads
        except ValueError:
            raise BadEntry(entry.seq, "payload is not JSON") from None
        if not isinstance(payload, dict):
            raise BadEntry(entry.seq, "payload must be an object")
        payloads[entry.seq] = payload
    return payloads


def now_connected(connected: bool, last: bool | None, fresh: int) -> bool:
    """Whether a terminal has connected (sent all it held before its first sync) once a batch of ``fresh`` new
    entries is taken: as its till says (``last``: the batch holds all it had unsent); from a till that does not say,
    as before, when the batch held fewer than MAX_BATCH new entries (a till that shrinks its batches on a slow link
    says)."""
    return connected or (last if last is not None else fresh < MAX_BATCH)


def _refuse_ids_held(session: Session, fresh: list[WireEntry]) -> None:
    """An entry's id is the ledger's for one entry only: one the ledger holds already (another terminal's, or another
    number's), or twice in the batch, is refused here rather than by the database's unique key (a 500)."""
    taken = set(session.scalars(select(Entry.id).where(among(session, Entry.id, [entry.id for entry in fresh]))))
    for entry in fresh:
        if entry.id in taken:
            raise BadEntry(entry.seq, f"its id {entry.id} is another entry's, which the ledger already holds")
        taken.add(entry.id)


def ingest(session: Session, terminal_pk: int, batch: Batch, last: bool | None = None) -> BatchAnswer:
    """Apply what is new in ``batch`` for the terminal, in the caller's transaction. ``last``: the till says the
    batch holds all it had unsent (None: it does not say; now_connected).

    Raises BadEntry when an entry cannot be believed; the caller rolls back and answers 422. An entry whose
    hash does not match its content is recorded as a conflict and committed first (nothing else has been
    written by then), then refused the same way (LedgerRefusal ``tampered``).
    """
    terminal = session.connection().execute(_LOCK_TERMINAL, {"pk": terminal_pk}).one()
    merchant = session.get(Merchant, terminal.merchant_id)
    assert merchant is not None
    origin = Origin(terminal.pk, terminal.terminal_id, merchant.id, merchant.currency, terminal.store)
    entries = sorted(batch.entries, key=lambda e: e.seq)
    _refuse_tampered(session, terminal, entries)
    held = dict(session.connection().execute(_HELD, {"pk": terminal.pk, "first": entries[0].seq, "last": entries[-1].seq}).all())
    results, fresh, conflicts, gap = _classify(terminal, entries, held)
    record_conflicts(session, conflicts)
    members: list[MemberSnapshot] = []
    if fresh:
        _refuse_ids_held(session, fresh)
        payloads = _payloads(fresh)
        member_ids, sale_seqs = _referenced(payloads, terminal.terminal_id, {e.seq: e.kind for e in fresh})
        book = Book(load_members(session, member_ids, since=min(entry.business_date for entry in fresh)))
        by_seq = {e.seq: (e.kind, payloads[e.seq]) for e in fresh}
        rules = RuleBook.of(session, merchant, terminal.pk, by_seq, terminal.connected)
        applier = Applier(book, origin, _load_sales(session, terminal.pk, sale_seqs), rules)
        for entry in fresh:
            check_member_ids(payloads[entry.seq], entry.seq, book.members)
            applier.apply(entry, payloads[entry.seq])
        record_unknown_rules(session, terminal.pk, applier.unknown_rules, _now())
        referrals = odd_referrals(session, terminal.pk, by_seq, {m.id: m.referrer_id for m in book.members.values()})
        record_conflicts(session, suspicious(session, terminal.pk, rules.unheld, applier.odd_signups, referrals, _now(),
                                             applier.reworked))
        held_at = {"terminal_pk": terminal.pk, "merchant_id": merchant.id, "store": terminal.store, "received_at": _now()}
        write(session, Entry, [vars(e) | held_at for e in fresh])
        write(session, Sale, applier.new_sales)
        if applier.sales_given_members:
            session.connection().execute(_GIVE_MEMBER, applier.sales_given_members)
        write(session, Refund, applier.new_refunds)
        remove(session, Revocation, applier.reinstated)
        add_missing(session, Revocation, applier.revocations)
        add_missing(session, MerchantKey, applier.keys)
        if applier.mall_events:
            apply_mall(session, origin, applier.mall_events)
        session.connection().execute(_MOVE_HEAD, {"terminal": terminal.pk, "seq": fresh[-1].seq, "hash": fresh[-1].hash,
                                                  "connected": now_connected(terminal.connected, last, len(fresh))})
        members = publish(session, book, merchant.id)
        if any(event["kind"] == "take" for event in applier.mall_events):  # a take moves points: members changed
            stamp_takes(session, origin, members[0].change if members else next_change(session))
    acknowledged = fresh[-1].seq if fresh else terminal.last_seq
    return BatchAnswer.model_validate({"acknowledged_seq": acknowledged, "results": results, "gap": gap,
                                       "members": members})
