"""One name for each of the day's figures, in English and Chinese, the same on the command line's day report, the
printed day totals and Z, and the app's shift screen and dashboard (whose tr() strings say these words and are
checked against them in tests/ui/test_report_words.py): a manager counting the drawer reads one word for one number."""

from __future__ import annotations

from terminal.lang import many

Words = tuple[str, str]  # (English, Chinese)

FIGURE_NAMES: dict[str, Words] = {
    "sales": ("Sales", "销售笔数"),
    "gross_fen": ("Gross sales", "销售额"),
    "cash_fen": ("Cash", "现金"),
    "card_fen": ("Card", "刷卡"),
    "points_paid_fen": ("Paid with points", "积分抵扣"),
    "refunds": ("Refunds", "退款笔数"),
    "refunds_fen": ("Refunded", "退款金额"),
    "refund_cash_fen": ("Refunded in cash", "现金退款"),
    "refund_card_fen": ("Refunded to card", "刷卡退款"),
    "topup_cash_fen": ("Gift top-ups, cash", "礼品加价（现金）"),
    "topup_card_fen": ("Gift top-ups, card", "礼品加价（刷卡）"),
    "drawer_cash_fen": ("Cash in drawer", "钱箱现金"),
    "net_card_fen": ("Card, net", "刷卡净额"),
    "points_earned": ("Points earned", "获得积分"),
    "sales_given_member": ("Points given to paid sales", "补积分"),
    "points_bonus": ("Bonus points", "奖励积分"),
    "points_redeemed": ("Points redeemed", "抵扣积分"),
    "points_restored": ("Points restored", "退款退回积分"),
    "points_reversed": ("Points taken back", "退款扣回积分"),
    "points_adjusted": ("Points adjusted", "调整积分"),
    "points_expired": ("Points expired", "过期积分"),
    "liability_points": ("Points outstanding", "会员持有积分"),
    "members_served": ("Members served", "服务会员"),
    "new_members": ("New members", "新会员"),
}


def given_to_paid(count: int, points: int) -> Words:
    """The figure of 补积分: how many paid sales were given their member afterwards, and the points they earned."""
    return f"{many(count, 'sale', 'sales')}, {signed_points(points)}", f"{count:,} 笔，{points:+,} 积分"


def signed_points(n: int) -> str:
    """``+1 point``, ``-1,000 points``."""
    return f"{n:+,} {'point' if abs(n) == 1 else 'points'}"
