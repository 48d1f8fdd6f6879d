"""补积分: a paid sale given the member whose card was shown just after paying earns as if they had been on it."""

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import select

from printing.receipt_check import check_receipt
from terminal import balances, receipt_code
from terminal.bootstrap import Till
from terminal.keys import load_private_key
from terminal.models import JournalEntry, Lot, PrintJob, Sale
from terminal.rules import Promotion
from terminal.services.refunds import record_refund
from terminal.services.reports import day_report
from terminal.services.sale_member import SaleMemberResult, give_sale_member
from terminal.services.cashiers import Actor
from tests.helpers.cli import Jifen
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    balance,
    member,
    move_clock,
    refused_writing_nothing,
    sell,
    set_rules,
)

PHONE = "13800138000"


def attach(till: Till, sale_id: str, who: str, by: Actor = CASHIER,
           approver: Actor | None = None) -> SaleMemberResult:
    return give_sale_member(till.uow(), till.shop, by, sale_id, who, approver)


def _stored_sale(till: Till, sale_id: str) -> Sale:
    with till.reading() as uow:
        sale = uow.session.get(Sale, sale_id)
        assert sale is not None
        uow.session.expunge(sale)
        return sale


def _agree(till: Till) -> None:
    with till.reading() as uow:
        assert balances.compare(uow.session).ok


def test_general_100_given_a_regular_member_earns_50(till: Till) -> None:
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    result = attach(till, sale.sale_id, PHONE)
    assert (result.earned_points, result.bonus_points, result.member.balance, result.member.tier.name) == \
        (50, 0, 550, "regular")
    assert balance(till, m) == 550
    stored = _stored_sale(till, sale.sale_id)
    assert (stored.member_id, stored.earned_points, stored.tier, stored.tier_pct, stored.balance_after) == \
        (m, 50, "regular", 100, 550)
    with till.reading() as uow:
        entry = uow.session.scalars(select(JournalEntry).where(JournalEntry.kind == "sale_member")).one()
        assert entry.points_delta == 50
    _agree(till)


def test_a_gold_member_earns_75(till: Till) -> None:
    member(till)
    sell(till, PHONE, ("excluded", 1_000_000))  # ¥10,000 of growth: gold
    sale = sell(till, None, ("general", 10000))
    result = attach(till, sale.sale_id, PHONE)
    assert (result.earned_points, result.member.tier.name) == (75, "gold")
    _agree(till)


def test_a_promotion_day_stored_on_the_line_earns_double_when_given_the_next_day(till: Till) -> None:
    set_rules(till, replace(till.shop.rules, promotions=(Promotion("会员日", 200, start=date(2026, 3, 1),
                                                                  until=date(2026, 3, 1)),)))
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-02 09:00")
    result = attach(till, sale.sale_id, m, approver=MANAGER)
    assert result.earned_points == 100
    with till.reading() as uow:  # the lot is dated as of the sale
        lot = uow.session.scalars(select(Lot).where(Lot.member_id == m, Lot.points == 100)).one()
        assert (lot.granted_on, lot.expires_on) == (date(2026, 3, 1), date(2027, 12, 31))
    _agree(till)


def test_an_earlier_day_needs_a_manager(till: Till) -> None:
    member(till)
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-02 09:00")
    refused = refused_writing_nothing(till, lambda: attach(till, sale.sale_id, PHONE))
    assert refused.code == "approval_required"


def test_eight_days_back_is_refused_even_approved(till: Till) -> None:
    member(till)
    sale = sell(till, None, ("general", 10000))
    move_clock(till, "2026-03-09 09:00")
    refused = refused_writing_nothing(till, lambda: attach(till, sale.sale_id, PHONE, approver=MANAGER))
    assert refused.code == "bad_input" and "2026-03-01" in refused.en and "7" in refused.zh


def test_a_second_attach_is_refused_naming_the_member_it_has(till: Till) -> None:
    member(till)
    member(till, "13900139000")
    sale = sell(till, None, ("general", 10000))
    attach(till, sale.sale_id, PHONE)
    refused = refused_writing_nothing(till, lambda: attach(till, sale.sale_id, "13900139000"))
    assert refused.code == "already_exists" and "138****8000" in refused.en and "138****8000" in refused.zh
    assert balance(till, PHONE) == 550


def test_a_refunded_sale_is_refused(till: Till) -> None:
    member(till)
    sale = sell(till, None, ("general", 10000), ("general", 5000))
    record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    refused = refused_writing_nothing(till, lambda: attach(till, sale.sale_id, PHONE))
    assert refused.code == "already_refunded"


def test_a_refunds_number_is_refused(till: Till) -> None:
    member(till)
    sale = sell(till, None, ("general", 10000), ("general", 5000))
    refund = record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    refused = refused_writing_nothing(till, lambda: attach(till, refund.refund_id, PHONE))
    assert "is a refund" in refused.en


def test_a_member_in_debt_is_refused(till: Till) -> None:
    m = member(till)
    bought = sell(till, m, ("general", 100000))  # earns 500: 1,000 held
    sell(till, m, ("general", 1000), redeem=1000)  # all spent
    record_refund(till.uow(), till.shop, MANAGER, bought.sale_id)  # takes back 500 already spent: debt
    sale = sell(till, None, ("general", 10000))
    refused = refused_writing_nothing(till, lambda: attach(till, sale.sale_id, m))
    assert refused.code == "member_in_debt"


def test_a_sale_already_with_its_member_is_refused(till: Till) -> None:
    m = member(till)
    sale = sell(till, m, ("general", 10000))
    refused = refused_writing_nothing(till, lambda: attach(till, sale.sale_id, m))
    assert refused.code == "already_exists"


def test_the_velocity_limit_counts_the_sale_on_its_day(till: Till) -> None:
    m = member(till)
    set_rules(till, replace(till.shop.rules, velocity_limit=1))
    sell(till, m, ("general", 1000))
    sale = sell(till, None, ("general", 10000))
    refused = refused_writing_nothing(till, lambda: attach(till, sale.sale_id, m))
    assert refused.code == "approval_required" and "earning sales" in refused.en
    assert attach(till, sale.sale_id, m, approver=MANAGER).earned_points == 50


def test_the_referral_bonus_is_paid_on_the_first_sale(till: Till) -> None:
    referrer = member(till)
    new = member(till, "13900139000", referrer=referrer)
    sale = sell(till, None, ("general", 10000))
    result = attach(till, sale.sale_id, new)
    assert (result.earned_points, result.bonus_points, result.member.balance) == (50, 100, 650)
    assert balance(till, referrer) == 600
    _agree(till)


def test_a_refund_of_the_given_sale_takes_the_points_back_from_the_member(till: Till) -> None:
    m = member(till)
    sale = sell(till, None, ("general", 6000), ("general", 4000))
    attach(till, sale.sale_id, m)
    back = record_refund(till.uow(), till.shop, MANAGER, sale.sale_id, [2])
    assert back.reversed_points == 20 and back.member is not None and back.member["id"] == m
    assert balance(till, m) == 530
    _agree(till)


def test_day_totals_count_the_points_on_the_day_they_were_given(till: Till) -> None:
    member(till)
    sale = sell(till, None, ("general", 10000))
    assert day_report(till.reading(), till.shop)["points_earned"] == 0
    move_clock(till, "2026-03-02 09:00")
    attach(till, sale.sale_id, PHONE, approver=MANAGER)
    assert day_report(till.reading(), till.shop, date(2026, 3, 1))["points_earned"] == 0
    report = day_report(till.reading(), till.shop, date(2026, 3, 2))
    assert (report["points_earned"], report["members_served"], report["sales"]) == (50, 1, 0)


def test_the_sales_receipt_is_queued_again_with_its_member(till: Till) -> None:
    till.shop = replace(till.shop, print_receipts=True)
    member(till)
    sale = sell(till, None, ("general", 10000))
    attach(till, sale.sale_id, PHONE)
    with till.reading() as uow:
        jobs = [(job.kind, job.ref, job.copy) for job in uow.session.scalars(select(PrintJob).order_by(PrintJob.id))]
    assert jobs[-1] == ("receipt", sale.sale_id, True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_line(jifen: Jifen, lang: str) -> None:
    jifen.member(PHONE)
    sale_id = jifen.ok("sale", "--line", "general:100", by="amy")["sale_id"]
    data = jifen.ok("sale-member", sale_id, "--member", PHONE, by="amy")
    assert data["earned_points"] == 50 and data["bonus_points"] == 0
    assert data["member"]["balance"] == 550 and data["member"]["tier"] == "regular"
    env = {"LANG": "zh_CN.UTF-8"} if lang == "zh" else {"LANG": "C"}
    again = jifen("sale-member", sale_id, "--member", PHONE, by="amy", env=env)
    assert again.status == 2
    assert "138****8000" in again.err + again.out
    assert ("已有会员" if lang == "zh" else "already has a member") in again.err + again.out
    assert jifen.ok("journal", "verify")["ok"]


def test_the_command_line_takes_an_approver_for_yesterday(jifen: Jifen) -> None:
    jifen.member(PHONE)
    sale_id = jifen.ok("sale", "--line", "general:100", by="amy")["sale_id"]
    jifen.now = "2026-03-02T09:00:00+08:00"
    before = jifen.dump()
    assert jifen.refused("sale-member", sale_id, "--member", PHONE, by="amy") == "approval_required"
    assert jifen.dump() == before
    assert jifen.ok("sale-member", sale_id, "--member", PHONE, by="amy", approver="max")["earned_points"] == 50


def _first_receipt_code(till: Till, sale_seq: int) -> str:
    """The verification code the sale's first receipt carried, printed before it had a member."""
    with till.reading() as uow:
        entry = uow.session.get(JournalEntry, sale_seq)
        sale = uow.session.scalars(select(Sale).where(Sale.seq == sale_seq)).one()
        assert entry is not None
        return receipt_code.build(load_private_key(till.home.private_key), kind="sale", terminal="T1", seq=sale_seq,
                                  at=datetime.fromisoformat(entry.at), total_fen=sale.total_fen,
                                  earned_points=sale.earned_points, redeemed_points=sale.redeemed_points,
                                  prev_hash=entry.prev_hash)


def test_the_first_receipt_scanned_still_refunds_the_sale_given_its_member(till: Till) -> None:
    m = member(till)
    sale = sell(till, None, ("general", 6000), ("general", 4000))
    code = _first_receipt_code(till, sale.seq)
    attach(till, sale.sale_id, m)
    back = record_refund(till.uow(), till.shop, MANAGER, code, [2])
    assert (back.sale_id, back.reversed_points) == (sale.sale_id, 20)
    assert balance(till, m) == 530


def test_the_first_receipt_is_still_genuine_after_the_sale_is_given_its_member(till: Till) -> None:
    m = member(till)
    sale = sell(till, None, ("general", 10000))
    code = _first_receipt_code(till, sale.seq)
    attach(till, sale.sale_id, m)
    with till.reading() as uow:
        checked = check_receipt(uow.session, till.shop, code)
    assert checked.in_store and checked.entry is not None and checked.entry["sale_id"] == sale.sale_id


@pytest.mark.parametrize(("lang", "said"), [
    ("C", ["given member", "50 points earned", "balance 550 points, tier Regular"]),
    ("zh_CN.UTF-8", ["已补积分", "获得积分 50", "积分余额 550，等级 普通会员"]),
])
def test_what_the_cashier_reads(jifen: Jifen, lang: str, said: list[str]) -> None:
    jifen.member(PHONE)
    sale_id = jifen.ok("sale", "--line", "general:100", by="amy")["sale_id"]
    run = jifen("sale-member", sale_id, "--member", PHONE, by="amy", env={"LANG": lang})
    assert run.status == 0, str(run)
    assert all(words in run.out for words in said), run.out


def test_a_z_and_the_shift_count_the_points_given(jifen: Jifen) -> None:
    jifen.member(PHONE)
    jifen.ok("shift", "open", by="amy")
    sale_id = jifen.ok("sale", "--line", "general:100", by="amy")["sale_id"]
    jifen.ok("sale-member", sale_id, "--member", PHONE, by="amy")
    shift = jifen.ok("shift", "close", by="amy")
    z = jifen.ok("day", "close", by="boss")
    assert (shift["points_earned"], z["points_earned"], z["cashiers"]["amy"]["points_earned"]) == (50, 50, 50)
