"""Member codes at the till: issuing a member's code, and the deny list of revoked codes and terminal keys.

Each revocation, and each lifted (reinstated), is a journal entry (so it syncs and is audited) and a
row of ``revocations`` added or deleted (so a check is one indexed read). Both need a manager or owner.
The ledger's deny list is the merchant's: what it adds or lifts reaches the terminal at a pull, and is
journaled here too (``deny_list``), so every row says when it came into force and from where.
"""

import json
import math
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from terminal.codes import MemberCode, has_member_code_prefix, issue_code, verify_code
from terminal.codes.trust import (
    MEMBER_CODES,
    TERMINAL_KEY,
    check_member_code,
    codes_void_until,
    is_key_revoked,
    member_codes_value,
    member_revocations,
    parse_member_codes_value,
    store_identity,
    store_trust,
    trusted_keys,
)
from terminal.errors import Refused
from terminal.journal import Who, format_instant
from terminal.keys import CodeSigner, key_id, raw_public
from terminal.models import JournalEntry, Member, Revocation, StoreInfo, TrustedKey
from terminal.services.cashiers import Actor, approval
from terminal.services.common import record
from terminal.services.members import find_member, mask_phone
from terminal.services.staff import check_active
from terminal.shop import Shop
from terminal.uow import UnitOfWork

_PUBLIC_KEY = re.compile(r"[0-9a-f]{64}")
MAX_REASON = 200
FROM_LEDGER = "deny_list"  # the journal kind of the ledger's changes to the deny list, taken at a pull
_MADE_HERE = ("code_revoke", "key_revoke", "code_reinstate", "key_reinstate")


@dataclass(frozen=True)
class IssuedCode:
    member_id: str
    phone: str
    name: str | None
    code: str
    issued_at: datetime


def issue_member_code(uow: UnitOfWork, shop: Shop, signer: CodeSigner, member_ref: str) -> IssuedCode:
    """A fresh code for the member, signed now (or just after the member's newest revocation, so that it checks
    here); nothing is stored (the code carries all it needs)."""
    with uow:
        member = find_member(uow.session, member_ref, shop)
        if _signer_revoked(uow.session, signer):
            raise Refused("revoked", "this terminal's key has been revoked: it can no longer issue member codes",
                          "本终端的密钥已被吊销，不能再签发会员码")
        issued_at = _issue_time(shop.now(), codes_void_until(uow.session, member.id))
        return IssuedCode(member.id, member.phone, member.name, issue_code(signer, member.id, issued_at), issued_at)


def _signer_revoked(session: Session, signer: CodeSigner) -> bool:
    """Whether a code the signer issued would be refused for its keys: its own, or the merchant key that certified it."""
    certifier = next((key for key in trusted_keys(session, store_identity(session))
                      if key_id(bytes.fromhex(key)) == signer.merchant_key_id), None)
    return any(is_key_revoked(session, key) for key in (raw_public(signer.key).hex(), certifier) if key is not None)


def _issue_time(now: datetime, void_until: datetime | None) -> datetime:
    """The whole second a code issued now carries: after the member's newest revocation, which a till whose clock
    lags the revoking one's may hold with a cutoff still ahead of its own clock (the card would be born revoked)."""
    seconds = math.ceil(now.timestamp())  # as issue_code rounds: never before the moment of issue
    if void_until is not None:
        seconds = max(seconds, math.floor(void_until.timestamp()) + 1)
    return datetime.fromtimestamp(seconds, UTC)


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


def read_member_code(uow: UnitOfWork, text: str, shop: Shop) -> ScannedMember:
    """The code checked (by ``shop``'s clock too: see check_member_code) and the member it names."""
    with uow:
        session = uow.session
        code = check_member_code(session, text, shop)
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
        check_active(session, cashier, "revoke member codes", "作废会员码", approver)
        if has_member_code_prefix(ref):
            code = check_member_code(session, ref, shop)
            member_id, until = code.member_id, code.issued_at
        else:
            member_id, until = find_member(session, ref, shop).id, shop.now()
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


def _public_key(text: str) -> str:
    key = text.strip().lower()
    if not _PUBLIC_KEY.fullmatch(key):
        raise Refused("bad_input", "a key is its public key: 64 hex digits (as 'jifen key show' lists them)",
                      "密钥应为 64 位十六进制公钥（见 jifen key show 所列）")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key))
    except ValueError:
        raise Refused("bad_input", "these 64 hex digits are not an Ed25519 public key", "这 64 位十六进制数不是 Ed25519 公钥") from None
    return key


def revoke_terminal_key(uow: UnitOfWork, shop: Shop, cashier: Actor, public_key: str, reason: str | None = None,
                        approver: Actor | None = None) -> Revoked:
    """Void every code a key of a terminal signed or certified (a stolen or retired terminal): its own key, or the
    key its store signs member codes with, as the ledger passed it on; the key is its public key in hex. This
    store's own signing key is revoked elsewhere: at another terminal, or with this terminal at the ledger."""
    who = approval(cashier, approver, "revoking a terminal key", "吊销终端密钥")
    reason = _reason(reason)
    key = _public_key(public_key)
    with uow:
        session = uow.session
        check_active(session, cashier, "revoke terminal keys", "吊销终端密钥", approver)
        if key in store_identity(session).merchant_keys:
            raise Refused("bad_input", "this is the key this store signs member codes with: revoke it at another terminal "
                          "of the merchant, or revoke this terminal at the ledger (jifen-ledger terminal revoke)",
                          "这是本店签发会员码所用的密钥：请在本商户的其他终端上吊销，或在总账上吊销本终端（jifen-ledger terminal revoke）")
        if is_key_revoked(session, key):
            raise Refused("already_exists", "this terminal key is already revoked", "该终端密钥已被吊销")
        entry = record(session, shop, "key_revoke", who, {"key": key, "reason": reason})
        session.add(Revocation(kind=TERMINAL_KEY, value=key, reason=reason, seq=entry.seq))
        uow.commit()
    return Revoked(TERMINAL_KEY, key, entry.seq)


@dataclass(frozen=True)
class Reinstated:
    kind: str
    values: tuple[str, ...]  # the deny-list rows lifted
    seq: int
    member_id: str | None = None
    still_void_until: datetime | None = None  # the member's codes issued up to then stay revoked (earlier revocations)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "values": list(self.values), "seq": self.seq}
        if self.member_id is not None:
            data.update(member_id=self.member_id, until=[format_instant(parse_member_codes_value(v)[1]) for v in self.values],
                        still_revoked_until=None if self.still_void_until is None else format_instant(self.still_void_until))
        else:
            data["key"] = self.values[0]
        return data


def _local(shop: Shop, moment: datetime) -> str:
    return f"{moment.astimezone(shop.tz):%Y-%m-%d %H:%M:%S}"


def _to_lift(session: Session, shop: Shop, ref: str) -> tuple[str, list[Revocation]]:
    """The member a phone, id or code names, and the revocations to lift: given the member, all of them; given a
    code (checked without the deny list: it may be on it), the one revocation that voids it. A later revocation
    voiding it too (a card lost after it) would be lifted with it, reviving that card: refused."""
    if not has_member_code_prefix(ref):
        member_id = find_member(session, ref, shop).id
        rows = member_revocations(session, member_id)
        if not rows:
            raise Refused("not_found", f"the codes of {member_id} are not revoked", f"会员 {member_id} 的会员码未被作废")
        return member_id, rows
    code = verify_code(ref, store_trust(session))
    member_id = code.member_id
    covering = sorted((row for row in member_revocations(session, member_id)
                       if code.issued_at <= parse_member_codes_value(row.value)[1]),
                      key=lambda row: parse_member_codes_value(row.value)[1])
    if not covering:
        raise Refused("not_found", f"this member code of {member_id} is not revoked", f"会员 {member_id} 的这个会员码未被作废")
    if len(covering) > 1:
        later = [_local(shop, parse_member_codes_value(row.value)[1]) for row in covering[1:]]
        raise Refused("bad_input", f"member {member_id}'s codes were revoked again later, at {', '.join(later)} (a later "
                      "card reported lost): reinstating this card would accept that card again too; issue the member a "
                      "new card instead (jifen member card)",
                      f"会员 {member_id} 的会员码之后又在 {'、'.join(later)} 被作废过（之后的卡片挂失）："
                      "恢复这张卡会让那张卡也重新可用；请改为补发新卡（jifen member card）")
    return member_id, covering


def reinstate_member_codes(uow: UnitOfWork, shop: Shop, cashier: Actor, ref: str, reason: str | None = None,
                           approver: Actor | None = None) -> Reinstated:
    """Lift the revocations of a member's codes (a card reported lost and found again): given the member, every
    one; given a card's code, the one voiding that card, never one a later loss made."""
    who = approval(cashier, approver, "reinstating member codes", "恢复会员码")
    reason = _reason(reason)
    with uow:
        session = uow.session
        check_active(session, cashier, "reinstate member codes", "恢复会员码", approver)
        member_id, rows = _to_lift(session, shop, ref)
        until = [format_instant(parse_member_codes_value(row.value)[1]) for row in rows]
        entry = record(session, shop, "code_reinstate", who, {"member_id": member_id, "until": until, "reason": reason})
        values = tuple(row.value for row in rows)
        for row in rows:
            session.delete(row)
        session.flush()
        still = codes_void_until(session, member_id)
        uow.commit()
    return Reinstated(MEMBER_CODES, values, entry.seq, member_id, still)


def reinstate_terminal_key(uow: UnitOfWork, shop: Shop, cashier: Actor, public_key: str, reason: str | None = None,
                           approver: Actor | None = None) -> Reinstated:
    """Lift a terminal key's revocation (revoked by mistake, or the terminal found): the codes it signed check again."""
    who = approval(cashier, approver, "reinstating a terminal key", "恢复终端密钥")
    reason = _reason(reason)
    key = _public_key(public_key)
    with uow:
        session = uow.session
        check_active(session, cashier, "reinstate terminal keys", "恢复终端密钥", approver)
        row = session.get(Revocation, (TERMINAL_KEY, key))
        if row is None:
            raise Refused("not_found", "this terminal key is not revoked", "该终端密钥未被吊销")
        entry = record(session, shop, "key_reinstate", who, {"key": key, "reason": reason})
        session.delete(row)
        uow.commit()
    return Reinstated(TERMINAL_KEY, (key,), entry.seq)


def _named(kind: str, payload: dict[str, Any]) -> list[tuple[str, str]]:
    """The deny-list rows one of this terminal's own revoking or reinstating entries is about."""
    if kind in ("key_revoke", "key_reinstate"):
        return [(TERMINAL_KEY, payload["key"])]
    until = payload["until"] if kind == "code_reinstate" else [payload["until"]]
    return [(MEMBER_CODES, member_codes_value(payload["member_id"], datetime.fromisoformat(u))) for u in until]


def _not_yet_at_the_ledger(session: Session, acked: int) -> set[tuple[str, str]]:
    rows = session.execute(select(JournalEntry.kind, JournalEntry.payload)
                           .where(JournalEntry.seq > acked, JournalEntry.kind.in_(_MADE_HERE)))
    return {named for kind, payload in rows for named in _named(kind, json.loads(payload))}


def adopt_deny_list(session: Session, shop: Shop, listed: list[dict[str, str]], acked: int) -> None:
    """Make the deny list the merchant's, as the ledger holds it (``listed``): rows it lacks were lifted
    at some terminal, rows it has were revoked at one. What this terminal revoked or lifted in entries
    past ``acked`` (not yet held by the ledger) stays as it is here."""
    mine = _not_yet_at_the_ledger(session, acked)
    theirs = {(item["kind"], item["value"]): item.get("reason") or None for item in listed
              if item["kind"] in (MEMBER_CODES, TERMINAL_KEY) and (item["kind"], item["value"]) not in mine}
    held = {(row.kind, row.value): row for row in session.scalars(select(Revocation))
            if (row.kind, row.value) not in mine}
    added = [key for key in theirs if key not in held]
    lifted = [key for key in held if key not in theirs]
    if not added and not lifted:
        return
    entry = record(session, shop, FROM_LEDGER, Who(None), {
        "revoked": [{"kind": kind, "value": value, "reason": theirs[(kind, value)]} for kind, value in added],
        "reinstated": [{"kind": kind, "value": value} for kind, value in lifted]})
    for key in lifted:
        session.delete(held[key])
    session.add_all(Revocation(kind=kind, value=value, reason=theirs[(kind, value)], seq=entry.seq) for kind, value in added)
    session.flush()


@dataclass(frozen=True)
class DenyListEntry:
    kind: str
    value: str
    reason: str | None
    seq: int  # the journal entry that put it here (0: taken from the ledger before pulls were journaled)
    at: str | None  # when it was revoked here, or taken from the ledger
    by: str | None
    source: str  # "terminal" (revoked here) or "ledger" (revoked at another terminal of the merchant)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "value": self.value, "reason": self.reason, "seq": self.seq,
                                "at": self.at, "by": self.by, "source": self.source}
        if self.kind == MEMBER_CODES:
            member_id, until = parse_member_codes_value(self.value)
            data.update(member_id=member_id, until=format_instant(until))
        else:
            data["key"] = self.value
        return data


def deny_list(uow: UnitOfWork) -> list[DenyListEntry]:
    """Every revocation this terminal enforces, its own and the ledger's."""
    with uow:
        rows = uow.session.execute(
            select(Revocation.kind, Revocation.value, Revocation.reason, Revocation.seq, JournalEntry.at, JournalEntry.actor,
                   JournalEntry.kind).outerjoin(JournalEntry, JournalEntry.seq == Revocation.seq)
            .order_by(Revocation.seq, Revocation.kind, Revocation.value)).all()
    return [DenyListEntry(kind, value, reason, seq, at, by, "terminal" if made in _MADE_HERE else "ledger")
            for kind, value, reason, seq, at, by, made in rows]


def adopt_trusted_keys(session: Session, merchant: str, public_keys: list[dict[str, str]]) -> None:
    """The keys the ledger passes on for the merchant's member codes, with the terminals and stores holding them.
    Keys are added, never removed: the ledger withdraws one by putting it on the deny list."""
    listed = {item["public_key"]: item for item in public_keys
              if item.get("merchant") == merchant and _PUBLIC_KEY.fullmatch(item.get("public_key", ""))}
    for key, item in listed.items():
        row = session.get(TrustedKey, key)
        if row is None:
            row = TrustedKey(public_key=key, merchant=merchant)
            session.add(row)
        row.terminal, row.store = item.get("terminal") or None, item.get("store") or None
    session.flush()


@dataclass(frozen=True)
class HeldKey:
    """A key and, where known, the terminal and store holding it."""

    key: str
    terminal: str | None = None
    store: str | None = None
    reason: str | None = None  # why it is revoked, if it is


@dataclass(frozen=True)
class KeyInfo:
    """The keys a terminal checks member codes with: the merchant keys it trusts (this store's and those
    the ledger passed on, each naming the terminal holding it where the ledger says), and the keys revoked
    (a terminal's own, or the one its store signed codes with)."""

    merchant: str
    terminal_key: HeldKey  # this terminal's
    merchant_keys: tuple[HeldKey, ...]  # this store's
    ledger_keys: tuple[HeldKey, ...]  # the merchant's other stores', from the ledger
    revoked: tuple[HeldKey, ...]

    @property
    def revoked_keys(self) -> tuple[str, ...]:
        return tuple(held.key for held in self.revoked)

    @property
    def terminal_key_revoked(self) -> bool:
        """This terminal's own key, or the one its store signs codes with, is revoked: its codes are refused."""
        return any(held.key in self.revoked_keys for held in (self.terminal_key, *self.merchant_keys))

    def holder(self, key: str) -> HeldKey | None:
        return next((held for held in (self.terminal_key, *self.merchant_keys, *self.ledger_keys) if held.key == key), None)

    def _entry(self, held: HeldKey, role: str, source: str) -> dict[str, Any]:
        return {"key": held.key, "key_id": key_id(bytes.fromhex(held.key)).hex(), "role": role, "from": source,
                "revoked": held.key in self.revoked_keys, "terminal": held.terminal, "store": held.store}

    def trusted(self) -> list[dict[str, Any]]:
        """The merchant keys, with the 8-digit id a member code names its key by."""
        return ([self._entry(held, "merchant", "store") for held in self.merchant_keys]
                + [self._entry(held, "merchant", "ledger") for held in self.ledger_keys])

    def as_json(self) -> dict[str, Any]:
        merchant = {held.key for held in (*self.merchant_keys, *self.ledger_keys)}
        terminal = [self._entry(self.terminal_key, "terminal", "store")]
        terminal += [self._entry(held, "terminal", "deny_list") for held in self.revoked
                     if held.key not in merchant and held.key != self.terminal_key.key]
        return {"merchant": self.merchant, "terminal_key": self.terminal_key.key,
                "merchant_keys": [held.key for held in (*self.merchant_keys, *self.ledger_keys)],
                "keys": self.trusted() + terminal, "terminal_key_revoked": self.terminal_key_revoked}


def key_info(uow: UnitOfWork) -> KeyInfo:
    with uow:
        session = uow.session
        identity = store_identity(session)
        info = session.get(StoreInfo, 1)
        terminal, store = (info.terminal_id, info.store) if info is not None else (None, None)
        ledger = session.scalars(select(TrustedKey).where(TrustedKey.merchant == identity.merchant,
                                                          TrustedKey.public_key.not_in(identity.merchant_keys))
                                 .order_by(TrustedKey.public_key))
        ledger_keys = tuple(HeldKey(row.public_key, row.terminal, row.store) for row in ledger)
        mine = tuple(HeldKey(key, terminal, store) for key in identity.merchant_keys)
        held = {h.key: h for h in (HeldKey(identity.terminal_key, terminal, store), *mine, *ledger_keys)}
        revoked = session.execute(select(Revocation.value, Revocation.reason).where(Revocation.kind == TERMINAL_KEY)
                                  .order_by(Revocation.seq, Revocation.value))
        return KeyInfo(identity.merchant, HeldKey(identity.terminal_key, terminal, store), mine, ledger_keys,
                       tuple(replace(held.get(key, HeldKey(key)), reason=reason) for key, reason in revoked))
