"""A receipt as a Chinese customer reads it: the tier the member has after the sale (and that the sale's points
were worked out at the tier before, points-rules.md), a reprint marked 重印, no stray spaces from English word
order, the points deduction as a negative amount, and the earn calculation broken only between whole terms."""

import json
import sqlite3

import pytest

from printing.document import Document, Formula
from printing.layout import lay_out
from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.services.reports import close_day
from tests.helpers.cli import Jifen
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import OWNER, member, move_clock, sell
from tests.printing.conftest import write_printer_config
from tests.printing.test_receipt_paper import paper, right_aligned, row

# The reviewer's sale: ¥2,772.50, ¥2,769.50 of it paid in cash, takes a regular member past ¥2,000 of growth.
REVIEWED = (("general", 12800), ("digital", 259900), ("vehicle", 4550))
FORMULA_58 = ["  (￥128.00 × 0.5",
              "    + ￥2,599.00 × 0.1",
              "    + ￥45.50 × 0.001)",
              "    × ￥2,769.50/￥2,772.50",
              " " * 27 + "= 323"]


def _formula_lines(out_lines: list[str], result: str) -> list[str]:
    """The lines from the calculation's first to its result."""
    first = next(n for n, text in enumerate(out_lines) if text.startswith("  ("))
    last = next(n for n, text in enumerate(out_lines) if text.endswith(result) and n >= first)
    return out_lines[first:last + 1]


def test_the_tier_printed_is_the_one_after_the_sale_and_says_the_sale_made_it(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, *REVIEWED, redeem=300)
    assert sale.member is not None and sale.member.tier.name == "silver" and sale.earned_points == 323
    out = paper(till, "receipt", sale.sale_id, "58mm")
    tier = out.lines.index(row(out, "会员等级"))
    assert [line.text for line in out.lines[tier:tier + 3]] == [
        "会员等级        银卡（本单升级）", "  本单按原等级“普通会员”计分", "本单获得积分                +323"]
    assert not out.find("会员等级                普通会员")
    right_aligned(out, "积分余额", f"{sale.member.balance:,}", 32)
    en = paper(till, "receipt", sale.sale_id, "80mm", "en")
    right_aligned(en, "Tier", "Silver (upgraded)", 48)
    assert row(en, "this sale earned at Regular").text == "  this sale earned at Regular"


def test_a_sale_that_keeps_the_tier_prints_it_plainly(till: Till) -> None:
    m = member(till)
    sell(till, m, ("excluded", 1_000_000))  # ¥10,000 of growth: gold from the next sale
    sale = sell(till, m, ("general", 10000))
    out = paper(till, "receipt", sale.sale_id, "58mm")
    right_aligned(out, "会员等级", "金卡", 32)
    right_aligned(out, "￥100.00 × 0.5 × 1.5", "= 75", 32)  # the gold multiplier: the tier before this sale too
    assert not out.find("本单升级") and not out.find("原等级")


def test_a_reprint_weeks_later_shows_the_tier_right_after_that_sale(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, *REVIEWED, redeem=300)
    move_clock(till, "2026-03-20 10:00")
    later = sell(till, m, ("excluded", 1_000_000))
    assert later.member is not None and later.member.tier.name == "gold"
    out = paper(till, "receipt", sale.sale_id, "58mm", copy=True)
    right_aligned(out, "会员等级", "银卡（本单升级）", 32)
    assert not out.find("金卡")


def test_a_sale_recorded_before_the_tier_after_it_was_kept_says_the_tier_its_points_were_earned_at(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, *REVIEWED, redeem=300)
    with sqlite3.connect(till.home.db) as conn:
        (payload,) = conn.execute("SELECT payload FROM journal WHERE seq = ?", (sale.seq,)).fetchone()
        old = {key: value for key, value in json.loads(payload).items() if key != "tier_after"}
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?", (json.dumps(old), sale.seq))
    out = paper(till, "receipt", sale.sale_id, "58mm", copy=True)
    right_aligned(out, "本单计分等级", "普通会员", 32)
    assert not out.find("会员等级") and not out.find("本单升级")


@pytest.mark.parametrize(("profile", "columns"), [("58mm", 32), ("80mm", 48)])
def test_the_points_deduction_is_a_negative_amount(till: Till, profile: str, columns: int) -> None:
    sale = sell(till, member(till), *REVIEWED, redeem=300)
    right_aligned(paper(till, "receipt", sale.sale_id, profile), "积分抵扣 300 积分", "-￥3.00", columns)
    right_aligned(paper(till, "receipt", sale.sale_id, profile, "en"), "Paid with 300 points", "-￥3.00", columns)


def test_the_expiry_line_has_no_space_inside_the_chinese(till: Till) -> None:
    sale = sell(till, member(till), *REVIEWED, redeem=300)
    assert row(paper(till, "receipt", sale.sale_id), "523 积分").text == "523 积分将于 2027-12-31 过期"


def test_a_reprint_and_a_z_report_printed_again_say_chonyin_in_chinese(till: Till) -> None:
    sale = sell(till, member(till), ("general", 10000))
    close_day(till.uow(), till.shop, Who(OWNER.name, OWNER.name))
    for kind, ref in (("receipt", sale.sale_id), ("z", "1")):
        zh, en = paper(till, kind, ref, copy=True), paper(till, kind, ref, "80mm", "en", copy=True)
        assert [line.text.strip() for line in zh.find("重印")] == ["** 重印 **"] * (2 if kind == "receipt" else 1)
        assert not zh.find("COPY") and en.find("** COPY **") and not en.find("重印")


def test_the_earn_calculation_breaks_between_whole_terms_on_58mm(till: Till) -> None:
    sale = sell(till, member(till), *REVIEWED, redeem=300)
    texts = [line.text for line in paper(till, "receipt", sale.sale_id, "58mm").lines]
    assert _formula_lines(texts, "= 323") == FORMULA_58
    wide = [line.text for line in paper(till, "receipt", sale.sale_id, "80mm").lines]
    assert _formula_lines(wide, "= 323") == ["  (￥128.00 × 0.5 + ￥2,599.00 × 0.1",
                                             "    + ￥45.50 × 0.001) × ￥2,769.50/￥2,772.50",
                                             " " * 43 + "= 323"]


def test_long_amounts_keep_each_term_whole_and_the_result_on_the_right(till: Till) -> None:
    m = member(till)
    sell(till, m, ("excluded", 1_000_000))  # gold: a tier multiplier at the end
    sale = sell(till, m, ("general", 9_999_999), ("digital", 88_888_888), ("vehicle", 15_000_000), redeem=500)
    out = paper(till, "receipt", sale.sale_id, "58mm")
    result = f"= {sale.earned_points:,}"
    assert _formula_lines([line.text for line in out.lines], result) == [
        "  (￥99,999.99 × 0.5",
        "    + ￥888,888.88 × 0.1",
        "    + ￥150,000.00 × 0.001)",
        "    × ￥1,138,883.87/",
        "    ￥1,138,888.87 × 1.5",
        " " * (32 - len(result)) + result]


def test_a_formula_that_fits_is_one_line_with_its_result_on_the_right() -> None:
    page = lay_out(Document("t", (Formula(("￥100.00 × 0.5", "× 1.5"), "= 75"),)), 32, "gb18030")
    assert [line.text for line in page.text_lines] == ["  ￥100.00 × 0.5 × 1.5" + " " * 4 + "= 75"]  # 32 columns: × is two


ZH = {"LANG": "zh_CN.UTF-8"}


def test_printer_test_says_the_test_page_printed_without_a_space(cli: Jifen, printer: FakePrinter) -> None:
    test = cli("printer", "test", "--printer", printer.url, env=ZH)
    assert test.status == 0 and test.out.strip().startswith("测试页已打印（任务 "), str(test)


def test_printer_status_asks_to_check_the_printer_not_to_reprint(cli: Jifen, printer: FakePrinter) -> None:
    printer.refuse()
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    status = cli("printer", "status", env=ZH)
    assert status.status == 2 and status.err.strip().endswith("连接不上打印机（未开机或未连接？）——请检查打印机"), str(status)
    assert "重印" not in status.out + status.err
    en = cli("printer", "status")
    assert "printer not reachable (switched off or unplugged?) — check the printer (" in en.err, str(en)
    sale = cli("sale", "--line", "general:10", by="amy", env=ZH)  # a receipt waiting: to be printed again
    assert sale.status == 0 and "连接不上打印机（未开机或未连接？）——检查后重印" in sale.out, str(sale)
