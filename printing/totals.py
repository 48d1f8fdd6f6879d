"""The day totals and the Z report on paper, from the dictionaries terminal.services.reports returns."""

from datetime import datetime
from typing import Any

from printing.document import Block, Document, Row, Rule, Text, Title
from printing.receipt_data import DayClosing
from printing.receipts import Style
from printing.words import Lang, copy_mark, counted, money, points, signed_points, tr
from terminal.services.reports import ZSpan, z_days
from terminal.totals import SHARE_LABEL, worth_showing

# (key, English, Chinese, money?) in the order they are printed.
_ROWS: tuple[tuple[str, str, str, bool], ...] = (
    ("sales", "Sales", "销售笔数", False),
    ("gross_fen", "Gross", "销售额", True),
    ("cash_fen", "Cash", "现金", True),
    ("card_fen", "Card", "刷卡", True),
    ("points_paid_fen", "Paid with points", "积分抵扣", True),
    ("refunds", "Refunds", "退款笔数", False),
    ("refunds_fen", "Refunded", "退款金额", True),
    ("refund_cash_fen", "  cash back", "  其中现金退款", True),
    ("refund_card_fen", "  card back", "  其中刷卡退款", True),
    ("topup_cash_fen", "Gift top-ups, cash", "礼品加价（现金）", True),
    ("topup_card_fen", "Gift top-ups, card", "礼品加价（刷卡）", True),
    ("drawer_cash_fen", "Cash in drawer", "钱箱现金", True),
    ("net_card_fen", "Card, net", "刷卡净额", True),
    ("points_earned", "Points earned", "获得积分", False),
    ("points_bonus", "Bonus points", "奖励积分", False),
    ("points_redeemed", "Points redeemed", "抵扣积分", False),
    ("points_restored", "Points restored", "退款退回积分", False),
    ("points_reversed", "Points taken back", "退款扣回积分", False),
    ("points_adjusted", "Points adjusted", "调整积分", False),
    ("points_expired", "Points expired", "过期积分", False),
    ("liability_points", "Points outstanding", "会员持有积分", False),
    ("members_served", "Members served", "服务会员", False),
    ("new_members", "New members", "新会员", False),
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
            blocks.append(Row(tr(lang, en, zh), value, bold=key in ("gross_fen", "drawer_cash_fen", "liability_points")))
            if key == "points_earned":
                blocks += _given_to_paid(data, lang)
    cashiers = data.get("cashiers") or {}
    if cashiers:
        blocks += [Rule(), Text(tr(lang, "By cashier", "按收银员"), bold=True)]
        for name, per in cashiers.items():
            sales = counted(per["sales"], "sale", "sales")
            blocks.append(Row(tr(lang, f"{name}: {sales}", f"{name}：{per['sales']} 笔"), money(per["gross_fen"])))
            if per.get("refunds"):
                refunds = counted(per["refunds"], "refund", "refunds")
                blocks.append(Row(tr(lang, refunds, f"退款 {per['refunds']} 笔"),
                                  money(-per["refunds_fen"]), indent=2))
            blocks += _given_to_paid(per, lang)
            if "drawer_cash_fen" in per:
                blocks.append(Row(tr(lang, "Cash in drawer", "钱箱现金"), money(per["drawer_cash_fen"]), indent=2))
    return blocks


def _given_to_paid(data: dict[str, Any], lang: Lang) -> list[Block]:
    """补积分 2 笔 +300: paid sales given their member afterwards, when there were any (a Z closed before had none)."""
    count, given = data.get("sales_given_member", 0), data.get("points_given_later", 0)
    if not count:
        return []
    return [Row(tr(lang, f"Given to paid sales: {count}", f"补积分 {count} 笔"), signed_points(given), indent=2)]


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
