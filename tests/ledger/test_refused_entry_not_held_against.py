"""One entry with a made-up hash sent with a terminal's token is refused (422 ``tampered``) and kept for the owner, but
holds the terminal back in nothing: its next sync is applied in full, and `report conflicts` then says so, in English
and in Chinese, instead of telling the owner to set the counter up again."""

import json
from typing import Any

import pytest

from tests.helpers.ledger import Ledger, journal_of, ledger_cli
from tests.helpers.store import sell

WHAT = ("was refused (its hash does not match its content; not kept): the terminal's journal continued normally, "
        "and the ledger holds the terminal's own entry {seq}")
TO_DO = ("nothing holds the terminal back: it syncs as before. If its store was not restored from a backup after this "
         "was listed, the terminal's jifen did not write this entry and its token may be in other hands: give the "
         "terminal a new one (jifen-ledger terminal token)")


def test_a_made_up_entry_the_terminal_synced_past_is_reported_as_not_holding_it_back(
        ledger: Ledger, shop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    till, token = shop
    sell(till, None, ("general", 1000))
    acked = ledger.sync(till, token)["acknowledged_seq"]
    sell(till, None, ("general", 2000))
    real = journal_of(till, after=acked)
    made_up = real[0].model_dump() | {"hash": "0" * 64}
    refused = ledger.post(token, [made_up])
    assert (refused.status_code, refused.json()["error"]) == (422, "tampered")
    answer = ledger.sync(till, token, after=acked)
    assert answer["acknowledged_seq"] == real[-1].seq and {r["status"] for r in answer["results"]} == {"applied"}
    assert ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()["gross_fen"] == 3000

    run = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))
    listed = json.loads(run("--json", "report", "conflicts", "--merchant", "m1")[1])["conflicts"]
    seq, at = real[0].seq, listed[0]["at"]
    assert listed == [{"merchant": "m1", "store": "静安店", "terminal": "T1", "seq": seq, "at": at, "kind": "tampered",
                       "what": WHAT.format(seq=seq), "to_do": TO_DO, "held_hash": None, "sent_hash": "0" * 64,
                       "chain_continued": True}]
    assert run("report", "conflicts", "--merchant", "m1") == (0, "\n".join([
        "1 conflict of m1 to look at:",
        f"  {at}  静安店 terminal T1: entry {seq} {WHAT.format(seq=seq)}",
        f"    To do: {TO_DO}"]))
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run("report", "conflicts", "--merchant", "m1") == (0, "\n".join([
        "商户 m1 有 1 个冲突待处理：",
        f"  {at}  静安店 终端 T1：第 {seq} 条流水被拒收（哈希与内容不符；未保存）：该终端的流水照常继续，总账保存的是该终端自己的"
        f"第 {seq} 条流水",
        "    处理办法：没有什么阻碍该终端：它照常同步。如果此条列出之后其门店数据没有从备份恢复过，这条流水并非该终端的 jifen 所写，"
        "其令牌可能已落入他人之手：为该终端换发新令牌（jifen-ledger terminal token）"]))
