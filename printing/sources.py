"""Receipt data from the store, read-only: what a sale or a refund receipt says, as of that entry.

The balance printed is the balance right after the entry, even on a reprint weeks later: as the
entry's row recorded it (``balance_after``, schema 0015 on). For rows recorded before, it is the
member's balance now (lots held less debt) less the points deltas of the member's later entries.
That holds while every change to the member's points is in this journal. A snapshot from the
ledger replaces the member's lots with points that other terminals gave or took, which have no
entry here: once one is taken after the entry and its points differ from this journal's, when they
came is not known here, and the receipt prints only the balance now, as of the day printed. When
the points changed after the entry, the receipt prints the balance now too, with its date; the
next expiry printed is as of that day.
"""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import ColumnElement, case, func, literal_column, select
from sqlalchemy.orm import Session

from printing.receipt_data import (
    Balance,
    CouponOnSale,
    DayClosing,
    Header,
    MemberCard,
    MemberOnRefund,
    MemberOnSale,
    ReceiptLine,
    RefundReceipt,
    SaleReceipt,
    TierOnPaper,
)
from terminal import lots, receipt_code
from terminal.errors import Refused
from terminal.models import (
    ENTRY_MEMBER,
    Coupon,
    GiftExchange,
    JournalEntry,
    Lot,
    Member,
    Refund,
    Revocation,
    RuleSetRow,
    Sale,
    SaleLine,
    ZRecord,
)
from terminal.rules import RuleSet, rules_from_json
from terminal.services.common import local_id
from terminal.services.members import find_member, mask_phone, view_member
from terminal.services.refunds import restored_expired
from terminal.shop import Shop
from terminal.totals import totals_of

RECEIPT_KINDS = ("receipt", "refund")


def local_time(instant: str, tz: ZoneInfo) -> datetime:
    return datetime.fromisoformat(instant).astimezone(tz)


def keys_of_record(session: Session, shop: Shop) -> dict[str, str]:
    """This terminal's public key as the journal's first entry recorded it (hex)."""
    init = session.scalar(select(JournalEntry.payload).where(JournalEntry.kind == "store_init")
                          .order_by(JournalEntry.seq).limit(1))
    return {shop.terminal_id: json.loads(init)["public_key"]} if init else {}


def revoked_keys(session: Session) -> frozenset[str]:
    return frozenset(session.scalars(select(Revocation.value).where(Revocation.kind == "terminal_key")))


def verify_code(session: Session, shop: Shop, text: str) -> receipt_code.ReceiptCode:
    return receipt_code.verify(text, keys_of_record(session, shop), revoked_keys(session))


def receipt_kind(session: Session, shop: Shop, ref: str) -> tuple[str, str]:
    """The print-job kind and id of what a number, an id, or a scanned receipt code names: a sale
    ("receipt"), a refund, a gift exchange ("gift"), its cancel ("gift_cancel") or a coupon issued here."""
    text = ref.strip()
    if receipt_code.looks_like_code(text):
        code = verify_code(session, shop, text)
        text = code.entry_id
    else:
        text = local_id(shop, text)
    for model, kind in ((Sale, "receipt"), (Refund, "refund"), (GiftExchange, "gift")):
        stored = _stored_id(session, model, text)
        if stored is not None:
            return kind, stored
    coupon = session.get(Coupon, _stored_id(session, Coupon, text) or text)
    if coupon is not None and coupon.issued_seq is not None:  # one issued elsewhere and used here has no slip here
        return "coupon", coupon.id
    _, _, number = text.rpartition("-")
    entry = session.get(JournalEntry, int(number)) if number.isdigit() and len(number) < 19 else None
    cancel_id = json.loads(entry.payload).get("cancel_id") if entry is not None and entry.kind == "gift_cancel" else None
    if isinstance(cancel_id, str) and cancel_id.upper() == text.upper():
        return "gift_cancel", cancel_id
    raise Refused("not_found", f"no sale, refund, gift exchange, cancel or coupon issued here '{ref}'",
                  f"找不到销售单、退款单、礼品兑换单、取消单或本机发放的优惠券“{ref}”")


def _stored_id(session: Session, model: type[Sale | Refund | GiftExchange | Coupon], text: str) -> str | None:
    """The id of the row ``text`` names, typed in any case (t1-17 for T1-17); the exact one first, as a terminal id
    keeps its case."""
    if session.get(model, text) is not None:
        return text
    return session.scalar(select(model.id).where(func.upper(model.id) == text.upper()).limit(1)) if len(text) <= 48 else None


def _points_of(session: Session, member_id: str, *where: ColumnElement[bool]) -> tuple[int, int]:
    """The sum of the points deltas of the member's entries (those ``where`` says), and how many there are."""
    total, count = session.execute(
        select(func.coalesce(func.sum(JournalEntry.points_delta), 0), func.count())
        .where(*where, JournalEntry.points_delta != 0,
               ENTRY_MEMBER == member_id)).one()
    return int(total), int(count)


def member_balance(session: Session, shop: Shop, member: Member, cut: int, recorded: int | None) -> Balance:
    """The member's balance right after entry ``cut`` (``recorded`` with it, if it was) and now (see the module's
    docstring)."""
    held, live = session.execute(
        select(func.coalesce(func.sum(Lot.remaining), 0),
               func.coalesce(func.sum(case((Lot.expires_on >= shop.today(), Lot.remaining), else_=0)), 0))
        .where(Lot.member_id == member.id)).one()
    later, changes = _points_of(session, member.id, JournalEntry.seq > cut)
    after: int | None = recorded
    if after is None:
        after = int(held) - member.debt_points - later  # lots past their date count until their expiry entry
        snapshot_since = member.ledger_seq is not None and member.ledger_seq >= cut  # all its entries up to then were in it
        if snapshot_since and _points_of(session, member.id, JournalEntry.seq <= cut)[0] != after:
            after = None
    now = int(live) - member.debt_points
    changed = changes or after is None or now != after
    return Balance(after, now, shop.today() if changed else None)


def _referral_after_sale(session: Session, seq: int, member_id: str) -> tuple[int, int]:
    """The last entry of the sale's transaction and the referral bonus the member got in it."""
    rows = session.execute(select(JournalEntry.seq, JournalEntry.kind, JournalEntry.payload)
                           .where(JournalEntry.seq.in_((seq + 1, seq + 2))).order_by(JournalEntry.seq)).all()
    cut, bonus = seq, 0
    for entry_seq, kind, payload in rows:
        p = json.loads(payload)
        if entry_seq != cut + 1 or kind != "bonus" or p.get("reason") != "referral" or p.get("new_member_id") != member_id:
            break
        cut = entry_seq
        bonus += p["points"] if p["member_id"] == member_id else 0
    return cut, bonus


def _entry(session: Session, seq: int) -> JournalEntry:
    entry = session.get(JournalEntry, seq)
    assert entry is not None, seq
    return entry


def _sale_rules(session: Session, shop: Shop, sale: Sale) -> RuleSet | None:
    """The rules the sale was made under, if this store holds them."""
    if sale.rules_version == shop.rules.version:
        return shop.rules
    body = session.scalar(select(RuleSetRow.body).where(RuleSetRow.version == sale.rules_version))
    return rules_from_json(body) if body else None


def _promotion(rules: RuleSet | None, sale: Sale, line: SaleLine) -> str | None:
    """The name of the promotion that gave the line its multiplier: on the sale's day, else the day before (a sale
    rung up before midnight and paid after earns by the day its points were shown for)."""
    if rules is None or line.promo_pct == 100:
        return None
    return next((p.name for day in (sale.business_date, sale.business_date - timedelta(days=1))
                 for p in rules.promotions if p.multiplier == line.promo_pct and p.applies(day, line.category)), None)


def _lines(session: Session, shop: Shop, sale: Sale, *where: ColumnElement[bool]) -> tuple[ReceiptLine, ...]:
    """The sale's lines, named by the rules it was made under (a reprint reads as the first print did), else by
    the rules in force."""
    rules = _sale_rules(session, shop, sale)
    labels = {**shop.rules.category_labels, **(rules.category_labels if rules else {})}
    rows = session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id, *where).order_by(SaleLine.line_no))
    return tuple(ReceiptLine(r.line_no, r.category, r.amount_fen, r.rate_bp, r.promo_pct, r.refund_id is not None,
                             labels.get(r.category), _promotion(rules, sale, r)) for r in rows)


def _tier_label(shop: Shop, name: str) -> str:
    return next((t.label for t in shop.rules.tiers if t.name == name), name)


_ENTRY_PHONE = func.json_extract(JournalEntry.payload, literal_column("'$.phone'"))


def phone_at(session: Session, member: Member, seq: int) -> str:
    """The member's phone as this till had it at journal entry ``seq``, so a reprint reads as the first print did.
    Only a phone changed here after it is undone: by the latest member_add or member_edit here up to ``seq``. A
    phone corrected elsewhere reaches this till without an entry, so otherwise today's phone is the best known."""
    rows = session.execute(select(JournalEntry.seq, _ENTRY_PHONE).where(
        ENTRY_MEMBER == member.id, JournalEntry.kind.in_(("member_add", "member_edit")), _ENTRY_PHONE.is_not(None)
    ).order_by(JournalEntry.seq)).all()
    if all(at <= seq for at, _ in rows):
        return member.phone
    before = [str(phone) for at, phone in rows if at <= seq]
    return before[-1] if before else member.phone


_ENTRY_SALE = func.json_extract(JournalEntry.payload, literal_column("'$.sale_id'"))


def _tier_after(session: Session, sale: Sale, payload: dict[str, object]) -> object:
    """The tier right after the sale: its own entry's, or, for a paid sale given its member afterwards (补积分), that
    entry's, which raised the tier with this sale's money."""
    if "tier_after" in payload or sale.member_id is None:
        return payload.get("tier_after")
    given = session.scalar(select(JournalEntry.payload).where(
        JournalEntry.kind == "sale_member", _ENTRY_SALE == sale.id).order_by(JournalEntry.seq.desc()).limit(1))
    return None if given is None else json.loads(given).get("tier_after")


def sale_receipt(session: Session, shop: Shop, sale_id: str, key: Ed25519PrivateKey, copy: bool = False) -> SaleReceipt:
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise Refused("not_found", f"no sale '{sale_id}'", f"找不到销售单“{sale_id}”")
    entry = _entry(session, sale.seq)
    payload = json.loads(entry.payload)
    member_part = None
    if sale.member_id:
        member = session.get(Member, sale.member_id)
        assert member is not None
        cut, bonus = _referral_after_sale(session, sale.seq, member.id)
        live = lots.member_lots(session, member.id, shop.today()).live
        first = live[0].expires_on if live else None
        after = _tier_after(session, sale, payload)  # as the till had it then: a reprint shows it, not today's
        member_part = MemberOnSale(
            mask_phone(phone_at(session, member, sale.seq)), sale.tier, _tier_label(shop, sale.tier), sale.tier_pct, sale.earned_points, bonus,
            member_balance(session, shop, member, cut, sale.balance_after),
            (sum(lot.remaining for lot in live if lot.expires_on == first), first) if first else None,
            TierOnPaper(after, _tier_label(shop, after)) if isinstance(after, str) else None)
    code = receipt_code.build(key, kind="sale", terminal=entry.terminal_id, seq=entry.seq,
                              at=datetime.fromisoformat(entry.at), total_fen=sale.total_fen,
                              earned_points=sale.earned_points, redeemed_points=sale.redeemed_points,
                              prev_hash=entry.prev_hash)
    taken = payload.get("coupon")
    coupon = CouponOnSale(str(taken["id"]), int(taken["discount_fen"]),
                          int(taken.get("list_total_fen", sale.total_fen + taken["discount_fen"]))) if taken else None
    return SaleReceipt(Header(shop.store, entry.terminal_id, sale.cashier, local_time(entry.at, shop.tz), entry.approver),
                       sale.id,
                       _lines(session, shop, sale), sale.total_fen, sale.redeemed_points,
                       sale.redeemed_fen, sale.paid_fen, sale.pay_method, member_part, code, copy, coupon)


def refund_receipt(session: Session, shop: Shop, refund_id: str, key: Ed25519PrivateKey,
                   copy: bool = False) -> RefundReceipt:
    refund = session.get(Refund, refund_id)
    if refund is None:
        raise Refused("not_found", f"no refund '{refund_id}'", f"找不到退款单“{refund_id}”")
    entry = _entry(session, refund.seq)
    payload = json.loads(entry.payload)
    sale = session.get(Sale, refund.sale_id)
    assert sale is not None
    member_part = None
    if sale.member_id:
        member = session.get(Member, sale.member_id)
        assert member is not None
        balance = member_balance(session, shop, member, refund.seq, refund.balance_after)
        member_part = MemberOnRefund(mask_phone(phone_at(session, member, refund.seq)), balance)
    code = receipt_code.build(key, kind="refund", terminal=entry.terminal_id, seq=entry.seq,
                              at=datetime.fromisoformat(entry.at), total_fen=-refund.refunded_fen,
                              earned_points=-refund.reversed_points, redeemed_points=-refund.restored_points,
                              prev_hash=entry.prev_hash)
    return RefundReceipt(Header(shop.store, entry.terminal_id, entry.actor, local_time(entry.at, shop.tz), entry.approver),
                         refund.id,
                         sale.id, _lines(session, shop, sale, SaleLine.line_no.in_(payload["lines"])),
                         refund.refunded_fen, refund.money_fen, payload["pay_method"], refund.restored_points,
                         refund.reversed_points, member_part, code, copy, restored_expired(session, refund))


def member_card(session: Session, shop: Shop, ref: str, code: str) -> MemberCard:
    member = find_member(session, ref, shop)
    view = view_member(session, shop, member)
    return MemberCard(shop.store, member.id, member.name, mask_phone(member.phone), view.tier.name, view.tier.label, code)


def day_closing(session: Session, day: date) -> DayClosing:
    """Which Z reports hold the day's entries; whether entries after the last Z change the day's figures."""
    on_day = JournalEntry.business_date == day.isoformat()
    numbers = session.scalars(select(ZRecord.number).distinct().where(on_day).join(
        JournalEntry, JournalEntry.seq.between(ZRecord.from_seq, ZRecord.to_seq)).order_by(ZRecord.number))
    closed_to = session.scalar(select(func.max(ZRecord.to_seq))) or 0
    after = session.execute(select(JournalEntry.kind, JournalEntry.actor, JournalEntry.payload)
                            .where(on_day, JournalEntry.seq > closed_to, JournalEntry.kind != "z_close")).all()
    figures = totals_of(after)
    return DayClosing(tuple(numbers), any(value for key, value in figures.items() if key != "cashiers"))
