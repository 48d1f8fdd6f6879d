"""Member codes at the till: issuing a member's code, and the deny list of revoked codes and terminal keys.

Each revocation is a journal entry (so it syncs and is audited) and a row of ``revocations`` (so a
check is one indexed read). Revoking needs a manager or owner.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from terminal.codes import MemberCode, has_member_code_prefix, issue_code
from terminal.codes.trust import (
    MEMBER_CODES,
    TERMINAL_KEY,
    check_member_code,
    codes_void_until,
    is_key_revoked,
    member_codes_value,
    parse_member_codes_value,
    store_identity,
)
from terminal.errors import Refused
from terminal.journal import format_instant
from terminal.keys import CodeSigner, raw_public
from terminal.models import JournalEntry, Member, Revocation
from terminal.services.cashiers import Actor, approval
from terminal.services.common import record
from terminal.services.members import find_member, mask_phone
from terminal.shop import Shop
from terminal.uow import UnitOfWork

_PUBLIC_KEY = re.compile(r"[0-9a-f]{64}")
MAX_REASON = 200


@dataclass(frozen=True)
class IssuedCode:
    member_id: str
    phone: str
    name: str | None
    code: str
    issued_at: datetime


def issue_member_code(uow: UnitOfWork, shop: Shop, signer: CodeSigner, member_ref: str) -> IssuedCode:
    """A fresh code for the member, signed now; nothing is stored (the code carries all it needs)."""
    with uow:
        member = find_member(uow.session, member_ref)
        if signer.certificate is not None and is_key_revoked(uow.session, raw_public(signer.key).hex()):
            raise Refused("revoked", "this terminal's key has been revoked: it can no longer issue member codes",
                          "本终端的密钥已被吊销，不能再签发会员码")
        issued_at = shop.now()
        return IssuedCode(member.id, member.phone, member.name, issue_code(signer, member.id, issued_at), issued_at)


@dataclass(frozen=True)
class ScannedMember:
    """A code that checked out, and the member it names as this store knows them (None: not here yet)."""

    code: MemberCode
    phone: str | None
    name: str | None

    @property
    def known(self) -> bool:
        return self.phone is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.code.member_id,
            "phone": self.phone,
            "phone_masked": None if self.phone is None else mask_phone(self.phone),
            "name": self.name,
            "issued_at": format_instant(self.code.issued_at),
            "signed_by": "merchant" if self.code.terminal_key is None else "terminal",
            "terminal_key": self.code.terminal_key,
        }


def read_member_code(uow: UnitOfWork, text: str) -> ScannedMember:
    with uow:
        session = uow.session
        code = check_member_code(session, text)
        member = session.get(Member, code.member_id)
        return ScannedMember(code, None if member is None else member.phone, None if member is None else member.name)


def _reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        raise Refused("bad_input", f"give a reason of 1 to {MAX_REASON} characters", f"原因应为 1 到 {MAX_REASON} 个字符")
    return reason


@dataclass(frozen=True)
class Revoked:
    kind: str
    value: str
    seq: int
    member_id: str | None = None
    until: datetime | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "value": self.value, "seq": self.seq}
        if self.member_id is not None and self.until is not None:
            data.update(member_id=self.member_id, until=format_instant(self.until))
        else:
            data["key"] = self.value
        return data


def revoke_member_codes(uow: UnitOfWork, shop: Shop, cashier: Actor, ref: str, reason: str | None = None,
                        approver: Actor | None = None) -> Revoked:
    """Void a member's codes: given a code, that code and any issued before it; given the member, all issued so far."""
    who = approval(cashier, approver, "revoking member codes", "作废会员码")
    reason = _reason(reason)
    with uow:
        session = uow.session
        if has_member_code_prefix(ref):
            code = check_member_code(session, ref)
            member_id, until = code.member_id, code.issued_at
        else:
            member_id, until = find_member(session, ref).id, shop.now()
        already = codes_void_until(session, member_id)
        if already is not None and already >= until:
            raise Refused("already_exists", f"the codes of {member_id} issued up to {format_instant(already)} are already revoked",
                          f"会员 {member_id} 在 {format_instant(already)} 之前签发的会员码已作废")
        value = member_codes_value(member_id, until)
        entry = record(session, shop, "code_revoke", who,
                       {"member_id": member_id, "until": format_instant(until), "reason": reason})
        session.add(Revocation(kind=MEMBER_CODES, value=value, reason=reason, seq=entry.seq))
        uow.commit()
    return Revoked(MEMBER_CODES, value, entry.seq, member_id, until)


def revoke_terminal_key(uow: UnitOfWork, shop: Shop, cashier: Actor, public_key: str, reason: str | None = None,
                        approver: Actor | None = None) -> Revoked:
    """Void every code a terminal key signed (a stolen or retired terminal); the key is its public key in hex."""
    who = approval(cashier, approver, "revoking a terminal key", "吊销终端密钥")
    reason = _reason(reason)
    key = public_key.strip().lower()
    if not _PUBLIC_KEY.fullmatch(key):
        raise Refused("bad_input", "a terminal key is its public key: 64 hex digits (see 'jifen key show' on that terminal)",
                      "终端密钥应为 64 位十六进制公钥（在该终端上运行 jifen key show 查看）")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key))
    except ValueError:
        raise Refused("bad_input", "these 64 hex digits are not an Ed25519 public key", "这 64 位十六进制数不是 Ed25519 公钥") from None
    with uow:
        session = uow.session
        if key in store_identity(session).merchant_keys:
            raise Refused("bad_input", "this is the merchant's key, not a terminal key", "这是商户密钥，不是终端密钥")
        if is_key_revoked(session, key):
            raise Refused("already_exists", "this terminal key is already revoked", "该终端密钥已被吊销")
        entry = record(session, shop, "key_revoke", who, {"key": key, "reason": reason})
        session.add(Revocation(kind=TERMINAL_KEY, value=key, reason=reason, seq=entry.seq))
        uow.commit()
    return Revoked(TERMINAL_KEY, key, entry.seq)


@dataclass(frozen=True)
class DenyListEntry:
    kind: str
    value: str
    reason: str | None
    seq: int
    at: str  # when it was revoked
    by: str | None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "value": self.value, "reason": self.reason, "seq": self.seq,
                                "at": self.at, "by": self.by}
        if self.kind == MEMBER_CODES:
            member_id, until = parse_member_codes_value(self.value)
            data.update(member_id=member_id, until=format_instant(until))
        else:
            data["key"] = self.value
        return data


def deny_list(uow: UnitOfWork) -> list[DenyListEntry]:
    with uow:
        rows = uow.session.execute(
            select(Revocation.kind, Revocation.value, Revocation.reason, Revocation.seq, JournalEntry.at, JournalEntry.actor)
            .join(JournalEntry, JournalEntry.seq == Revocation.seq).order_by(Revocation.seq)).all()
    return [DenyListEntry(*row) for row in rows]


@dataclass(frozen=True)
class KeyInfo:
    merchant: str
    terminal_key: str
    merchant_keys: tuple[str, ...]
    terminal_key_revoked: bool


def key_info(uow: UnitOfWork) -> KeyInfo:
    with uow:
        session = uow.session
        identity = store_identity(session)
        revoked = is_key_revoked(session, identity.terminal_key)
    return KeyInfo(identity.merchant, identity.terminal_key, identity.merchant_keys, revoked)
