"""The rule set: a TOML file the merchant edits, validated before it is used."""

from pathlib import Path

import pytest
from sqlalchemy import select

from terminal.bootstrap import DEFAULT_RULES, Till, open_till
from terminal.errors import Refused
from terminal.models import JournalEntry, RuleSetRow
from terminal.rules import RuleSet, load_rules, rules_to_toml
from tests.helpers.store import at, sell


def test_the_default_file_is_the_default_rule_set() -> None:
    assert load_rules(DEFAULT_RULES) == RuleSet()
    assert load_rules(DEFAULT_RULES).version == RuleSet().version


def _rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, field", [
    ("signup_bonus = -1", "signup_bonus"),
    ("signup_bonus = 1.5", "signup_bonus"),
    ("signup_bonus = true", "signup_bonus"),
    ("bonus = 3", "bonus"),
    ("max_redeem_percent = 101", "max_redeem_percent"),
    ("[expiry]\npolicy = 'never'", "expiry.policy"),
    ("[expiry]\nmonths = 0", "expiry.months"),
    ("[categories]\nfood = 'lots'", "categories.food"),
    ("[categories]\nFood = 10", "categories.Food"),
    ("[categories]\nfresh = { rate_bp = 3000, label = '' }", "categories.fresh.label"),
    ("[categories]\nfresh = { rate_bp = 3000, label = '\t' }", "categories.fresh.label"),
    ("[categories]\nfresh = { rate_bp = 3000, label = '生鲜\u200b' }", "categories.fresh.label"),
    ("[categories]\nfresh = { rate_bp = 3000, label = '" + "生" * 21 + "' }", "categories.fresh.label"),
    ("[categories]\nfresh = { rate_bp = 3000, label = 1 }", "categories.fresh.label"),
    ("[categories]\nfresh = { label = '生鲜' }", "categories.fresh.rate_bp"),
    ("[categories]\nfresh = { rate = 3000 }", "categories.fresh.rate"),
    ("[[tiers]]\nname='regular'\nlabel='普通'\nfrom_yuan=100\nmultiplier=100", "tiers[1].from_yuan"),
    ("[[tiers]]\nname='regular'\nlabel='普通'\nfrom_yuan=0\nmultiplier=100\n"
     "[[tiers]]\nname='gold'\nlabel='金'\nfrom_yuan=0\nmultiplier=150", "tiers[2].from_yuan"),
    ("[[promotions]]\nname='x'\nmultiplier=200\nweekdays=[8]", "promotions[1].weekdays"),
    ("[[promotions]]\nname='x'\nmultiplier=200\ncategories=['food']", "promotions[1].categories"),
    ("[[promotions]]\nname='x'\nmultiplier=200\nfrom=2026-03-02\nuntil=2026-03-01", "promotions[1].until"),
    ("signup_bonus = ", "rules.toml"),
])
def test_a_bad_file_is_refused_naming_the_field(tmp_path: Path, text: str, field: str) -> None:
    with pytest.raises(Refused) as refused:
        load_rules(_rules(tmp_path, text))
    assert refused.value.code == "bad_rules"
    assert field in refused.value.en and field in refused.value.zh


@pytest.mark.parametrize("text, where", [("a = 1\nb = ]\n", "第 2 行第 5 列"), ("[expiry", "文件末尾")])
def test_a_file_that_is_not_toml_says_where_in_chinese_too(tmp_path: Path, text: str, where: str) -> None:
    with pytest.raises(Refused) as refused:
        load_rules(_rules(tmp_path, text))
    assert refused.value.zh == f"规则文件：rules.toml：不是有效的 TOML（{where}格式有误）"


def test_a_valid_edit_is_adopted_and_recorded_on_sales(till: Till) -> None:
    old = till.shop.rules.version
    till.home.rules.write_text(DEFAULT_RULES.read_text(encoding="utf-8").replace("signup_bonus = 500", "signup_bonus = 800"),
                               encoding="utf-8")
    till.close()
    reopened = open_till(till.home, at("2026-03-01 11:00"))
    assert reopened.shop.rules.signup_bonus == 800 and reopened.shop.rules.version != old
    assert reopened.notices == [f"{till.home.rules} changed: its rules (version {reopened.shop.rules.version}) are now "
                                "in force; what changed:\n  signup_bonus (signup bonus): 500 → 800"]
    sale = sell(reopened, None, ("general", 100))
    with reopened.reading() as uow:
        entry = uow.session.get(JournalEntry, sale.seq)
        assert entry is not None and reopened.shop.rules.version in entry.payload
        versions = set(uow.session.scalars(select(RuleSetRow.version)))
    assert versions == {old, reopened.shop.rules.version}
    reopened.close()


def test_a_bad_edit_leaves_the_rules_in_force(till: Till) -> None:
    old = till.shop.rules
    till.home.rules.write_text("signup_bonus = -1\n", encoding="utf-8")
    till.close()
    reopened = open_till(till.home, at("2026-03-01 11:00"))
    assert reopened.shop.rules == old
    assert len(reopened.notices) == 1 and "signup_bonus" in reopened.notices[0] and old.version in reopened.notices[0]
    reopened.close()


def test_promotions_and_tiers_round_trip_through_the_store(till: Till) -> None:
    text = DEFAULT_RULES.read_text(encoding="utf-8") + (
        "\n[[promotions]]\nname = '会员日'\nmultiplier = 200\ndays_of_month = [1]\nfrom = 2026-01-01\n")
    till.home.rules.write_text(text, encoding="utf-8")
    till.close()
    first = open_till(till.home, at("2026-03-01 11:00"))
    assert first.shop.rules.promotions[0].name == "会员日"
    first.close()
    second = open_till(till.home, at("2026-03-01 11:00"))  # adopted once: same version from the database
    assert second.shop.rules == first.shop.rules
    with second.reading() as uow:
        kinds = list(uow.session.scalars(select(JournalEntry.kind).where(JournalEntry.kind == "rules")))
    assert len(kinds) == 2
    second.close()


def test_a_rule_set_written_as_toml_reads_back_the_same(tmp_path: Path) -> None:
    from datetime import date

    from terminal.rules import Promotion, rules_to_toml

    rules = RuleSet(promotions=(Promotion("会员日 \"双倍\"", 200, weekdays=(3,), start=date(2026, 1, 1), categories=("general",)),),
                    expiry_policy="rolling_months", expiry_months=18, signup_bonus=800)
    path = tmp_path / "rules.toml"
    path.write_text(rules_to_toml(rules, "from the ledger"), encoding="utf-8")
    assert load_rules(path) == rules
    assert load_rules(path).version == rules.version


def test_a_labelled_category_round_trips_through_the_store_and_the_file(till: Till) -> None:
    text = DEFAULT_RULES.read_text(encoding="utf-8").replace(
        "[categories]", '[categories]\nfresh = { rate_bp = 3000, label = "生鲜" }\nbulk = { rate_bp = 100 }', 1)
    till.home.rules.write_text(text, encoding="utf-8")
    till.close()
    first = open_till(till.home, at("2026-03-01 11:00"))
    rules = first.shop.rules
    assert (rules.categories["fresh"], rules.categories["bulk"], rules.category_labels) == (3000, 100, {"fresh": "生鲜"})
    first.close()
    second = open_till(till.home, at("2026-03-01 11:00"))  # from the database this time
    assert second.shop.rules == rules and second.shop.rules.version == rules.version
    second.close()
    written = till.home.rules.parent / "written.toml"
    written.write_text(rules_to_toml(rules, "from the ledger"), encoding="utf-8")
    assert load_rules(written) == rules


def test_the_default_files_example_of_a_label_works(tmp_path: Path) -> None:
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    example = next(line for line in text.splitlines() if line.startswith("#") and "label =" in line)
    assert load_rules(_rules(tmp_path, text.replace(example, example.lstrip("# ")))).category_labels == {"fresh": "生鲜"}
