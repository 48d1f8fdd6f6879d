"""Checking an entry's payload before the ledger believes it, and where entries come from."""

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date
from typing import Any

from sync.protocol import MAX_POINTS, is_member_id
from terminal.phones import is_mobile
from terminal.visible_text import is_member_name

BONUSES = {"signup": "signup_bonus", "referral": "referral_bonus"}  # a bonus's reason, and the rule giving its points


class BadEntry(ValueError):
    """An entry the ledger will not accept: the whole batch is refused and nothing applied."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"entry {seq}: {reason}")
        self.seq, self.reason = seq, reason


@dataclass(frozen=True)
class Origin:
    """Where entries come from: the authenticated terminal."""

    terminal_pk: int
    terminal_id: str
    merchant: str
    currency: str
    store: str


def checked_int(p: dict[str, Any], key: str, seq: int, low: int = 0, high: int = MAX_POINTS) -> int:
    value = p.get(key)
    if type(value) is not int or not low <= value <= high:
        raise BadEntry(seq, f"'{key}' must be a whole number from {low} to {high}")
    return value


def checked_text(p: dict[str, Any], key: str, seq: int, optional: bool = False) -> str | None:
    value = p.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        raise BadEntry(seq, f"'{key}' must be text")
    return value


def checked_day(p: dict[str, Any], key: str, seq: int, optional: bool = False) -> str | None:
    value = checked_text(p, key, seq, optional)
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise BadEntry(seq, f"'{key}' must be a date") from None
    return value


def checked_phone(p: dict[str, Any], seq: int) -> str:
    """A member's phone as a till stores it: every other till of the merchant finds the member by it."""
    phone = p.get("phone")
    if not isinstance(phone, str) or not is_mobile(phone):
        raise BadEntry(seq, "'phone' must be a mobile number (11 digits, starting with 13 to 19)")
    return phone


def checked_name(p: dict[str, Any], seq: int) -> str | None:
    """A member's name as a till stores it, or none: every other till shows it, and prints it on receipts.

    A code point this Python's Unicode has not assigned is taken: a till on a newer Python stores it, and its entry
    could never be taken if it were refused."""
    name = p.get("name")
    if name is not None and (not isinstance(name, str) or not is_member_name(name, unassigned=False)):
        raise BadEntry(seq, "'name' must be 1 to 32 visible characters (no control character, no space at either end)")
    return name


MEMBER_KEYS = ("member_id", "referrer_id", "new_member_id")  # where an entry of any kind names a member


def check_member_ids(p: dict[str, Any], seq: int, held: Container[str]) -> None:
    """An entry names members by ids as a till makes them (sync.protocol.MemberId): another would show in reports,
    at every till and on receipts. One the ledger holds already (taken before it checked) can still be named: a
    till that adopted it writes it."""
    for key in MEMBER_KEYS:
        value = p.get(key)
        if value is not None and not is_member_id(value) and not (isinstance(value, str) and value in held):
            raise BadEntry(seq, f"'{key}' must be a member id as a till makes it ('M' and 12 of 0-9 and A-Z but I, L, "
                                "O and U)")


def checked_bonus_reason(p: dict[str, Any], seq: int) -> str:
    reason = p.get("reason")
    if not isinstance(reason, str) or reason not in BONUSES:
        raise BadEntry(seq, f"'reason' of a bonus must be one of {', '.join(BONUSES)}")
    return reason


_SALE_NUMBER = re.compile(r"[0-9]{1,16}")  # ASCII digits: a terminal's sequence numbers go up to 2**53


def sale_number(sale_id: str, terminal_id: str) -> int | None:
    """The sequence number of a sale of this terminal from its id ("T1-42"), or None: another terminal's, or not one."""
    terminal, _, number = sale_id.rpartition("-")
    return int(number) if terminal == terminal_id and _SALE_NUMBER.fullmatch(number) else None
