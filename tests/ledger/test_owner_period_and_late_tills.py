"""The owner of a chain reads a week from the ledger (`report day --until`, the admin `until`), each member served
counted once, and is told which tills have not sent their later sales (`behind`). On SQLite and PostgreSQL."""

import itertools
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ledger import ingest, service
from terminal.bootstrap import Till
from tests.helpers.ledger import Ledger, give_member, ledger_cli, shop_till
from tests.helpers.store import member, move_clock, sell

SHANGHAI = ZoneInfo("Asia/Shanghai")
Run = Callable[..., tuple[int, str]]


def cli(ledger: Ledger) -> Run:
    return ledger_cli(ledger.engine.url.render_as_string(hide_password=False))


def report(run: Run, *words: str) -> dict[str, Any]:
    status, out = run("--json", "report", "day", "--merchant", "m1", *words)
    assert status == 0, out
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def week(ledger: Ledger, tmp_path: Path) -> Iterator[dict[str, Till]]:
    """m1: 静安店/T1 and 徐汇店/T2. Member A buys at T1 on 03-01 and 03-02 and at T2 on 03-03; T2 sells to no
    member on 03-01. All synced."""
    ledger.merchant("m1")
    tills = {"T1": shop_till(tmp_path, "静安店", "T1"), "T2": shop_till(tmp_path, "徐汇店", "T2")}
    tokens = {"T1": ledger.terminal("m1", "静安店", "T1"), "T2": ledger.terminal("m1", "徐汇店", "T2")}
    one, two = tills["T1"], tills["T2"]
    a = member(one, "13800000001")
    sell(one, a, ("general", 10000))
    sell(two, None, ("general", 2000))
    move_clock(one, "2026-03-02 10:00")
    sell(one, a, ("general", 5000))
    ledger.sync(one, tokens["T1"])
    give_member(one, a, two)
    move_clock(two, "2026-03-03 10:00")
    sell(two, a, ("general", 3000))
    ledger.sync(two, tokens["T2"])
    yield tills
    for till in tills.values():
        till.close()


def test_a_week_counts_each_member_served_once(ledger: Ledger, week: dict[str, Till]) -> None:
    run = cli(ledger)
    days = [report(run, "--date", f"2026-03-0{n}") for n in (1, 2, 3)]
    assert sum(day["members_served"] for day in days) == 3
    period = report(run, "--date", "2026-03-01", "--until", "2026-03-03")
    assert (period["date"], period["until"], period["sales"], period["gross_fen"]) == ("2026-03-01", "2026-03-03", 4, 20000)
    assert (period["members_served"], period["new_members"]) == (1, 1)
    assert period["liability_points"] == days[-1]["liability_points"]
    assert period["opening_liability_points"] == days[0]["opening_liability_points"]
    store = report(run, "--date", "2026-03-01", "--until", "2026-03-03", "--store", "徐汇店")
    assert (store["store"], store["sales"], store["gross_fen"], store["members_served"]) == ("徐汇店", 2, 5000, 1)
    till = report(run, "--date", "2026-03-01", "--until", "2026-03-03", "--terminal", "T1")
    assert (till["terminal"], till["sales"], till["gross_fen"], till["members_served"]) == ("T1", 2, 15000, 1)
    assert report(run, "--date", "2026-03-02", "--until", "2026-03-02") == days[1]


def test_the_weeks_text_in_english_and_chinese(ledger: Ledger, week: dict[str, Till],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    run = cli(ledger)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    status, text = run("report", "day", "--merchant", "m1", "--date", "2026-03-01", "--until", "2026-03-03")
    lines = text.splitlines()
    assert status == 0 and lines[0] == "Totals of 2026-03-01 to 2026-03-03 for merchant m1, all stores"
    assert [line.split()[-1] for line in lines if line.strip().startswith("Members served")] == ["1"]
    status, text = run("report", "day", "--merchant", "m1", "--date", "2026-03-01", "--until", "2026-03-03",
                       "--store", "静安店")
    assert text.splitlines()[0] == "Totals of 2026-03-01 to 2026-03-03 for merchant m1, store 静安店"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    status, text = run("report", "day", "--merchant", "m1", "--date", "2026-03-01", "--until", "2026-03-03",
                       "--terminal", "T2")
    lines = text.splitlines()
    assert status == 0 and lines[0] == "2026-03-01 至 2026-03-03 汇总，商户 m1，终端 T2"
    assert [line.split()[-1] for line in lines if line.strip().startswith("服务会员")] == ["1"]


def test_the_admin_endpoint_reads_the_same_week(ledger: Ledger, week: dict[str, Till]) -> None:
    run = cli(ledger)
    for scope in ({}, {"store": "徐汇店"}, {"terminal": "T1"}):
        answer = ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01", until="2026-03-03", **scope)
        assert answer.status_code == 200, answer.text
        words = [f"--{key}" if i % 2 == 0 else key for pair in scope.items() for i, key in enumerate(pair)]
        assert answer.json() == report(run, "--date", "2026-03-01", "--until", "2026-03-03", *words)
    assert ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01", until="2026-03-03").json()["members_served"] == 1
    backwards = ledger.get("/v1/reports/day", merchant="m1", day="2026-03-03", until="2026-03-01")
    assert (backwards.status_code, backwards.json()["error"]) == (422, "bad_input")


@pytest.mark.parametrize(("until", "en", "zh"), [
    ("2026-02-28", "--until 2026-02-28 is before the period's first day, 2026-03-01",
     "--until 2026-02-28 早于期间的第一天 2026-03-01"),
    ("2027-03-02", "a period spans at most 366 days: 2026-03-01 to 2027-03-02 is longer",
     "期间最多 366 天：2026-03-01 至 2027-03-02 超出了"),
    ("", "report day: --until is empty; give a value", "report day：--until 为空；请给出一个值"),
])
def test_a_period_that_is_not_one_is_refused(ledger: Ledger, monkeypatch: pytest.MonkeyPatch,
                                             until: str, en: str, zh: str) -> None:
    ledger.merchant("m1")
    run = cli(ledger)
    for lang, said in (("en_US.UTF-8", en), ("zh_CN.UTF-8", zh)):
        monkeypatch.setenv("LANG", lang)
        status, text = run("report", "day", "--merchant", "m1", "--date", "2026-03-01", "--until", until)
        assert status == 2 and said in text, text
    status, out = run("--json", "report", "day", "--merchant", "m1", "--date", "2026-03-01", "--until", until)
    assert status == 2 and json.loads(out)["error"] == "bad_input"


def test_a_period_whose_last_day_has_not_come_says_so(ledger: Ledger, week: dict[str, Till],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-03T12:00:00+08:00")
    run = cli(ledger)
    data = report(run, "--date", "2026-03-01", "--until", "2026-03-06")
    assert (data["day_to_come"], data["sales"], data["until"]) == (True, 4, "2026-03-06")
    assert "day_to_come" not in report(run, "--date", "2026-03-01", "--until", "2026-03-03")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    _, text = run("report", "day", "--merchant", "m1", "--date", "2026-03-01", "--until", "2026-03-06")
    assert text.splitlines()[1] == (
        "! This period's last day has not come yet (it is 2026-03-03 at merchant m1): its figures are so far, and "
        "the points outstanding are today's, before any that expire by then")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, text = run("report", "day", "--merchant", "m1", "--date", "2026-03-01", "--until", "2026-03-06")
    assert text.splitlines()[1] == ("! 该期间的最后一天尚未到来（商户 m1 今天是 2026-03-03）：数字截至目前；"
                                    "会员持有积分为目前的数字，未扣除届时将过期的积分")


LATE_NOW = datetime(2026, 3, 3, 12, 0, tzinfo=SHANGHAI)


def ledger_clock(monkeypatch: pytest.MonkeyPatch, start: datetime) -> None:
    """The ledger's stamps (a batch received, a till registered or revoked) from ``start`` on, a second apart, as
    $JIFEN_NOW fixes its today: the report's days do not turn with the real clock."""
    monkeypatch.setenv("JIFEN_NOW", start.isoformat())
    ticks = itertools.count()

    def stamps(timespec: str) -> Callable[[], str]:
        def now() -> str:
            instant = start.astimezone(UTC) + timedelta(seconds=next(ticks))
            return instant.isoformat(timespec=timespec).replace("+00:00", "Z")
        return now

    monkeypatch.setattr(ingest, "_now", stamps("milliseconds"))
    monkeypatch.setattr(service, "_now", stamps("seconds"))


@pytest.fixture
def late(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Today is 2026-03-03 at the ledger, noon, and the ledger stamps the syncs itself: 静安店 T1 sold today and
    synced; 静安店 T2 sold yesterday and synced, then ¥88 today unsent; 徐汇店 T3 last sold two days ago, synced
    today; 徐汇店 T4 registered, never synced; 徐汇店 T5 sold two days ago, synced, revoked."""
    ledger_clock(monkeypatch, LATE_NOW)
    today, yesterday, before = (LATE_NOW - timedelta(days=n) for n in (0, 1, 2))
    ledger.merchant("m1")
    tills = {t: shop_till(tmp_path, store, t) for t, store in
             (("T1", "静安店"), ("T2", "静安店"), ("T3", "徐汇店"), ("T5", "徐汇店"))}
    tokens = {t: ledger.terminal("m1", till.shop.store, t) for t, till in tills.items()}
    ledger.terminal("m1", "徐汇店", "T4")
    for terminal, when, fen in (("T1", today, 1200), ("T2", yesterday, 3400), ("T3", before, 5600), ("T5", before, 700)):
        move_clock(tills[terminal], when.strftime("%Y-%m-%d %H:%M"))
        sell(tills[terminal], None, ("general", fen))
        ledger.sync(tills[terminal], tokens[terminal])
    move_clock(tills["T2"], today.strftime("%Y-%m-%d %H:%M"))
    sell(tills["T2"], None, ("general", 8800))
    run = cli(ledger)
    assert run("terminal", "revoke", "--merchant", "m1", "--terminal", "T5")[0] == 0
    listed = json.loads(run("--json", "terminal", "list", "--merchant", "m1")[1])["terminals"]
    yield {"run": run, "today": today.date().isoformat(), "yesterday": yesterday.date().isoformat(),
           "before": before.date().isoformat(), "synced": {row["terminal"]: row["last_received"] for row in listed}}
    for till in tills.values():
        till.close()


def test_the_report_names_the_tills_that_have_not_sent_their_later_sales(ledger: Ledger, late: dict[str, Any],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    run, today, synced = late["run"], late["today"], late["synced"]
    t2 = {"terminal": "T2", "newest_day": late["yesterday"], "last_sync": synced["T2"]}
    t3 = {"terminal": "T3", "newest_day": late["before"], "last_sync": synced["T3"]}
    t4 = {"terminal": "T4", "newest_day": None, "last_sync": None}
    data = report(run, "--date", today)
    assert (data["gross_fen"], data["behind"]) == (1200, [t2, t3, t4])
    assert report(run, "--date", today, "--store", "静安店")["behind"] == [t2]
    assert report(run, "--date", today, "--terminal", "T2")["behind"] == [t2]
    assert report(run, "--date", today, "--terminal", "T1")["behind"] == []
    assert report(run, "--date", late["before"], "--until", today)["behind"] == [t2, t3, t4]
    answer = ledger.get("/v1/reports/day", merchant="m1", day=today, store="徐汇店")
    assert answer.json()["behind"] == [t3, t4]
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    _, text = run("report", "day", "--merchant", "m1", "--date", today)
    assert text.splitlines()[1:4] == [
        f"! T2 last sent entries dated {late['yesterday']} (last sync {synced['T2']}): its later sales are not in "
        "these figures",
        f"! T3 last sent entries dated {late['before']} (last sync {synced['T3']}): its later sales are not in "
        "these figures",
        "! T4 has sent no entries yet: its sales are not in these figures"]
    assert not text.splitlines()[4].startswith("!")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    _, text = run("report", "day", "--merchant", "m1", "--date", today, "--store", "静安店")
    assert text.splitlines()[1] == \
        f"! T2 最近上传的记录日期为 {late['yesterday']}（最后同步 {synced['T2']}）：其后的销售不在本报表中"
    assert not text.splitlines()[2].startswith("!")


def test_a_till_that_synced_after_the_day_ended_is_not_behind_on_it(late: dict[str, Any]) -> None:
    """Yesterday: T2 sent its sales of that day, T3 synced today with none newer than the day before, T4 was
    registered today."""
    run = late["run"]
    assert report(run, "--date", late["yesterday"])["behind"] == []
    assert report(run, "--date", late["before"], "--until", late["yesterday"])["behind"] == []
    status, text = run("report", "day", "--merchant", "m1", "--date", late["yesterday"])
    assert status == 0 and not any(line.startswith("!") for line in text.splitlines())
