"""Promotions as a merchant writes them in rules.toml: one naming both weekdays and days of the month (which would
apply only on days that are both) is refused when rules are set or checked, while rules already in force with one keep
earning as they did; a category may be named by its Chinese name; two promotions of one name that can apply on the
same day with different multipliers are refused."""

from datetime import date
from pathlib import Path

import pytest

from terminal.bootstrap import DEFAULT_RULES, open_till
from terminal.errors import Refused
from terminal.home import Home
from terminal.ledger_link import adopt_rules
from terminal.rules import Promotion, RuleSet, load_rules, rules_to_toml
from tests.helpers.cli import Jifen
from tests.helpers.store import at, member, move_clock, new_till, sell

BOTH = """
[[promotions]]
name = "周末及会员日"
multiplier = 200
weekdays = [6, 7]
days_of_month = [18]
"""
BOTH_EN = ("rules: promotions[1]: names both weekdays and days_of_month, so it applies only on days that are both; for "
           "either, make it two promotions, one with the weekdays and one with the days of the month (promotions do not "
           "stack: the highest that applies counts)")
BOTH_ZH = ("规则文件：promotions[1]：同时设置了 weekdays 和 days_of_month，只在两者都满足的日子生效；若要满足任一即生效，"
           "请拆成两个促销，一个设 weekdays，一个设 days_of_month（促销不叠加，取适用的最高倍数）")


def _promotions(*tables: str) -> str:
    return DEFAULT_RULES.read_text(encoding="utf-8") + "".join(f"\n[[promotions]]\n{t.strip()}\n" for t in tables)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(tmp_path: Path, text: str) -> Refused:
    with pytest.raises(Refused) as refused:
        load_rules(_file(tmp_path, text))
    assert refused.value.code == "bad_rules"
    return refused.value


def test_a_promotion_naming_weekdays_and_days_of_the_month_is_refused_saying_to_make_two(jifen: Jifen) -> None:
    jifen.rules_file.write_text(DEFAULT_RULES.read_text(encoding="utf-8") + BOTH, encoding="utf-8")
    checked = jifen("rules", "check")
    assert (checked.status, checked.out, checked.err) == (2, "", BOTH_EN + "\n")
    assert jifen("rules", "check", env={"LANG": "zh_CN.UTF-8"}).err == BOTH_ZH + "\n"
    shown = jifen("rules", "show")  # opening the store: the edit is not adopted, and the till says why
    assert shown.status == 0 and BOTH_EN in shown.err and "周末" not in shown.out


def test_the_two_promotions_it_says_to_make_give_either_day(tmp_path: Path) -> None:
    split = _promotions('name = "周末及会员日"\nmultiplier = 200\nweekdays = [6, 7]',
                        'name = "周末及会员日"\nmultiplier = 200\ndays_of_month = [18]')
    till = new_till(Home(tmp_path / "T1"), "2026-03-07 10:00", load_rules(_file(tmp_path, split)))  # a Saturday
    try:
        m = member(till)
        assert sell(till, m, ("general", 10000)).earned_points == 100
        move_clock(till, "2026-03-18 10:00")  # a Wednesday
        assert sell(till, m, ("general", 10000)).earned_points == 100
        move_clock(till, "2026-03-19 10:00")
        assert sell(till, m, ("general", 10000)).earned_points == 50
    finally:
        till.close()


def test_rules_in_force_with_such_a_promotion_keep_loading_and_earning_as_before(tmp_path: Path) -> None:
    held = RuleSet(promotions=(Promotion("周日会员日", 200, weekdays=(7,), days_of_month=(1,)),))
    till = new_till(Home(tmp_path / "T1"))
    with till.uow() as uow:  # adopted by a jifen from before the check, its file written from them
        adopt_rules(uow.session, till.shop, held)
        uow.commit()
    till.home.rules.write_text(rules_to_toml(held, "as an older jifen adopted them"), encoding="utf-8")
    till.close()
    till = open_till(till.home, at("2026-03-01 10:00"))  # Sunday the 1st
    try:
        assert (till.shop.rules, till.notices) == (held, [])
        m = member(till)
        assert sell(till, m, ("general", 10000)).earned_points == 100
        move_clock(till, "2026-03-08 10:00")  # a Sunday, not the 1st: only on days that are both, as before
        assert sell(till, m, ("general", 10000)).earned_points == 50
    finally:
        till.close()


def test_a_category_may_be_named_by_its_chinese_name_and_the_id_is_kept(tmp_path: Path) -> None:
    text = _promotions('name = "双十一"\nmultiplier = 200\ncategories = ["普通商品", "生鲜"]').replace(
        "[categories]", '[categories]\nfresh = { rate_bp = 3000, label = "生鲜" }', 1)
    rules = load_rules(_file(tmp_path, text))
    assert rules.promotions[0].categories == ("general", "fresh")
    assert rules_to_toml(rules, "").count('categories = ["general", "fresh"]') == 1


def test_an_unknown_category_is_named_with_the_known_ones(tmp_path: Path) -> None:
    refused = _refusal(tmp_path, _promotions('name = "双十一"\nmultiplier = 200\ncategories = ["fresh"]'))
    assert refused.en == ("rules: promotions[1].categories: unknown category 'fresh' "
                          "(known: general, digital, vehicle, excluded)")
    assert refused.zh == ("规则文件：promotions[1].categories：未知品类“fresh”"
                          "（可用：general（普通商品）、digital（数码产品）、vehicle（整车）、excluded（不积分商品））")


def test_a_name_two_categories_share_is_refused_saying_to_type_the_id(tmp_path: Path) -> None:
    text = _promotions('name = "双十一"\nmultiplier = 200\ncategories = ["数码产品"]').replace(
        "[categories]", '[categories]\nparts = { rate_bp = 1000, label = "数码产品" }', 1)
    refused = _refusal(tmp_path, text)
    assert refused.en == ("rules: promotions[1].categories: two categories are named '数码产品' (parts, digital): "
                          "type its id")
    assert refused.zh == "规则文件：promotions[1].categories：有两个品类都叫“数码产品”（parts、digital）：请输入品类编号"


def test_one_name_on_two_promotions_that_can_meet_with_different_multipliers_is_refused(tmp_path: Path) -> None:
    refused = _refusal(tmp_path, _promotions('name = "双十一"\nmultiplier = 200\nfrom = 2026-11-11\nuntil = 2026-11-11',
                                             'name = "双十一"\nmultiplier = 300\nfrom = 2026-11-10\nuntil = 2026-11-12'))
    assert refused.en == ("rules: promotions[2].name: promotions[1] is named '双十一' too, and both can apply on the same "
                          "day with different multipliers (×2, ×3; ×3 would count): give them different names, or one "
                          "multiplier")
    assert refused.zh == ("规则文件：promotions[2].name：与 promotions[1] 同名（“双十一”），且可能在同一天适用而倍数不同"
                          "（×2、×3，将按 ×3 计）：请改用不同名称，或用同一倍数")


@pytest.mark.parametrize("second", [
    'multiplier = 300\nweekdays = [3]',  # a Wednesday the 8th: 2026-04-08
    'multiplier = 300\ndays_of_month = [8]\ncategories = ["general"]',
])
def test_promotions_of_one_name_meet_on_some_day(tmp_path: Path, second: str) -> None:
    text = _promotions('name = "会员日"\nmultiplier = 200\ndays_of_month = [8]', f'name = "会员日"\n{second}')
    assert "promotions[2].name" in _refusal(tmp_path, text).en


@pytest.mark.parametrize("second", [
    'multiplier = 200\nweekdays = [6, 7]',  # one promotion made two, as the refusal above says
    'multiplier = 300\ndays_of_month = [18]',  # never on the same day
    'multiplier = 300\ndays_of_month = [8]\nfrom = 2027-01-01',  # this year's and next year's
    'multiplier = 300\ndays_of_month = [8]\ncategories = ["digital"]',  # never on the same goods
    'multiplier = 300\nweekdays = [3]\nfrom = 2026-03-09\nuntil = 2026-03-17',  # no 8th in it
])
def test_promotions_of_one_name_that_never_disagree_are_taken(tmp_path: Path, second: str) -> None:
    first = 'name = "会员日"\nmultiplier = 200\ndays_of_month = [8]\nuntil = 2026-12-31\ncategories = ["general"]'
    rules = load_rules(_file(tmp_path, _promotions(first, f'name = "会员日"\n{second}')))
    assert [p.name for p in rules.promotions] == ["会员日", "会员日"]


def test_the_default_files_example_of_a_promotion_works_and_says_not_both(tmp_path: Path) -> None:
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    example = text[text.index("# [[promotions]]"):]
    rules = load_rules(_file(tmp_path, text.replace(example, "\n".join(line[2:] for line in example.splitlines()))))
    assert rules.promotions == (Promotion("会员日", 200, days_of_month=(8, 18, 28), start=date(2026, 1, 1),
                                          categories=("general",)),)
    assert "and/or" not in text and "not both" in text
