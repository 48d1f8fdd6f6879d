"""Sale and refund receipts as documents: pure functions of the receipt data and the shop's style."""

from dataclasses import dataclass

from printing.charset import Charset
from printing.document import Block, Document, Formula, Qr, Row, Rule, Text, Title
from printing.earn_calc import EarnTerm, earn_terms
from printing.receipt_data import (
    Balance,
    Header,
    MemberOnSale,
    ReceiptLine,
    RefundReceipt,
    SaleReceipt,
)
from printing.words import (
    Lang,
    category_name,
    copy_mark,
    money,
    pay_name,
    points,
    signed_points,
    tier_name,
    tr,
)
from terminal.lang import many
from terminal.rules import times


@dataclass(frozen=True)
class Style:
    """How the shop wants its paper: the language and the closing words; what the printer prints (``charset``)."""

    lang: Lang = "zh"
    footer: str | None = None
    charset: Charset = "gb18030"

    @property
    def closing(self) -> str:
        return self.footer if self.footer is not None else tr(self.lang, "Thank you, see you again!", "谢谢惠顾，欢迎再次光临！")


def _header(h: Header, lang: Lang, subtitle: str | None, copy: bool) -> list[Block]:
    blocks: list[Block] = [Title(h.store)]
    if subtitle:
        blocks.append(Text(subtitle, align="center", bold=True))
    if copy:
        blocks.append(Text(copy_mark(lang), align="center", bold=True))
    who = tr(lang, f"Terminal {h.terminal}", f"终端 {h.terminal}")
    if h.cashier:
        who += tr(lang, f"  Cashier {h.cashier}", f"  收银员 {h.cashier}")
    blocks.append(Text(who, align="center"))
    if h.approver and h.approver != h.cashier:  # a manager refunding alone is recorded as approving themself
        blocks.append(Text(tr(lang, f"Approved by {h.approver}", f"授权人 {h.approver}"), align="center"))
    return blocks + [Rule()]


def _when(h: Header, lang: Lang) -> Row:
    return Row(tr(lang, "Time", "时间"), h.at.strftime("%Y-%m-%d %H:%M:%S"))


def _debt_warning(lang: Lang, balance: int) -> list[Block]:
    if balance >= 0:
        return []
    owed = -balance
    return [Text(tr(lang, f"! The member owes {many(owed, 'point', 'points')}: no paying with points until cleared",
                    f"！会员欠 {points(owed)} 积分：还清前不能用积分抵扣"), bold=True)]


def debt_paid_off(balance_after: int | None, change: int, *grants: int) -> list[int]:
    """How much of each of ``grants`` (points an entry gave the member, in the order they were given) went to
    pay off the member's debt, the entry having changed the balance by ``change`` in all to ``balance_after``.

    Nothing stored says what the member owed before; it is the balance before (``balance_after - change``)
    when that was below zero: a member who owes points holds none (points given pay the debt off first and
    points are taken into debt only when none are left), so the balance is then minus the debt.
    """
    owed = 0 if balance_after is None else max(0, change - balance_after)
    paid = []
    for given in grants:
        paid.append(min(max(given, 0), owed))
        owed -= paid[-1]
    return paid


def _paid_off_row(lang: Lang, paid: int) -> list[Block]:
    return [Row(tr(lang, "  of which paid off debt", "  其中抵还欠分"), points(paid))] if paid else []


def balance_rows(balance: Balance, lang: Lang) -> list[Block]:
    """The balance right after the entry; on a reprint after the points changed, the balance on the day printed
    too, dated (alone when the balance right after is not known)."""
    blocks: list[Block] = []
    if balance.after is not None:
        blocks.append(Row(tr(lang, "Points balance", "积分余额") if balance.as_of is None else
                          tr(lang, "Points balance then", "本单后积分余额"), points(balance.after), bold=True))
    if balance.as_of is not None:
        day = balance.as_of.isoformat()
        blocks.append(Row(tr(lang, f"Balance as of {day}", f"截至 {day} 积分余额"), points(balance.now),
                          bold=balance.after is None))
    return blocks + _debt_warning(lang, balance.now)


def _tier_rows(m: MemberOnSale, lang: Lang, earned_at: bool) -> list[Block]:
    """The member's tier right after the sale, said to be new when the sale made it; then (``earned_at``) that its
    points were worked out at the tier before (points-rules.md). A sale recorded without the tier after it: the tier
    its points were earned at, said as such."""
    before = tier_name(lang, m.tier_name, m.tier_label)
    if m.tier_after is None:
        return [Row(tr(lang, "Points earned at tier", "本单计分等级"), before)]
    if m.tier_after.name == m.tier_name:
        return [Row(tr(lang, "Tier", "会员等级"), before)]
    after = tier_name(lang, m.tier_after.name, m.tier_after.label)  # a sale only adds growth: the tier only goes up
    upgraded = tr(lang, f"{after} (upgraded)", f"{after}（本单升级）")
    blocks: list[Block] = [Row(tr(lang, "Tier", "会员等级"), upgraded)]
    if earned_at:
        blocks.append(Text(tr(lang, f"this sale earned at {before}", f"本单按原等级“{before}”计分"), indent=2))
    return blocks


def _promotions_row(lines: tuple[ReceiptLine, ...], lang: Lang) -> list[Block]:
    """The promotions behind the calculation's multipliers, by name: the customer sees why (促销：双十一 ×2)."""
    named = [f"{line.promotion} {times(line.promo_pct)}" for line in lines
             if line.promotion and line.rate_bp and line.amount_fen]
    shown = list(dict.fromkeys(named))
    if not shown:
        return []
    said = tr(lang, f"Promotion{'s' if len(shown) > 1 else ''}: {', '.join(shown)}", f"促销：{'、'.join(shown)}")
    return [Text(said, indent=2)]


def _member_on_sale(m: MemberOnSale, receipt: SaleReceipt, lang: Lang) -> list[Block]:
    terms = [EarnTerm(line.amount_fen, line.rate_bp, line.promo_pct) for line in receipt.lines]
    calculation = earn_terms(terms, m.tier_pct, receipt.total_fen, receipt.redeemed_fen, m.earned_points)
    blocks: list[Block] = [Rule(), Row(tr(lang, "Member", "会员"), m.phone_masked),
                           *_tier_rows(m, lang, calculation is not None),
                           Row(tr(lang, "Points earned", "本单获得积分"), signed_points(m.earned_points))]
    if calculation is not None:
        blocks.append(Formula(*calculation))
        blocks += _promotions_row(receipt.lines, lang)
    # the sale's points are given first, then the referral bonus (terminal.services.sales.record_sale)
    earned_paid, bonus_paid = debt_paid_off(m.balance.after, m.earned_points + m.bonus_points - receipt.redeemed_points,
                                            m.earned_points, m.bonus_points)
    blocks += _paid_off_row(lang, earned_paid)
    if m.bonus_points:
        blocks.append(Row(tr(lang, "Referral bonus", "推荐奖励积分"), signed_points(m.bonus_points)))
        blocks += _paid_off_row(lang, bonus_paid)
    blocks += balance_rows(m.balance, lang)
    if m.next_expiry:  # as of the day of the last balance printed
        count, day = m.next_expiry
        expire = many(count, "pt expires", "pts expire")
        blocks.append(Text(tr(lang, f"{expire} {day.isoformat()}",
                              f"{points(count)} 积分将于 {day.isoformat()} 过期")))
    return blocks


def _closing(style: Style, code: str, copy: bool, hint_en: str, hint_zh: str) -> list[Block]:
    blocks: list[Block] = [Rule(), Text(style.closing, align="center"), Qr(code),
                           Text(tr(style.lang, hint_en, hint_zh), align="center")]
    if copy:
        blocks.append(Text(copy_mark(style.lang), align="center", bold=True))
    return blocks


def _line_row(line: ReceiptLine, style: Style, refunded: bool = False) -> Row:
    """A line numbered as `jifen refund --line N` names it; on a sale, one refunded since says so."""
    mark = tr(style.lang, " (refunded)", "（已退）") if refunded else ""
    name = category_name(style.lang, line.category, line.label, style.charset)
    return Row(f"{line.line_no}. {name}{mark}", money(line.amount_fen))


def _refunded_mark(lines: tuple[ReceiptLine, ...], lang: Lang) -> str | None:
    refunded = sum(line.refunded for line in lines)
    if not refunded:
        return None
    if refunded == len(lines):
        return tr(lang, "** FULLY REFUNDED **", "** 已全额退款 **")
    return tr(lang, "** PARTLY REFUNDED **", "** 已部分退款 **")


def sale_receipt(receipt: SaleReceipt, style: Style, open_drawer: bool = False) -> Document:
    lang = style.lang
    blocks = _header(receipt.header, lang, _refunded_mark(receipt.lines, lang), receipt.copy)
    blocks += [Row(tr(lang, "Sale", "销售单号"), receipt.sale_id), _when(receipt.header, lang), Rule()]
    blocks += [_line_row(line, style, line.refunded) for line in receipt.lines]
    blocks.append(Rule())
    if receipt.coupon is not None:  # the lines above are after its discount (refunds give back those): say so
        blocks += [Row(tr(lang, "List total", "原价合计"), money(receipt.coupon.list_total_fen)),
                   Row(tr(lang, f"Coupon {receipt.coupon.id}", f"优惠券 {receipt.coupon.id}"),
                       money(-receipt.coupon.discount_fen)),
                   Text(tr(lang, "(lines above: after the coupon)", "（以上各行为扣除优惠券后的金额）"))]
    blocks.append(Row(tr(lang, "Total", "合计"), money(receipt.total_fen), bold=True))
    if receipt.redeemed_points:
        blocks.append(Row(tr(lang, f"Paid with {many(receipt.redeemed_points, 'point', 'points')}",
                             f"积分抵扣 {points(receipt.redeemed_points)} 积分"), money(-receipt.redeemed_fen)))
    blocks.append(Row(pay_name(lang, receipt.pay_method), money(receipt.paid_fen)))
    if receipt.member is not None:
        blocks += _member_on_sale(receipt.member, receipt, lang)
    blocks += _closing(style, receipt.code, receipt.copy, "Scan to verify; keep for returns",
                       "扫码验证小票，退款请保留")
    return Document("receipt", tuple(blocks), open_drawer=open_drawer and receipt.pay_method == "cash")


def refund_receipt(receipt: RefundReceipt, style: Style) -> Document:
    lang = style.lang
    blocks = _header(receipt.header, lang, tr(lang, "REFUND", "退款单"), receipt.copy)
    blocks += [Row(tr(lang, "Refund", "退款单号"), receipt.refund_id), Row(tr(lang, "Of sale", "原销售单"), receipt.sale_id),
               _when(receipt.header, lang), Rule()]
    blocks += [_line_row(line, style) for line in receipt.lines]
    blocks += [Rule(), Row(tr(lang, "Refunded", "退款合计"), money(receipt.refunded_fen), bold=True)]
    if receipt.restored_points:
        worth = money(receipt.restored_fen)
        blocks.append(Row(tr(lang, "Points back", "退回积分"),  # with its worth: one 58 mm line
                          tr(lang, f"{signed_points(receipt.restored_points)} (worth {worth})",
                             f"{signed_points(receipt.restored_points)}（抵 {worth}）")))
    if receipt.restored_expired:  # the balance below does not hold them
        blocks.append(Row(tr(lang, "  of them already expired", "  其中已过期"), points(receipt.restored_expired)))
    elif receipt.member is not None:  # (with some expired, what they paid off is not known from the balance)
        # given back first, then the earned points taken back (terminal.services.refunds.record_refund)
        blocks += _paid_off_row(lang, debt_paid_off(receipt.member.balance.after,
                                                    receipt.restored_points - receipt.reversed_points,
                                                    receipt.restored_points)[0])
    blocks.append(Row(tr(lang, f"{pay_name(lang, receipt.pay_method)} back", f"{pay_name(lang, receipt.pay_method)}退款"),
                      money(receipt.money_fen)))
    if receipt.member is not None:
        blocks += [Rule(), Row(tr(lang, "Member", "会员"), receipt.member.phone_masked)]
        if receipt.reversed_points:
            blocks.append(Row(tr(lang, "Earned points taken back", "扣回已得积分"), signed_points(-receipt.reversed_points)))
        blocks += balance_rows(receipt.member.balance, lang)
    blocks += _closing(style, receipt.code, receipt.copy, "Scan to check this refund", "扫码验证退款小票")
    return Document("refund", tuple(blocks))

