"""The member code: ``JF1`` and the base32 of a signed binary record, checked offline.

Record (big-endian), version 1::

    kind 1 | merchant tag 4 | member 8 | issued 4 | merchant key id 4 |
        [terminal public key 32 | certificate 64]   (kind 2 only)
        | signature 64 | crc16 2

Kind 1 is signed by the merchant's issuing key (143 characters, QR version 6 at level M). Kind 2 is
signed by a terminal key and carries the merchant's certificate of that key (296 characters, version 10
at level M), so any terminal of the merchant checks it with the merchant's public key alone.

The signature covers ``JF1``, the merchant id and everything before it. The CRC-16 catches any
changed character (a burst of at most 5 bits) before a key is looked up, so a damaged or altered
code is ``forged_code``, never mistaken for a code of another merchant (the tag differs) or one
signed by a key this terminal does not know (``unknown_key``).
"""

import binascii
import hashlib
import math
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import IntEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from terminal.codes import base32
from terminal.codes.recognise import (
    PREFIX,
    clean,
    has_member_code_prefix,
    not_a_member_code,
)
from terminal.errors import Refused
from terminal.keys import CodeSigner, is_certified, key_id, raw_public

VERSION = "1"
_HEAD = struct.Struct(">B4s8sI4s")
_SIGNATURE, _PUBLIC, _CRC = 64, 32, 2
_MEMBER_ID = re.compile(r"M[0-9A-HJKMNP-TV-Z]{12}")
_SIGNED = b"jifen member code\x00"
# How far a till's clock may run ahead of another's: more than a day off, a till refuses to write (clock_check).
CLOCK_TOLERANCE = timedelta(days=1)


class Kind(IntEnum):
    MERCHANT = 1
    TERMINAL = 2


_RECORD_BYTES = {Kind.MERCHANT: _HEAD.size + _SIGNATURE + _CRC,
                 Kind.TERMINAL: _HEAD.size + _PUBLIC + _SIGNATURE + _SIGNATURE + _CRC}
_KIND_BY_LENGTH = {base32.encoded_length(size): kind for kind, size in _RECORD_BYTES.items()}
CODE_LENGTHS = {kind: len(PREFIX + VERSION) + base32.encoded_length(size) for kind, size in _RECORD_BYTES.items()}


def merchant_tag(merchant: str) -> bytes:
    return hashlib.sha256(b"jifen merchant\x00" + merchant.encode()).digest()[:4]


def _message(merchant: str, signed: bytes) -> bytes:
    return _SIGNED + merchant.encode() + b"\x00" + (PREFIX + VERSION).encode() + signed


def _crc(data: bytes) -> bytes:
    return binascii.crc_hqx(data, 0xFFFF).to_bytes(_CRC, "big")


def _member_number(member_id: str) -> int:
    number = 0
    for char in member_id[1:]:
        number = number << 5 | base32.ALPHABET.index(char)
    return number


def _member_id(number: int) -> str:
    return "M" + "".join(base32.ALPHABET[(number >> (5 * (11 - i))) & 31] for i in range(12))


@dataclass(frozen=True)
class MemberCode:
    """A member code whose signatures check out (revocation is checked against the store)."""

    text: str
    member_id: str
    issued_at: datetime
    merchant_key_id: str
    terminal_key: str | None  # hex public key of the terminal that signed it, if one did

    @property
    def kind(self) -> Kind:
        return Kind.MERCHANT if self.terminal_key is None else Kind.TERMINAL


def issue_code(signer: CodeSigner, member_id: str, issued_at: datetime) -> str:
    if not _MEMBER_ID.fullmatch(member_id):
        raise Refused("bad_input", f"'{member_id}' is not a member id (M and 12 characters)",
                      f"“{member_id}”不是会员编号（M 加 12 位字符）")
    seconds = math.ceil(issued_at.timestamp())  # never before the moment of issue, which a revocation may follow
    if not 0 <= seconds < 2**32:
        raise Refused("bad_input", "a member code's issue time must fall between 1970 and 2106",
                      "会员码的签发时间应在 1970 年至 2106 年之间")
    kind = Kind.MERCHANT if signer.is_merchant_key else Kind.TERMINAL
    signed = _HEAD.pack(kind, merchant_tag(signer.merchant), _member_number(member_id).to_bytes(8, "big"), seconds,
                        signer.merchant_key_id)
    if signer.certificate is not None:
        signed += raw_public(signer.key) + signer.certificate
    record = signed + signer.key.sign(_message(signer.merchant, signed))
    return PREFIX + VERSION + base32.encode(record + _crc(record))


@dataclass(frozen=True)
class Trust:
    """What a terminal checks codes against: its merchant and the merchant's public keys. ``linked``: a
    ledger passes on the keys of the merchant's other stores (else a shop knows its own key only)."""

    merchant: str
    merchant_keys: tuple[Ed25519PublicKey, ...]
    linked: bool = True

    @classmethod
    def of(cls, merchant: str, keys: Iterable[Ed25519PublicKey], linked: bool = True) -> "Trust":
        return cls(merchant, tuple(keys), linked)

    def key(self, wanted: bytes) -> Ed25519PublicKey | None:
        return next((key for key in self.merchant_keys if key_id(key) == wanted), None)


def _forged(why_en: str = "altered, or not read whole (scan it again)",
            why_zh: str = "已被篡改或未读全（请重新扫描）") -> Refused:
    return Refused("forged_code", f"this member code is not genuine: {why_en}", f"会员码无效：{why_zh}")


def _unknown_key(key: str, linked: bool) -> Refused:
    if not linked:  # no ledger passes keys on: the code can only be another shop's
        return Refused("unknown_key", f"this is another shop's member code (signed with key {key}), not one of this "
                       "shop's: this shop is not connected to a ledger, so it knows only the member codes it issued",
                       f"这是其他店铺的会员码（签名密钥 {key}），不是本店的：本店未连接总账，只认本店签发的会员码")
    return Refused("unknown_key", f"this member code is signed with key {key}, which this terminal does not know: "
                   "sync with the ledger or ask the owner", f"会员码的签名密钥 {key} 未知：请同步数据或联系店主")


def _record(cleaned: str) -> tuple[Kind, bytes]:
    """The kind and the record bytes of a text that begins like a member code, with its CRC checked."""
    if cleaned[2:3] != VERSION:
        raise _forged(f"unknown format '{cleaned[:3]}'", f"未知格式“{cleaned[:3]}”")
    payload = cleaned[3:]
    kind = _KIND_BY_LENGTH.get(len(payload))
    data = None if kind is None else base32.decode(payload, _RECORD_BYTES[kind])
    if kind is None or data is None or _crc(data[:-_CRC]) != data[-_CRC:] or data[0] != kind:
        raise _forged()
    return kind, data[:-_CRC]


def verify_code(text: str, trust: Trust) -> MemberCode:
    """Check a scanned or typed code offline; refuse anything else with its own error code, never crash."""
    cleaned = clean(text)
    if not has_member_code_prefix(cleaned):
        raise not_a_member_code(text)
    kind, record = _record(cleaned)
    _, tag, member, seconds, merchant_key_id = _HEAD.unpack_from(record)
    number = int.from_bytes(member, "big")
    if number >> 60:
        raise _forged()
    signed, signature = record[:-_SIGNATURE], record[-_SIGNATURE:]
    if tag != merchant_tag(trust.merchant):  # the CRC passed, so this is no typo: the code is another merchant's
        raise Refused("not_a_member_code", "this is another merchant's member code, not one of this shop's",
                      "这是其他商户的会员码，不是本店的")
    merchant_key = trust.key(merchant_key_id)
    if merchant_key is None:
        raise _unknown_key(merchant_key_id.hex(), trust.linked)
    terminal_key: bytes | None = None
    signing_key = merchant_key
    if kind is Kind.TERMINAL:
        terminal_key = record[_HEAD.size:_HEAD.size + _PUBLIC]
        certificate = record[_HEAD.size + _PUBLIC:_HEAD.size + _PUBLIC + _SIGNATURE]
        if not is_certified(merchant_key, trust.merchant, terminal_key, certificate):
            raise _forged("its terminal certificate does not check", "终端证书校验失败")
        try:
            signing_key = Ed25519PublicKey.from_public_bytes(terminal_key)
        except ValueError:
            raise _forged() from None
    try:
        signing_key.verify(signature, _message(trust.merchant, signed))
    except InvalidSignature:
        raise _forged("its signature does not check", "签名校验失败") from None
    return MemberCode(cleaned.upper(), _member_id(number), datetime.fromtimestamp(seconds, UTC), merchant_key_id.hex(),
                      None if terminal_key is None else terminal_key.hex())


def refuse_dated_ahead(code: MemberCode, now: datetime, tz: tzinfo) -> None:
    """Refuse a code issued more than a day after ``now``: a till whose clock ran ahead made it, and a revocation
    made since (up to now) would not cover it; ``tz`` is the store's, to say the date in."""
    if code.issued_at <= now + CLOCK_TOLERANCE:
        return
    dated = f"{code.issued_at.astimezone(tz):%Y-%m-%d %H:%M}"
    raise Refused("revoked", f"this member code is dated {dated}, later than now: it was made on a computer with a "
                  "wrong clock; print the member a new card (jifen print card or jifen member card)",
                  f"该会员码的签发时间为 {dated}，晚于现在：它是在时钟错误的电脑上生成的；请为会员补发新卡"
                  "（jifen print card 或 jifen member card）")
