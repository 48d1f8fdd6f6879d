"""Entries a thief holding a terminal's token writes after the last one the ledger holds of it, chained and hashed as
a till would (the reviewer's /tmp/rev_sec/forge.py): the ledger can tell them from a till's by their content only."""

from datetime import datetime
from typing import Any

from sqlalchemy import select

from ledger.models import Entry, Terminal
from sync.protocol import WireEntry, canonical
from terminal.ids import uuid7
from tests.helpers.ledger import Ledger, rechain

Spec = tuple[str, dict[str, Any], int]  # kind, payload, points_delta


def last_held(ledger: Ledger, terminal: str) -> WireEntry:
    """The newest entry of ``terminal`` the ledger holds: what a forger asks the ledger for (whoami?held=true)."""
    with ledger.session() as s:
        row = s.scalars(select(Entry).join(Terminal, Terminal.pk == Entry.terminal_pk)
                        .where(Terminal.terminal_id == terminal).order_by(Entry.seq.desc()).limit(1)).one()
        return WireEntry.model_validate({name: getattr(row, name) for name in WireEntry.model_fields})


def forge(after: WireEntry, terminal: str, *specs: Spec) -> list[WireEntry]:
    """``specs`` as the entries after ``after``, each dated as it is."""
    out: list[WireEntry] = []
    previous, liability = after, after.liability_after
    for kind, payload, delta in specs:
        liability += delta
        previous = previous.model_copy(update={
            "seq": previous.seq + 1, "id": uuid7(_instant(previous.at), previous.id), "kind": kind,
            "payload": canonical(payload), "points_delta": delta, "liability_after": liability,
            "prev_hash": previous.hash})
        out.append(previous)
    return rechain(out, terminal)


def _instant(at: str) -> datetime:
    return datetime.fromisoformat(at.replace("Z", "+00:00"))
