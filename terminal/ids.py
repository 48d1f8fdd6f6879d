"""Identifiers chosen on the terminal, unique without asking anyone."""

import os
import secrets
import threading
import uuid
from datetime import datetime

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last = [0, 0]  # last millisecond used, counter within it


def uuid7(now: datetime) -> str:
    """A UUIDv7 (RFC 9562): 48-bit milliseconds, then a 12-bit counter so ids keep their order."""
    ms = int(now.timestamp() * 1000)
    with _lock:
        if ms <= _last[0]:
            ms, counter = _last[0], _last[1] + 1
            if counter > 0xFFF:
                ms, counter = ms + 1, 0
        else:
            counter = 0
        _last[0], _last[1] = ms, counter
    tail = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (counter << 64) | (0b10 << 62) | tail
    return str(uuid.UUID(int=value))


def member_id() -> str:
    """'M' and 12 Crockford base32 characters (60 random bits): short enough for a QR code."""
    return "M" + "".join(secrets.choice(_CROCKFORD) for _ in range(12))
