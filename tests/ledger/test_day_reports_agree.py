"""The ledger's `report day` for past days says what the terminal's `report day` said, once the terminal has synced:
points expired count on the day they expired (the day after their last day), however late the ledger got to them,
and a day's liability is what was outstanding at the end of that day, not today. One store with one terminal,
driven through `jifen` as a shop does, synced over TCP to a ledger on SQLite or PostgreSQL; and two merchants
sharing points, whose liability follows the points redeemed at the other."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, give_member, ledger_cli, shop_till
from tests.helpers.ledger_server import serve
from tests.helpers.store import member, move_clock, sell

ZHANG, LI = "13800138000", "13900139000"
FIELDS = ("points_earned", "points_bonus", "points_redeemed", "points_expired", "points_restored", "points_reversed",
          "points_adjusted", "liability_points")
DAYS = ("2026-03-01", "2027-12-30", "2027-12-31", "2028-01-01", "2028-01-02", "2028-01-03")


@pytest.fixture
def synced(jifen: Jifen, ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """张三 and 李四 each hold points that run out after 2027-12-31. The terminal expires them on 2028-01-01 and syncs;
    the ledger's hourly expiry is down until 2028-01-03, when 张三 buys again and the ledger runs it: late.
    Yields the ledger's database URL."""
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    url = ledger.engine.url.render_as_string(hide_password=False)
    with serve(ledger.engine) as served:
        jifen.ok("ledger", "connect", served, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(ZHANG)  # 500 points each, expiring 2027-12-31
        jifen.member(LI)
        jifen.ok("sale", "--member", ZHANG, "--line", "general:200", by="amy")  # earns 100, expiring 2027-12-31
        jifen.ok("sync")
        jifen.now = "2027-12-30T10:00:00+08:00"
        sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:100", "--redeem", "200", by="amy")
        jifen.ok("sale", "--member", LI, "--line", "general:400", by="amy")
        jifen.now = "2027-12-31T10:00:00+08:00"
        jifen.ok("refund", sale["sale_id"], by="amy", approver="max")
        jifen.ok("adjust", LI, "--points", "30", "--reason", "生日", by="max")
        jifen.ok("sync")
        jifen.now = "2028-01-01T09:00:00+08:00"
        assert jifen.ok("expire")["members"] == 2
        jifen.ok("sync")
        jifen.now = "2028-01-03T10:00:00+08:00"
        jifen.ok("sale", "--member", ZHANG, "--line", "general:300", by="amy")
        assert jifen.ok("sync")["pending"] == 0
    monkeypatch.setenv("JIFEN_NOW", "2028-01-03T10:30:00+08:00")
    status, said = ledger_cli(url)("expire")
    assert status == 0 and said.startswith("expired 500 points of 1 member"), said  # 李四's: 张三's went with his sale
    yield url


def ledger_day(url: str, day: str, *scope: str) -> dict[str, int]:
    status, text = ledger_cli(url)("--json", "report", "day", "--merchant", "m1", "--date", day, *scope)
    assert status == 0, text
    return json.loads(text)  # type: ignore[no-any-return]


def picked(report: dict[str, int], fields: tuple[str, ...] = FIELDS) -> dict[str, int]:
    return {field: report[field] for field in fields}


def test_past_days_on_the_ledger_are_the_terminals_days(jifen: Jifen, synced: str) -> None:
    terminal = {day: picked(jifen.ok("report", "day", "--date", day)) for day in DAYS}
    assert terminal["2028-01-01"]["points_expired"] == 1100  # 张三's 600, 李四's 500: each lot's day after its last
    assert [terminal[day]["liability_points"] for day in DAYS] == [1100, 1149, 1330, 230, 230, 380]
    assert {day: picked(ledger_day(synced, day)) for day in DAYS} == terminal


def test_a_store_or_terminal_day_has_the_merchants_liability_at_the_end_of_that_day(jifen: Jifen, synced: str) -> None:
    """Points are the merchant's, whichever store they were earned at: a store's day says what the merchant owed."""
    owed = jifen.ok("report", "day", "--date", "2027-12-31")["liability_points"]
    assert ledger_day(synced, "2027-12-31", "--store", "静安店")["liability_points"] == owed
    assert ledger_day(synced, "2027-12-31", "--terminal", "T1")["liability_points"] == owed


def test_a_period_ends_with_what_was_outstanding_on_its_last_day(jifen: Jifen, ledger: Ledger, synced: str) -> None:
    token = ledger.terminal("m1", "徐汇店", "T2")
    period = ledger.get("/v1/merchant/reports/day", token, day="2027-12-30", until="2028-01-01").json()
    assert (period["points_expired"], period["liability_points"]) == (1100, 230)


def test_points_redeemed_at_another_merchant_leave_their_issuers_liability(ledger: Ledger, tmp_path: Path) -> None:
    """通用积分: the noodle shop takes ¥12 in the tea shop's points on 2 March; the tea shop owed them until then."""
    ledger.merchant("tea", currency="mall")
    ledger.merchant("noodles", currency="mall")
    tea, noodles = shop_till(tmp_path, "茶铺", "T1", "tea"), shop_till(tmp_path, "面馆", "N1", "noodles")
    m = member(tea, ZHANG)
    sell(tea, m, ("general", 200000))  # 500 + 1,000 points
    ledger.sync(tea, ledger.terminal("tea", "茶铺", "T1"))
    give_member(tea, m, noodles)
    move_clock(noodles, "2026-03-02 10:00")
    sell(noodles, m, ("general", 1200), redeem=1200)
    ledger.sync(noodles, ledger.terminal("noodles", "面馆", "N1"))
    owed = {(merchant, day): ledger.get("/v1/reports/day", merchant=merchant, day=day).json()["liability_points"]
            for merchant in ("tea", "noodles") for day in ("2026-03-01", "2026-03-02")}
    assert owed == {("tea", "2026-03-01"): 1500, ("tea", "2026-03-02"): 300,
                    ("noodles", "2026-03-01"): 0, ("noodles", "2026-03-02"): 0}


def test_a_refund_after_the_nightly_expiry_gives_points_back_expired_that_day(jifen: Jifen, ledger: Ledger,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A sale on 31 December redeems points that run out that day; the ledger's nightly expiry runs at 00:30 on
    2 January; the sale is refunded at 10:00. Both count the 400 points given back as expired on 2 January, the
    ledger as the refund reaches it, not at its next run."""
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    url = ledger.engine.url.render_as_string(hide_password=False)
    with serve(ledger.engine) as served:
        jifen.ok("ledger", "connect", served, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(ZHANG)  # 500 points, expiring 2027-12-31
        jifen.now = "2027-12-31T10:00:00+08:00"
        sale = jifen.ok("sale", "--member", ZHANG, "--line", "general:1000", "--redeem", "400", by="amy")
        jifen.ok("sync")
        monkeypatch.setenv("JIFEN_NOW", "2028-01-02T00:30:00+08:00")
        status, said = ledger_cli(url)("expire")
        assert status == 0 and said.startswith("expired 100 points of 1 member"), said
        jifen.now = "2028-01-02T10:00:00+08:00"
        jifen.ok("refund", sale["sale_id"], by="amy", approver="max")
        assert jifen.ok("sync")["pending"] == 0
    terminal = picked(jifen.ok("report", "day", "--date", "2028-01-02"))
    assert (terminal["points_restored"], terminal["points_expired"], terminal["liability_points"]) == (400, 400, 0)
    assert picked(ledger_day(url, "2028-01-02")) == terminal


def test_points_past_their_date_count_before_the_ledgers_expiry_run_records_them(
        jifen: Jifen, ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """张三's and 李四's 500 points ran out after 2027-12-31. On 1 January neither the till nor the ledger has run expiry yet
    (the ledger's hourly `jifen-ledger expire` is late): both count them expired on that day, as the run will."""
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    url = ledger.engine.url.render_as_string(hide_password=False)
    with serve(ledger.engine) as served:
        jifen.ok("ledger", "connect", served, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        jifen.member(ZHANG)  # 500 points, expiring 2027-12-31
        jifen.member(LI)
        jifen.now = "2027-12-31T10:00:00+08:00"
        jifen.ok("sale", "--member", LI, "--line", "general:200", by="amy")  # 100 more for 李四, to 2028-12-31
        assert jifen.ok("sync")["pending"] == 0
    jifen.now = "2028-01-01T10:00:00+08:00"
    monkeypatch.setenv("JIFEN_NOW", jifen.now)
    days = ("2027-12-31", "2028-01-01", "2028-01-02")
    terminal = {day: picked(jifen.ok("report", "day", "--date", day)) for day in days}
    assert [(terminal[day]["points_expired"], terminal[day]["liability_points"]) for day in days] == [
        (0, 1100), (1000, 100), (0, 100)]
    assert {day: picked(ledger_day(url, day)) for day in days} == terminal
    period = ledger.get("/v1/merchant/reports/day", token, day="2027-12-31", until="2028-01-02").json()
    assert (period["points_expired"], period["liability_points"]) == (1000, 100)
