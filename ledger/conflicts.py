"""Entries the ledger could not take as a terminal sent them, kept for the owner (`jifen-ledger report conflicts`).

Three kinds: other content under a number the ledger holds (``differs``), an entry that does not continue the
chain it holds (``fork``), and an entry whose hash does not match its content (``tampered``: the batch with it
is refused whole). Each is recorded once, however often the terminal sends it again.
"""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.db import among
from ledger.models import Conflict, Merchant, Terminal
from ledger.persist import write
from ledger.service import LedgerRefusal

DIFFERS, FORK, TAMPERED = "differs", "fork", "tampered"
_NEW_TERMINAL = ("set the counter up as a new terminal (jifen-ledger terminal add with a new --terminal, "
                 "installer/README.md step 10)")
WHAT = {
    DIFFERS: "was sent again with other content than the entry the ledger holds under its number",
    FORK: "does not continue the chain of entries the ledger holds for the terminal",
    TAMPERED: "was changed after it was written (its hash does not match its content); the batch with it was refused",
}
TO_DO = {
    DIFFERS: "the ledger keeps the entry it holds and the terminal has stopped syncing: find out whether its store "
             f"was restored from an older backup or changed by hand, then {_NEW_TERMINAL}",
    FORK: "the terminal has stopped syncing: find out whether its store was restored from an older backup or "
          f"another terminal uses its token, then {_NEW_TERMINAL}",
    TAMPERED: "the ledger takes nothing more from the terminal until this is put right: find out who changed its "
              "store; at the terminal, restore a backup made before the change (jifen restore FILE) and sync "
              f"again, or else {_NEW_TERMINAL}",
}


def record(session: Session, rows: list[dict[str, Any]]) -> None:
    """The conflicts of one terminal's batch (``Conflict`` columns but ``id``), those not recorded before."""
    if not rows:
        return
    held = set(session.execute(select(Conflict.seq, Conflict.kind, Conflict.sent_hash).where(
        Conflict.terminal_pk == rows[0]["terminal_pk"], among(session, Conflict.seq, {row["seq"] for row in rows}))).all())
    write(session, Conflict, [row for row in rows if (row["seq"], row["kind"], row["sent_hash"]) not in held])


def conflicts(session: Session, merchant: str | None = None) -> list[dict[str, Any]]:
    """The recorded conflicts (of one merchant, or of all), first recorded first."""
    query = select(Terminal.merchant_id, Terminal.store, Terminal.terminal_id, Conflict.seq, Conflict.at, Conflict.kind,
                   Conflict.held_hash, Conflict.sent_hash).join(Terminal, Terminal.pk == Conflict.terminal_pk)
    if merchant is not None:
        if session.get(Merchant, merchant) is None:
            raise LedgerRefusal("not_found", f"no merchant {merchant}", 404)
        query = query.where(Terminal.merchant_id == merchant)
    return [{"merchant": of, "store": store, "terminal": terminal, "seq": seq, "at": at, "kind": kind,
             "what": WHAT[kind], "to_do": TO_DO[kind], "held_hash": held or None, "sent_hash": sent}
            for of, store, terminal, seq, at, kind, held, sent in session.execute(query.order_by(Conflict.id))]


def count(session: Session, merchant: str) -> int:
    return int(session.scalar(select(func.count()).select_from(Conflict).join(Terminal, Terminal.pk == Conflict.terminal_pk)
                              .where(Terminal.merchant_id == merchant)) or 0)
