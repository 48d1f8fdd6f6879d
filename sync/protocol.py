"""The wire protocol between terminals and the ledger, version 1.

The JSON shapes are pydantic models, so both sides validate the same way and the ledger's OpenAPI
document describes them. What else both sides must agree on (how an entry is hashed, the rule
set's format, the fields of the day totals) is re-exported here from where the terminal defines it,
so the ledger depends on this module alone.
"""

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from terminal.errors import Refused
from terminal.journal import GENESIS_HASH, canonical, entry_hash, hashed_fields
from terminal.mall.catalog import check_tiers, item_from_dict
from terminal.money import MAX_POINTS, format_fen
from terminal.points_math import EarnLine, earned_points, restored_lots
from terminal.rules import RuleSet, check_new_rules, rules_from_dict
from terminal.rules_changes import left_out, refuse_empty, rules_changes
from terminal.services.common import PAY_METHODS
from terminal.textwidth import pad, pad_left
from terminal.totals import Totals, totals_of

PROTOCOL = 1
MAX_BATCH = 500
MAX_FEN = 100_000_000 * 200  # a sale of 200 lines of ¥1,000,000

Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Kind = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,16}$")]
Points = Annotated[int, Field(ge=-MAX_POINTS, le=MAX_POINTS)]
# 'M' and 12 Crockford base32 digits, as every jifen makes a member's id (terminal.ids.member_id) and a member code
# carries it: no other text can name a member, so none can show in a report or at a till
_MEMBER_ID = re.compile("M[0-9A-HJKMNP-TV-Z]{12}")
MemberId = Annotated[str, StringConstraints(pattern=f"^{_MEMBER_ID.pattern}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class WireEntry(Strict):
    """One journal entry as the terminal wrote it; ``payload`` is its canonical JSON text."""

    seq: Annotated[int, Field(ge=1, le=2**53)]
    id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    kind: Kind
    at: Annotated[str, StringConstraints(min_length=20, max_length=32)]
    business_date: Day
    actor: Name | None
    approver: Name | None
    points_delta: Points
    liability_after: Annotated[int, Field(ge=-(2**62), le=2**62)]
    payload: Annotated[str, StringConstraints(max_length=200_000)]
    prev_hash: Hash
    hash: Hash


class Batch(Strict):
    protocol: Literal[1]
    entries: Annotated[list[WireEntry], Field(min_length=1)]


EntryStatus = Literal["applied", "duplicate", "conflict", "held", "rejected"]


class EntryResult(Strict):
    seq: int
    status: EntryStatus
    reason: str | None = None


class GrantedBy(Strict):
    """The journal entry that granted a lot: a store records the expiry of its own terminal's lots only."""

    merchant: str  # terminal ids are a merchant's own: merchants sharing points may each have a T1
    terminal: str
    seq: Annotated[int, Field(ge=1, le=2**53)]


class Lot(Strict):
    points: int
    expires_on: Day
    # None: a ledger that does not send it (snapshot shape 3 or less), or a lot it cannot trace to an entry
    granted_by: GrantedBy | None = None


class CouponUse(Strict):
    """A member's coupon used at some terminal, so that no other takes it again."""

    merchant: str  # coupon ids are a merchant's own: merchants sharing points may each have a T1-9
    id: str
    sale: str  # the sale that used it, e.g. T1-12
    used_on: Day
    value_fen: int
    expires_on: Day


class EarningSales(Strict):
    """How many of a member's sales earned points (refunded or not, as a terminal counts them) at a store on a
    business date: a terminal adds the other tills' to its own for the velocity limit."""

    merchant: str  # store names are a merchant's own: merchants sharing points may each have a 静安店
    store: str
    day: Day
    sales: int


class MemberSnapshot(Strict):
    """What a terminal needs to serve a member it has not seen: the ledger's view of them."""

    id: str
    phone: str
    name: str | None
    balance: int
    debt: int
    blocked: bool
    tier: str
    growth_fen: int
    lots: list[Lot]
    change: int  # the ledger's change counter when this snapshot was made
    referrer_id: str | None = None
    has_sales: bool = False  # a sale of theirs reached the ledger: the referral bonus is no longer due
    # growth_fen by sale date, oldest first, days without growth left out, so a terminal can slide the
    # 365-day window itself; None: a ledger that does not send them (the terminal uses growth_fen)
    growth_days: list[tuple[Day, int]] | None = None
    coupons_used: list[CouponUse] | None = None  # those not yet expired; None: a ledger that does not send them
    # of the last business dates only (today in any time zone); None: a ledger that does not send them
    earning_sales: list[EarningSales] | None = None


class BatchAnswer(Strict):
    acknowledged_seq: int  # every entry up to this one is held by the ledger
    results: list[EntryResult]
    gap: int | None = None  # the sequence number the ledger is waiting for, when a gap holds entries back
    members: list[MemberSnapshot]


class Changes(Strict):
    cursor: int
    members: list[MemberSnapshot]
    rules: dict[str, object] | None
    rules_version: str | None
    deny_list: list[dict[str, str]]
    public_keys: list[dict[str, str]]
    more: bool = True  # the page was full: ask again from ``cursor`` (a ledger that does not say: ask until empty)


class WhoAmI(Strict):
    protocol: int
    merchant: str
    store: str
    terminal: str
    held_seq: int | None = None  # asked for (?held=true): the last of this terminal's entries the ledger holds
    timezone: str | None = None  # asked for (?timezone=true): the merchant's, which the ledger's business dates go by
    # Asked for (?at=N), so that a terminal restored from an older backup can carry on after the ledger: the hash
    # and running points total of the last entry held (the genesis hash and 0 when none), and the hash of this
    # terminal's entry N as held (the genesis hash for 0; absent when the ledger holds no entry N).
    held_hash: Hash | None = None
    held_liability: int | None = None
    hash_at: Hash | None = None
    # Asked for (?gap=true, with ?at=N) where the ledger holds entries past N, which a restored terminal leaves to
    # it: the last Z closed among them (absent: none) and its z_close entry, and the business date of the last held.
    held_z: int | None = None
    held_z_seq: int | None = None
    held_date: str | None = None


class Catalog(Strict):
    """GET /v1/mall/catalog: the merchant's gifts and coupons (as terminal.mall.catalog dictionaries), the
    stock left at the asking terminal's store (absent: no limit), and the offers open for claims."""

    items: list[dict[str, Any]]
    stock: dict[str, int]
    offers: list[dict[str, Any]]


class MallTaken(Strict):
    """How often a member has taken a mall item, over every terminal: in all, and on the day."""

    member_id: str
    item_id: str
    total: int
    on_day: int


class MallTakes(Strict):
    """GET /v1/mall/takes: members' takes of mall items, as far as the ledger has them (a ledger without
    this route answers 404: the terminal then counts what it has seen itself).

    Asked with ``?cursor=N``: the (member, item) pairs that changed after N, a page at a time, with the
    ``cursor`` to ask from next and whether there is ``more``. Asked without (as the first terminals
    did, which refuse fields they do not know): every pair of the items with per-member limits, and
    neither field."""

    day: Day  # the merchant's business day ``on_day`` counts
    takes: list[MallTaken]
    cursor: Annotated[int, Field(ge=0, le=2**62)] | None = None
    more: bool | None = None


class ClaimRequest(Strict):
    offer: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    member_id: MemberId


class ClaimAnswer(Strict):
    claim_id: str
    offer: str
    code: str
    points: int
    member: MemberSnapshot


class Problem(Strict):
    """Every refusal: a stable code and a sentence."""

    error: str
    message: str


__all__ = [
    "PROTOCOL", "MAX_BATCH", "GENESIS_HASH", "canonical", "entry_hash", "hashed_fields", "EarnLine",
    "earned_points", "restored_lots", "RuleSet", "rules_from_dict", "Totals", "totals_of", "WireEntry", "Batch", "EntryResult",
    "MemberSnapshot", "BatchAnswer", "Changes", "WhoAmI", "Problem", "Lot", "Refused", "wire_entry",
    "item_from_dict", "check_tiers", "PAY_METHODS", "Catalog", "ClaimRequest", "ClaimAnswer", "MallTaken", "MallTakes",
    "check_new_rules",  # what rules being set must pass, at a till and at the ledger alike
    "rules_changes", "left_out", "refuse_empty",  # what rules being set change, said at a till and at the ledger alike
    "format_fen", "pad", "pad_left",  # the ledger's command line shows money and columns as the terminal's does
]


def wire_entry(row: Mapping[str, Any]) -> WireEntry:
    """A terminal journal row (column name → value) as sent on the wire."""
    return WireEntry(**{field: row[field] for field in WireEntry.model_fields})


def is_member_id(value: object) -> bool:
    """Whether ``value`` is a member id as a till makes it (MemberId)."""
    return isinstance(value, str) and _MEMBER_ID.fullmatch(value) is not None
