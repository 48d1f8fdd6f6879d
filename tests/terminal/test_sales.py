"""Ringing up sales through the real service on a real SQLite store."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.models import JournalEntry, OutboxItem, Sale, SaleLine
from terminal.rules import Promotion, RuleSet
from terminal.shop import LedgerState, Shop
from tests.helpers.store import MANAGER, balance, member, move_clock, sell, set_rules


def test_a_sale_with_a_member_earns_floored_points(till: Till) -> None:
    m = member(till)
    result = sell(till, m, ("general", 19999))
    assert (result.total_fen, result.paid_fen, result.earned_points) == (19999, 19999, 99)
    assert result.member is not None and result.member.balance == 500 + 99


def test_mixed_categories_earn_at_their_own_rates(till: Till) -> None:
    m = member(till)
    assert sell(till, m, ("general", 10000), ("digital", 100000)).earned_points == 150
    assert sell(till, m, ("vehicle", 15_000_000)).earned_points == 150
    assert sell(till, m, ("excluded", 50000)).earned_points == 0


def test_a_sale_without_a_member_earns_nothing_and_is_recorded(till: Till) -> None:
    result = sell(till, None, ("general", 3550))
    assert result.earned_points == 0 and result.member is None
    with till.reading() as uow:
        sale = uow.session.get(Sale, result.sale_id)
        assert sale is not None and sale.total_fen == 3550 and sale.member_id is None


def test_gold_tier_earns_one_and_a_half_times(till: Till) -> None:
    m = member(till)
    sell(till, m, ("excluded", 1_000_000 * 100))  # ¥1,000,000 of growth, earns nothing
    assert sell(till, m, ("general", 10000)).earned_points == 100  # diamond: 200%
    cheap = RuleSet(tiers=RuleSet().tiers[:3])  # no diamond: the member is gold
    set_rules(till, cheap)
    assert sell(till, m, ("general", 10000)).earned_points == 75


def test_the_tier_used_is_the_tier_before_the_sale(till: Till) -> None:
    m = member(till)
    first = sell(till, m, ("general", 200_000))  # ¥2,000 reaches silver, but only after this sale
    assert first.earned_points == 1000
    assert first.member is not None and first.member.tier.name == "silver"
    assert sell(till, m, ("general", 10000)).earned_points == 60  # 50 × 1.2


def test_paying_with_points_spends_them_and_earns_only_on_the_money(till: Till) -> None:
    m = member(till)
    sell(till, m, ("general", 400_000))  # 2,000 points; balance 2,500, silver afterwards
    set_rules(till, RuleSet(tiers=RuleSet().tiers[:1]))
    result = sell(till, m, ("general", 10000), redeem=2000)
    assert (result.redeemed_points, result.redeemed_fen, result.paid_fen, result.earned_points) == (2000, 2000, 8000, 40)
    assert balance(till, m) == 2500 - 2000 + 40


def test_promotion_takes_the_highest_multiplier_and_does_not_stack(till: Till) -> None:
    member_day = Promotion("会员日", 200, days_of_month=(1,))
    sunday = Promotion("周日", 150, weekdays=(7,))  # 2026-03-01 is a Sunday
    set_rules(till, RuleSet(promotions=(member_day, sunday)))
    m = member(till)
    assert sell(till, m, ("general", 10000)).earned_points == 100
    move_clock(till, "2026-03-08 10:00")  # a Sunday, not the 1st
    assert sell(till, m, ("general", 10000)).earned_points == 75


def test_promotion_limited_to_categories_and_dates(till: Till) -> None:
    promo = Promotion("数码节", 300, start=date(2026, 3, 1), until=date(2026, 3, 2), categories=("digital",))
    set_rules(till, RuleSet(promotions=(promo,)))
    m = member(till)
    assert sell(till, m, ("general", 10000), ("digital", 10000)).earned_points == 50 + 30
    move_clock(till, "2026-03-03 10:00")
    assert sell(till, m, ("digital", 10000)).earned_points == 10


def test_sale_writes_its_journal_entry_and_outbox_row_together(till: Till) -> None:
    m = member(till)
    result = sell(till, m, ("general", 10000), ("digital", 2000))
    with till.reading() as uow:
        entry = uow.session.get(JournalEntry, result.seq)
        assert entry is not None and entry.kind == "sale" and entry.actor == "amy"
        assert f'"rules_version":"{till.shop.rules.version}"' in entry.payload
        assert uow.session.get(OutboxItem, result.seq) is not None
        lines = uow.session.scalar(select(func.count()).select_from(SaleLine).where(SaleLine.sale_id == result.sale_id))
        assert lines == 2


def _refused(code: str, till: Till, *args, **kwargs) -> Refused:  # type: ignore[no-untyped-def]
    with till.reading() as uow:
        before = uow.session.scalar(select(func.count()).select_from(JournalEntry))
    with pytest.raises(Refused) as refused:
        sell(till, *args, **kwargs)
    assert refused.value.code == code, refused.value.en
    with till.reading() as uow:
        assert uow.session.scalar(select(func.count()).select_from(JournalEntry)) == before
    return refused.value


def test_redeeming_more_than_the_balance_is_refused_and_changes_nothing(till: Till) -> None:
    m = member(till)
    refused = _refused("insufficient_points", till, m, ("general", 100000), redeem=600)
    assert "500" in refused.en
    assert balance(till, m) == 500


def test_points_that_are_not_whole_fen_are_refused(till: Till) -> None:
    set_rules(till, RuleSet(points_per_yuan=200))
    m = member(till)
    _refused("bad_input", till, m, ("general", 10000), redeem=301)
    assert sell(till, m, ("general", 10000), redeem=300).redeemed_fen == 150


def test_redeeming_is_capped_at_the_share_of_the_bill(till: Till) -> None:
    set_rules(till, RuleSet(max_redeem_percent=50))
    m = member(till)
    refused = _refused("bad_input", till, m, ("general", 800), redeem=401)
    assert "¥4.00" in refused.en
    assert sell(till, m, ("general", 800), redeem=400).paid_fen == 400


def test_a_shop_taking_no_points_as_payment_says_so(till: Till) -> None:
    set_rules(till, RuleSet(max_redeem_percent=0))
    m = member(till)
    refused = _refused("bad_input", till, m, ("general", 800), redeem=100)
    assert (refused.en, refused.zh) == ("this shop does not take points as payment (its rules allow 0 % of a sale)",
                                        "本店不接受积分抵扣（规则允许抵扣 0% 的金额）")


def test_the_whole_bill_may_be_paid_with_points_by_default(till: Till) -> None:
    m = member(till)
    result = sell(till, m, ("general", 500), redeem=500)
    assert (result.paid_fen, result.earned_points) == (0, 0)


def test_redeeming_needs_a_member(till: Till) -> None:
    _refused("bad_input", till, None, ("general", 500), redeem=100)


def test_unknown_category_is_refused(till: Till) -> None:
    refused = _refused("unknown_category", till, None, ("food", 500))
    assert "general" in refused.en


@pytest.mark.parametrize("lines, code, en, zh", [
    ([], "bad_input", "a sale needs at least one line (--line CATEGORY:AMOUNT)", "销售至少需要一行（--line 品类:金额）"),
    ([("general", -1)], "bad_amount", "amounts are whole fen, not negative", "金额应为非负整数（分）"),
    ([("general", 0)], "bad_amount", "a line of ¥0.00 sells nothing: type the line's amount", "金额为 ￥0.00 的商品行无效：请输入该行金额"),
], ids=["empty", "negative", "zero"])
def test_empty_or_negative_sales_are_refused(till: Till, lines: list[tuple[str, int]], code: str, en: str,
                                            zh: str) -> None:
    refused = _refused(code, till, None, *lines)  # the journal is checked unchanged there
    assert (refused.en, refused.zh) == (en, zh)
    with till.reading() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Sale)) == 0
        assert uow.session.scalar(select(func.count()).select_from(SaleLine)) == 0


def test_unknown_member_is_not_found(till: Till) -> None:
    _refused("not_found", till, "13900000000", ("general", 500))


def test_sixth_earning_sale_of_the_day_needs_a_manager(till: Till) -> None:
    m = member(till)
    for _ in range(5):
        sell(till, m, ("general", 1000))
    sell(till, m, ("excluded", 1000))  # earns nothing: not limited
    refused = _refused("approval_required", till, m, ("general", 1000))
    assert "manager" in refused.en
    approved = sell(till, m, ("general", 1000), approver=MANAGER)
    with till.reading() as uow:
        entry = uow.session.get(JournalEntry, approved.seq)
        assert entry is not None and (entry.actor, entry.approver) == ("amy", "max")
    move_clock(till, "2026-03-02 09:00")
    assert sell(till, m, ("general", 1000)).earned_points == 5


def test_referral_pays_both_once_on_the_first_sale(till: Till) -> None:
    referrer = member(till, "13800138000")
    newcomer = member(till, "13900139000", referrer="13800138000")
    first = sell(till, newcomer, ("general", 10000))
    assert first.bonus_points == 100
    assert balance(till, newcomer) == 500 + 50 + 100
    assert balance(till, referrer) == 500 + 100
    assert sell(till, newcomer, ("general", 10000)).bonus_points == 0
    assert balance(till, referrer) == 600


def test_offline_cap_limits_redemption_per_member_per_day(till: Till) -> None:
    till.shop = replace(till.shop, ledger=LedgerState("https://ledger.example", online=False))
    set_rules(till, RuleSet(offline_cap=800))
    m = member(till)
    sell(till, m, ("general", 200000))  # +1,000 points
    sell(till, m, ("general", 10000), redeem=500)
    refused = _refused("over_offline_cap", till, m, ("general", 10000), redeem=301)
    assert "300" in refused.en
    assert sell(till, m, ("general", 10000), redeem=300).redeemed_points == 300


def test_business_date_is_the_store_date_not_utc(till: Till) -> None:
    move_clock(till, "2026-03-01T16:30:00+00:00")  # 00:30 on 2 March in Shanghai
    result = sell(till, None, ("general", 100))
    with till.reading() as uow:
        sale = uow.session.get(Sale, result.sale_id)
        assert sale is not None and sale.business_date == date(2026, 3, 2)


def test_offline_caps_apply_only_while_a_ledger_is_out_of_reach(till: Till) -> None:
    assert isinstance(till.shop, Shop) and not till.shop.offline_caps_apply
    assert not replace(till.shop, ledger=LedgerState("https://ledger.example", online=True)).offline_caps_apply
