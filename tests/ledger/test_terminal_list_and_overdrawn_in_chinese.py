"""`jifen-ledger terminal list` and `report overdrawn` speak the locale as the ledger's other output does: under
LANG=zh_CN.UTF-8 a Chinese shop owner reads the table (its conflicts column too), where to see the conflicts, the
members who owe points and the entries that did it, in Chinese; English and --json stay as they were. So does the
day report's line on the conflicts to look at. On SQLite and PostgreSQL."""

import json
import re
from pathlib import Path

import pytest

from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.rules import RuleSet
from tests.helpers.ledger import Ledger, give_member, journal_of, shop_till
from tests.helpers.store import member, sell
from tests.ledger.test_sales_by_unheld_rules import EDITED, adopt_edited_rules, linked, run, sync_all

__all__ = ["linked"]
CJK = re.compile(r"[\u4e00-\u9fff]")
PHONE = "13800138000"


def in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_terminal_list_and_the_days_conflicts_line_in_chinese(
        ledger: Ledger, linked: tuple[Till, Syncer, str], monkeypatch: pytest.MonkeyPatch) -> None:
    till, syncer, m = linked
    adopt_edited_rules(till)
    sale = sell(till, m, ("general", 10000))
    sync_all(till, syncer)
    rules_entry = next(e.seq for e in journal_of(till) if e.kind == "rules" and EDITED.version in e.payload)
    ledger.terminal("m1", "静安店", "A1")  # registered, never synced
    in_english(monkeypatch)
    english = run(ledger, "terminal", "list", "--merchant", "m1")
    as_json = run(ledger, "--json", "terminal", "list", "--merchant", "m1")
    assert f"unheld_rules at entry {rules_entry}, unheld_rules at entry {sale.seq}" in english
    assert "Conflicts, with what to do: jifen-ledger report conflicts --merchant m1" in english

    in_chinese(monkeypatch)
    said = run(ledger, "terminal", "list", "--merchant", "m1")
    lines = said.splitlines()
    assert lines[0] == "商户 m1 的终端（时间为 Asia/Shanghai 时间）："
    assert lines[1].split() == ["门店", "终端", "状态", "流水", "最近收到", "最新流水日期", "规则", "冲突"]
    a1, t1 = lines[2], lines[3]
    # the rules it last journaled taking: the ledger's again, after the edit it journaled and sold by
    assert RuleSet().version in t1.split() and json.loads(as_json)["terminals"][1]["rules_version"] == RuleSet().version
    assert a1.split()[:2] == ["静安店", "A1"] and "启用（自 " in a1 and "从未" in a1 and a1.endswith("无")
    assert t1.endswith(f"商户未有的规则（第 {rules_entry} 条流水），商户未有的规则（第 {sale.seq} 条流水）")
    assert lines[-1] == "冲突及处理办法：jifen-ledger report conflicts --merchant m1"
    assert all(CJK.search(line) for line in lines), said
    assert "at entry" not in said and "none" not in said and "never" not in said
    assert run(ledger, "--json", "terminal", "list", "--merchant", "m1") == as_json

    day = run(ledger, "report", "day", "--merchant", "m1", "--date", "2026-03-01").splitlines()
    assert day[-1] == "商户 m1 有 2 个冲突待处理：jifen-ledger report conflicts --merchant m1"


def test_a_merchant_without_terminals_in_chinese(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.merchant("m1")
    in_chinese(monkeypatch)
    assert run(ledger, "terminal", "list", "--merchant", "m1") == "商户 m1 还没有终端（jifen-ledger terminal add）"


def test_overdrawn_members_in_chinese(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.merchant("m1")
    in_chinese(monkeypatch)
    assert run(ledger, "report", "overdrawn", "--merchant", "m1") == "商户 m1 没有欠分的会员"
    one, two = shop_till(tmp_path, "静安店", "T1", "m1"), shop_till(tmp_path, "徐汇店", "T2", "m1")
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    m = member(one, PHONE)  # 500 points
    ledger.sync(one, token_one)
    give_member(one, m, two)
    sell(one, m, ("general", 400), redeem=400)  # both offline, each sure of 500 points
    sell(two, m, ("general", 300), redeem=300)
    ledger.sync(one, token_one, after=2)
    ledger.sync(two, token_two)
    seq = journal_of(two)[-1].seq
    assert run(ledger, "report", "overdrawn", "--merchant", "m1") == (
        f"商户 m1 有 1 个会员欠分：\n  {m}  138****8000  欠 200 积分，由以下流水造成欠分：\n"
        f"    2026-03-01  徐汇店 终端 T2 第 {seq} 条流水：200 积分")
    as_json = json.loads(run(ledger, "--json", "report", "overdrawn", "--merchant", "m1"))
    assert as_json == {"members": [{"member_id": m, "phone": "138****8000", "debt": 200, "entries": [
        {"points": 200, "date": "2026-03-01", "terminal": "T2", "store": "徐汇店", "seq": seq}]}]}
    in_english(monkeypatch)
    assert run(ledger, "report", "overdrawn", "--merchant", "m1") == (
        f"1 member of m1 owes points:\n  {m}  138****8000  owes 200 points, run into by:\n"
        f"    2026-03-01  徐汇店 terminal T2 entry {seq}: 200 points")
