"""The human text of the command line: the same tier label everywhere, English counts that agree
with their nouns, and readable rules."""


import pytest

from tests.helpers.cli import Jifen

ZHANG = "13800138000"
ZH = {"LANG": "zh_CN.UTF-8"}


@pytest.fixture
def zhang(jifen: Jifen) -> str:
    return jifen.member(ZHANG)


def test_a_sale_names_the_tier_as_member_show_does(jifen: Jifen, zhang: str) -> None:
    sale = jifen("sale", "--member", ZHANG, "--line", "general:10", by="amy", env=ZH)
    assert "等级 普通会员" in sale.out and "regular" not in sale.out
    assert "等级：普通会员" in jifen("member", "show", ZHANG, env=ZH).out
    english = jifen("sale", "--member", ZHANG, "--line", "general:10", by="amy")
    assert "tier Regular" in english.out and "普通会员" not in english.out
    assert "Tier: Regular," in jifen("member", "show", ZHANG).out


def test_a_sale_that_reaches_diamond_says_钻石(jifen: Jifen, zhang: str) -> None:
    sale = jifen("sale", "--member", ZHANG, "--line", "general:60000", by="amy", approver="max", env=ZH)
    assert sale.status == 0, sale
    assert "等级 钻石" in sale.out and "diamond" not in sale.out


def test_a_refund_says_line_or_lines(jifen: Jifen) -> None:
    one = jifen.ok("sale", "--line", "general:1", by="amy")
    two = jifen.ok("sale", "--line", "general:1", "--line", "general:2", by="amy")
    assert f"of sale {one['sale_id']} (line 1):" in jifen("refund", one["sale_id"], by="max").out
    assert f"of sale {two['sale_id']} (lines 1, 2):" in jifen("refund", two["sale_id"], by="max").out


def test_per_cashier_totals_count_in_good_english(jifen: Jifen) -> None:
    sale = jifen.ok("sale", "--line", "general:1", by="amy")
    jifen.ok("sale", "--line", "general:2", by="max")
    jifen.ok("refund", sale["sale_id"], by="max")
    closed = jifen("day", "close", by="boss")
    assert "amy: 1 sale, ¥1.00, 0 refunds" in closed.out
    assert "max: 1 sale, ¥2.00, 1 refund" in closed.out


def test_expire_counts_members_in_good_english(jifen: Jifen, zhang: str) -> None:
    jifen.now = "2028-01-01T10:00:00+08:00"
    assert jifen("expire").out == "Expired 500 points of 1 member\n"


def test_the_deny_list_counts_in_good_english(jifen: Jifen, zhang: str) -> None:
    assert jifen("code", "denied").out.startswith("Deny list: 0 entries\n")
    jifen.ok("code", "revoke", ZHANG, by="max")
    assert jifen("code", "denied").out.startswith("Deny list: 1 entry\n")


def test_the_gift_list_counts_in_good_english(jifen: Jifen) -> None:
    jifen.ok("gift", "add", "G1", "--name-zh", "水杯", "--name-en", "Cup", "--points", "100", by="max")
    assert jifen("gift", "list").out.startswith("1 item\n")


def test_rules_show_is_readable_text(jifen: Jifen) -> None:
    version = jifen.ok("rules", "show")["version"]
    shown = jifen("rules", "show")
    assert (shown.status, shown.err) == (0, "")
    assert shown.out.splitlines() == [
        f"Rules in force (version {version})",
        "  Paying with points: 100 points = ¥1, up to 100% of a bill",
        "  Points per ¥1 by category: Digital goods (digital) 0.1, Goods without points (excluded) 0, "
        "General goods (general) 0.5, Vehicle (vehicle) 0.001",
        "  Tiers: Regular from ¥0 ×1; Silver from ¥2,000 ×1.2; Gold from ¥10,000 ×1.5; Diamond from ¥50,000 ×2",
        "  Promotions: none",
        "  Signup bonus 500 points; referral bonus 100 points to each",
        "  A manager approves after 5 earning sales of a member a day at one store",
        "  Offline: at most 5,000 points paid per member a day",
        "  Points expire at the end of the year after they are earned",
    ]
    assert shown.out.endswith("earned\n")


def test_rules_show_names_the_promotions(jifen: Jifen) -> None:
    jifen.rules_file.write_text(jifen.rules_file.read_text(encoding="utf-8") + '\n[[promotions]]\nname = "会员日"\n'
                                'multiplier = 200\ndays_of_month = [8, 18, 28]\ncategories = ["general"]\n', encoding="utf-8")
    assert "  Promotions: 会员日 ×2 (days 8, 18, 28 of the month; on General goods)" in jifen("rules", "show").out.splitlines()
    assert "  促销：会员日 ×2（每月8、18、28日；限普通商品）" in jifen("rules", "show", env=ZH).out.splitlines()


def test_rules_show_names_a_promotions_categories_as_the_app_does(jifen: Jifen) -> None:
    """限数码产品, not 限digital: the category's name (as the app's rules screen shows it), not its id."""
    jifen.rules_file.write_text(jifen.rules_file.read_text(encoding="utf-8") + '\n[[promotions]]\nname = "双十一"\n'
                                'multiplier = 200\ncategories = ["digital", "vehicle"]\n', encoding="utf-8")
    chinese = jifen("rules", "show", env=ZH).out.splitlines()
    assert "  促销：双十一 ×2（限数码产品、整车）" in chinese, chinese
    assert "  会员每天在同一门店第 5 笔积分销售之后需店长授权" in chinese, chinese
    english = jifen("rules", "show").out.splitlines()
    assert "  Promotions: 双十一 ×2 (on Digital goods, Vehicle)" in english, english


def test_rules_show_says_one_month_and_one_point_in_the_singular(jifen: Jifen) -> None:
    jifen.rules_file.write_text(jifen.rules_file.read_text(encoding="utf-8").replace(
        'policy = "end_of_next_year"', 'policy = "rolling_months"').replace("months = 12", "months = 1"), encoding="utf-8")
    for line in ("points_per_yuan = 1", "signup_bonus = 1", "referral_bonus = 1", "offline_cap = 1"):
        jifen.set_rule(line)
    lines = jifen("rules", "show").out.splitlines()
    assert "  Points expire 1 month after they are earned" in lines
    assert "  Paying with points: 1 point = ¥1, up to 100% of a bill" in lines
    assert "  Signup bonus 1 point; referral bonus 1 point to each" in lines
    assert "  Offline: at most 1 point paid per member a day" in lines
    assert "  积分有效期：获得后 1 个月" in jifen("rules", "show", env=ZH).out.splitlines()


def test_a_refund_says_points_past_their_date_came_back_expired(jifen: Jifen, zhang: str) -> None:
    """zhang's 500 signup points last to 2027-12-31; a sale the day before spends 300 of them."""
    jifen.now = "2027-12-30T10:00:00+08:00"
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "300", by="amy")["sale_id"]
    jifen.now = "2028-01-02T10:00:00+08:00"
    english = jifen("refund", sale, by="max").out
    assert "  Points restored: 300 (already past their date: expired at once); points taken back: 3" in english
    again = jifen.ok("sale", "--member", ZHANG, "--line", "general:10", by="amy")["sale_id"]
    assert "  退回积分：0；" in jifen("refund", again, by="max", env=ZH).out  # nothing to say of no points


def test_a_refund_says_how_many_of_its_points_came_back_expired(jifen: Jifen, zhang: str) -> None:
    jifen.now = "2027-12-30T10:00:00+08:00"
    jifen.ok("sale", "--member", ZHANG, "--line", "general:1000", by="amy")  # 500 more, to 2028-12-31
    sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:10", "--redeem", "700", by="amy")["sale_id"]
    jifen.now = "2028-01-02T10:00:00+08:00"
    refund = jifen("refund", sale, by="max", env=ZH).out
    assert "  退回积分：700（其中 500 已过期，即时失效）；扣回积分：1" in refund
    assert jifen.balance(ZHANG) == 500  # the 300 left of the later lot and the 200 given back to it
