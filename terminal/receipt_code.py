"""The verification code printed as a QR on every receipt, like the signed QR of Austrian RKSV
receipts: anyone holding the terminal's public key can check offline that a receipt is genuine
and which journal entry it stands for.

The text is ``JFR1/KIND/TERMINAL/SEQ/TIME/TOTAL/EARNED/REDEEMED/PREV/SIGNATURE``:

- KIND ``S`` for a sale, ``R`` for a refund. A refund is written as a negative sale: TOTAL is minus
  the amount refunded, EARNED minus the points taken back, REDEEMED minus the points restored.
- TIME is the entry's instant in whole Unix seconds; TOTAL in fen; points as integers.
- PREV is the first 8 bytes (16 hex digits) of the hash of the journal entry before this one,
  tying the receipt to its place in the chain.
- SIGNATURE is the terminal's Ed25519 signature of everything before the last ``/``, in
  unpadded upper-case base32, so a scanner with Caps Lock on cannot damage it.

Pure functions: keys and values come in as arguments; nothing here reads files or the store.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from terminal.errors import Refused

PREFIX = "JFR1"
Kind = Literal["sale", "refund"]
_KIND_LETTER: dict[Kind, str] = {"sale": "S", "refund": "R"}
_LETTER_KIND: dict[str, Kind] = {"S": "sale", "R": "refund"}
_TERMINAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
_INTEGER = re.compile(r"-?[0-9]{1,15}")
_PREV = re.compile(r"[0-9a-f]{16}")
_SIGNATURE = re.compile(r"[A-Z2-7]{103}")
FIELDS = 10


@dataclass(frozen=True)
class ReceiptCode:
    """What a receipt's code says; for a refund the amounts are negative (see the module doc)."""

    kind: Kind
    terminal: str
    seq: int
    at: datetime
    total_fen: int
    earned_points: int
    redeemed_points: int
    prev_hash: str  # the first 16 hex digits of the previous entry's hash

    @property
    def entry_id(self) -> str:
        """The sale or refund number, as the terminal names it (T1-17)."""
        return f"{self.terminal}-{self.seq}"

    def describe(self) -> str:
        return f"{self.kind} {self.entry_id}"


def _body(code: ReceiptCode) -> str:
    return "/".join([
        PREFIX, _KIND_LETTER[code.kind], code.terminal, str(code.seq), str(int(code.at.timestamp())),
        str(code.total_fen), str(code.earned_points), str(code.redeemed_points), code.prev_hash,
    ])


def build(key: Ed25519PrivateKey, *, kind: Kind, terminal: str, seq: int, at: datetime, total_fen: int,
          earned_points: int, redeemed_points: int, prev_hash: str) -> str:
    """The signed text for one journal entry; ``prev_hash`` is the full hex hash of the entry before."""
    if not _TERMINAL.fullmatch(terminal):
        raise ValueError(f"not a terminal id: {terminal!r}")
    if at.tzinfo is None:
        raise ValueError("the time of a receipt needs a time zone")
    code = ReceiptCode(kind, terminal, seq, at.astimezone(UTC).replace(microsecond=0), total_fen, earned_points,
                       redeemed_points, prev_hash[:16].lower())
    if not _PREV.fullmatch(code.prev_hash):
        raise ValueError(f"not a hash: {prev_hash!r}")
    body = _body(code)
    signature = base64.b32encode(key.sign(body.encode("ascii"))).decode("ascii").rstrip("=")
    return f"{body}/{signature}"


def looks_like_code(text: str) -> bool:
    """True for text that claims to be a receipt code (it may still be forged)."""
    return text.strip().upper().startswith(PREFIX + "/")


def _damaged(en_detail: str, zh_detail: str) -> Refused:
    return Refused("forged_code", f"this receipt code is damaged or altered ({en_detail})",
                   f"该小票码已损坏或被篡改（{zh_detail}）")


def parse(text: str) -> tuple[ReceiptCode, str, bytes]:
    """Split a code into what it says, the signed text and the signature; the signature is not checked."""
    cleaned = text.strip()
    if not looks_like_code(cleaned):
        raise Refused("not_a_receipt_code", "this is not a jifen receipt code (it should start with JFR1/)",
                      "这不是积分小票码（应以 JFR1/ 开头）")
    parts = cleaned.split("/")
    if len(parts) != FIELDS:
        raise _damaged(f"{len(parts)} fields instead of {FIELDS}", f"字段数为 {len(parts)}，应为 {FIELDS}")
    _prefix, letter, terminal, seq, seconds, total, earned, redeemed, prev, signature = parts
    signature = signature.upper()
    if letter.upper() not in _LETTER_KIND or not _TERMINAL.fullmatch(terminal):
        raise _damaged("kind or terminal", "类型或终端编号")
    if not all(_INTEGER.fullmatch(v) for v in (seq, seconds, total, earned, redeemed)) or int(seq) < 1:
        raise _damaged("a number", "数字字段")
    if not _PREV.fullmatch(prev.lower()) or not _SIGNATURE.fullmatch(signature):
        raise _damaged("hash or signature", "哈希或签名")
    try:
        raw_signature = base64.b32decode(signature + "=" * (-len(signature) % 8))
        at = datetime.fromtimestamp(int(seconds), UTC)
    except (binascii.Error, ValueError, OverflowError, OSError):
        raise _damaged("hash or signature", "哈希或签名") from None
    code = ReceiptCode(_LETTER_KIND[letter.upper()], terminal, int(seq), at, int(total), int(earned), int(redeemed),
                       prev.lower())
    return code, _body(code), raw_signature


def verify(text: str, keys: dict[str, str], revoked: frozenset[str] = frozenset()) -> ReceiptCode:
    """Check a code offline against the public keys (hex) of the terminals known here.

    Refuses with ``not_a_receipt_code``, ``forged_code`` (damaged, altered or signed by another
    key), ``unknown_key`` (a terminal whose key is not known here) or ``revoked``.
    """
    code, body, signature = parse(text)
    key_hex = keys.get(code.terminal)
    if key_hex is None:
        raise Refused("unknown_key", f"{code.describe()} is from terminal {code.terminal}, whose key is not known here",
                      f"{_zh(code)}来自终端 {code.terminal}，本机没有它的密钥")
    if key_hex in revoked:
        raise Refused("revoked", f"the key of terminal {code.terminal} has been revoked; {code.describe()} is not trusted",
                      f"终端 {code.terminal} 的密钥已被吊销；{_zh(code)}不可信")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex)).verify(signature, body.encode("ascii"))
    except (InvalidSignature, ValueError):
        raise Refused("forged_code", f"the code claims to be {code.describe()}, but its signature does not match: "
                      "it was altered or forged", f"该小票码声称是{_zh(code)}，但签名不符：已被篡改或伪造") from None
    return code


def _zh(code: ReceiptCode) -> str:
    return f"{'销售单' if code.kind == 'sale' else '退款单'} {code.entry_id} "
