"""`jifen-ledger report conflicts` speaks the locale as the ledger's other messages do: a Chinese shop owner
(LANG=zh_CN.UTF-8) reads every kind of conflict, shared phones and unexpected bonuses, and what to do, in Chinese;
--json keeps its English codes and texts."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ledger.models import Conflict, Terminal
from terminal.rules import RuleSet
from tests.helpers.forged import forge, last_held
from tests.helpers.ledger import Ledger, ledger_cli, shop_till
from tests.helpers.store import member
from tests.ledger.test_stolen_token_entries import EVIL, EVIL_RULES, connected, sale_by, signup

CJK = re.compile(r"[\u4e00-\u9fff]")


def every_kind(ledger: Ledger, shop: Any, tmp_path: Path) -> dict[str, Any]:
    """A ledger holding one conflict of each kind, a phone of two members and a bonus no rules give."""
    token, m = connected(ledger, shop)
    generous = {"version": "evil00000002", "rules": RuleSet().to_dict() | {"signup_bonus": 1_000_000}}
    bonus = ("bonus", {"expires_on": "2027-12-31", "member_id": m, "points": 1_000_000, "reason": "signup"}, 1_000_000)
    forged = forge(last_held(ledger, "T1"), "T1", ("rules", EVIL_RULES, 0), sale_by(m, EVIL, 100000), signup(m),
                   ("rules", generous, 0), bonus)
    assert {r["status"] for r in ledger.post(token, forged).json()["results"]} == {"applied"}
    other = shop_till(tmp_path, "徐汇店", "T2")
    member(other)
    ledger.sync(other, ledger.terminal("m1", "徐汇店", "T2"))
    with ledger.session() as s, s.begin():
        pk = s.scalar(select(Terminal.pk).where(Terminal.terminal_id == "T1"))
        s.add_all([Conflict(terminal_pk=pk, seq=90 + n, kind=kind, held_hash="a" * 64 * (kind != "tampered"),
                            sent_hash=sent, at="2026-03-01T02:00:00+00:00")
                   for n, (kind, sent) in enumerate([("differs", "b" * 64), ("fork", "c" * 64), ("tampered", "d" * 64),
                                                     ("referral_again", m)])])
        s.add(Conflict(terminal_pk=pk, seq=95, kind="unknown_rules", held_hash="", sent_hash="evil00000003",
                       at="2026-03-01T02:00:00+00:00"))
    return {"member": m, "seqs": [entry.seq for entry in forged]}


def test_every_line_of_the_report_is_in_chinese(ledger: Ledger, shop: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    made = every_kind(ledger, shop, tmp_path)
    m, (rules, sale, again, _, bonus) = made["member"], made["seqs"]
    run = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))
    english = run("report", "conflicts", "--merchant", "m1")
    english_json = run("--json", "report", "conflicts", "--merchant", "m1")
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")

    status, text = run("report", "conflicts", "--merchant", "m1")
    lines = text.splitlines()
    assert status == 0 and lines[0] == "商户 m1 有 12 个冲突待处理："
    assert [line for line in lines if not CJK.search(line)] == []
    kinds = {"differs": "条流水再次上传时内容与总账在该编号下保存的流水不同",
             "fork": "条流水没有接续总账为该终端保存的流水链",
             "tampered": "条流水写入后被改动过（哈希与内容不符）；包含它的那批流水已被拒收",
             "referral_again": f"条流水给会员 {m} 发了一笔不该发的推荐奖励",
             "unknown_rules": "条流水是第一笔按规则 evil00000003 赚取积分的销售",
             "rules": f"第 {rules} 条流水在终端连接总账之后记入了商户从未有过的规则 {EVIL}",
             "sale": (f"第 {sale} 条流水是一笔按规则 {EVIL} 给会员 {m} 的销售，该规则商户从未有过，且是在终端连接总账之后"
                      "记入的：终端给了 1,000 积分，总账按商户现行规则记了 50 积分"),
             "signup": f"第 {again} 条流水给会员 {m} 发了一笔注册奖励，但不是其注册时的那一笔"}
    for said in kinds.values():
        assert any("静安店 终端 T1：" in line and said in line for line in lines), said
    assert f"    处理办法：旧版 jifen 在连接期间采用了对 rules.toml 的修改：在 静安店 升级 jifen（其终端从下次同步起显示总账的余额）；" \
           f"如果门店向会员承诺了终端给的 1,000 积分，就在那里用 jifen adjust 给 {m} 补 950 积分（需店长或店主）。" \
           "如果没有人改过规则，这笔销售并非该终端的 jifen 所写，其令牌可能已落入他人之手：为该终端换发新令牌" \
           "（jifen-ledger terminal token）" in lines
    assert "  手机号 138****8000 有 2 个会员：该手机号在各门店同步之前被多家门店注册：每家门店只看到自己注册的会员，且每家都发了注册奖励" \
        in lines
    assert f"    {m}  2026-03-01 10:00 在 静安店 终端 T1 注册，余额 1,001,050 积分" in lines
    assert any(line.startswith("    处理办法：没有任何损失，总账收下了每家的全部流水。") for line in lines)
    assert any(line.endswith(f"  静安店 终端 T1：第 {bonus} 条流水，给会员 {m} 的注册奖励 1,000,000 积分："
                             "商户有过的任何规则、终端在此之前记入的任何规则都不给这笔奖励（规则给 500）") for line in lines)
    assert sum(line.startswith("    处理办法：") for line in lines) == 12
    assert run("--json", "report", "conflicts", "--merchant", "m1") == english_json
    assert json.loads(english_json[1])["conflicts"][0]["kind"] == "unheld_rules"
    assert run("report", "conflicts")[1].splitlines()[1].startswith("  2026")
    assert "商户 m1，静安店 终端 T1：" in run("report", "conflicts")[1]
    ledger.merchant("m2")
    assert run("report", "conflicts", "--merchant", "m2") == (0, "商户 m2 没有记录到冲突")

    monkeypatch.setenv("LANG", "C.UTF-8")
    assert run("report", "conflicts", "--merchant", "m1") == english
    assert english[1].splitlines()[0] == "12 conflicts of m1 to look at:"
