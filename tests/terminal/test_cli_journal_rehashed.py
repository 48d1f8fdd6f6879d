"""Someone who edits the store file and recomputes the hashes as the journal computes them is still found out by
`jifen journal verify`: an edit of the newest entry by the record of the last entry written, an inflated running
points total by the total itself."""

import hashlib
import json
from typing import Any

from tests.helpers.cli import Jifen

PHONE = "13800138000"
ZH = {"LANG": "zh_CN.UTF-8"}
COLUMNS = ("seq", "id", "terminal_id", "kind", "at", "business_date", "actor", "approver", "points_delta",
           "liability_after", "payload", "prev_hash")


def _rehash(row: dict[str, Any]) -> str:
    """The hash an entry with these fields has: SHA-256 of the canonical JSON of what it covers."""
    fields = {("terminal" if name == "terminal_id" else name): row[name] for name in COLUMNS}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                          .encode()).hexdigest()


def _newest(jifen: Jifen) -> dict[str, Any]:
    values = jifen.query(f"SELECT {', '.join(COLUMNS)} FROM journal ORDER BY seq DESC LIMIT 1")[0]
    return dict(zip(COLUMNS, values, strict=True))


def _rewrite(jifen: Jifen, row: dict[str, Any]) -> str:
    """Store ``row`` in place of the entry of its seq, with its own hash recomputed; returns that hash."""
    row["hash"] = _rehash(row)
    jifen.query("UPDATE journal SET payload = ?, liability_after = ?, hash = ? WHERE seq = ?",
                row["payload"], row["liability_after"], row["hash"], row["seq"])
    return str(row["hash"])


def _store_with_a_last_sale(jifen: Jifen) -> dict[str, Any]:
    jifen.member(PHONE)  # 500 points
    jifen.ok("sale", "--member", PHONE, "--line", "general:10", by="amy")  # earns 5
    sale = jifen.ok("sale", "--member", PHONE, "--line", "general:100", by="amy")  # earns 50
    newest = _newest(jifen)
    assert (newest["seq"], newest["kind"]) == (sale["seq"], "sale")
    assert jifen.ok("journal", "verify")["ok"] is True
    return newest


def test_the_newest_sale_edited_and_rehashed_is_found(jifen: Jifen) -> None:
    newest = _store_with_a_last_sale(jifen)
    payload = json.loads(newest["payload"])
    assert (payload["total_fen"], payload["paid_fen"]) == (10000, 10000)
    payload["total_fen"] = payload["paid_fen"] = 100  # ¥100 → ¥1: ¥99 out of the till unseen
    newest["payload"] = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    _rewrite(jifen, newest)

    run = jifen("journal", "verify", "--json")
    assert run.status == 2, run
    assert (run.json["ok"], run.json["first_bad_seq"], run.json["error"]) == (False, newest["seq"], "journal_broken")
    human = jifen("journal", "verify")
    assert (human.status, human.out) == (2, "")
    assert f"Journal BROKEN at entry {newest['seq']}: last entry replaced" in human.err
    chinese = jifen("journal", "verify", env=ZH)
    assert chinese.status == 2 and f"流水在第 {newest['seq']} 条处被破坏：最后一条记录被替换" in chinese.err
    assert jifen.ok("report", "day")["journal_broken_at"] == newest["seq"]  # the day's totals say so too


def test_a_raised_running_points_total_rehashed_with_the_head_is_found(jifen: Jifen) -> None:
    newest = _store_with_a_last_sale(jifen)
    assert (newest["points_delta"], newest["liability_after"]) == (50, 555)  # 500 + 5 + 50 owed to the member
    newest["liability_after"] = 100555
    new_hash = _rewrite(jifen, newest)
    jifen.query("UPDATE journal_head SET hash = ?, liability = ?", new_hash, 100555)  # the last entry written, too

    run = jifen("journal", "verify", "--json")
    assert run.status == 2, run
    assert (run.json["ok"], run.json["first_bad_seq"], run.json["error"]) == (False, newest["seq"], "journal_broken")
    human = jifen("journal", "verify")
    assert (human.status, human.out) == (2, "")
    assert f"Journal BROKEN at entry {newest['seq']}: running points total is wrong" in human.err
    chinese = jifen("journal", "verify", env=ZH)
    assert chinese.status == 2 and f"流水在第 {newest['seq']} 条处被破坏：积分累计不对" in chinese.err
    assert jifen.ok("report", "day")["journal_broken_at"] == newest["seq"]
