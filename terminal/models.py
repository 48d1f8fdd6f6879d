"""The local store's tables (SQLAlchemy 2.0 typed mappings).

The journal is the record; the other tables are the current state it implies, written in the
same transaction so they never disagree.

``balance_after`` (sales, refunds, gift exchanges and their cancels, coupons issued here): the member's points
balance right after the entry, as the till showed it, for reprints, which cannot tell it from this journal once
points from other terminals came in through the ledger. It stays out of the journal's payload, which the ledger
checks; None where no member took part, and in rows recorded before schema 0015.
"""

from datetime import date
from typing import Any, cast

from sqlalchemy import ForeignKey, Index, String, Table, Text, false, func, literal_column, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class StoreInfo(Base):
    """One row: who this terminal is."""

    __tablename__ = "store"
    id: Mapped[int] = mapped_column(primary_key=True)
    store: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(32))
    merchant: Mapped[str] = mapped_column(String(64))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))


class RuleSetRow(Base):
    __tablename__ = "rule_sets"
    version: Mapped[str] = mapped_column(String(12), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    seq: Mapped[int]


class Cashier(Base):
    __tablename__ = "cashiers"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(8))
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_pins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)  # False: has left; kept, so their past sales keep their name


class Member(Base):
    __tablename__ = "members"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    # Not unique: a phone registered at two stores offline is two members, both kept (see SharedPhone).
    phone: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str | None] = mapped_column(String(64))
    referrer_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    registered_on: Mapped[date]
    debt_points: Mapped[int] = mapped_column(default=0)
    # With a ledger: its view of the member's growth, as of this terminal's entry ``ledger_seq``; and the
    # same by sale date (JSON [[day, fen], …]) so the 365-day window slides here too (NULL: an older ledger).
    ledger_growth_fen: Mapped[int] = mapped_column(default=0, server_default="0")
    ledger_growth_days: Mapped[str | None] = mapped_column(Text)
    # And the member's sales that earned points at this store by business date (JSON [[day, sales], …]) of
    # the last days, other tills' too, for the velocity limit (NULL: an older ledger).
    ledger_earning_sales: Mapped[str | None] = mapped_column(Text)
    ledger_seq: Mapped[int | None]


class Lot(Base):
    """Points granted together, spent soonest-expiring first; ``seq`` is the entry that granted them."""

    __tablename__ = "lots"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    granted_on: Mapped[date]
    expires_on: Mapped[date]
    points: Mapped[int]
    remaining: Mapped[int]
    seq: Mapped[int]
    __table_args__ = (Index("ix_lots_member_live", "member_id", "expires_on"),
                      Index("ix_lots_held", "expires_on", sqlite_where=text("remaining > 0")))  # due, not yet expired


class Sale(Base):
    __tablename__ = "sales"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    cashier: Mapped[str] = mapped_column(String(32))
    business_date: Mapped[date]
    total_fen: Mapped[int]
    redeemed_points: Mapped[int]
    redeemed_fen: Mapped[int]
    paid_fen: Mapped[int]
    pay_method: Mapped[str] = mapped_column(String(8))
    earned_points: Mapped[int]
    tier: Mapped[str] = mapped_column(String(32))
    tier_pct: Mapped[int]
    rules_version: Mapped[str] = mapped_column(String(12))
    redeem_expires_on: Mapped[date | None]
    redeemed_lots: Mapped[str | None] = mapped_column(Text)  # JSON [[expires on, points], …] in spending order
    balance_after: Mapped[int | None]  # see above
    __table_args__ = (Index("ix_sales_member_date", "member_id", "business_date"),)


class SaleLine(Base):
    __tablename__ = "sale_lines"
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    amount_fen: Mapped[int]
    rate_bp: Mapped[int]
    promo_pct: Mapped[int]
    refund_id: Mapped[str | None] = mapped_column(ForeignKey("refunds.id"))


class Refund(Base):
    __tablename__ = "refunds"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    business_date: Mapped[date]
    refunded_fen: Mapped[int]
    money_fen: Mapped[int]
    restored_points: Mapped[int]
    reversed_points: Mapped[int]
    balance_after: Mapped[int | None]  # see above


class JournalEntry(Base):
    """One change, hash-chained to the one before (see terminal.journal)."""

    __tablename__ = "journal"
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    terminal_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[str] = mapped_column(String(32))
    business_date: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str | None] = mapped_column(String(32))
    approver: Mapped[str | None] = mapped_column(String(32))
    points_delta: Mapped[int]
    liability_after: Mapped[int]
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    __table_args__ = (Index("ix_journal_date_seq", "business_date", "seq"),
                      # expiry recorded late is dated before entries written earlier: a day's liability adds it
                      Index("ix_journal_expiry", "seq", "business_date", "points_delta",
                            sqlite_where=text("kind = 'expire'")))


# The member an entry names. A query finds a member's entries by the index below only when it uses this very
# expression: the path written out, never a bound parameter, which SQLite cannot match to an index expression.
ENTRY_MEMBER = func.json_extract(JournalEntry.payload, literal_column("'$.member_id'"))
Index("ix_journal_member", ENTRY_MEMBER, sqlite_where=ENTRY_MEMBER.is_not(None))


def entry_field(path: str) -> Any:
    """The payload's value at ``path`` ('total_fen', 'coupon.discount_fen'), written out as the indexes have it."""
    return func.json_extract(JournalEntry.payload, literal_column(f"'$.{path}'"))


# What the figures of a long period are summed from (terminal.totals.SUMMED, the members served): held by an index,
# so SQL sums a year of entries by day, kind and cashier without decoding each payload (the Dashboard over a year).
FIGURE_FIELDS = ("member_id", "total_fen", "paid_fen", "pay_method", "redeemed_fen", "earned_points", "redeemed_points",
                 "coupon.discount_fen", "points", "refunded_fen", "money_fen", "restored_points", "reversed_points")
Index("ix_journal_figures", JournalEntry.kind, JournalEntry.business_date, JournalEntry.actor,
      *(entry_field(path) for path in FIGURE_FIELDS))


class JournalHead(Base):
    """The last entry written, kept so a truncated journal is noticed."""

    __tablename__ = "journal_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))
    liability: Mapped[int]
    entry_id: Mapped[str | None] = mapped_column(String(36))


class JournalGap(Base):
    """Entries this store does not hold: the ledger holds them (written before the store was restored from an
    older backup, or moved to a new computer), and the journal goes on after the last, chained on its hash."""

    __tablename__ = "journal_gaps"
    from_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    to_seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))  # the ledger's hash of entry to_seq
    liability: Mapped[int]  # and its running points total
    at: Mapped[str] = mapped_column(String(32))  # when the store resumed after the ledger
    why: Mapped[str] = mapped_column(String(16))  # restore: when restoring the backup; sync: at the first sync after
    # What the ledger said of the gap's entries (None: a ledger that does not say, or none there): the last Z closed
    # among them and its z_close entry, so the next Z here follows it; and the business date of entry to_seq.
    last_z: Mapped[int | None]
    last_z_seq: Mapped[int | None]
    last_date: Mapped[str | None] = mapped_column(String(10))


class OutboxItem(Base):
    """A journal entry the central ledger has not acknowledged yet, and the member it concerns."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(ForeignKey("journal.seq"), primary_key=True, autoincrement=False)
    member_id: Mapped[str | None] = mapped_column(String(16), index=True)


class LedgerLink(Base):
    """The central ledger this terminal answers to, and how syncing with it went."""

    __tablename__ = "ledger_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(256))
    acked_seq: Mapped[int] = mapped_column(default=0)  # every entry up to here is held by the ledger
    cursor: Mapped[int] = mapped_column(default=0)  # the ledger's member changes pulled so far
    takes_cursor: Mapped[int] = mapped_column(default=0, server_default="0")  # and its mall takes (ledger_takes)
    last_attempt: Mapped[str | None] = mapped_column(String(32))
    last_success: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    # the entries a push sends at most while answers come late (sync.relay.Syncer.batch_size); None: the full batch
    batch_size: Mapped[int | None] = mapped_column()


class SharedPhone(Base):
    """A member the ledger holds under the phone of another member here: the phone was registered at two stores
    before either synced. Both are kept; the phone finds the other one, this one is reached by their member card,
    and the owner sorts it out at the ledger. ``told``: `jifen sync` has said so."""

    __tablename__ = "shared_phones"
    member_id: Mapped[str] = mapped_column(String(16), primary_key=True)  # the member the phone does not find here
    phone: Mapped[str] = mapped_column(String(20))
    found_at: Mapped[str] = mapped_column(String(32))
    told: Mapped[bool] = mapped_column(default=False)
    # The member the phone finds here was registered at this till (else both came from the ledger).
    registered_here: Mapped[bool] = mapped_column(default=False, server_default=false())


class Shift(Base):
    __tablename__ = "shifts"
    id: Mapped[int] = mapped_column(primary_key=True)
    cashier: Mapped[str] = mapped_column(ForeignKey("cashiers.name"))
    opened_seq: Mapped[int]
    closed_seq: Mapped[int | None]
    __table_args__ = (Index("ix_shifts_open", "cashier", "closed_seq"),)


class ZRecord(Base):
    """A closed day: totals frozen as they were, never recomputed."""

    __tablename__ = "z_records"
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(unique=True)
    from_seq: Mapped[int]
    to_seq: Mapped[int]
    totals: Mapped[str] = mapped_column(Text)


class PrintJob(Base):
    """A document waiting for the printer, or printed: kept so a failed print is never lost."""

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # receipt, refund, day, z, card, test
    ref: Mapped[str] = mapped_column(String(64))  # the sale, refund, date, Z number or member it prints
    copy: Mapped[bool]  # a reprint, marked 重印 / COPY
    status: Mapped[str] = mapped_column(String(8))  # queued, sending, printed, sent: printing.print_queue
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    printed_at: Mapped[str | None] = mapped_column(String(32))
    # A receipt's try sent the drawer kick (committed before it went out): no later try of it kicks again.
    drawer_kicked: Mapped[bool] = mapped_column(default=False, server_default=false())
    __table_args__ = (Index("ix_print_jobs_status", "status", "id"),)


class Revocation(Base):
    """A revoked member code or key; verification refuses it."""

    __tablename__ = "revocations"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # member_code, terminal_key
    value: Mapped[str] = mapped_column(String(128), primary_key=True)
    reason: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int]  # the journal entry that revoked it


class TrustedKey(Base):
    """Another store's key for the merchant's member codes, learnt from the ledger."""

    __tablename__ = "trusted_keys"
    public_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex
    merchant: Mapped[str] = mapped_column(String(32))
    terminal: Mapped[str | None] = mapped_column(Text)  # the terminals holding it, as the ledger says ("T1", "T1, T3")
    store: Mapped[str | None] = mapped_column(Text)  # and their stores


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, for the hot paths that skip the ORM's unit of work."""
    return cast(Table, model.__table__)


# --- the points mall (积分商城): catalog, exchanges, coupons, claimed codes -----------------------


class MallItem(Base):
    """A gift or a coupon members can take for points; ``stock`` is this store's (None: no limit)."""

    __tablename__ = "mall_items"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # gift, coupon
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    picture: Mapped[str | None] = mapped_column(String(256))
    points: Mapped[int]
    topup_fen: Mapped[int]
    value_fen: Mapped[int]  # a coupon's money off
    min_spend_fen: Mapped[int]  # a coupon's minimum spend
    valid_days: Mapped[int]  # a coupon's validity
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    per_day: Mapped[int | None]
    per_member: Mapped[int | None]
    tiers: Mapped[str] = mapped_column(String(200))  # comma-separated; empty: every tier
    on_sale: Mapped[bool]
    stock: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(8))  # local, ledger


class GiftExchange(Base):
    __tablename__ = "gift_exchanges"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    item_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    business_date: Mapped[date]
    points: Mapped[int]
    topup_fen: Mapped[int]
    spent_expires_on: Mapped[date | None]  # the latest expiry the points came from: a cancel gives them back with it
    cancelled_seq: Mapped[int | None]
    balance_after: Mapped[int | None]  # see above
    cancel_balance_after: Mapped[int | None]  # and right after its cancel
    __table_args__ = (Index("ix_gift_exchanges_member_item", "member_id", "item_id", "business_date"),)


class LedgerTake(Base):
    """How often a member has taken a mall item at every terminal, as the ledger counted it when it last
    sent the pair: in all, and on ``day`` (the ledger's business day then). Updated by each pull."""

    __tablename__ = "ledger_takes"
    member_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    total: Mapped[int]
    day: Mapped[date]
    on_day: Mapped[int]


class Coupon(Base):
    """A coupon this terminal issued, or one it learnt of by taking it at the till."""

    __tablename__ = "coupons"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    member_id: Mapped[str | None] = mapped_column(String(16), index=True)
    item_id: Mapped[str | None] = mapped_column(String(32))
    value_fen: Mapped[int]
    min_spend_fen: Mapped[int]
    issued_on: Mapped[date]
    expires_on: Mapped[date]  # the last day it can be used
    points: Mapped[int]
    issued_seq: Mapped[int | None]  # None: issued elsewhere
    used_sale: Mapped[str | None] = mapped_column(String(48))
    used_on: Mapped[date | None]
    balance_after: Mapped[int | None]  # see above; None also for one issued elsewhere
    spent_expires_on: Mapped[date | None]  # as GiftExchange's; None also for one issued elsewhere or before 0021


class CodeClaim(Base):
    """A partner's redemption code (兑换码) a member claimed here; the ledger handed it out."""

    __tablename__ = "code_claims"
    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    offer_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[str] = mapped_column(String(16), index=True)
    code: Mapped[str] = mapped_column(String(64))
    points: Mapped[int]
    business_date: Mapped[date]
