"""`jifen-ledger settle` and `report day` as a coalition's finance person reads them: who pays whom and how much
each way (the net lines their sum), the merchants' names, in Chinese under a Chinese locale as the till speaks,
and a day or a period that has not come (or is not over) yet said so, never printed as if it were a day gone."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger import service
from terminal.bootstrap import Till
from tests.helpers.ledger import Ledger, give_member, run, shop_till
from tests.helpers.store import member, sell

MIDMONTH = "2026-03-15T10:00:00+08:00"  # the ledger's clock: March is not over


@dataclass
class Coalition:
    url: str
    tills: dict[str, Till]


@pytest.fixture
def coalition(ledger: Ledger, tmp_path: Path) -> Iterator[Coalition]:
    """super (1 fen a point), cafe (2 fen) and book (1 fen) share one points currency. On 1 March a member of super
    spends 600 of super's points at cafe; members of cafe and of book spend 400 and 150 of theirs at super."""
    for merchant, name, fen in (("super", "超市", 1), ("cafe", "咖啡", 2), ("book", "书店", 1)):
        ledger.do(lambda s, m=merchant, n=name, f=fen: service.add_merchant(s, m, n, "union", f))
    tokens = {m: ledger.terminal(m, f"{m}1", m.upper()) for m in ("super", "cafe", "book")}
    tills = {m: shop_till(tmp_path, f"{m}1", m.upper(), m) for m in ("super", "cafe", "book")}
    shopper = member(tills["super"], "13800138001")  # 500 of super's points
    sell(tills["super"], shopper, ("general", 200000))  # 1,000 more
    acknowledged = ledger.sync(tills["super"], tokens["super"])["acknowledged_seq"]
    give_member(tills["super"], shopper, tills["cafe"])
    sell(tills["cafe"], shopper, ("general", 100000), redeem=600)
    others = {"cafe": member(tills["cafe"], "13800138002"), "book": member(tills["book"], "13800138003")}
    for merchant in ("cafe", "book"):
        ledger.sync(tills[merchant], tokens[merchant])
        give_member(tills[merchant], others[merchant], tills["super"])
    sell(tills["super"], others["cafe"], ("general", 100000), redeem=400)
    sell(tills["super"], others["book"], ("general", 100000), redeem=150)
    ledger.sync(tills["super"], tokens["super"], after=acknowledged)
    yield Coalition(ledger.engine.url.render_as_string(hide_password=False), tills)
    for till in tills.values():
        till.close()


def test_settlement_says_who_pays_whom_each_way_and_nets_it(coalition: Coalition,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    assert (status, out) == (0, (
        "Settlement from 2026-03-01 to 2026-03-31:\n"
        "Each merchant pays for its points used or taken back at another merchant's stores (redeemed, taken back by a "
        "refund, or paying off a debt there), at its own fen per point:\n"
        "  book (书店)   pays  super (超市)  ¥1.50 for 150 points used or taken back (1 fen a point)\n"
        "  cafe (咖啡)   pays  super (超市)  ¥8.00 for 400 points used or taken back (2 fen a point)\n"
        "  super (超市)  pays  cafe (咖啡)   ¥6.00 for 600 points used or taken back (1 fen a point)\n"
        "Net, the sum of the lines above:\n"
        "  book (书店)   owes ¥1.50 (net -150 points)    = -¥1.50 to super\n"
        "  cafe (咖啡)   owes ¥2.00 (net +200 points)    = -¥8.00 to super + ¥6.00 from super\n"
        "  super (超市)  is owed ¥3.50 (net -50 points)  = ¥1.50 from book + ¥8.00 from cafe - ¥6.00 to cafe\n"))
    status, out, _ = run(capsys, coalition.url, "--json", "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    data = json.loads(out)
    assert status == 0 and data["pairs"] == [
        {"issuer": "book", "redeemer": "super", "points": 150, "fen": 150},
        {"issuer": "cafe", "redeemer": "super", "points": 400, "fen": 800},
        {"issuer": "super", "redeemer": "cafe", "points": 600, "fen": 600}]
    assert data["positions"] == [
        {"merchant": "book", "name": "书店", "net_points": -150, "net_fen": -150},
        {"merchant": "cafe", "name": "咖啡", "net_points": 200, "net_fen": -200},
        {"merchant": "super", "name": "超市", "net_points": -50, "net_fen": 350}]
    assert (data["period_over"], data["period_begun"]) == (True, True)
    for position in data["positions"]:  # each net is its pairs' sum
        merchant = position["merchant"]
        assert position["net_fen"] == sum(p["fen"] * ((p["redeemer"] == merchant) - (p["issuer"] == merchant))
                                          for p in data["pairs"])


def test_settlement_and_the_day_in_chinese(coalition: Coalition, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    assert (status, out) == (0, (
        "2026-03-01 至 2026-03-31 结算：\n"
        "各商户为本商户积分在其他商户门店的使用及扣回（兑换、退款扣回、抵还欠分）付款，按本商户每积分的分值计：\n"
        "  书店（book）   付给  超市（super）  ￥1.50：使用及扣回 150 积分（每积分 1 分）\n"
        "  咖啡（cafe）   付给  超市（super）  ￥8.00：使用及扣回 400 积分（每积分 2 分）\n"
        "  超市（super）  付给  咖啡（cafe）   ￥6.00：使用及扣回 600 积分（每积分 1 分）\n"
        "净额（以上各行之和）：\n"
        "  书店（book）   应付 ￥1.50（净 -150 积分）  = -￥1.50 付给 super\n"
        "  咖啡（cafe）   应付 ￥2.00（净 +200 积分）  = -￥8.00 付给 super + ￥6.00 收自 super\n"
        "  超市（super）  应收 ￥3.50（净 -50 积分）   = ￥1.50 收自 book + ￥8.00 收自 cafe - ￥6.00 付给 cafe\n"))
    status, out, _ = run(capsys, coalition.url, "report", "day", "--merchant", "super", "--date", "2026-03-01")
    lines = out.splitlines()
    assert status == 0 and lines[0] == "2026-03-01 当日汇总，商户 super，全部门店"
    assert "收银员：" in lines
    figures = lines[1:lines.index("收银员：")]
    rows = {line.rsplit(maxsplit=1)[0].strip(): line.rsplit(maxsplit=1)[1] for line in figures}
    assert (rows["销售笔数"], rows["抵扣积分"], rows["本商户门店抵扣的其他商户积分"], rows["本商户积分在其他商户抵扣"]) == (
        "3", "550", "550", "600")
    assert not [label for label in rows if any("a" <= c.lower() <= "z" for c in label)], out  # every label Chinese
    status, out, _ = run(capsys, coalition.url, "report", "day", "--merchant", "super", "--date", "2026-03-01",
                         "--store", "super1")
    assert status == 0 and out.splitlines()[0] == "2026-03-01 当日汇总，商户 super，门店 super1"
    assert "会员持有积分（商户 super 全部门店）" in out


@pytest.mark.parametrize("words, code, en, zh", [
    (("report", "day", "--merchant", "super", "--date", "2026-3-1"), "bad_input",
     "'2026-3-1' is not a date like 2026-03-01", "“2026-3-1”不是日期，格式如 2026-03-01"),
    (("report", "day", "--merchant", "shop", "--date", "2026-03-01"), "not_found", "no merchant shop", "没有商户 shop"),
    (("report", "day", "--merchant", "super", "--store", "cafe1"), "not_found",
     "merchant super has no store cafe1 (as given to jifen-ledger terminal add --store)",
     "商户 super 没有门店 cafe1（即 jifen-ledger terminal add --store 所给的）"),
    (("report", "day", "--date", "2026-03-01"), "bad_input", "the following arguments are required: --merchant (see 'jifen-ledger "
     "--help')", "缺少必需的参数：--merchant（见 jifen-ledger --help）"),
    (("settle", "--from", "2026-03-31", "--to", "2026-03-01"), "bad_input", "the period ends (2026-03-01) before it starts "
     "(2026-03-31)", "结束日期（2026-03-01）早于开始日期（2026-03-31）"),
    (("settle", "--from", "2026-03-01", "--to", "31/03/2026"), "bad_input", "'31/03/2026' is not a date like 2026-03-01",
     "“31/03/2026”不是日期，格式如 2026-03-01"),
])
def test_refusals_in_the_locales_language(coalition: Coalition, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch, words: tuple[str, ...], code: str,
                                          en: str, zh: str) -> None:
    assert run(capsys, coalition.url, *words) == (2, "", en + "\n")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(capsys, coalition.url, *words) == (2, "", zh + "\n")
    status, out, _ = run(capsys, coalition.url, "--json", *words)
    assert (status, json.loads(out)) == (2, {"error": code, "message": zh})


def test_a_day_to_come_says_so_under_its_title(coalition: Coalition, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", MIDMONTH)
    status, out, _ = run(capsys, coalition.url, "report", "day", "--merchant", "super", "--date", "2026-03-16")
    assert status == 0 and out.splitlines()[:2] == [
        "Day totals of 2026-03-16 for merchant super, all stores",
        "! This day has not come yet (it is 2026-03-15 at merchant super): nothing can have been sold on it, and the "
        "points outstanding are today's, before any that expire by then"]
    status, out, _ = run(capsys, coalition.url, "--json", "report", "day", "--merchant", "super", "--date", "2030-01-01")
    assert status == 0 and json.loads(out)["day_to_come"] is True
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    status, out, _ = run(capsys, coalition.url, "report", "day", "--merchant", "super", "--date", "2026-03-16",
                         "--store", "super1")
    assert status == 0 and out.splitlines()[:2] == [
        "2026-03-16 当日汇总，商户 super，门店 super1",
        "! 该日尚未到来（商户 super 今天是 2026-03-15）：该日不可能有销售；会员持有积分为目前的数字，未扣除届时将过期的积分"]
    for day in ("2026-03-15", "2026-03-01"):  # today so far, and a day gone
        status, out, _ = run(capsys, coalition.url, "--json", "report", "day", "--merchant", "super", "--date", day)
        assert status == 0 and "day_to_come" not in json.loads(out)
        status, out, _ = run(capsys, coalition.url, "report", "day", "--merchant", "super", "--date", day)
        assert status == 0 and "尚未到来" not in out


def test_a_period_not_over_or_not_begun_says_so(coalition: Coalition, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", MIDMONTH)
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-04-01", "--to", "2026-04-30")
    assert (status, out.splitlines()) == (0, [
        "nothing to settle from 2026-04-01 to 2026-04-30: no points were spent at another merchant",
        "! The period has not begun yet (today is 2026-03-15): it can be settled once it is over"])
    status, out, _ = run(capsys, coalition.url, "--json", "settle", "--from", "2030-01-01", "--to", "2030-01-31")
    assert (status, json.loads(out)) == (0, {"positions": [], "pairs": [], "period_over": False, "period_begun": False})
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    assert status == 0 and out.splitlines()[-1] == (
        "! The period is not over yet (today is 2026-03-15): this is the settlement so far; settle again after "
        "2026-03-31 for the whole period")
    status, out, _ = run(capsys, coalition.url, "--json", "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    data = json.loads(out)
    assert status == 0 and (data["period_over"], data["period_begun"], len(data["pairs"])) == (False, True, 3)
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-03-02", "--to", "2026-03-15")
    assert (status, out.splitlines()) == (0, [
        "nothing to settle from 2026-03-02 to 2026-03-15: no points were spent at another merchant",
        "! The period is not over yet (today is 2026-03-15): this is the settlement so far; settle again after "
        "2026-03-15 for the whole period"])
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-04-01", "--to", "2026-04-30")
    assert (status, out.splitlines()) == (0, ["2026-04-01 至 2026-04-30 无需结算：没有积分在其他商户使用",
                                              "! 结算期尚未开始（今天是 2026-03-15）：结束后才能结算"])
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-03-01", "--to", "2026-03-31")
    assert status == 0 and out.splitlines()[-1] == (
        "! 结算期尚未结束（今天是 2026-03-15）：这只是目前为止的结算；2026-03-31 之后再结算才是整个期间的结算")
    status, out, _ = run(capsys, coalition.url, "settle", "--from", "2026-03-01", "--to", "2026-03-14")
    assert status == 0 and "！" not in out and "! " not in out and out.startswith("2026-03-01 至 2026-03-14 结算：")
