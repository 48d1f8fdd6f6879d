"""Checking a member code against this store: the merchant keys it trusts and its deny list.

The merchant's public key is read from the store's first journal entry (``store_init``), where init
recorded it: hash-chained like everything else and synced to the ledger. The deny list is the
``revocations`` table: ``member_code`` rows void a member's codes issued up to a time (a lost card),
``terminal_key`` rows void every code signed with a key of a terminal: its own key (codes it signed with
its certificate) or the key its store signs member codes with (each store makes its own at init, so a lost
or stolen terminal's is revoked with it at the ledger).
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal.codes.member_code import MemberCode, Trust, refuse_dated_ahead, verify_code
from terminal.errors import Refused
from terminal.journal import format_instant
from terminal.keys import key_id
from terminal.models import JournalEntry, LedgerLink, Revocation, TrustedKey
from terminal.shop import Shop

MEMBER_CODES = "member_code"
TERMINAL_KEY = "terminal_key"
_SEPARATOR = "@"


def member_codes_value(member_id: str, until: datetime) -> str:
    """The deny-list value voiding ``member_id``'s codes issued at or before ``until``."""
    return f"{member_id}{_SEPARATOR}{format_instant(until)}"


def parse_member_codes_value(value: str) -> tuple[str, datetime]:
    member_id, _, until = value.partition(_SEPARATOR)
    return member_id, datetime.fromisoformat(until).astimezone(UTC)


@dataclass(frozen=True)
class StoreIdentity:
    merchant: str
    merchant_keys: tuple[str, ...]  # hex
    terminal_key: str  # hex


def store_identity(session: Session) -> StoreIdentity:
    payload = session.scalar(select(JournalEntry.payload).where(JournalEntry.seq == 1, JournalEntry.kind == "store_init"))
    if payload is None:
        raise Refused("not_initialised", "this store has no identity entry", "本店数据缺少门店初始化记录")
    data = json.loads(payload)
    merchant_key = data.get("merchant_key")
    return StoreIdentity(data["merchant"], (merchant_key,) if merchant_key else (), data["public_key"])


def keys_from_ledger(session: Session, identity: StoreIdentity) -> tuple[str, ...]:
    """The merchant keys of the merchant's other stores the ledger passed on (hex), this store's left out."""
    keys = session.scalars(select(TrustedKey.public_key).where(TrustedKey.merchant == identity.merchant)
                           .order_by(TrustedKey.public_key))
    return tuple(key for key in keys if key not in identity.merchant_keys)


def trusted_keys(session: Session, identity: StoreIdentity) -> list[str]:
    """This store's own merchant key, then those of the merchant's other stores the ledger passed on (hex)."""
    return [*identity.merchant_keys, *keys_from_ledger(session, identity)]


def _trust(session: Session, merchant: str, keys: list[str]) -> Trust:
    return Trust.of(merchant, (_public(key) for key in keys),
                    linked=session.get(LedgerLink, 1) is not None)


def store_trust(session: Session) -> Trust:
    """This store's own merchant key, and those of the merchant's other stores the ledger passed on."""
    identity = store_identity(session)
    return _trust(session, identity.merchant, trusted_keys(session, identity))


def is_key_revoked(session: Session, public_key: str) -> bool:
    return session.get(Revocation, (TERMINAL_KEY, public_key)) is not None


def signing_keys(code: MemberCode, keys: list[str]) -> tuple[str, ...]:
    """The keys (hex) a genuine code rests on: the merchant key it names, as ``verify_code`` picked it from the
    trusted ``keys``, and the terminal key that signed it, if one did."""
    named = next((key for key in keys if key_id(bytes.fromhex(key)).hex() == code.merchant_key_id), None)
    return tuple(key for key in (named, code.terminal_key) if key is not None)


@dataclass(frozen=True)
class RevokedKey:
    """A merchant key on the deny list, and the terminal and store holding it where the ledger said."""

    public: Ed25519PublicKey
    terminal: str | None
    store: str | None


@dataclass(frozen=True)
class CouponKeys:
    """The merchant keys a coupon may be signed with (the issuing store's), split by the deny list: no till can
    tell a coupon a lost or stolen terminal's store issued from one forged with its key (the ledger passes on the
    coupons used, never those issued), so one signed with a revoked key is refused however it came about."""

    good: tuple[Ed25519PublicKey, ...]
    revoked: tuple[RevokedKey, ...]


def coupon_keys(session: Session) -> CouponKeys:
    keys = trusted_keys(session, store_identity(session))
    revoked = [key for key in keys if is_key_revoked(session, key)]
    return CouponKeys(tuple(_public(key) for key in keys if key not in revoked),
                      tuple(_revoked_key(session, key) for key in revoked))


def _revoked_key(session: Session, key: str) -> RevokedKey:
    held = session.get(TrustedKey, key)
    return RevokedKey(_public(key), held.terminal if held else None, held.store if held else None)


def _public(key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(key))


def revoked_key_of(session: Session, code: MemberCode, keys: list[str]) -> str | None:
    """The first key of the code's that is on the deny list, if one is."""
    rests_on = signing_keys(code, keys)
    return next((key for key in rests_on if is_key_revoked(session, key)), None)


def member_revocations(session: Session, member_id: str) -> list[Revocation]:
    """The deny-list rows voiding this member's codes, oldest first."""
    prefix = member_id + _SEPARATOR
    return list(session.scalars(select(Revocation).where(
        Revocation.kind == MEMBER_CODES, Revocation.value >= prefix, Revocation.value < prefix + "\uffff")
        .order_by(Revocation.value)))


def codes_void_until(session: Session, member_id: str) -> datetime | None:
    """The latest time up to which this member's codes are revoked, if any are."""
    return max((parse_member_codes_value(row.value)[1] for row in member_revocations(session, member_id)), default=None)


def check_member_code(session: Session, text: str, shop: Shop) -> MemberCode:
    """A code that is genuine, of this merchant, not on the deny list and not dated more than a day ahead of
    ``shop``'s clock; else a refusal saying why."""
    identity = store_identity(session)
    keys = trusted_keys(session, identity)
    code = verify_code(text, _trust(session, identity.merchant, keys))
    if revoked_key_of(session, code, keys) is not None:
        raise Refused("revoked", "this member code was signed with a revoked key (a lost or stolen terminal's): issue "
                      "the member a new card (jifen print card or jifen member card)",
                      "该会员码的签名密钥已被吊销（终端丢失或被盗）：请为会员补发新卡（jifen print card 或 jifen member card）")
    refuse_dated_ahead(code, shop.now(), shop.tz)
    void_until = codes_void_until(session, code.member_id)
    if void_until is not None and code.issued_at <= void_until:
        raise Refused("revoked", "this member code has been revoked (a card reported lost or replaced): "
                      "ask for the new code or issue a new card", "该会员码已作废（卡片挂失或已换新）：请出示新码或补发新卡")
    return code
