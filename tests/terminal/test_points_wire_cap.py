"""No journal entry moves more points than the ledger takes in one (MAX_POINTS): a sale, a refund or a sale given its
member that would is refused, writing nothing, and expiry is recorded in parts. An entry over it could never be
sent, and the till's sync would stop there for good."""

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from sync.protocol import wire_entry
from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.models import JournalEntry, Lot, Sale
from terminal.money import MAX_POINTS
from terminal.rules import RuleSet, Tier
from terminal.services import sales
from terminal.services.expiry import expire_points, in_entries
from terminal.services.refunds import record_refund
from terminal.services.reports import day_report
from terminal.services.sale_member import give_sale_member
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, MANAGER, balance, member, move_clock, refused_writing_nothing, sell, set_rules

MILLION_YUAN = 100_000_000  # fen: the most one line may be
# 10 points a yuan at a ×10 tier: ten lines of ¥1,000,000 earn exactly MAX_POINTS
GENEROUS = RuleSet(categories={"general": 100_000}, tiers=(Tier("regular", "普通会员", 0, 1000),))


def lines(n: int) -> list[tuple[str, int]]:
    return [("general", MILLION_YUAN)] * n


WIRE_COLUMNS = ("seq", "id", "kind", "at", "business_date", "actor", "approver", "points_delta", "liability_after",
                "payload", "prev_hash", "hash")


def entries(till: Till, kind: str | None = None) -> list[dict[str, Any]]:
    """The journal's entries, each as the columns sync sends."""
    with till.reading() as uow:
        query = select(JournalEntry).order_by(JournalEntry.seq)
        found = uow.session.scalars(query if kind is None else query.where(JournalEntry.kind == kind))
        return [{column: getattr(entry, column) for column in WIRE_COLUMNS} for entry in found]


def assert_all_fit_the_wire(till: Till) -> None:
    for entry in entries(till):
        wire_entry(entry)


@pytest.fixture
def generous(till: Till) -> Till:
    set_rules(till, GENEROUS)
    return till


def test_a_sale_earning_more_than_one_entry_may_is_refused_and_writes_nothing(generous: Till) -> None:
    who = member(generous)
    refusal = refused_writing_nothing(generous, lambda: sell(generous, who, *lines(11)))
    assert refusal.code == "bad_input"
    assert refusal.en == ("this sale would earn 1,100,000,000 points, more than the 1,000,000,000 one sale may earn: "
                          "it is too large for one sale; split it into smaller sales")
    assert refusal.zh == "本单将获得 1,100,000,000 积分，超过单笔销售最多可得的 1,000,000,000 积分：一笔太大，请拆成几笔销售"
    assert balance(generous, who) == 500
    with generous.reading() as uow:
        assert uow.session.scalar(select(Sale.id)) is None


def test_a_sale_earning_exactly_the_most_is_recorded_and_fits_the_wire(generous: Till) -> None:
    who = member(generous)
    assert sell(generous, who, *lines(10)).earned_points == MAX_POINTS
    assert balance(generous, who) == MAX_POINTS + 500
    assert_all_fit_the_wire(generous)


def test_paying_more_points_than_one_entry_may_is_refused(generous: Till) -> None:
    who = member(generous)
    sell(generous, who, *lines(10))
    sell(generous, who, *lines(10))
    refusal = refused_writing_nothing(generous, lambda: sell(generous, who, *lines(20), redeem=MAX_POINTS + 1))
    assert refusal.en == ("paying 1,000,000,001 points is too large for one sale: at most 1,000,000,000 points a sale; "
                          "split it into smaller sales")
    assert refusal.zh == "抵扣 1,000,000,001 积分对一笔销售来说太多：每笔最多 1,000,000,000 积分；请拆成几笔销售"
    assert balance(generous, who) == 2 * MAX_POINTS + 500


def test_a_sale_earning_too_much_for_its_member_afterwards_is_refused(generous: Till) -> None:
    sale_id = sell(generous, None, *lines(11)).sale_id
    who = member(generous)
    refusal = refused_writing_nothing(
        generous, lambda: give_sale_member(generous.uow(), generous.shop, CASHIER, sale_id, who))
    assert refusal.en == (f"sale {sale_id} would earn 1,100,000,000 points for the member, more than the 1,000,000,000 "
                          "one sale may earn: it is too large for one sale; refund it and ring it up again with the "
                          "member, split into smaller sales")
    assert refusal.zh.startswith(f"销售单 {sale_id} 将为会员获得 1,100,000,000 积分")
    assert balance(generous, who) == 500
    with generous.reading() as uow:
        assert uow.session.get(Sale, sale_id).member_id is None  # type: ignore[union-attr]


def test_a_refund_taking_back_more_than_one_entry_may_is_refused_and_goes_line_by_line(
        generous: Till, monkeypatch: pytest.MonkeyPatch) -> None:
    who = member(generous)
    with monkeypatch.context() as before_the_limit:  # a sale recorded by an earlier version, which had no limit
        before_the_limit.setattr(sales, "refuse_sale_earning", lambda points: None)
        sale_id = sell(generous, who, *lines(11)).sale_id
    refusal = refused_writing_nothing(
        generous, lambda: record_refund(generous.uow(), generous.shop, MANAGER, sale_id))
    assert refusal.en == ("this refund would move 1,100,000,000 points, more than the 1,000,000,000 one refund may: it "
                          "is too large for one refund; refund the sale a few lines at a time (--line N)")
    assert refusal.zh.startswith("本次退款将变动 1,100,000,000 积分")
    taken = [record_refund(generous.uow(), generous.shop, MANAGER, sale_id, [n]).reversed_points for n in range(1, 12)]
    assert taken == [100_000_000] * 11
    assert balance(generous, who) == 500
    assert [e["points_delta"] for e in entries(generous, "refund")] == [-100_000_000] * 11


def test_expiry_of_more_than_one_entry_may_is_recorded_in_parts_the_ledger_takes(generous: Till) -> None:
    who = member(generous)  # 500 points, then two sales of MAX_POINTS: all until the end of 2027
    sell(generous, who, *lines(10))
    sell(generous, who, *lines(10))
    move_clock(generous, "2028-01-03 10:00")
    run = expire_points(generous.uow(), generous.shop, Who(None))
    assert (run.expired_points, run.members) == (2 * MAX_POINTS + 500, 1)
    expired = entries(generous, "expire")
    assert [e["points_delta"] for e in expired] == [-MAX_POINTS, -MAX_POINTS, -500]
    for entry in expired:
        payload = json.loads(entry["payload"])
        # as the ledger checks it (ledger.apply: _expire): the lots emptied add up to the entry's points
        assert sum(lot["points"] for lot in payload["lots"]) == payload["points"] == -entry["points_delta"]
        assert entry["business_date"] == "2028-01-01"
    assert balance(generous, who) == 0
    assert day_report(generous.reading(), generous.shop, date(2028, 1, 1))["points_expired"] == 2 * MAX_POINTS + 500
    assert_all_fit_the_wire(generous)


def test_a_lot_bigger_than_one_entry_may_is_shared_between_entries(till: Till) -> None:
    who = member(till)
    with till.uow() as uow:  # a lot as a ledger's view of the member may hand over (lots.take_over)
        uow.session.add(Lot(member_id=who, granted_on=date(2026, 3, 1), expires_on=date(2027, 12, 31),
                            points=2 * MAX_POINTS + 7, remaining=2 * MAX_POINTS + 7, seq=1))
        uow.commit()
    move_clock(till, "2028-01-03 10:00")
    assert expire_points(till.uow(), till.shop, Who(None)).expired_points == 2 * MAX_POINTS + 507
    assert [e["points_delta"] for e in entries(till, "expire")] == [-MAX_POINTS, -MAX_POINTS, -507]
    assert balance(till, who) == 0
    assert_all_fit_the_wire(till)


def test_lots_in_entries() -> None:
    def lot(n: int, points: int) -> dict[str, object]:
        return {"lot": n, "points": points, "expires_on": "2027-12-31"}

    assert in_entries([lot(1, 5), lot(2, 7)]) == [[lot(1, 5), lot(2, 7)]]
    assert in_entries([lot(1, MAX_POINTS), lot(2, 1)]) == [[lot(1, MAX_POINTS)], [lot(2, 1)]]
    assert in_entries([lot(1, 3), lot(2, MAX_POINTS)]) == [[lot(1, 3), lot(2, MAX_POINTS - 3)], [lot(2, 3)]]
    assert in_entries([]) == []



def test_the_cashier_reads_why_and_what_to_do(jifen: Jifen) -> None:
    rules = jifen.rules_file.read_text(encoding="utf-8")
    jifen.rules_file.write_text(rules.replace("general = 5000", "general = 100000")
                                .replace("multiplier = 100\n", "multiplier = 1000\n", 1), encoding="utf-8")
    jifen.member("13800138000")
    sale = ["sale", "--member", "13800138000", *[word for _ in range(11) for word in ("--line", "general:1000000")]]
    before = jifen.dump()
    for lang, said in (("C", "too large for one sale; split it into smaller sales"), ("zh_CN.UTF-8", "一笔太大，请拆成几笔销售")):
        run = jifen(*sale, by="amy", env={"LANG": lang})
        assert run.status == 2, str(run)
        assert said in run.err and "1,100,000,000" in run.err and len(run.err.strip().splitlines()) == 1, run.err
    assert jifen.dump() == before
