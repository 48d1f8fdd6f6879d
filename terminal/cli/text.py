"""Human-readable output of the command line, in Chinese or English by locale."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from terminal.lang import many, prefers_chinese, say
from terminal.money import format_fen
from terminal.phones import mask_phone
from terminal.promotion_words import promotion_text
from terminal.report_words import FIGURE_NAMES, given_to_paid
from terminal.rules import DEFAULT_CATEGORY_NAMES_EN, Promotion, RuleSet, Tier, decimal, times
from terminal.textwidth import pad, pad_left, width
from terminal.totals import SHARE_LABEL, worth_showing

if TYPE_CHECKING:
    from terminal.services.members import MemberView
    from terminal.services.reports import ZSpan


def n_points(n: int) -> str:
    """``1 point``, ``1,000 points``."""
    return many(n, "point", "points")


def pay_word(method: str) -> str:
    return say(method, {"cash": "现金", "card": "刷卡"}.get(method, method))


def tier_text(tier: Tier) -> str:
    """As the app and English receipts name it (Silver), or by the shop's label when that is not Chinese."""
    return say(tier.label if not _has_chinese(tier.label) else tier.name.capitalize(), tier.label)


def _has_chinese(text: str) -> bool:
    return any("\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef" for c in text)


def _tier_named(rules: RuleSet, name: str) -> str:
    tier = next((t for t in rules.tiers if t.name == name), None)
    return name if tier is None else tier_text(tier)


def member_text(view: MemberView) -> str:
    name = f" {view.name}" if view.name else ""
    lines = [say(f"Member {view.id}  {mask_phone(view.phone)}{name}", f"会员 {view.id}  {mask_phone(view.phone)}{name}")]
    tier = tier_text(view.tier)
    growth = format_fen(view.growth_fen)
    if view.next_tier is not None:
        need = format_fen(view.next_tier.from_yuan * 100 - view.growth_fen)
        lines.append(say(f"  Tier: {tier}, growth {growth}; {need} more to reach {tier_text(view.next_tier)}",
                         f"  等级：{tier}，成长值 {growth}，再消费 {need} 升级为{view.next_tier.label}"))
    else:
        lines.append(say(f"  Tier: {tier}, growth {growth}", f"  等级：{tier}，成长值 {growth}"))
    lines.append(say(f"  Balance: {n_points(view.balance)}", f"  积分余额：{view.balance:,}"))
    as_of = view.synced.notice if view.synced else None
    if as_of:
        lines.append(say(f"  {as_of[0]}", f"  {as_of[1]}"))
    if view.debt_points:
        lines.append(say(f"  ! Owes {n_points(view.debt_points)}: cannot pay with points until cleared",
                         f"  ！欠 {view.debt_points:,} 积分：还清前不能用积分抵扣"))
    shared = view.shared_phone_notice
    if shared:
        lines.append(say(f"  ! {shared[0]}", f"  ！{shared[1]}"))
    expiry = view.next_expiry
    if expiry:
        lines.append(say(f"  Next expiry: {n_points(expiry[0])} on {expiry[1]}", f"  {expiry[0]:,} 积分将于 {expiry[1]} 过期"))
    return "\n".join(lines)


def sale_text(data: dict[str, Any], rules: RuleSet) -> str:
    lines = [say(f"Sale {data['sale_id']}: total {format_fen(data['total_fen'])}",
                 f"销售单 {data['sale_id']}：合计 {format_fen(data['total_fen'])}")]
    if data["redeemed_points"]:
        lines.append(say(f"  Paid with points: {n_points(data['redeemed_points'])} = {format_fen(data['redeemed_fen'])}",
                         f"  积分抵扣：{data['redeemed_points']:,} 积分 = {format_fen(data['redeemed_fen'])}"))
    method = pay_word(data["pay_method"])
    if data.get("coupon"):
        coupon = data["coupon"]
        lines.append(say(f"  Coupon {coupon['id']}: {format_fen(coupon['discount_fen'])} off {format_fen(coupon['list_total_fen'])}",
                         f"  优惠券 {coupon['id']}：{format_fen(coupon['list_total_fen'])} 减 {format_fen(coupon['discount_fen'])}"))
    lines.append(say(f"  To pay: {format_fen(data['paid_fen'])} by {method}", f"  应付：{format_fen(data['paid_fen'])}（{method}）"))
    member = data["member"]
    if member:
        lines.append(say(f"  Points earned: {data['earned_points']:,}", f"  本单获得积分：{data['earned_points']:,}"))
        if data["bonus_points"]:
            lines.append(say(f"  Referral bonus: {data['bonus_points']:,}", f"  推荐奖励：{data['bonus_points']:,}"))
        tier = _tier_named(rules, member["tier"])
        lines.append(say(f"  Member {member['id']}: balance {n_points(member['balance'])}, tier {tier}",
                         f"  会员 {member['id']}：积分余额 {member['balance']:,}，等级 {tier}"))
    return "\n".join(lines)


def _money_back(method: str, fen: int) -> str:
    """Cash from the drawer or back onto the card, in the refund slip's words, so no one hands out cash for a card sale."""
    if method == "card":
        return say(f"  Money back to the card: {format_fen(fen)}", f"  刷卡退款：{format_fen(fen)}")
    if method == "cash":
        return say(f"  Money back in cash: {format_fen(fen)}", f"  现金退款：{format_fen(fen)}")
    return say(f"  Money back ({method}): {format_fen(fen)}", f"  {pay_word(method)}退款：{format_fen(fen)}")


def refund_text(data: dict[str, Any]) -> str:
    numbers = ", ".join(map(str, data["lines"]))
    lines = [say(f"Refund {data['refund_id']} of sale {data['sale_id']} ({'line' if len(data['lines']) == 1 else 'lines'} {numbers}): "
                 f"{format_fen(data['refunded_fen'])}",
                 f"退款 {data['refund_id']}（销售单 {data['sale_id']}，第 {'、'.join(map(str, data['lines']))} 行）："
                 f"{format_fen(data['refunded_fen'])}"),
             _money_back(data["pay_method"], data["money_fen"])]
    if data["member"]:
        restored, expired = data["restored_points"], data.get("restored_expired_points", 0)
        if expired and expired == restored:
            late = say(" (already past their date: expired at once)", "（已过期，即时失效）")
        elif expired:
            late = say(f" ({expired:,} of them already past their date: expired at once)", f"（其中 {expired:,} 已过期，即时失效）")
        else:
            late = ""
        lines.append(say(f"  Points restored: {restored:,}{late}; points taken back: {data['reversed_points']:,}",
                         f"  退回积分：{restored:,}{late}；扣回积分：{data['reversed_points']:,}"))
        member = data["member"]
        lines.append(say(f"  Member {member['id']}: balance {n_points(member['balance'])}",
                         f"  会员 {member['id']}：积分余额 {member['balance']:,}"))
        if member["debt"]:
            lines.append(say("  ! The member now owes points: tell the owner", "  ！该会员现已欠积分：请告知店主"))
    return "\n".join(lines)


_INDENTED = ("refund_cash_fen", "refund_card_fen", "sales_given_member")  # parts of the row above


def _named(key: str, kind: str) -> tuple[str, str, str, str]:
    en, zh = FIGURE_NAMES[key]
    indent = "  " if key in _INDENTED else ""
    return key, indent + en, indent + zh, kind


_REPORT_ROWS = (
    *(_named(key, kind) for key, kind in (
        ("sales", "n"), ("gross_fen", "fen"), ("cash_fen", "fen"), ("card_fen", "fen"), ("points_paid_fen", "fen"),
        ("refunds", "n"), ("refunds_fen", "fen"), ("refund_cash_fen", "fen"), ("refund_card_fen", "fen"),
        ("topup_cash_fen", "fen"), ("topup_card_fen", "fen"), ("drawer_cash_fen", "fen"), ("net_card_fen", "fen"),
        ("points_earned", "n"), ("sales_given_member", "given"), ("points_bonus", "n"), ("points_redeemed", "n"),
        ("points_restored", "n"), ("points_reversed", "n"), ("points_adjusted", "n"), ("points_expired", "n"),
        ("liability_points", "n"), ("members_served", "n"), ("new_members", "n"))),
    ("exchanges", "Gift exchanges", "礼品兑换", "n"), ("exchange_points", "  points spent", "  使用积分", "n"),
    ("exchange_topup_fen", "  top-ups paid", "  加价金额", "fen"), ("exchanges_cancelled", "  cancelled", "  已取消", "n"),
    ("coupons_issued", "Coupons issued", "发放优惠券", "n"), ("coupon_points", "  points spent", "  使用积分", "n"),
    ("coupons_used", "Coupons used", "使用优惠券", "n"), ("coupon_discount_fen", "  money off", "  优惠金额", "fen"),
    ("coupons_expired", "Coupons expired", "过期优惠券", "n"), ("codes_claimed", "Codes claimed", "领取兑换码", "n"),
    ("claim_points", "  points spent", "  使用积分", "n"),
)


def totals_text(title: str, data: dict[str, Any], linked: bool = False) -> str:
    """The figures under ``title``; ``linked``: the store is linked to a ledger (see SHARE_LABEL)."""
    lines = [title]
    shown = worth_showing(data)
    rows = [(key, *(SHARE_LABEL if linked and key == "liability_points" else (en, zh)), kind)
            for key, en, zh, kind in _REPORT_ROWS if key in shown and (kind != "given" or shown[key])]
    labels = [say(en, zh) for _, en, zh, _ in rows]
    figures = [_figure(kind, key, data) for key, _, _, kind in rows]
    room = max([20, *(width(label) for label in labels)])
    figure_room = max([16, *(width(figure) + 1 for figure in figures)])  # a space at least after the label
    for label, figure in zip(labels, figures, strict=True):
        lines.append("  " + pad(label, room) + pad_left(figure, figure_room))
    for name, per in data.get("cashiers", {}).items():
        drawer = per.get("drawer_cash_fen")
        cash = "" if drawer is None else say(f", cash in drawer {format_fen(drawer)}", f"，钱箱现金 {format_fen(drawer)}")
        lines.append(say(f"  {name}: {many(per['sales'], 'sale', 'sales')}, {format_fen(per['gross_fen'])}, "
                         f"{many(per['refunds'], 'refund', 'refunds')}, "
                         f"{n_points(per['points_earned'])} earned{_given_to_paid(per)}{cash}",
                         f"  {name}：{per['sales']} 笔，{format_fen(per['gross_fen'])}，退款 {per['refunds']} 笔，"
                         f"获得积分 {per['points_earned']:,}{_given_to_paid(per)}{cash}"))
    return "\n".join(lines)


def _figure(kind: str, key: str, data: dict[str, Any]) -> str:
    if kind == "fen":
        return format_fen(data[key])
    if kind == "given":  # 补积分: how many paid sales were given their member, and their points
        return say(*given_to_paid(data["sales_given_member"], data["points_given_later"]))
    return f"{data[key]:,}"


def _given_to_paid(per: dict[str, Any]) -> str:
    """A cashier's paid sales given their member afterwards, when there were any (their points are among earned)."""
    count, points = per.get("sales_given_member", 0), per.get("points_given_later", 0)
    if not count:
        return ""
    en, zh = given_to_paid(count, points)
    name_en, name_zh = FIGURE_NAMES["sales_given_member"]
    return say(f" ({name_en.lower()}: {en})", f"（{name_zh} {zh}）")


def held_elsewhere_text(spans: list[dict[str, Any]], ledger_report: str | None = None) -> str:
    """The warning under figures that lack entries a restore left to the ledger (``spans``): held by the ledger only
    (``ledger_report``: the ledger's command that has them), or held nowhere any more since (from a span's
    ``lost_from``), and what the owner can do. Nothing when they lack none."""
    held, lost = _held_and_lost(spans)
    warnings = ([_held_by_ledger(held, ledger_report)] if held else []) + \
        ([_held_nowhere(lost, also=bool(held))] if lost else [])
    return "".join("\n! " + warning for warning in warnings)


def _held_and_lost(spans: list[dict[str, Any]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans' entries the ledger holds, and those held nowhere (from each one's ``lost_from`` on)."""
    held: list[tuple[int, int]] = []
    lost: list[tuple[int, int]] = []
    for span in spans:
        first, last, gone = int(span["from_seq"]), int(span["to_seq"]), span.get("lost_from")
        if gone is None or first < gone:
            held.append((first, last if gone is None else int(gone) - 1))
        if gone is not None:
            lost.append((int(gone), last))
    return held, lost


def _entries(spans: list[tuple[int, int]]) -> tuple[str, str]:
    """'entry 5' or 'entries 5–7, 9', and the numbers for the Chinese."""
    numbers = ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in spans)
    one = len(spans) == 1 and spans[0][0] == spans[0][1]
    return f"{'entry' if one else 'entries'} {numbers}", numbers


def _held_by_ledger(spans: list[tuple[int, int]], ledger_report: str | None) -> str:
    entries, numbers = _entries(spans)
    en = (f"These figures lack {entries}, held by the ledger only (this store was restored from an older backup and "
          "carried on after them)")
    zh = f"以上数据缺少第 {numbers} 条记录：它们只在总账中（本店从较旧的备份恢复后接续在其后）"
    if ledger_report is not None:
        en, zh = en + f": the ledger's {ledger_report} has them", zh + f"，总账的 {ledger_report} 包含这些记录"
    return say(en, zh)


def _held_nowhere(spans: list[tuple[int, int]], also: bool) -> str:
    """The way on, as `jifen journal verify` gives it: only a later backup of the ledger still holds them."""
    entries, numbers = _entries(spans)
    return say(f"These figures {'also ' if also else ''}lack {entries}, held nowhere any more: this store was restored "
               "from an older backup and carried on after them, and the ledger has since been restored from a backup "
               "made before it took them. If the ledger's owner has a later backup of the ledger holding them, "
               "restoring it brings them back; else their sales are on their receipts only (jifen journal verify names "
               "them and the way on)",
               f"以上数据{'还' if also else ''}缺少第 {numbers} 条记录：它们已无处可寻（本店从较旧的备份恢复后接续在其后，而总账"
               "此后又从它接收这些记录之前的备份恢复）。如总账管理员有包含这些记录的较新的总账备份，恢复后即可找回；否则这些"
               "销售只留在小票上（jifen journal verify 会列出这些记录及处理办法）")


def z_title(z: dict[str, Any], span: ZSpan | None) -> str:
    """A Z record's heading: the business days it holds (the day it was closed is the day after them when it was
    closed after midnight), its entries, and when the first and last of them were written."""
    from terminal.services.reports import z_days  # not at the top: the CLI starts without the services

    days = z_days(z)
    title = say(f"Z{z['z']} ({days}, entries {z['from_seq']}–{z['to_seq']}), {z['store']} / {z['terminal']}",
                f"Z{z['z']} 日结（{days}，流水 {z['from_seq']} 至 {z['to_seq']}），{z['store']} / {z['terminal']}")
    if span is None:
        return title
    first, last = (f"{at:%Y-%m-%d %H:%M}" for at in (span.first, span.last))
    return title + "\n" + say(f"  Entries from {first} to {last}", f"  记录时间 {first} 至 {last}")


def shown_promotion(rules: RuleSet, p: Promotion) -> str:
    """A promotion in the command line's language, its categories by the names the receipts use."""
    return promotion_text(p, prefers_chinese(), lambda name: _category_name(rules, name))


# the default categories' English names, as on English receipts (printing.words, which terminal/ may not import)
def _category_name(rules: RuleSet, name: str) -> str:
    """What the app shows for the category (printing.words.shown_category_name): 数码产品, a shop's label, else its id."""
    if prefers_chinese():
        return rules.chinese_name(name) or name
    return DEFAULT_CATEGORY_NAMES_EN.get(name) or rules.category_labels.get(name) or name


def _category_text(rules: RuleSet, name: str) -> str:
    """The name people read and the id, which `sale --line` takes."""
    label, zh = rules.category_labels.get(name), rules.chinese_name(name)
    if prefers_chinese():
        return name if zh is None else f"{zh}（{name}）"
    if label is None and name in DEFAULT_CATEGORY_NAMES_EN:
        return f"{DEFAULT_CATEGORY_NAMES_EN[name]} ({name})"
    return name if label is None else f"{name} ({label})"


def rules_text(rules: RuleSet) -> str:
    expiry = say("at the end of the year after they are earned", "获得后次年年底") if rules.expiry_policy == "end_of_next_year" \
        else say(f"{many(rules.expiry_months, 'month', 'months')} after they are earned", f"获得后 {rules.expiry_months} 个月")
    rates = say(", ", "，").join(f"{_category_text(rules, name)} {decimal(bp, 10_000)}" for name, bp in sorted(rules.categories.items()))
    tiers = say("; ", "；").join(say(f"{tier_text(t)} from ¥{t.from_yuan:,} {times(t.multiplier)}",
                          f"{t.label} 满 ￥{t.from_yuan:,} {times(t.multiplier)}") for t in rules.tiers)
    promotions = say("; ", "；").join(shown_promotion(rules, p) for p in rules.promotions) or say("none", "无")
    rows = [
        say(f"Rules in force (version {rules.version})", f"现行规则（版本 {rules.version}）"),
        say(f"  Paying with points: {many(rules.points_per_yuan, 'point', 'points')} = ¥1, up to {rules.max_redeem_percent}% of a bill",
            f"  积分抵扣：{rules.points_per_yuan:,} 积分 = ￥1，最多抵扣账单的 {rules.max_redeem_percent}%"),
        say(f"  Points per ¥1 by category: {rates}", f"  各品类每 ￥1 积分：{rates}"),
        say(f"  Tiers: {tiers}", f"  会员等级：{tiers}"),
        say(f"  Promotions: {promotions}", f"  促销：{promotions}"),
        say(f"  Signup bonus {many(rules.signup_bonus, 'point', 'points')}; "
            f"referral bonus {many(rules.referral_bonus, 'point', 'points')} to each",
            f"  注册奖励 {rules.signup_bonus:,} 积分；推荐奖励双方各 {rules.referral_bonus:,} 积分"),
        say(f"  A manager approves after {many(rules.velocity_limit, 'earning sale', 'earning sales')} of a member a day at one store",
            f"  会员每天在同一门店第 {rules.velocity_limit} 笔积分销售之后需店长授权"),
        say(f"  Offline: at most {many(rules.offline_cap, 'point', 'points')} paid per member a day", f"  离线时每位会员每天最多抵扣 {rules.offline_cap:,} 积分"),
        say(f"  Points expire {expiry}", f"  积分有效期：{expiry}"),
    ]
    return "\n".join(rows)
