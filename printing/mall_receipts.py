"""Receipts of the points mall: a gift exchange (the gift, the points spent, the balance), its cancel
(the gift, the points and top-up given back, the balance) and a coupon (its value, minimum spend,
validity, and its code as a QR to scan at a later sale)."""

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from printing.document import Block, Document, Qr, Row, Rule, Text
from printing.receipt_data import Header
from printing.receipts import Style, _header, _when, balance_rows
from printing.sources import local_time, member_balance, phone_at
from printing.words import Lang, money, pay_name, signed_points, tr
from terminal.errors import Refused
from terminal.models import Coupon, GiftExchange, JournalEntry, Member
from terminal.services.coupons import cancel_of
from terminal.services.members import mask_phone
from terminal.shop import Shop


def _entry(session: Session, seq: int | None, what: str) -> JournalEntry:
    entry = session.get(JournalEntry, seq) if seq is not None else None
    if entry is None:
        raise Refused("not_found", f"no {what}", f"找不到{what}")
    return entry


def _head(shop: Shop, entry: JournalEntry, style: Style, subtitle: str, copy: bool) -> list[Block]:
    """The sale receipts' header (store, subtitle, a reprint's mark, terminal and cashier, rule) and time row."""
    header = Header(shop.store, entry.terminal_id, entry.actor, local_time(entry.at, shop.tz))
    return [*_header(header, style.lang, subtitle, copy), _when(header, style.lang)]


def _member_rows(session: Session, shop: Shop, member: Member, seq: int, recorded: int | None,
                 style: Style) -> list[Block]:
    """The member and their points balance right after journal entry ``seq`` (``recorded`` with it, if it was)."""
    return [Rule(), Row(tr(style.lang, "Member", "会员"), mask_phone(phone_at(session, member, seq))),
            *balance_rows(member_balance(session, shop, member, seq, recorded), style.lang)]


def gift_receipt(session: Session, shop: Shop, exchange_id: str, style: Style, copy: bool = False) -> Document:
    lang = style.lang
    exchange = session.get(GiftExchange, exchange_id)
    if exchange is None:
        raise Refused("not_found", f"no gift exchange '{exchange_id}'", f"找不到礼品兑换单“{exchange_id}”")
    entry = _entry(session, exchange.seq, "exchange")
    p = json.loads(entry.payload)
    member = session.get(Member, exchange.member_id)
    assert member is not None
    blocks = _head(shop, entry, style, tr(lang, "GIFT EXCHANGE", "积分兑换礼品"), copy)
    blocks += [Row(tr(lang, "Exchange", "兑换单号"), exchange.id), Rule(),
               Text(tr(lang, p["name_en"], p["name_zh"]), bold=True),
               Row(tr(lang, "Points spent", "使用积分"), signed_points(-exchange.points))]
    if exchange.topup_fen:
        blocks.append(Row(tr(lang, "Top-up", "加价") + f" ({pay_name(lang, p['pay_method'])})", money(exchange.topup_fen)))
    blocks += _member_rows(session, shop, member, entry.seq, exchange.balance_after, style)
    if exchange.cancelled_seq is not None:
        blocks.append(Text(tr(lang, "** CANCELLED **", "** 已取消 **"), align="center", bold=True))
    blocks += [Rule(), Text(style.closing, align="center")]
    return Document("gift", tuple(blocks))


def cancel_receipt(session: Session, shop: Shop, cancel_id: str, style: Style, copy: bool = False) -> Document:
    """取消兑换: a short slip for the member (and the drawer) when an exchange is cancelled."""
    lang = style.lang
    _, _, number = cancel_id.rpartition("-")
    entry = session.get(JournalEntry, int(number)) if number.isdigit() else None
    p = json.loads(entry.payload) if entry is not None and entry.kind == "gift_cancel" else {}
    if entry is None or p.get("cancel_id") != cancel_id:
        raise Refused("not_found", f"no cancelled gift exchange '{cancel_id}'", f"找不到取消兑换单“{cancel_id}”")
    if p.get("coupon_id"):
        return _coupon_cancel_receipt(session, shop, entry, p, style, copy)
    exchange = session.get(GiftExchange, p["exchange_id"])
    first = _entry(session, exchange.seq if exchange is not None else None, "exchange")
    gift = json.loads(first.payload)
    member = session.get(Member, p["member_id"])
    assert member is not None
    blocks = _head(shop, entry, style, tr(lang, "EXCHANGE CANCELLED", "取消兑换"), copy)
    blocks += [Row(tr(lang, "Cancel", "取消单号"), cancel_id), Row(tr(lang, "Of exchange", "原兑换单"), p["exchange_id"]),
               Rule(), Text(tr(lang, gift["name_en"], gift["name_zh"]), bold=True),
               Row(tr(lang, "Points given back", "退回积分"), signed_points(p["points"]))]
    if p["topup_fen"]:
        method = pay_name(lang, p.get("pay_method") or gift.get("pay_method") or "cash")
        blocks.append(Row(tr(lang, f"Top-up back ({method})", f"退还加价（{method}）"), money(p["topup_fen"])))
    blocks += _member_rows(session, shop, member, entry.seq, exchange.cancel_balance_after if exchange else None, style)
    blocks += [Rule(), Text(style.closing, align="center")]
    return Document("gift_cancel", tuple(blocks))


def _coupon_terms(coupon: Coupon, lang: Lang) -> str:
    """满 ￥50.00 减 ￥10.00, in English on one 58 mm line."""
    spend, save = money(coupon.min_spend_fen), money(coupon.value_fen)
    return tr(lang, f"Spend {spend}, save {save}", f"满 {spend} 减 {save}")


def _coupon_cancel_receipt(session: Session, shop: Shop, entry: JournalEntry, p: dict[str, Any], style: Style,
                           copy: bool) -> Document:
    """取消优惠券: the slip of a coupon taken back before it was used (its code no longer works)."""
    lang = style.lang
    coupon = session.get(Coupon, p["coupon_id"])
    member = session.get(Member, p["member_id"])
    assert member is not None
    blocks = _head(shop, entry, style, tr(lang, "COUPON CANCELLED", "取消优惠券"), copy)
    blocks += [Row(tr(lang, "Cancel", "取消单号"), p["cancel_id"]), Row(tr(lang, "Of coupon", "原券号"), p["coupon_id"]),
               Rule()]
    if coupon is not None:
        blocks.append(Text(_coupon_terms(coupon, lang), bold=True))
    blocks += [Row(tr(lang, "Points given back", "退回积分"), signed_points(p["points"])),
               Text(tr(lang, "The coupon can no longer be used", "该券已作废，不能再使用"), align="center")]
    blocks += _member_rows(session, shop, member, entry.seq, None, style)
    blocks += [Rule(), Text(style.closing, align="center")]
    return Document("gift_cancel", tuple(blocks))


def coupon_receipt(session: Session, shop: Shop, coupon_id: str, style: Style, copy: bool = False) -> Document:
    lang = style.lang
    coupon = session.get(Coupon, coupon_id)
    if coupon is None or coupon.issued_seq is None:
        raise Refused("not_found", f"no coupon '{coupon_id}' issued here", f"本机未发放优惠券“{coupon_id}”")
    entry = _entry(session, coupon.issued_seq, "coupon")
    p = json.loads(entry.payload)
    member = session.get(Member, coupon.member_id) if coupon.member_id else None
    blocks = _head(shop, entry, style, tr(lang, "COUPON", "优惠券"), copy)
    blocks += [Row(tr(lang, "Coupon", "券号"), coupon.id), Rule(),
               Text(_coupon_terms(coupon, lang), bold=True, align="center"),
               Row(tr(lang, "Valid until", "有效期至"), coupon.expires_on.isoformat()),
               Row(tr(lang, "Points spent", "使用积分"), signed_points(-coupon.points))]
    if member is not None:
        blocks += _member_rows(session, shop, member, entry.seq, coupon.balance_after, style)
    blocks += [Rule(), Qr(p["code"]), Text(tr(lang, "Show at the till; one use only",
                                              "结账时出示此码，限用一次"), align="center")]
    if cancel_of(coupon):
        blocks.append(Text(tr(lang, "** CANCELLED **", "** 已取消 **"), align="center", bold=True))
    return Document("coupon", tuple(blocks))


MallReceipt = Callable[[Session, Shop, str, Style, bool], Document]
# The print-job kind of each mall document, and what builds it from its reference.
MALL_RECEIPTS: dict[str, MallReceipt] = {"gift": gift_receipt, "gift_cancel": cancel_receipt, "coupon": coupon_receipt}
