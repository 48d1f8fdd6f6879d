"""The day totals and the Z report on paper, from the dictionaries terminal.services.reports returns."""

from datetime import datetime
from typing import Any

from printing.document import Block, Document, Row, Rule, Text, Title
from printing.receipt_data import DayClosing
from printing.receipts import Style
from printing.words import Lang, copy_mark, money, points, tr
from terminal.lang import many
from terminal.report_words import FIGURE_NAMES, given_to_paid
from terminal.services.reports import ZSpan, z_days
from terminal.totals import SHARE_LABEL, worth_showing

_INDENTED = ("refund_cash_fen", "refund_card_fen")  # parts of the row above

# (key, English, Chinese, money?) in the order they are printed.
_ROWS: tuple[tuple[str, str, str, bool], ...] = (
    *((key, *FIGURE_NAMES[key], key.endswith("_fen")) for key in (
        "sales", "gross_fen", "cash_fen", "card_fen", "points_paid_fen", "refunds", "refunds_fen", "refund_cash_fen",
        "refund_card_fen", "topup_cash_fen", "topup_card_fen", "drawer_cash_fen", "net_card_fen", "points_earned",
        "points_bonus", "points_redeemed", "points_restored", "points_reversed", "points_adjusted", "points_expired",
        "liability_points", "members_served", "new_members")),
    ("exchanges", "Gift exchanges", "礼品兑换", False),
    ("exchange_points", "  points spent", "  使用积分", False),
    ("exchanges_cancelled", "  cancelled", "  已取消", False),
    ("coupons_issued", "Coupons issued", "发放优惠券", False),
    ("coupon_points", "  points spent", "  使用积分", False),
    ("coupons_used", "Coupons used", "使用优惠券", False),
    ("coupon_discount_fen", "  money off", "  优惠金额", True),
    ("coupons_expired", "Coupons expired", "过期优惠券", False),
    ("codes_claimed", "Codes claimed", "领取兑换码", False),
    ("claim_points", "  points spent", "  使用积分", False),
)


def _figures(data: dict[str, Any], lang: Lang, linked: bool) -> list[Block]:
    blocks: list[Block] = []
    shown = worth_showing(data)
    for key, en, zh, is_money in _ROWS:
        if key in shown:
            if linked and key == "liability_points":
                en, zh = SHARE_LABEL
            value = money(data[key]) if is_money else points(data[key])
            blocks.append(Row(tr(lang, en, zh), value, bold=key in ("gross_fen", "drawer_cash_fen", "liability_points"),
                              indent=2 if key in _INDENTED else 0))
            if key == "points_earned":
                blocks += _given_to_paid(data, lang)
    cashiers = data.get("cashiers") or {}
    if cashiers:
        blocks += [Rule(), Text(tr(lang, "By cashier", "按收银员"), bold=True)]
        for name, per in cashiers.items():
            sales = many(per["sales"], "sale", "sales")
            blocks.append(Row(tr(lang, f"{name}: {sales}", f"{name}：{per['sales']} 笔"), money(per["gross_fen"])))
            if per.get("refunds"):
                refunds = many(per["refunds"], "refund", "refunds")
                blocks.append(Row(tr(lang, refunds, f"退款 {per['refunds']} 笔"),
                                  money(-per["refunds_fen"]), indent=2))
            blocks += _given_to_paid(per, lang)
            if "drawer_cash_fen" in per:
                blocks.append(Row(tr(lang, *FIGURE_NAMES["drawer_cash_fen"]), money(per["drawer_cash_fen"]), indent=2))
    return blocks


def _given_to_paid(data: dict[str, Any], lang: Lang) -> list[Block]:
    """补积分 2 笔 +300: paid sales given their member afterwards, when there were any (a Z closed before had none)."""
    count, given = data.get("sales_given_member", 0), data.get("points_given_later", 0)
    if not count:
        return []
    return [Row(tr(lang, *FIGURE_NAMES["sales_given_member"]), tr(lang, *given_to_paid(count, given)), indent=2)]


def _footer(printed_at: datetime, lang: Lang) -> list[Block]:
    return [Rule(), Text(tr(lang, f"Printed {printed_at:%Y-%m-%d %H:%M}", f"打印时间 {printed_at:%Y-%m-%d %H:%M}"),
                         align="center")]


def _closed(closing: DayClosing, lang: Lang) -> str:
    zs = tr(lang, ", ", "、").join(f"Z{n}" for n in closing.z_numbers)
    if not zs:
        return tr(lang, "day not closed", "未日结")
    if closing.rest_open:
        return tr(lang, f"partly closed in {zs}, the rest not", f"部分已日结 {zs}，其余未日结")
    return tr(lang, f"closed in {zs}", f"已日结 {zs}")


def day_totals(data: dict[str, Any], closing: DayClosing, style: Style, printed_at: datetime,
               linked: bool = False) -> Document:
    """``linked``: the store is linked to a ledger (its points outstanding are this till's share)."""
    lang = style.lang
    closed = _closed(closing, lang)
    blocks: list[Block] = [
        Title(data["store"]),
        Text(tr(lang, f"Day totals {data['date']}", f"{data['date']} 当日汇总"), align="center", bold=True),
        Text(tr(lang, f"Terminal {data['terminal']} ({closed})", f"终端 {data['terminal']}（{closed}）"), align="center"),
        Rule(),
    ]
    return Document("day", tuple(blocks + _figures(data, lang, linked) + _footer(printed_at, lang)))


def _z_days(z: dict[str, Any], lang: Lang) -> list[Block]:
    """The terminal and the business days the Z holds (``from_date`` to ``to_date``): the day it was closed is the day
    after them all when it was closed after midnight or late, and two days when its business ran past midnight."""
    days, terminal = z_days(z), z["terminal"]
    if days == z["date"]:
        return [Text(tr(lang, f"Terminal {terminal}, closed {days}", f"终端 {terminal}，{days} 日结"), align="center")]
    return [Text(tr(lang, f"Terminal {terminal}, closed {z['date']}", f"终端 {terminal}"), align="center"),
            Text(tr(lang, f"{'Day' if ' – ' not in days else 'Days'} {days}", f"{days} 日结"), align="center")]


def z_report(z: dict[str, Any], style: Style, printed_at: datetime, copy: bool = False,
             span: ZSpan | None = None, linked: bool = False) -> Document:
    """``span``: when the first and last entry it covers were written (the business days it holds are the Z's
    from_date and to_date); ``linked`` as for ``day_totals``."""
    lang = style.lang
    blocks: list[Block] = [
        Title(z["store"]),
        Text(tr(lang, f"Z{z['z']} END OF DAY", f"Z{z['z']} 日结报表"), align="center", bold=True),
        *([Text(copy_mark(lang), align="center", bold=True)] if copy else []),
        *_z_days(z, lang),
        Text(tr(lang, f"Journal entries {z['from_seq']} to {z['to_seq']}", f"流水 {z['from_seq']} 至 {z['to_seq']}"),
             align="center"),
    ]
    if span is not None:
        first, last = (f"{at:%Y-%m-%d %H:%M}" for at in (span.first, span.last))
        blocks += [Row(tr(lang, "First entry", "首笔记录"), first), Row(tr(lang, "Last entry", "末笔记录"), last)]
    blocks.append(Rule())
    return Document("z", tuple(blocks + _figures(z, lang, linked) + _footer(printed_at, lang)))
