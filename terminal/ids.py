"""Identifiers chosen on the terminal, unique without asking anyone."""

import os
import secrets
import uuid
from datetime import datetime

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def uuid7(now: datetime, after: str | None = None) -> str:
    """A UUIDv7 (RFC 9562): 48-bit milliseconds and a 12-bit counter, so each id sorts after ``after``.

    Following the previous id rather than process memory keeps the order across restarts, and
    when the clock is fixed ($JIFEN_NOW) or steps back.
    """
    ms, counter = int(now.timestamp() * 1000), 0
    if after is not None:
        previous = uuid.UUID(after).int
        last_ms, last_counter = previous >> 80, (previous >> 64) & 0xFFF
        if ms <= last_ms:
            ms, counter = (last_ms, last_counter + 1) if last_counter < 0xFFF else (last_ms + 1, 0)
    tail = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    return str(uuid.UUID(int=(ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | tail))


def member_id() -> str:
    """'M' and 12 Crockford base32 characters (60 random bits): short enough for a QR code."""
    bits = secrets.randbits(60)
    return "M" + "".join(_CROCKFORD[(bits >> shift) & 31] for shift in range(55, -5, -5))
