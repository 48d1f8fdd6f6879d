"""What the ledger reads back from the payloads it holds, checked for every entry before it is held.

Entries are kept forever: one the day report (terminal.totals.Totals.add, over each entry of the days asked
about) or `report conflicts` could not read would make them fail for its merchant from then on. The kinds'
own checks (ledger.apply) come first and say more; this is what every held entry is sure to have."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.checks import BadEntry
from sync.protocol import MAX_FEN, MAX_POINTS, PAY_METHODS


@dataclass(frozen=True)
class Field:
    check: Callable[[Any], bool]
    what: str
    optional: bool = False  # may be left out or null


def _whole(low: int, high: int) -> Field:
    return Field(lambda v: type(v) is int and low <= v <= high, f"a whole number from {low} to {high}")


def _text(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= 64


def _day(v: Any) -> bool:
    try:
        return _text(v) and bool(date.fromisoformat(v))
    except ValueError:
        return False


FEN, POINTS = _whole(0, MAX_FEN), _whole(0, MAX_POINTS)
TEXT = Field(_text, "text")
PAY_METHOD = Field(lambda v: v in PAY_METHODS, " or ".join(PAY_METHODS))


def _lot(v: Any) -> bool:
    return isinstance(v, dict) and type(v.get("lot")) is int and POINTS.check(v.get("points")) \
        and _day(v.get("expires_on"))


_GIFT = {"points": POINTS, "topup_fen": FEN, "pay_method": Field(PAY_METHOD.check, PAY_METHOD.what, optional=True),
         "exchange_id": Field(_text, "text", optional=True)}

READ: dict[str, dict[str, Field]] = {
    "sale": {"member_id": Field(lambda v: v is None or _text(v), "text or null"), "total_fen": FEN, "paid_fen": FEN,
             "redeemed_fen": FEN, "earned_points": POINTS, "redeemed_points": POINTS, "pay_method": PAY_METHOD,
             "coupon": Field(lambda v: isinstance(v, dict) and FEN.check(v.get("discount_fen")),
                             "an object with its discount_fen", optional=True)},
    "sale_member": {"member_id": TEXT, "earned_points": POINTS},
    "refund": {"refunded_fen": FEN, "money_fen": FEN, "pay_method": PAY_METHOD, "restored_points": POINTS,
               "reversed_points": POINTS},
    "gift_exchange": _GIFT,
    "gift_cancel": _GIFT,
    "coupon_issue": {"points": POINTS},
    "code_claim": {"points": POINTS},
    "bonus": {"member_id": TEXT, "points": POINTS},
    "adjust": {"points": _whole(-MAX_POINTS, MAX_POINTS)},
    "member_add": {"member_id": TEXT},
    "member_edit": {"member_id": TEXT, "phone": Field(_text, "text", optional=True)},
    "expire": {"member_id": TEXT, "points": POINTS,
               "lots": Field(lambda v: isinstance(v, list) and all(map(_lot, v)),
                             "a list of the lots emptied, each with its lot, points and expires_on")},
}


def check_readable(kind: str, p: dict[str, Any], seq: int) -> None:
    """Refuse an entry missing a field its readers take, or holding one they cannot count with."""
    for key, field in READ.get(kind, {}).items():
        value = p.get(key)
        if field.optional and value is None:
            continue
        if key not in p or not field.check(value):
            raise BadEntry(seq, f"'{key}' must be {field.what}")
