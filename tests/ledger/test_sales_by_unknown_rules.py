"""A sale naming rules neither the merchant set nor its terminal journaled (``unknown_rules``): no honest till's once it
has connected, since a till journals every rule set before the sales by it. Sent by a connected terminal (a stolen
token skipping the rules entry), it is taken and credited what the merchant's rules in force give, listed once with
both figures, and its refunds take back a share of what was credited. Before, it was credited at the rates it stated
(1,000 points for a ¥100 sale). A till's history from before it connected is credited as sent. SQLite and PostgreSQL."""

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from sync.protocol import MAX_BATCH, WireEntry
from terminal.home import Home
from terminal.points_math import EarnLine, earned_points
from terminal.rules import RuleSet
from tests.helpers.forged import Spec, forge, last_held
from tests.helpers.ledger import Ledger, check_books, journal_of, ledger_cli
from tests.helpers.store import balance, member, new_till, sell, set_rules

EVIL = "evil00000002"
AMOUNTS = (6000, 4000)
TOKEN_ELSEWHERE = ("an honest till journals every rule set it adopts before the sales that use it, so this sale was "
                   "not written by the terminal's jifen and its token may be in other hands: give the terminal a new "
                   "one (jifen-ledger terminal token)")


def run(ledger: Ledger, *words: str) -> str:
    status, out = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(*words)
    assert status == 0, out
    return out


def conflicts(ledger: Ledger) -> list[dict[str, Any]]:
    return json.loads(run(ledger, "report", "--json", "conflicts", "--merchant", "m1"))["conflicts"]  # type: ignore[no-any-return]


def sale_by(m: str, seq: int, version: str, rate_bp: int) -> Spec:
    """A member's ¥100 sale of general goods in two lines (¥60, ¥40) stating ``rate_bp`` and what it earns."""
    earned = earned_points([EarnLine(amount, rate_bp, 100) for amount in AMOUNTS], 100, sum(AMOUNTS), 0)
    lines = [{"amount_fen": amount, "category": "general", "promo_pct": 100, "rate_bp": rate_bp} for amount in AMOUNTS]
    return ("sale", {"earn_expires_on": "2027-12-31", "earned_points": earned, "member_id": m, "paid_fen": 10000,
                     "lines": lines, "pay_method": "cash", "redeemed_fen": 0, "redeemed_points": 0,
                     "rules_version": version, "sale_id": f"T1-{seq}", "tier": "regular", "tier_pct": 100,
                     "total_fen": 10000}, earned)


def refund_of(m: str, seq: int, line: int, reversed_points: int) -> Spec:
    """A refund of line ``line`` of sale ``seq``, taking back ``reversed_points`` (the till's)."""
    return ("refund", {"refund_id": f"R-{seq}-{line}", "sale_id": f"T1-{seq}", "member_id": m, "lines": [line],
                       "refunded_fen": AMOUNTS[line - 1], "money_fen": AMOUNTS[line - 1], "pay_method": "cash",
                       "restored_points": 0, "restored_fen": 0, "restored_expires_on": None,
                       "reversed_points": reversed_points}, -reversed_points)


def applied(ledger: Ledger, token: str, entries: list[WireEntry]) -> set[str]:
    answer = ledger.post(token, entries)
    assert answer.status_code == 200, answer.text
    return {r["status"] for r in answer.json()["results"]}


def test_a_connected_terminals_sale_by_rules_no_one_had_is_credited_the_merchants_figure(
        ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m = member(till)
    ledger.sync(till, token)  # connected: 500 points
    after = last_held(ledger, "T1")
    sale = after.seq + 1
    attack = forge(after, "T1", sale_by(m, sale, EVIL, 100000), refund_of(m, sale, 2, 400))
    assert applied(ledger, token, attack) == {"applied"}  # the whole batch
    assert ledger.balance(m) == 500 + 50 - 20  # not 1,000 - 400: 50 by the merchant's rules, 400/1000 of it back

    later = forge(attack[-1], "T1", refund_of(m, sale, 1, 600), sale_by(m, sale + 3, RuleSet().version, 5000))
    assert applied(ledger, token, later) == {"applied"}  # later entries taken
    assert ledger.balance(m) == 500 + 50 - 50 + 50  # the rest of the sale takes back no more than it credited
    assert {r["status"] for r in ledger.post(token, attack + later).json()["results"]} == {"duplicate"}

    shown = conflicts(ledger)
    assert [(c["seq"], c["kind"], c["sent_hash"]) for c in shown] == [(sale, "unknown_rules", EVIL)]  # once
    assert (shown[0]["member"], shown[0]["till_points"], shown[0]["ledger_points"]) == (m, 1000, 50)
    assert shown[0]["what"] == (f"is a sale to member {m} by rules {EVIL}, which neither the merchant set at the ledger "
                                "nor the terminal journaled before it, sent after the terminal had connected: the till "
                                "gave 1,000 points, the ledger credited 50, what the merchant's rules in force give")
    assert shown[0]["to_do"] == (f"{TOKEN_ELSEWHERE}; if the sale was not made, take the 50 points the ledger credited "
                                 f"back from {m} at 静安店 with jifen adjust (a manager or owner)")
    text = run(ledger, "report", "conflicts", "--merchant", "m1")
    assert f"静安店 terminal T1: entry {sale} is a sale to member {m} by rules {EVIL}" in text
    check_books(ledger)


def test_the_day_report_counts_what_the_ledger_credited(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    m = member(till)
    ledger.sync(till, token)
    after = last_held(ledger, "T1")
    sale = after.seq + 1
    attack = forge(after, "T1", sale_by(m, sale, EVIL, 100000), refund_of(m, sale, 2, 400))
    assert applied(ledger, token, attack) == {"applied"}
    day = json.loads(run(ledger, "report", "--json", "day", "--merchant", "m1", "--date", "2026-03-01"))
    assert (day["points_earned"], day["points_reversed"]) == (50, 20)  # not the till's 1,000 and 400
    assert day["liability_points"] == 500 + 50 - 20


def test_the_listing_is_in_chinese_under_a_chinese_locale(ledger: Ledger, shop: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    till, token = shop
    m = member(till)
    ledger.sync(till, token)
    after = last_held(ledger, "T1")
    assert applied(ledger, token, forge(after, "T1", sale_by(m, after.seq + 1, EVIL, 100000))) == {"applied"}
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    text = run(ledger, "report", "conflicts", "--merchant", "m1")
    assert (f"是一笔按规则 {EVIL} 给会员 {m} 的销售，该规则既不是商户在总账设置的，也不是终端在此之前记入流水的，且是在终端"
            "连接总账之后上传的：终端给了 1,000 积分，总账按商户现行规则记了 50 积分") in text
    assert f"如果这笔销售并未发生，在 静安店 用 jifen adjust 从 {m} 收回总账记的 50 积分（需店长或店主）" in text


def test_a_history_from_before_the_terminal_connected_is_credited_as_sent(ledger: Ledger, tmp_path: Path) -> None:
    """A till on rules it never journaled (an older jifen's) sends its whole history, over several batches: each sale
    credited what its till gave, the rules listed once, as before it connected."""
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    till = new_till(Home(tmp_path / "T1"))
    own = replace(RuleSet(), categories={"general": 8000, "fresh": 3000})
    set_rules(till, own)
    m = member(till)
    first = sell(till, m, ("general", 10000))
    while len(journal_of(till)) < MAX_BATCH + 2:
        sell(till, None, ("fresh", 100))
    last = sell(till, m, ("general", 10000))
    journal = journal_of(till)
    for start in range(0, len(journal), MAX_BATCH):  # as the till sends them
        assert applied(ledger, token, journal[start:start + MAX_BATCH]) == {"applied"}
    assert (first.earned_points, last.earned_points) == (80, 80)
    assert ledger.balance(m) == balance(till, m) == 500 + 80 + 80
    shown = conflicts(ledger)
    assert [(c["seq"], c["kind"], c["sent_hash"]) for c in shown] == [(first.seq, "unknown_rules", own.version)]
    assert "till_points" not in shown[0]
    check_books(ledger)
    till.close()
