"""A sale a promotion raised names it under the earn calculation (促销：双十一 ×2), so the customer sees why the
points are more, on 58 and 80 mm paper, in Chinese and in English; a reprint after the promotion ended (or the
rules changed) names it still, and a sale without one prints no such line."""

from dataclasses import replace
from datetime import date

import pytest

from terminal.bootstrap import Till
from terminal.ledger_link import adopt_rules
from terminal.rules import Promotion, RuleSet
from tests.helpers.store import member, move_clock, sell
from tests.printing.test_receipt_paper import PAPER, paper

DOUBLE_ELEVEN = Promotion("双十一", 200, start=date(2026, 11, 1), until=date(2026, 11, 11))
DIGITAL_DAY = Promotion("数码狂欢", 300, days_of_month=(11,), categories=("digital",))
RULES = RuleSet(promotions=(DOUBLE_ELEVEN, DIGITAL_DAY))
FORMULA = "￥100.00 × 0.5 × 2 + ￥199.99 × 0.1 × 3"
NAMED = {("58mm", "zh"): ["  促销：双十一 ×2、数码狂欢 ×3"], ("80mm", "zh"): ["  促销：双十一 ×2、数码狂欢 ×3"],
         ("58mm", "en"): ["  Promotions: 双十一 ×2,", "  数码狂欢 ×3"], ("80mm", "en"): ["  Promotions: 双十一 ×2, 数码狂欢 ×3"]}


def take_rules(till: Till, rules: RuleSet) -> None:
    """The rules in force, kept in the store as a ledger's are."""
    with till.uow() as uow:
        adopt_rules(uow.session, till.shop, rules)
        uow.commit()
    till.shop = replace(till.shop, rules=rules)


def promotion_lines(texts: list[str], lang: str) -> list[str]:
    """The lines from the one naming the promotions to the balance after them."""
    first = next((n for n, text in enumerate(texts) if text.strip().startswith(("促销", "Promotion"))), None)
    if first is None:
        return []
    end = next(n for n, text in enumerate(texts) if n > first and text.startswith(("积分余额", "Points balance")))
    return texts[first:end]


@pytest.mark.parametrize(("profile", "lang"), PAPER)
def test_the_promotions_that_raised_the_points_are_named_under_the_calculation(till: Till, profile: str,
                                                                                lang: str) -> None:
    move_clock(till, "2026-11-11 10:00")
    take_rules(till, RULES)
    sale = sell(till, member(till), ("general", 10000), ("digital", 19999))
    assert sale.earned_points == 159
    texts = [line.text for line in paper(till, "receipt", sale.sale_id, profile, lang).lines]
    calculation = next(n for n, text in enumerate(texts) if text.startswith("  ￥100.00"))
    named = NAMED[profile, lang]
    result = next(n for n, text in enumerate(texts) if n >= calculation and text.endswith("= 159"))
    assert " ".join(text.strip() for text in texts[calculation:result + 1]) == FORMULA + " = 159"
    assert promotion_lines(texts, lang) == named
    assert texts.index(named[0]) == result + 1  # right under the calculation it explains


def test_only_the_promotion_a_line_took_is_named(till: Till) -> None:
    move_clock(till, "2026-11-11 10:00")
    take_rules(till, RULES)
    sale = sell(till, member(till), ("general", 10000))  # 数码狂欢 is for digital goods only
    texts = [line.text for line in paper(till, "receipt", sale.sale_id, "58mm").lines]
    assert promotion_lines(texts, "zh") == ["  促销：双十一 ×2"]
    en = [line.text for line in paper(till, "receipt", sale.sale_id, "80mm", "en").lines]
    assert promotion_lines(en, "en") == ["  Promotion: 双十一 ×2"]


def test_a_reprint_after_the_promotion_ended_and_the_rules_changed_still_names_it(till: Till) -> None:
    move_clock(till, "2026-11-11 10:00")
    take_rules(till, RULES)
    sale = sell(till, member(till), ("digital", 19999))
    move_clock(till, "2026-11-20 10:00")
    take_rules(till, RuleSet())
    texts = [line.text for line in paper(till, "receipt", sale.sale_id, "58mm", copy=True).lines]
    assert promotion_lines(texts, "zh") == ["  促销：数码狂欢 ×3"]


def test_a_sale_on_a_day_without_promotions_names_none(till: Till) -> None:
    move_clock(till, "2026-11-12 10:00")
    take_rules(till, RULES)
    sale = sell(till, member(till), ("general", 10000), ("digital", 19999))
    for profile, lang in PAPER:
        texts = [line.text for line in paper(till, "receipt", sale.sale_id, profile, lang).lines]
        assert promotion_lines(texts, lang) == [] and not any("×2" in text or "×3" in text for text in texts)
