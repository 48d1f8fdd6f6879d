"""A sale by rules an older connected till journaled itself is credited what the merchant's rules in force give (50
points, where the till said 100): every part of the ledger's day report counts the ledger's figure, the merchant's, a
store's, a terminal's and a cashier's, in `report day` (a day, --until a period, --store, --terminal) and in what a
terminal reads of its merchant's day by terminal and by store, so the parts add up to the whole. A real till synced
over TCP, on SQLite and PostgreSQL."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from sync.relay import Syncer
from terminal.bootstrap import Till
from tests.helpers.ledger import Ledger, shop_till
from tests.helpers.store import sell
from tests.ledger.test_sales_by_unheld_rules import adopt_edited_rules, linked, run, sync_all

__all__ = ["linked"]
DAY = "2026-03-01"


def report(ledger: Ledger, *scope: str) -> dict[str, Any]:
    out = run(ledger, "report", "--json", "day", "--merchant", "m1", "--date", DAY, *scope)
    return json.loads(out)  # type: ignore[no-any-return]


def cashiers_earned(day: dict[str, Any]) -> dict[str, int]:
    return {name: totals["points_earned"] for name, totals in day["cashiers"].items()}


def test_every_part_of_the_day_report_counts_what_the_ledger_credited(
        ledger: Ledger, linked: tuple[Till, Syncer, str], tmp_path: Path) -> None:
    till, syncer, m = linked
    other = shop_till(tmp_path, "徐汇店", "T2")
    sell(other, None, ("general", 1000))
    ledger.sync(other, ledger.terminal("m1", "徐汇店", "T2"))
    adopt_edited_rules(till)
    assert sell(till, m, ("general", 10000)).earned_points == 100  # the till's figure; the merchant's rules give 50
    sync_all(till, syncer)
    assert ledger.balance(m) == 500 + 50

    whole = report(ledger)
    assert whole["points_earned"] == 50
    assert report(ledger, "--until", "2026-03-02")["points_earned"] == 50
    assert report(ledger, "--store", "静安店")["points_earned"] == 50
    assert report(ledger, "--terminal", "T1")["points_earned"] == 50
    assert report(ledger, "--store", "徐汇店")["points_earned"] == 0
    cashiers = cashiers_earned(whole)
    assert [n for name, n in cashiers.items() if name.startswith("T1/")] == [50]
    assert sum(cashiers.values()) == whole["points_earned"]
    assert cashiers_earned(report(ledger, "--terminal", "T1")) == {name: n for name, n in cashiers.items()
                                                                 if name.startswith("T1/")}

    read = syncer.client.merchant_report(date.fromisoformat(DAY))  # what a terminal reads, by terminal and store
    assert read.points_earned == 50
    assert {t.terminal: t.points_earned for t in read.terminals} == {"T1": 50, "T2": 0}
    assert {s.store: s.points_earned for s in read.stores} == {"静安店": 50, "徐汇店": 0}
    text = run(ledger, "report", "day", "--merchant", "m1", "--date", DAY, "--terminal", "T1")
    assert any(line.split() == ["Points", "earned", "50"] for line in text.splitlines()), text
