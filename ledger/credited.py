"""A day report counts what the ledger credited and took back, not what the entries say: a sale by rules its till
journaled itself, or no one had, once connected, is credited what the merchant's rules in force give (listed as
unheld_rules or unknown_rules), and its refunds take back a share of that. Its entries are counted as the ledger's figures, in the merchant's totals as in
each store's, terminal's and cashier's, so that the parts add up to the whole."""

import json
from collections.abc import Iterable, Iterator

from sqlalchemy.orm import Session

from ledger.earning import _taken_otherwise, reworked_sales

Row = tuple[int, int, str, str | None, str]  # terminal pk, number, kind, actor, payload
_FIELD = {"sale": "earned_points", "refund": "reversed_points"}


def overstated(session: Session, merchant: str) -> dict[tuple[int, int], int]:
    """By entry (terminal pk, number), how many more points its sale says it earned, or its refund took back, than
    the ledger credited or took back: none for most."""
    reworked = reworked_sales(session, merchant)
    if not reworked:
        return {}
    over = {key: till - ledger for key, (till, ledger) in reworked.items()}
    return over | _taken_otherwise(session, reworked)


def as_credited(rows: Iterable[Row], over: dict[tuple[int, int], int]) -> Iterator[tuple[str, str | None, str]]:
    """The (kind, actor, payload) of ``rows``, each sale and refund stating what the ledger credited or took back."""
    for pk, seq, kind, actor, payload in rows:
        n = over.get((pk, seq))
        if n and kind in _FIELD:
            p = json.loads(payload)
            p[_FIELD[kind]] -= n
            payload = json.dumps(p)
        yield kind, actor, payload
