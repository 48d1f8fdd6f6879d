"""The command line's English as an English-speaking shop reads it: counts agree with their nouns (1 point, 1 day),
tiers are named as the app and the receipts name them (Silver), a promotion's weekdays are named (Mondays), and no
Chinese where a cp1252 console would show ??? (the help's asides, the tiers' Chinese labels)."""

import re

from terminal.promotion_words import promotion_text
from terminal.rules import Promotion
from tests.helpers.cli import Jifen, run_jifen

ZHANG = "13800138000"
ZH = {"LANG": "zh_CN.UTF-8"}
CHINESE = re.compile("[\u3400-\u9fff]")


def _leave_one_point(jifen: Jifen) -> None:
    jifen.member(ZHANG)  # 500 points of signup bonus
    assert jifen("adjust", ZHANG, "--points", "-499", "--reason", "test", by="max").status == 0


def test_a_member_with_one_point_reads_in_the_singular(jifen: Jifen) -> None:
    _leave_one_point(jifen)
    shown = jifen("member", "show", ZHANG).out.splitlines()
    assert "  Balance: 1 point" in shown
    assert any(line.startswith("  Next expiry: 1 point on ") for line in shown), shown


def test_adjust_says_one_point_and_groups_thousands(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    assert jifen("adjust", ZHANG, "--points", "1", "--reason", "test", by="max").out.startswith("Adjusted by +1 point. ")
    big = jifen("adjust", ZHANG, "--points", "1000000", "--reason", "test", by="max", approver="boss")
    assert big.out.startswith("Adjusted by +1,000,000 points. "), big
    assert "  Balance: 1,000,501 points" in big.out.splitlines()
    jifen.ok("adjust", ZHANG, "--points", "-1000000", "--reason", "test", by="max", approver="boss")
    too_much = jifen("adjust", ZHANG, "--points", "-1000000", "--reason", "test", by="max", approver="boss")
    assert (too_much.status, too_much.err) == (2, "the member has 501 points; cannot take 1,000,000\n"), too_much


def test_a_sale_paid_with_one_point_reads_in_the_singular(jifen: Jifen) -> None:
    _leave_one_point(jifen)
    sale = jifen("sale", "--member", ZHANG, "--line", "general:1", "--redeem", "1", by="amy")
    assert "  Paid with points: 1 point = ¥0.01" in sale.out.splitlines(), sale
    assert re.search(r"balance 0 points, tier Regular$", sale.out, re.M), sale


def test_the_day_report_counts_one_point_earned(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    jifen.ok("sale", "--member", ZHANG, "--line", "general:2", by="amy")  # 0.5 a yuan: 1 point
    assert "  amy: 1 sale, ¥2.00, 0 refunds, 1 point earned, cash in drawer ¥2.00" in jifen("report", "day").out.splitlines()


def test_a_coupon_good_for_one_day_says_day(jifen: Jifen) -> None:
    jifen.ok("gift", "add", "C1", "--coupon", "--name-zh", "券", "--name-en", "Voucher", "--points", "1",
             "--value", "5", "--days", "1", by="max")
    listed = jifen("gift", "list", "--coupons").out
    assert "Voucher: 1 point, ¥5.00 off from ¥0.00, 1 day; stock no limit" in listed, listed


def test_member_show_names_the_tiers_as_the_app_does(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    shown = jifen("member", "show", ZHANG).out
    assert "  Tier: Regular, growth ¥0.00; ¥2,000.00 more to reach Silver" in shown.splitlines(), shown
    assert not CHINESE.search(shown)
    assert "  等级：普通会员，成长值 ￥0.00，再消费 ￥2,000.00 升级为银卡" in jifen("member", "show", ZHANG, env=ZH).out


def test_rules_show_names_the_tiers_as_the_app_does(jifen: Jifen) -> None:
    tiers = "  Tiers: Regular from ¥0 ×1; Silver from ¥2,000 ×1.2; Gold from ¥10,000 ×1.5; Diamond from ¥50,000 ×2"
    assert tiers in jifen("rules", "show").out.splitlines()


def test_a_tier_the_shop_labels_in_english_goes_by_its_label(jifen: Jifen) -> None:
    jifen.rules_file.write_text(jifen.rules_file.read_text(encoding="utf-8").replace('label = "银卡"', 'label = "Silver Club"'),
                                encoding="utf-8")
    jifen.member(ZHANG)
    assert "more to reach Silver Club" in jifen("member", "show", ZHANG).out
    assert "Silver Club from ¥2,000 ×1.2" in jifen("rules", "show").out


def _promotion(*weekdays: int) -> Promotion:
    return Promotion(name="Happy days", multiplier=200, weekdays=weekdays)


def test_a_promotions_weekdays_are_named() -> None:
    assert promotion_text(_promotion(1), False) == "Happy days ×2 (Mondays)"
    assert promotion_text(_promotion(6, 7), False) == "Happy days ×2 (Saturdays and Sundays)"
    assert promotion_text(_promotion(1, 3, 5), False) == "Happy days ×2 (Mondays, Wednesdays and Fridays)"
    assert promotion_text(_promotion(1, 3), True) == "Happy days ×2（周一、周三）"


def test_rules_show_names_a_promotions_weekdays(jifen: Jifen) -> None:
    jifen.rules_file.write_text(jifen.rules_file.read_text(encoding="utf-8") + '\n[[promotions]]\nname = "Happy Monday"\n'
                                'multiplier = 200\nweekdays = [1]\n', encoding="utf-8")
    assert "  Promotions: Happy Monday ×2 (Mondays)" in jifen("rules", "show").out.splitlines()
    assert "  促销：Happy Monday ×2（周一）" in jifen("rules", "show", env=ZH).out.splitlines()


def test_the_english_help_carries_no_chinese() -> None:
    top = run_jifen("--help", env={"LANG": "en_US.UTF-8", "COLUMNS": "200"}).stdout
    assert "jifen points terminal\n" in top and not CHINESE.search(top), top
    assert "the member whose card was shown after paying; a sale of an earlier day" in top
    help_ = run_jifen("sale-member", "--help", env={"LANG": "en_US.UTF-8", "COLUMNS": "200"}).stdout
    assert "after paying; a sale of an earlier day" in help_ and not CHINESE.search(help_), help_


def test_the_chinese_help_keeps_its_chinese() -> None:
    top = run_jifen("--help", env={**ZH, "COLUMNS": "200"}).stdout
    assert "积分收银终端（jifen）" in top and "会员（补积分）" in top, top
