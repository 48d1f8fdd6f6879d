"""A terminal's own token reads its merchant's totals, per terminal, and nothing of anyone else's."""

import json
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ledger.cli import main
from ledger.models import Terminal
from sync.client import LedgerClient, LedgerRefused
from sync.protocol import pad
from terminal.bootstrap import Till, init_store
from terminal.home import Home
from tests.helpers.ledger import Ledger
from tests.helpers.ledger_server import serve
from tests.helpers.store import (
    CASHIER,
    MANAGER,
    OWNER,
    OWNER_PIN,
    at,
    member,
    move_clock,
    sell,
)

PATH = "/v1/merchant/reports/day"


def _store(tmp_path: Path, store: str, terminal: str, merchant: str = "m1") -> Till:
    return init_store(Home(tmp_path / terminal), store=store, terminal_id=terminal, merchant=merchant,
                      timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 10:00"))


@pytest.fixture
def shops(ledger: Ledger, tmp_path: Path) -> Iterator[dict[str, tuple[Till, str]]]:
    """m1 with 静安店/T1 and 徐汇店/T2, m2 with 外滩店/T9; each has sold and synced on 2026-03-01."""
    ledger.merchant("m1")
    ledger.merchant("m2")
    shops = {"T1": (_store(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")),
             "T2": (_store(tmp_path, "徐汇店", "T2"), ledger.terminal("m1", "徐汇店", "T2")),
             "T9": (_store(tmp_path, "外滩店", "T9", "m2"), ledger.terminal("m2", "外滩店", "T9"))}
    one, two, other = (shops[t][0] for t in ("T1", "T2", "T9"))
    sell(one, member(one, "13800138000"), ("general", 10000))
    sell(two, None, ("general", 2000), pay="card")
    sell(two, None, ("general", 3000), cashier=MANAGER)
    sell(other, None, ("general", 99900))
    for till, token in shops.values():
        ledger.sync(till, token)
    yield shops
    for till, _ in shops.values():
        till.close()


def test_a_terminal_reads_its_merchants_day_by_terminal(ledger: Ledger, shops: dict[str, tuple[Till, str]]) -> None:
    answer = ledger.get(PATH, shops["T1"][1], day="2026-03-01", by="terminal")
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["merchant"], report["date"], report["until"]) == ("m1", "2026-03-01", "2026-03-01")
    assert (report["sales"], report["gross_fen"], report["card_fen"]) == (3, 15000, 2000)
    by_terminal = {row["terminal"]: row for row in report["terminals"]}
    assert set(by_terminal) == {"T1", "T2"}
    assert (by_terminal["T1"]["store"], by_terminal["T1"]["gross_fen"], by_terminal["T1"]["members_served"]) == ("静安店", 10000, 1)
    assert (by_terminal["T1"]["new_members"], by_terminal["T2"]["new_members"]) == (1, 0)
    assert (by_terminal["T2"]["sales"], by_terminal["T2"]["cash_fen"], by_terminal["T2"]["card_fen"]) == (2, 3000, 2000)
    assert set(by_terminal["T2"]["cashiers"]) == {CASHIER.name, MANAGER.name}
    assert "points_expired" not in by_terminal["T1"] and "liability_points" not in by_terminal["T1"]


def test_without_by_there_are_only_the_merchants_totals(ledger: Ledger, shops: dict[str, tuple[Till, str]]) -> None:
    report = ledger.get(PATH, shops["T2"][1], day="2026-03-01").json()
    assert report["sales"] == 3 and "terminals" not in report


def test_another_merchant_sees_only_its_own(ledger: Ledger, shops: dict[str, tuple[Till, str]]) -> None:
    report = ledger.get(PATH, shops["T9"][1], day="2026-03-01", by="terminal").json()
    assert report["merchant"] == "m2" and report["gross_fen"] == 99900
    assert [row["terminal"] for row in report["terminals"]] == ["T9"]


def test_a_period_adds_up_its_days_and_quiet_terminals_are_listed(ledger: Ledger, shops: dict[str, tuple[Till, str]]) -> None:
    one, token = shops["T1"]
    move_clock(one, "2026-03-03 09:00")
    sell(one, None, ("general", 500))
    ledger.sync(one, token, after=0)
    period = ledger.get(PATH, token, day="2026-03-01", until="2026-03-03", by="terminal").json()
    assert (period["sales"], period["gross_fen"], period["until"]) == (4, 15500, "2026-03-03")
    later = ledger.get(PATH, token, day="2026-03-02", until="2026-03-03", by="terminal").json()
    assert {row["terminal"]: row["gross_fen"] for row in later["terminals"]} == {"T1": 500, "T2": 0}


@pytest.mark.parametrize(("params", "status"), [
    ({"day": "2026-03-02", "until": "2026-03-01"}, 422),
    ({"day": "2026-01-01", "until": "2027-01-02"}, 422),
    ({"day": "9999-12-31", "until": "0001-01-01"}, 422),
    ({"day": "2026-03-01", "by": "store"}, 422),
    ({"day": "yesterday"}, 422),
    ({}, 422),
])
def test_a_bad_question_is_a_4xx_with_error_and_message(ledger: Ledger, shops: dict[str, tuple[Till, str]],
                                                        params: dict[str, str], status: int) -> None:
    answer = ledger.get(PATH, shops["T1"][1], **params)
    assert answer.status_code == status, answer.text
    assert set(answer.json()) == {"error", "message"} and answer.json()["error"] == "bad_input"


def test_only_a_live_terminal_token_may_ask(ledger: Ledger, shops: dict[str, tuple[Till, str]],
                                            caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, "jifen.ledger"):
        nobody = ledger.client.get(PATH, params={"day": "2026-03-01"})
        admin = ledger.get(PATH, ledger.admin, day="2026-03-01")
    assert (nobody.status_code, nobody.json()["error"]) == (401, "unauthorized")
    assert admin.status_code == 401  # the admin reads merchants through /v1/reports/day
    assert "unknown terminal token" in caplog.text

    def revoke(session):  # type: ignore[no-untyped-def]
        session.query(Terminal).filter(Terminal.terminal_id == "T2").update({"revoked": True})
    ledger.do(revoke)
    caplog.clear()
    with caplog.at_level(logging.WARNING, "jifen.ledger"):
        revoked = ledger.get(PATH, shops["T2"][1], day="2026-03-01")
    assert (revoked.status_code, revoked.json()["error"]) == (403, "forbidden")
    assert "revoked terminal m1/T2" in caplog.text


def test_the_client_asks_over_http(ledger: Ledger, shops: dict[str, tuple[Till, str]]) -> None:
    with serve(ledger.engine) as url:
        report = LedgerClient(url, shops["T2"][1]).merchant_report(date(2026, 3, 1), date(2026, 3, 2))
        assert (report.merchant, report.until, report.gross_fen) == ("m1", "2026-03-02", 15000)
        assert [(t.terminal, t.sales) for t in report.terminals] == [("T1", 1), ("T2", 2)]
        with pytest.raises(LedgerRefused) as refused:
            LedgerClient(url, "jt_wrong").merchant_report(date(2026, 3, 1))
        assert refused.value.status == 401


def test_a_merchants_cashiers_are_told_apart_by_terminal(ledger: Ledger, shops: dict[str, tuple[Till, str]],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The same name at two terminals need not be one person: the merchant's report keeps them apart."""
    url = ledger.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "--json", "report", "day", "--merchant", "m1", "--date", "2026-03-01"]) == 0
    cashiers = json.loads(capsys.readouterr().out)["cashiers"]
    assert {name: t["sales"] for name, t in cashiers.items()} == {
        f"T1/{CASHIER.name}": 1, f"T2/{CASHIER.name}": 1, f"T2/{MANAGER.name}": 1}
    assert main(["--db", url, "report", "day", "--merchant", "m1", "--date", "2026-03-01", "--terminal", "T2"]) == 0
    text = capsys.readouterr().out
    assert text.split("Cashiers:\n")[1].splitlines() == [
        f"  {pad('T2/' + CASHIER.name, 24)}{'1 sale':>12}{'¥20.00':>16}{'¥0.00 cash':>20}",
        f"  {pad('T2/' + MANAGER.name, 24)}{'1 sale':>12}{'¥30.00':>16}{'¥30.00 cash':>20}"]
