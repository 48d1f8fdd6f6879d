"""The ledger's day report reconciles: what was outstanding the day before, plus every points line of the day, is
what is outstanding at its end, for each merchant, when members spend another merchant's points (通用积分). The
lines that close the sum are the claims `jifen-ledger settle` nets: other merchants' points redeemed here, ours
redeemed there."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from terminal.bootstrap import Till
from terminal.mall.catalog import ItemSpec
from terminal.services.adjust import adjust_points
from terminal.services.mall import add_item, exchange_gift
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, give_member, ledger_cli, shop_till
from tests.helpers.store import CASHIER, MANAGER, OWNER, member, move_clock, sell

A, B, C = "13800138000", "13900139000", "13700137000"
DAYS = ("2026-12-30", "2026-12-31")
# What adds to the points outstanding, and what takes from them (ledger/README.md: "How the day report adds up").
ADDS = ("points_earned", "points_bonus", "points_restored", "points_adjusted", "points_of_other_merchants_redeemed")
TAKES = ("points_redeemed", "points_reversed", "points_expired", "exchange_points", "coupon_points", "claim_points",
         "points_redeemed_at_other_merchants")


@dataclass
class Shops:
    url: str
    ledger: Ledger
    tokens: dict[str, str]
    t1: Till
    t2: Till
    n1: Till


@pytest.fixture
def shops(ledger: Ledger, tmp_path: Path) -> Iterator[Shops]:
    """m1 (T1 and T2 at 静安店) and m2 (N1 at 面馆) share the points currency "mall". C joined at m2 and spends 800
    of m2's points at T1 on 30 December, 200 more on the 31st; A, m1's member, spends 100 of m1's points at m2 on the
    31st and 300 on a gift there."""
    ledger.merchant("m1", currency="mall")
    ledger.merchant("m2", currency="mall")
    tokens = {"T1": ledger.terminal("m1", "静安店", "T1"), "T2": ledger.terminal("m1", "静安店", "T2"),
              "N1": ledger.terminal("m2", "面馆", "N1")}
    t1, t2, n1 = (shop_till(tmp_path, store, terminal, merchant) for store, terminal, merchant in (
        ("静安店", "T1", "m1"), ("静安店", "T2", "m1"), ("面馆", "N1", "m2")))
    synced = {"T1": 0, "T2": 0, "N1": 0}

    def sync(till: Till, terminal: str) -> None:
        answer = ledger.sync(till, tokens[terminal], after=synced[terminal])
        synced[terminal] = answer["acknowledged_seq"]

    for till in (t1, t2, n1):
        move_clock(till, "2026-12-30 10:00")
    c = member(n1, C)  # 500 of m2's points
    sell(n1, c, ("general", 100000))  # 500 more
    sync(n1, "N1")
    a = member(t1, A)  # 500 of m1's
    sell(t1, a, ("general", 20000))  # 100
    give_member(n1, c, t1)
    sell(t1, c, ("general", 80000), redeem=800)  # m2's points, 800 of them, and C earns m1's on the rest
    refunded = sell(t1, a, ("general", 10000), redeem=100)
    sync(t1, "T1")
    b = member(t2, B)  # 500 of m1's
    sell(t2, b, ("general", 30000))
    adjust_points(t2.uow(), t2.shop, MANAGER, b, 30, "生日")
    sync(t2, "T2")
    for till in (t1, t2, n1):
        move_clock(till, "2026-12-31 10:00")
    record_refund(t1.uow(), t1.shop, MANAGER, refunded.sale_id)
    sell(t1, c, ("general", 50000), redeem=200)  # the last of m2's points C held
    sync(t1, "T1")
    give_member(t1, a, n1)
    sell(n1, a, ("general", 30000), redeem=100)
    add_item(n1.uow(), n1.shop, OWNER, ItemSpec("BOWL", "碗", "Bowl", 300), None)
    exchange_gift(n1.uow(), n1.shop, CASHIER, "BOWL", a)  # 300 more of m1's points, in the mall's line
    sync(n1, "N1")
    yield Shops(ledger.engine.url.render_as_string(hide_password=False), ledger, tokens, t1, t2, n1)
    for till in (t1, t2, n1):
        till.close()


def report(url: str, merchant: str, day: str, *scope: str) -> tuple[dict[str, Any], str]:
    run = ledger_cli(url)
    status, said = run("--json", "report", "day", "--merchant", merchant, "--date", day, *scope)
    assert status == 0, said
    status, text = run("report", "day", "--merchant", merchant, "--date", day, *scope)
    assert status == 0, text
    return json.loads(said), text


def shown(text: str, label: str) -> int:
    """The figure the text report prints on the line labelled so."""
    lines = [line for line in text.splitlines() if line.strip().startswith(label + "  ")]
    assert len(lines) == 1, (label, text)
    return int(lines[0].split()[-1].replace(",", ""))


def test_opening_plus_every_line_is_closing_for_each_merchant(shops: Shops) -> None:
    for merchant in ("m1", "m2"):
        for day in DAYS:
            data, text = report(shops.url, merchant, day)
            lines = sum(data[field] for field in ADDS) - sum(data[field] for field in TAKES)
            assert data["opening_liability_points"] + lines == data["liability_points"], (merchant, day, data)
            assert shown(text, "Points outstanding the day before") == data["opening_liability_points"]
            assert shown(text, "Other merchants' points redeemed here") == data["points_of_other_merchants_redeemed"]
            assert shown(text, "Our points redeemed at other merchants") == data["points_redeemed_at_other_merchants"]
            assert shown(text, "Points outstanding") == data["liability_points"]


def test_a_period_adds_up_from_the_eve_of_its_first_day(shops: Shops) -> None:
    for terminal in ("T1", "N1"):
        period = shops.ledger.get("/v1/merchant/reports/day", shops.tokens[terminal], day=DAYS[0], until=DAYS[1]).json()
        first = report(shops.url, period["merchant"], DAYS[0])[0]
        lines = sum(period[field] for field in ADDS) - sum(period[field] for field in TAKES)
        assert period["opening_liability_points"] == first["opening_liability_points"] == 0
        last = report(shops.url, period["merchant"], DAYS[1])[0]
        assert lines == period["liability_points"] == last["liability_points"]


def test_the_lines_are_the_claims_settle_nets(shops: Shops) -> None:
    m1 = {day: report(shops.url, "m1", day)[0] for day in DAYS}
    m2 = {day: report(shops.url, "m2", day)[0] for day in DAYS}
    assert [(m1[d]["points_of_other_merchants_redeemed"], m1[d]["points_redeemed_at_other_merchants"]) for d in DAYS] \
        == [(800, 0), (200, 400)]
    assert [(m2[d]["points_of_other_merchants_redeemed"], m2[d]["points_redeemed_at_other_merchants"]) for d in DAYS] \
        == [(0, 800), (400, 200)]
    status, said = ledger_cli(shops.url)("--json", "settle", "--from", DAYS[0], "--to", DAYS[1])
    assert status == 0, said
    net = {p["merchant"]: p["net_points"] for p in json.loads(said)["positions"]}
    for merchant, days in (("m1", m1), ("m2", m2)):
        assert net[merchant] == sum(days[d]["points_of_other_merchants_redeemed"]
                                    - days[d]["points_redeemed_at_other_merchants"] for d in DAYS)


def test_a_store_or_terminal_day_says_its_outstanding_figure_is_the_merchants(shops: Shops) -> None:
    merchant, _ = report(shops.url, "m1", DAYS[0])
    for scope in (("--terminal", "T2"), ("--store", "静安店")):
        data, text = report(shops.url, "m1", DAYS[0], *scope)
        assert data["liability_points"] == merchant["liability_points"]
        assert shown(text, "Points outstanding, all of m1's stores") == merchant["liability_points"]
        assert not [line for line in text.splitlines() if line.strip().startswith("Points outstanding  ")]


def test_cashiers_are_named_terminal_slash_name_and_one_sale_is_a_sale(shops: Shops) -> None:
    for scope in (("--store", "静安店"), ("--terminal", "T2")):
        data, text = report(shops.url, "m1", DAYS[0], *scope)
        assert "T2/amy" in data["cashiers"]
        row = [line for line in text.splitlines() if line.strip().startswith("T2/amy ")]
        assert len(row) == 1 and " 1 sale " in row[0] and "1 sales" not in row[0], text
