"""PINs are kept only as salted scrypt hashes (memory-hard, so a stolen store is slow to crack)."""

import hashlib
import hmac
import os
import re

from terminal.errors import Refused

_N, _R, _P = 2**14, 8, 1
_PIN = re.compile(r"[0-9]{4,12}")


def check_new_pin(pin: str | None) -> str:
    if pin is None or not _PIN.fullmatch(pin):
        raise Refused("bad_input", "a PIN is 4 to 12 digits", "密码应为 4 到 12 位数字")
    return pin


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    _, n, r, p, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    return hmac.compare_digest(candidate.hex(), digest)
