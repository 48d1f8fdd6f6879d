"""The ledger's tables. Plain portable types only: the same schema runs on SQLite and PostgreSQL
(and on PostgreSQL-compatible distributed engines)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Merchant(Base):
    __tablename__ = "merchants"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(32))  # merchants sharing one points currency share members
    fen_per_point: Mapped[int] = mapped_column(Integer)  # what a point is worth when merchants settle
    timezone: Mapped[str] = mapped_column(String(64))  # business dates (tiers, expiry) are in it
    rules: Mapped[str | None] = mapped_column(Text)  # the rule set terminals pull, as canonical JSON
    rules_version: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[str] = mapped_column(String(32))


class MerchantRules(Base):
    """Every rule set a merchant has had (the one in force is also Merchant.rules): a terminal offline when they
    changed rightly grants bonuses by the rules it holds. Before any, a merchant has the default rules."""

    __tablename__ = "merchant_rules"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(12), primary_key=True)
    rules: Mapped[str] = mapped_column(Text)


class RulesSetting(Base):
    """Each time a merchant's rules were set to a version other than the one in force, in the order they were set (by
    id): a return to an earlier version is a row of its own. Its rules are in merchant_rules. ``set_at`` is None for the
    rules a merchant had when the ledger began to keep this (schema 0018): when they were set was not recorded."""

    __tablename__ = "rules_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[str] = mapped_column(String(12))
    set_at: Mapped[str | None] = mapped_column(String(32))
    __table_args__ = (Index("ix_rules_settings_merchant", "merchant_id", "id"),)


class Terminal(Base):
    __tablename__ = "terminals"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(32))
    store: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    revoked: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[str] = mapped_column(String(32))
    # when it was registered, revoked or let in again (`terminal list`); None: revoked before the ledger kept it
    state_since: Mapped[str | None] = mapped_column(String(32))
    # it has sent all it held before its first sync (ledger.ingest, as its till said): rules it journals since are
    # not its own (ledger.earning.RuleBook)
    connected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    __table_args__ = (UniqueConstraint("merchant_id", "terminal_id"),)


class AdminToken(Base):
    __tablename__ = "admin_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32))


class Entry(Base):
    """A terminal's journal entry, held forever exactly as it was sent."""

    __tablename__ = "entries"
    terminal_pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    merchant_id: Mapped[str] = mapped_column(String(32))
    store: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[str] = mapped_column(String(32))
    business_date: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str | None] = mapped_column(String(64))
    approver: Mapped[str | None] = mapped_column(String(64))
    points_delta: Mapped[int] = mapped_column(BigInteger)
    liability_after: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(32))
    __table_args__ = (Index("ix_entries_merchant_date", "merchant_id", "business_date"),)


class Transfer(Base):
    """A movement of points between two accounts; immutable. Account names: member:ID,
    issuance:MERCHANT, redemption:MERCHANT, expiry:MERCHANT, debt:CURRENCY."""

    __tablename__ = "transfers"
    id: Mapped[str] = mapped_column(String(96), primary_key=True)  # terminal:seq:leg, or the ledger's own
    debit: Mapped[str] = mapped_column(String(64))
    credit: Mapped[str] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[str] = mapped_column(String(10))
    terminal_pk: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    # points a late entry took back from expiry, rare: a partial index costs batches nothing
    __table_args__ = (Index("ix_transfers_credit_date", "credit", "business_date"),
                      Index("ix_transfers_unexpired", "debit", "business_date", postgresql_where=text("kind = 'unexpire'"),
                            sqlite_where=text("kind = 'unexpire'")))


class Member(Base):
    __tablename__ = "members"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    currency: Mapped[str] = mapped_column(String(32))
    merchant_id: Mapped[str] = mapped_column(String(32))  # where the member registered; its rules set the tier
    phone: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str | None] = mapped_column(String(64))
    referrer_id: Mapped[str | None] = mapped_column(String(16))
    registered_on: Mapped[str] = mapped_column(String(10))
    debt: Mapped[int] = mapped_column(BigInteger)  # points owed through the debt account; blocks redeeming
    # whom the debt is owed to, JSON [[merchant, points], …] oldest first ("": no merchant to settle with); NULL: none
    debt_owed_to: Mapped[str | None] = mapped_column(Text)
    change: Mapped[int] = mapped_column(BigInteger)  # the change counter when last changed
    __table_args__ = (Index("ix_members_currency_change", "currency", "change"),)


class Lot(Base):
    __tablename__ = "lots"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(16))
    issuer: Mapped[str] = mapped_column(String(32))  # the merchant whose points these are
    granted_on: Mapped[str] = mapped_column(String(10))
    expires_on: Mapped[str] = mapped_column(String(10))
    points: Mapped[int] = mapped_column(BigInteger)
    remaining: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(96))  # the transfer that granted them
    # what expiry took and when: an entry that arrives late, dated before that, may still spend it
    expired: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    expired_on: Mapped[str | None] = mapped_column(String(10))
    __table_args__ = (Index("ix_lots_member", "member_id", "remaining"),)


class Sale(Base):
    __tablename__ = "sales"
    terminal_pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    member_id: Mapped[str | None] = mapped_column(String(16))
    merchant_id: Mapped[str] = mapped_column(String(32))
    business_date: Mapped[str] = mapped_column(String(10))
    paid_fen: Mapped[int] = mapped_column(BigInteger)
    redeem_expires_on: Mapped[str | None] = mapped_column(String(10))
    redeemed_lots: Mapped[str | None] = mapped_column(Text)  # JSON [[expires on, points], …] in spending order
    # what its refunds are checked against: a line is refunded once, nothing beyond what was paid comes back
    line_fen: Mapped[str] = mapped_column(Text)  # the lines' amounts in fen, comma-separated, in line order
    pay_method: Mapped[str] = mapped_column(String(8))
    redeemed_points: Mapped[int] = mapped_column(BigInteger)
    earned_points: Mapped[int] = mapped_column(BigInteger)
    # a sale given its member after it was paid (sale_member): its tier's multiplier then; None: its entry's stands
    tier_pct: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (Index("ix_sales_member_date", "member_id", "business_date"),)


class Refund(Base):
    __tablename__ = "refunds"
    terminal_pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    sale_seq: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[str | None] = mapped_column(String(16))
    sale_date: Mapped[str] = mapped_column(String(10))  # growth counts a refund against its sale's date
    money_fen: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[str] = mapped_column(Text)  # the sale's line numbers it refunded, comma-separated
    restored_points: Mapped[int] = mapped_column(BigInteger)
    reversed_points: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_refunds_member_date", "member_id", "sale_date"),
                      Index("ix_refunds_sale", "terminal_pk", "sale_seq"))


class Claim(Base):
    """Points issued by one merchant and redeemed at another: the issuer owes the redeemer."""

    __tablename__ = "claims"
    id: Mapped[str] = mapped_column(String(96), primary_key=True)
    issuer: Mapped[str] = mapped_column(String(32))
    redeemer: Mapped[str] = mapped_column(String(32))
    points: Mapped[int] = mapped_column(BigInteger)
    business_date: Mapped[str] = mapped_column(String(10), index=True)


class Overdraw(Base):
    """Debt a member ran into, and the entry that did it (offline spending across terminals, or a refund)."""

    __tablename__ = "overdraws"
    id: Mapped[str] = mapped_column(String(96), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(16), index=True)
    terminal_pk: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    points: Mapped[int] = mapped_column(BigInteger)
    business_date: Mapped[str] = mapped_column(String(10))


class Conflict(Base):
    """An entry the ledger could not take as sent, for the owner to look at (ledger.conflicts): other content under
    a number held, a break in the chain held, or a hash that does not match the content (``held_hash`` empty)."""

    __tablename__ = "conflicts"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    terminal_pk: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # differs, fork, tampered
    held_hash: Mapped[str] = mapped_column(String(64))
    sent_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(32))


class Counter(Base):
    """Named counters; ``change`` orders member changes for terminals pulling them."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Revocation(Base):
    """The deny list terminals pull: member codes voided up to a time, and revoked terminal keys."""

    __tablename__ = "revocations"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # member_code, terminal_key
    value: Mapped[str] = mapped_column(String(128), primary_key=True)
    reason: Mapped[str | None] = mapped_column(Text)


class MerchantKey(Base):
    """A public key member codes of the merchant may be signed with (each store's, announced at init)."""

    __tablename__ = "merchant_keys"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex


# --- the points mall ----------------------------------------------------------------------------


class MallItem(Base):
    """A catalog item of a merchant, as the dictionary terminals pull (checked like the terminal does)."""

    __tablename__ = "mall_items"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)


class MallStock(Base):
    """What is left of an item at one store: set by the merchant, less the exchanges synced."""

    __tablename__ = "mall_stock"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    store: Mapped[str] = mapped_column(String(64), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


class MallCoupon(Base):
    """A coupon issued for points, and the sale that used it."""

    __tablename__ = "mall_coupons"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    member_id: Mapped[str | None] = mapped_column(String(16))
    value_fen: Mapped[int] = mapped_column(BigInteger)
    expires_on: Mapped[str] = mapped_column(String(10), index=True)
    issued: Mapped[bool] = mapped_column(Boolean)  # the issuing entry has arrived
    used_by: Mapped[str | None] = mapped_column(String(96))  # terminal/sale of the first use
    used_on: Mapped[str | None] = mapped_column(String(10))
    __table_args__ = (Index("ix_mall_coupons_member", "member_id"),)  # a member's used coupons go with their snapshot


class CouponClash(Base):
    """A coupon used twice (offline, at two terminals): the owner must look."""

    __tablename__ = "coupon_clashes"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    merchant_id: Mapped[str] = mapped_column(String(32), index=True)
    coupon_id: Mapped[str] = mapped_column(String(48))
    member_id: Mapped[str | None] = mapped_column(String(16))
    first_use: Mapped[str] = mapped_column(String(96))
    second_use: Mapped[str] = mapped_column(String(96))
    discount_fen: Mapped[int] = mapped_column(BigInteger)
    business_date: Mapped[str] = mapped_column(String(10))


class MallTake(Base):
    """How many times a member took a mall item (gifts exchanged less those cancelled, coupons issued) on a day
    at a terminal: the per-member limits are checked against these across every terminal."""

    __tablename__ = "mall_takes"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int]
    change: Mapped[int | None] = mapped_column(BigInteger)  # the batch's change number: terminals pull takes after a cursor
    __table_args__ = (Index("ix_mall_takes_change", "merchant_id", "change"),)


class Offer(Base):
    """A partner's offer: single-use redemption codes members claim for points during a drop."""

    __tablename__ = "offers"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(128))
    partner: Mapped[str] = mapped_column(String(64))
    points: Mapped[int] = mapped_column(BigInteger)
    starts_at: Mapped[str] = mapped_column(String(32))
    ends_at: Mapped[str] = mapped_column(String(32))
    total: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer)  # taken down by a conditional UPDATE: never below 0


class OfferCode(Base):
    __tablename__ = "offer_codes"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str | None] = mapped_column(String(16))


class OfferClaim(Base):
    """One claim per member and offer (the primary key says so)."""

    __tablename__ = "offer_claims"
    merchant_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(48), unique=True)
    code: Mapped[str] = mapped_column(String(64))
    points: Mapped[int] = mapped_column(BigInteger)
    terminal_pk: Mapped[int] = mapped_column(Integer)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
