"""The keys a merchant's terminals sign with, as each announced them in its first entry (``store_init``): the
terminal's own key and the key its member codes are signed with (each store makes its own at init). Retiring a
terminal (``terminal revoke``) puts the keys that are its alone on the merchant's deny list, which every other
terminal enforces from its next sync; letting it in again (``terminal token``) takes them off. The ledger takes a
``store_init`` as a terminal's first entry only; one it took later, before it checked that, names keys that are the
terminal's too.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ledger.models import Entry, MerchantKey, Revocation, Terminal

KEY_KIND = "terminal_key"  # the deny list's kind for a revoked signing key, whichever role it has
_KEY = re.compile(r"[0-9a-f]{64}")


def revoked_with(terminal_id: str) -> str:
    """The reason the ledger gives the keys it revokes with a terminal, which also finds them to lift again."""
    return f"terminal {terminal_id} revoked at the ledger (lost or stolen)"


def _announced(payload: str) -> list[str]:
    """The keys a ``store_init`` entry names: the terminal's own, then the one its member codes are signed with."""
    try:
        data = json.loads(payload)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    return [key for key in (data.get("public_key"), data.get("merchant_key")) if isinstance(key, str) and _KEY.fullmatch(key)]


def key_owners(session: Session, merchant_id: str) -> dict[str, list[Terminal]]:
    """Each key the merchant's terminals announced, and the terminals that announced it."""
    rows = session.execute(select(Entry.payload, Terminal)
                           .join(Terminal, and_(Terminal.pk == Entry.terminal_pk, Entry.seq == 1))
                           .where(Terminal.merchant_id == merchant_id, Entry.kind == "store_init")
                           .order_by(Terminal.terminal_id)).all()
    owners: dict[str, list[Terminal]] = defaultdict(list)
    for payload, terminal in rows:
        for key in _announced(payload):
            owners[key].append(terminal)
    return owners


@dataclass(frozen=True)
class RetiredKeys:
    """What retiring a terminal did to its keys (hex), each in the order the terminal announced them."""

    denied: tuple[str, ...]  # put on the deny list now
    already: tuple[str, ...]  # on it before
    shared: tuple[tuple[str, tuple[str, ...]], ...]  # kept: other terminals still in use announced them too


def _keys_of(session: Session, terminal: Terminal) -> dict[str, list[Terminal]]:
    """Each key ``terminal`` announced, in its first entry or in a later ``store_init`` the ledger took before it
    refused them, and the terminals that announced it."""
    owners = key_owners(session, terminal.merchant_id)
    mine = {key: holders for key, holders in owners.items() if terminal in holders}
    later = session.scalars(select(Entry.payload).where(Entry.terminal_pk == terminal.pk, Entry.seq > 1,
                                                        Entry.kind == "store_init").order_by(Entry.seq))
    for payload in later:
        for key in _announced(payload):
            mine.setdefault(key, [*owners.get(key, []), terminal])
    return mine


def deny_keys_of(session: Session, terminal: Terminal) -> RetiredKeys:
    """Put the keys only ``terminal`` (now revoked) and other revoked terminals hold on the merchant's deny list."""
    denied: list[str] = []
    already: list[str] = []
    shared: list[tuple[str, tuple[str, ...]]] = []
    for key, holders in _keys_of(session, terminal).items():
        others = tuple(t.terminal_id for t in holders if t is not terminal and not t.revoked)
        if others:
            shared.append((key, others))
        elif session.get(Revocation, (terminal.merchant_id, KEY_KIND, key)) is not None:
            already.append(key)
        else:
            session.add(Revocation(merchant_id=terminal.merchant_id, kind=KEY_KIND, value=key,
                                   reason=revoked_with(terminal.terminal_id)))
            denied.append(key)
    session.flush()
    return RetiredKeys(tuple(denied), tuple(already), tuple(shared))


def trust_keys_again(session: Session, terminal: Terminal) -> tuple[str, ...]:
    """Take off the deny list the keys that revoking ``terminal`` put there (not those a till revoked itself)."""
    keys = list(_keys_of(session, terminal))
    rows = session.scalars(select(Revocation).where(
        Revocation.merchant_id == terminal.merchant_id, Revocation.kind == KEY_KIND, Revocation.value.in_(keys),
        Revocation.reason == revoked_with(terminal.terminal_id))).all()
    for row in rows:
        session.delete(row)
    session.flush()
    return tuple(key for key in keys if key in {row.value for row in rows})


def public_keys(session: Session, merchant_id: str) -> list[dict[str, str]]:
    """The keys the merchant's member codes may be signed with, each naming the terminals and stores that hold it."""
    owners = key_owners(session, merchant_id)
    keys = session.scalars(select(MerchantKey.public_key).where(MerchantKey.merchant_id == merchant_id)
                           .order_by(MerchantKey.public_key))
    return [{"merchant": merchant_id, "public_key": key} | _held_by(owners.get(key, [])) for key in keys]


def _held_by(terminals: list[Terminal]) -> dict[str, str]:
    if not terminals:
        return {}
    return {"terminal": ", ".join(t.terminal_id for t in terminals),
            "store": ", ".join(dict.fromkeys(t.store for t in terminals))}
