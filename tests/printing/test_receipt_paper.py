"""What a sale or refund receipt prints, read back from the ESC/POS bytes, on 58 and 80 mm paper,
in Chinese and English, from a real store."""

import json
import sqlite3
from dataclasses import replace

import pytest

from printing.service import Printing
from printing.settings import PrinterSettings
from terminal import receipt_code
from terminal.bootstrap import Till
from terminal.rules import Promotion, RuleSet
from terminal.services.adjust import adjust_points
from terminal.services.refunds import record_refund
from tests.helpers.escpos_reader import PrintedLine, Printout, read_escpos
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    hire_staff,
    member,
    move_clock,
    sell,
    set_rules,
)

COLUMNS = {"58mm": 32, "80mm": 48}
PAPER = [("58mm", "zh"), ("58mm", "en"), ("80mm", "zh"), ("80mm", "en")]


def printing_for(till: Till, profile: str = "58mm", lang: str = "zh", **settings: object) -> Printing:
    return Printing(till, PrinterSettings(profile=profile, language=lang, **settings))  # type: ignore[arg-type]


def paper(till: Till, kind: str, ref: str, profile: str = "58mm", lang: str = "zh", copy: bool = False,
          **settings: object) -> Printout:
    """What the printer prints for a document; every line must fit and nothing may be junk."""
    p = printing_for(till, profile, lang, **settings)
    out = read_escpos(p.escpos(p.document(kind, ref, copy)))
    columns = p.profile().columns
    assert out.junk == []
    assert all(line.columns <= columns for line in out.lines), [line for line in out.lines if line.columns > columns]
    return out


def row(out: Printout, label: str) -> PrintedLine:
    """The first line that starts with ``label`` (else the first that holds it)."""
    found = [line for line in out.lines if line.text.strip().startswith(label)] or out.find(label)
    assert found, f"no line with {label!r} in:\n{out.text}"
    return found[0]


def right_aligned(out: Printout, label: str, value: str, columns: int) -> None:
    """``value`` ends the label's line at the right edge, or the line below when the label needed all the room."""
    line = row(out, label)
    if not line.text.endswith(value):
        line = out.lines[out.lines.index(line) + 1]
    assert line.text.endswith(value) and line.columns == columns, line


def _keys(till: Till) -> dict[str, str]:
    with sqlite3.connect(till.home.db) as conn:
        (payload,) = conn.execute("SELECT payload FROM journal WHERE kind = 'store_init'").fetchone()
    return {"T1": json.loads(payload)["public_key"]}


@pytest.mark.parametrize(("profile", "lang"), PAPER)
def test_a_member_sale_receipt(till: Till, profile: str, lang: str) -> None:
    m = member(till, "13800138000")
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    assert sale.member is not None
    out = paper(till, "receipt", sale.sale_id, profile, lang)
    columns = COLUMNS[profile]
    zh = lang == "zh"
    assert out.lines[0].text.strip() == "静安店" and out.lines[0].double and out.lines[0].bold
    assert row(out, "终端 T1  收银员 amy" if zh else "Terminal T1  Cashier amy")
    right_aligned(out, "销售单号" if zh else "Sale", sale.sale_id, columns)
    right_aligned(out, "时间" if zh else "Time", "2026-03-01 10:00:00", columns)
    right_aligned(out, "1. 普通商品" if zh else "1. General goods", "￥60.00", columns)
    right_aligned(out, "2. 普通商品" if zh else "2. General goods", "￥40.00", columns)
    right_aligned(out, "合计" if zh else "Total", "￥100.00", columns)
    assert row(out, "合计" if zh else "Total").bold
    right_aligned(out, "积分抵扣 500 积分" if zh else "Paid with 500 points", "-￥5.00", columns)
    right_aligned(out, "现金" if zh else "Cash", "￥95.00", columns)
    right_aligned(out, "会员" if zh else "Member", "138****8000", columns)
    assert "13800138000" not in out.text
    right_aligned(out, "会员等级" if zh else "Tier", "普通会员" if zh else "Regular", columns)
    right_aligned(out, "本单获得积分" if zh else "Points earned", "+47", columns)
    right_aligned(out, "(￥100.00-￥5.00) × 0.5", "= 47", columns)
    right_aligned(out, "积分余额" if zh else "Points balance", f"{sale.member.balance:,}", columns)
    assert row(out, "47 积分将于 2027-12-31 过期" if zh else "47 pts expire 2027-12-31")
    assert row(out, "谢谢惠顾" if zh else "Thank you")
    assert not out.find("重印") and not out.find("欠") and not out.find("owes")
    (code,) = out.qr_codes
    checked = receipt_code.verify(code, _keys(till))
    assert (checked.kind, checked.seq, checked.total_fen, checked.earned_points, checked.redeemed_points) == (
        "sale", sale.seq, 10000, 47, 500)
    assert out.cuts == (["partial"] if profile == "80mm" else [])


def test_a_walk_in_sale_has_no_member_part(till: Till) -> None:
    sale = sell(till, None, ("digital", 129900), pay="card")
    out = paper(till, "receipt", sale.sale_id, "80mm")
    right_aligned(out, "数码产品", "￥1,299.00", 48)
    right_aligned(out, "刷卡", "￥1,299.00", 48)
    assert not out.find("会员") and not out.find("积分")
    assert len(out.qr_codes) == 1


@pytest.mark.parametrize(("lines", "setup", "calculation", "earned"), [
    ([("general", 19999)], None, "￥199.99 × 0.5", 99),
    ([("general", 10000), ("digital", 100000)], None, "￥100.00 × 0.5 + ￥1,000.00 × 0.1", 150),
    ([("general", 10000)], "gold", "￥100.00 × 0.5 × 1.5", 75),
    ([("general", 10000)], "redeem 2000", "(￥100.00-￥20.00) × 0.5", 40),
    ([("general", 10000)], "member day", "￥100.00 × 0.5 × 2", 100),
    ([("vehicle", 15000000)], None, "￥150,000.00 × 0.001", 150),
    ([("general", 10000), ("digital", 10000)], "gold", "(￥100.00 × 0.5 + ￥100.00 × 0.1) × 1.5", 90),
])
def test_the_short_calculation_of_the_worked_examples(till: Till, lines: list[tuple[str, int]], setup: str | None,
                                                      calculation: str, earned: int) -> None:
    m = member(till)
    redeem = 0
    if setup == "gold":
        sell(till, m, ("excluded", 1_000_000), cashier=OWNER)  # ¥10,000 of growth: gold from the next sale
    elif setup == "redeem 2000":
        adjust_points(till.uow(), till.shop, OWNER, m, 1500, "test")
        redeem = 2000
    elif setup == "member day":
        set_rules(till, replace(RuleSet(), promotions=(Promotion("member day", 200),)))
    sale = sell(till, m, *lines, redeem=redeem)
    assert sale.earned_points == earned
    out = paper(till, "receipt", sale.sale_id, "80mm")
    right_aligned(out, calculation, f"= {earned}", 48)


def test_a_referral_bonus_is_shown_and_counted_in_the_balance(till: Till) -> None:
    member(till, "13800138000")
    newcomer = member(till, "13900139000", referrer="13800138000")
    sale = sell(till, newcomer, ("general", 10000))
    assert sale.member is not None and sale.bonus_points == 100
    out = paper(till, "receipt", sale.sale_id, "58mm")
    right_aligned(out, "推荐奖励积分", "+100", 32)
    right_aligned(out, "积分余额", f"{sale.member.balance:,}", 32)  # 500 + 50 + 100


def test_a_reprint_later_shows_the_balance_as_it_was_after_the_sale(till: Till) -> None:
    m = member(till)
    first = sell(till, m, ("general", 10000))
    move_clock(till, "2026-03-05 09:00")
    sell(till, m, ("general", 20000))
    assert first.member is not None
    out = paper(till, "receipt", first.sale_id, "80mm", copy=True)
    right_aligned(out, "本单后积分余额", f"{first.member.balance:,}", 48)  # 550, not today's 650
    balance_now = out.lines.index(row(out, "截至 2026-03-05 积分余额"))  # then today's, and its expiry below it
    assert [line.text for line in out.lines[balance_now:balance_now + 2]] == [
        "截至 2026-03-05 积分余额" + " " * 21 + "650", "650 积分将于 2027-12-31 过期"]
    assert [line.text.strip() for line in out.find("重印")] == ["** 重印 **"] * 2
    assert row(out, "时间").text.endswith("2026-03-01 10:00:00")


def test_a_refund_receipt(till: Till) -> None:
    hire_staff(till)
    m = member(till)
    sale = sell(till, m, ("general", 6000), ("general", 4000), redeem=500)
    refund = record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    assert refund.member is not None
    for profile, lang in PAPER:
        out = paper(till, "refund", refund.refund_id, profile, lang)
        columns, zh = COLUMNS[profile], lang == "zh"
        assert row(out, "退款单" if zh else "REFUND").bold
        assert row(out, "收银员 max" if zh else "Cashier max")
        right_aligned(out, "退款单号" if zh else "Refund", refund.refund_id, columns)
        right_aligned(out, "原销售单" if zh else "Of sale", sale.sale_id, columns)
        right_aligned(out, "2. 普通商品" if zh else "2. General goods", "￥40.00", columns)
        right_aligned(out, "退款合计" if zh else "Refunded", "￥40.00", columns)
        right_aligned(out, "退回积分" if zh else "Points back",
                      "+200（抵 ￥2.00）" if zh else "+200 (worth ￥2.00)", columns)
        right_aligned(out, "现金退款" if zh else "Cash back", "￥38.00", columns)
        right_aligned(out, "扣回已得积分" if zh else "Earned points taken back", "-19", columns)
        right_aligned(out, "积分余额" if zh else "Points balance", f"{refund.member['balance']:,}", columns)
        code = receipt_code.verify(out.qr_codes[0], _keys(till))
        assert (code.kind, code.entry_id, code.total_fen, code.earned_points, code.redeemed_points) == (
            "refund", refund.refund_id, -4000, -19, -200)


def test_a_refund_receipt_says_which_points_came_back_expired(till: Till) -> None:
    """500 signup points last to 2027-12-31; a sale the day before spends them and 200 of a later lot. Refunded
    after New Year, the 500 come back past their date: the balance does not hold them, and the receipt says so."""
    hire_staff(till)
    m = member(till)
    move_clock(till, "2027-12-30 10:00")
    sell(till, m, ("general", 100000))  # 500 more, to 2028-12-31
    sale = sell(till, m, ("general", 1000), redeem=700)
    move_clock(till, "2028-01-02 10:00")
    refund = record_refund(till.uow(), till.shop, MANAGER, sale.sale_id)
    for profile, lang in PAPER:
        out = paper(till, "refund", refund.refund_id, profile, lang)
        columns, zh = COLUMNS[profile], lang == "zh"
        right_aligned(out, "退回积分" if zh else "Points back",
                      "+700（抵 ￥7.00）" if zh else "+700 (worth ￥7.00)", columns)
        right_aligned(out, "其中已过期" if zh else "of them already expired", "500", columns)
        right_aligned(out, "积分余额" if zh else "Points balance", "500", columns)
    later = sell(till, m, ("general", 1000), redeem=100)
    refund = record_refund(till.uow(), till.shop, MANAGER, later.sale_id)
    out = paper(till, "refund", refund.refund_id, copy=True)
    right_aligned(out, "退回积分", "+100（抵 ￥1.00）", 32)
    assert out.find("已过期") == []


def test_a_member_in_debt_is_warned_on_the_refund_and_the_next_sale(till: Till) -> None:
    hire_staff(till)
    m = member(till)
    big = sell(till, m, ("general", 100000))  # earns 500: balance 1,000
    sell(till, m, ("general", 1000), redeem=1000)  # spends it all
    refund = record_refund(till.uow(), till.shop, MANAGER, big.sale_id)
    assert refund.member is not None and refund.member["balance"] == -500
    out = paper(till, "refund", refund.refund_id)
    right_aligned(out, "积分余额", "-500", 32)
    assert row(out, "！会员欠 500 积分").bold
    later = sell(till, m, ("general", 10000))
    out = paper(till, "receipt", later.sale_id, lang="en")
    right_aligned(out, "Points balance", "-450", 32)
    assert row(out, "! The member owes 450 points")


def test_day_totals_and_z_report_print_the_figures_of_the_reports(till: Till) -> None:
    from terminal.journal import Who
    from terminal.services.reports import close_day, day_report

    m = member(till)
    sell(till, m, ("general", 19999))
    sell(till, None, ("digital", 5000), pay="card")
    day = day_report(till.reading(), till.shop)
    out = paper(till, "day", "2026-03-01", "58mm")
    assert row(out, "2026-03-01 当日汇总")
    right_aligned(out, "销售笔数", "2", 32)
    right_aligned(out, "销售额", "￥249.99", 32)
    right_aligned(out, "刷卡", "￥50.00", 32)
    right_aligned(out, "获得积分", f"{day['points_earned']:,}", 32)
    right_aligned(out, "会员持有积分", f"{day['liability_points']:,}", 32)
    right_aligned(out, "amy：2 笔", "￥249.99", 32)
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))
    out = paper(till, "z", "1", "80mm", "en")
    assert row(out, "Z1 END OF DAY").bold
    right_aligned(out, "Sales", "2", 48)
    right_aligned(out, "Gross sales", "￥249.99", 48)
    assert not out.find("Gift") and not out.find("Coupon")  # a day without the mall prints no rows of zeros for it


def test_the_printed_day_totals_count_the_points_mall_too(till: Till) -> None:
    from terminal.mall.catalog import ItemSpec
    from terminal.services import mall
    from terminal.services.reports import day_report

    m = member(till)
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("TEA", "茶杯", "Tea cup", 300), None)
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", m)
    day = day_report(till.reading(), till.shop)
    assert (day["exchanges"], day["exchange_points"]) == (1, 300)
    out = paper(till, "day", "2026-03-01", "80mm", "en")
    right_aligned(out, "Gift exchanges", "1", 48)
    right_aligned(out, "points spent", "300", 48)
    right_aligned(out, "Coupons issued", "0", 48)
    zh = paper(till, "day", "2026-03-01", "58mm")
    right_aligned(zh, "礼品兑换", "1", 32)


def test_a_member_card(till: Till) -> None:
    m = member(till, "13800138000", name="张三")
    p = Printing(till, PrinterSettings(profile="58mm"), member_code=lambda member_id: f"JFM1/{member_id}/SIGNED")
    out = read_escpos(p.escpos(p.document("card", m)))
    assert row(out, "会员卡").bold
    right_aligned(out, "姓名", "张三", 32)
    right_aligned(out, "手机", "138****8000", 32)
    right_aligned(out, "会员号", m, 32)
    assert out.qr_codes == [f"JFM1/{m}/SIGNED"]


@pytest.mark.parametrize("profile", ["58mm", "80mm", "TM-T88V"])
def test_the_test_page_shows_the_width(till: Till, profile: str) -> None:
    p = printing_for(till, profile)
    out = read_escpos(p.escpos(p.document("test", "")))
    columns = p.profile().columns
    ruler = row(out, "1234567890")
    assert ruler.columns == columns and ruler.text.endswith(str(columns % 10))
    assert out.widest == columns
    assert out.qr_codes == ["JIFEN TEST 积分 ￥12.34"]


def test_a_printer_without_native_qr_gets_the_code_as_a_picture(till: Till) -> None:
    sale = sell(till, member(till), ("general", 10000))
    out = paper(till, "receipt", sale.sale_id, "POS-5890")
    assert out.qr_native == 0 and len(out.images) == 1
    assert out.images[0].width == 384
    assert receipt_code.verify(out.qr_codes[0], _keys(till)).seq == sale.seq


def test_chinese_mode_switched_around_every_run_or_once(till: Till) -> None:
    sale = sell(till, member(till), ("general", 10000))
    switched = paper(till, "receipt", sale.sale_id, chinese="switch")
    once = paper(till, "receipt", sale.sale_id, chinese="always")
    assert switched.text == once.text
    assert switched.chinese_switches > 20 and switched.chinese_switches % 2 == 0
    assert once.chinese_switches == 1
    plain = paper(till, "receipt", sale.sale_id, lang="en", chinese="none")
    assert plain.chinese_switches == 0 and plain.text.isascii()
    assert plain.lines[0].text.strip() == "???"  # the store's name, which this printer cannot print


def test_the_drawer_opens_for_a_recent_cash_sale_only_when_configured(till: Till) -> None:
    cash = sell(till, None, ("general", 10000))
    card = sell(till, None, ("general", 10000), pay="card")

    def kicks(sale_id: str, drawer: bool) -> int:
        p = printing_for(till, "80mm", drawer=drawer)
        return read_escpos(p.escpos(p.document("receipt", sale_id, open_drawer=drawer))).drawer_kicks

    assert (kicks(cash.sale_id, True), kicks(card.sale_id, True), kicks(cash.sale_id, False)) == (1, 0, 0)
    move_clock(till, "2026-03-01 11:00")
    assert kicks(cash.sale_id, True) == 0  # an hour later it is a reprint, not a payment


def test_a_reprint_of_a_refunded_sale_says_so_and_marks_the_lines(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, member(till), ("general", 6000), ("digital", 4000))
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    out = paper(till, "receipt", sale.sale_id, copy=True)
    assert row(out, "** 已部分退款 **").bold
    right_aligned(out, "1. 普通商品", "￥60.00", 32)
    right_aligned(out, "2. 数码产品（已退）", "￥40.00", 32)
    assert row(paper(till, "receipt", sale.sale_id, "80mm", "en"), "** PARTLY REFUNDED **").bold
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [1])
    for lang, mark in (("zh", "** 已全额退款 **"), ("en", "** FULLY REFUNDED **")):
        out = paper(till, "receipt", sale.sale_id, "58mm", lang)
        assert row(out, mark).bold and not out.find("部分") and not out.find("PARTLY")


def test_a_printer_without_chinese_prints_english_and_rmb_instead_of_question_marks(till: Till) -> None:
    sale = sell(till, member(till), ("general", 38800))
    out = paper(till, "receipt", sale.sale_id, "58mm", "zh", chinese="none")  # the shop's language is Chinese
    right_aligned(out, "1. General goods", "RMB388.00", 32)
    right_aligned(out, "Total", "RMB388.00", 32)
    right_aligned(out, "Points balance", "694", 32)
    assert out.text.isascii() and "?" not in out.text.replace(out.lines[0].text, "")  # but the store's name


def test_the_sub_rows_of_the_day_totals_are_indented_on_paper(till: Till) -> None:
    hire_staff(till)
    sale = sell(till, None, ("general", 10000))
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id)
    for lang, label in (("zh", "现金退款"), ("en", "Refunded in cash")):
        line = row(paper(till, "day", "2026-03-01", "58mm", lang), label)
        assert line.text.startswith("  " + label) and line.text.endswith("￥100.00")


@pytest.mark.parametrize("chinese, has_chinese_line", [("switch", True), ("none", False)])
def test_the_test_page_tries_chinese_only_on_a_printer_that_has_it(
        till: Till, chinese: str, has_chinese_line: bool) -> None:
    p = Printing(till, PrinterSettings(profile="58mm", chinese=chinese, language="en"))
    out = read_escpos(p.escpos(p.document("test", "")))
    assert out.lines[0].text.strip() == "Printer test"
    assert any(line.text.startswith("中文测试") for line in out.lines) is has_chinese_line
    assert not any("?" in line.text for line in out.lines)
