"""Coupons refused in words the counter understands: a member in debt cannot use one (using a coupon bought with
points is redeeming them), a coupon is good through the day its slip names, the wrong kind of item names the
command that takes it, and a coupon never makes a sale cost less than nothing. Real store files, a real ledger."""

import json
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.helpers.ledger import ledger_cli
from tests.helpers.linked_tills import link, new_till
from tests.sync.conftest import Network

ZHANG = "13800138000"
C10 = {"id": "C10", "kind": "coupon", "name_zh": "十元券", "name_en": "Coupon", "points": 200, "value_fen": 1000,
       "min_spend_fen": 5000}


def _coupon_item(jifen: Jifen, *more: str) -> dict[str, object]:
    return jifen.ok("gift", "add", "C10", "--coupon", "--name-zh", "十元券", "--name-en", "Coupon", "--points", "200",
                    "--value", "10", "--min-spend", "50", *more, by="boss")


def _use(code: str, amount: str = "60") -> list[str]:
    return ["coupon", "use", code, "--member", ZHANG, "--line", f"general:{amount}"]


@pytest.fixture
def t2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Jifen:
    return new_till(tmp_path / "t2", monkeypatch, capsys)


def test_a_member_in_debt_cannot_use_coupons_bought_while_overspending(network: Network, jifen: Jifen, t2: Jifen) -> None:
    """Two tills each sell the member coupons before either syncs: 800 points of 500. After sync the member owes 300,
    and no till takes any of the coupons off a sale until that is cleared."""
    t1 = jifen
    ledger = ledger_cli(f"sqlite:///{network.root / 'ledger.db'}")
    assert ledger("mall", "set", "--merchant", "m1", json.dumps(C10))[0] == 0
    t1.member(ZHANG)  # 500 signup points
    link(network.ledger, network.url, (t1, "T1"), (t2, "T2"))
    codes = [till.ok("coupon", "issue", "C10", "--member", ZHANG, by="boss")["code"] for till in (t1, t1, t2, t2)]
    for till in (t1, t2, t1, t2):
        till.ok("sync")
    for till in (t1, t2):
        assert till.balance(ZHANG) == -300
    for till, code in ((t1, codes[0]), (t1, codes[2]), (t2, codes[1]), (t2, codes[3])):
        before = till.dump()
        refused = till(*_use(code), by="boss")
        assert (refused.status, refused.out) == (2, "")
        assert refused.err.strip() == \
            "member 138****8000 owes 300 points: coupons cannot be used until the debt is cleared"
        assert till(*_use(code), "--json", by="boss").json == {
            "error": "member_in_debt",
            "message": "member 138****8000 owes 300 points: coupons cannot be used until the debt is cleared"}
        zh = till(*_use(code), by="boss", env={"LANG": "zh_CN.UTF-8"})
        assert zh.status == 2 and zh.err.strip() == "会员 138****8000 欠 300 积分，还清前不能使用优惠券"
        assert till.dump() == before
    t1.ok("adjust", ZHANG, "--points", "300", "--reason", "debt paid", by="boss")
    assert t1.ok(*_use(codes[0]), by="boss")["paid_fen"] == 5000


def test_a_coupon_is_good_through_its_last_day_and_then_says_until_when(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    _coupon_item(jifen)
    issued = jifen.ok("coupon", "issue", "C10", "--member", ZHANG, by="amy")
    assert issued["expires_on"] == "2026-03-31"
    jifen.now = "2026-03-31T21:00:00+08:00"
    assert jifen.ok("coupon", "show", issued["code"])["status"] == "valid"
    jifen.now = "2026-04-01T09:00:00+08:00"
    before = jifen.dump()
    said = jifen(*_use(issued["code"]), by="amy")
    assert said.status == 2 and said.err.strip() == f"coupon {issued['coupon_id']} was valid until 2026-03-31"
    zh = jifen(*_use(issued["code"]), by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert zh.err.strip() == f"优惠券 {issued['coupon_id']} 有效期至 2026-03-31，已过期"
    assert jifen.dump() == before


def test_the_wrong_kind_of_item_names_the_command_that_takes_it(jifen: Jifen) -> None:
    jifen.member(ZHANG)
    _coupon_item(jifen)
    jifen.ok("gift", "add", "LAMP", "--name-zh", "台灯", "--name-en", "Lamp", "--points", "300", by="boss")
    before = jifen.dump()
    for words, en, zh in (
            (("gift", "exchange", "C10"), "C10 is a coupon: use jifen coupon issue C10", "C10 是优惠券：请用 jifen coupon issue C10"),
            (("coupon", "issue", "LAMP"), "LAMP is a gift: use jifen gift exchange LAMP", "LAMP 是礼品：请用 jifen gift exchange LAMP")):
        said = jifen(*words, "--member", ZHANG, by="amy")
        assert said.status == 2 and said.err.strip() == en
        assert jifen(*words, "--member", ZHANG, by="amy", env={"LANG": "zh_CN.UTF-8"}).err.strip() == zh
    assert jifen.dump() == before
    assert jifen.balance(ZHANG) == 500


def test_a_coupon_without_a_value_asks_for_value_in_yuan(jifen: Jifen) -> None:
    before = jifen.dump()
    words = ("gift", "add", "C0", "--coupon", "--name-zh", "券", "--name-en", "Coupon", "--points", "200")
    said = jifen(*words, by="boss")
    assert said.status == 2 and said.err.strip() == "a coupon needs --value (yuan off, e.g. --value 10)"
    assert jifen(*words, by="boss", env={"LANG": "zh_CN.UTF-8"}).err.strip() == \
        "优惠券需要 --value（减免金额，单位元，例如 --value 10）"
    assert jifen.dump() == before


def test_a_coupon_worth_more_than_its_minimum_spend_is_refused(jifen: Jifen) -> None:
    before = jifen.dump()
    said = jifen("gift", "add", "C60", "--coupon", "--name-zh", "六十元券", "--name-en", "Coupon", "--points", "200",
                 "--value", "60", "--min-spend", "50", by="boss")
    assert said.status == 2 and said.err.strip() == "a ¥60.00 coupon needs a minimum spend of at least ¥60.00"
    assert jifen.dump() == before
    _coupon_item(jifen)
    said = jifen("gift", "edit", "C10", "--value", "60", by="boss")
    assert said.status == 2 and said.err.strip() == "a ¥60.00 coupon needs a minimum spend of at least ¥60.00"
    assert jifen.query("SELECT value_fen, min_spend_fen FROM mall_items WHERE id = 'C10'") == [(1000, 5000)]
    assert jifen.ok("gift", "edit", "C10", "--value", "50", by="boss")["value_fen"] == 5000


def test_a_coupon_with_no_minimum_takes_off_at_most_the_sale(jifen: Jifen) -> None:
    """A ¥60 coupon with no minimum spend on a ¥25 sale: the sale is free, never less, and nothing is earned."""
    jifen.member(ZHANG)
    jifen.ok("gift", "add", "C60", "--coupon", "--name-zh", "六十元券", "--name-en", "Coupon", "--points", "200",
             "--value", "60", by="boss")
    code = jifen.ok("coupon", "issue", "C60", "--member", ZHANG, by="amy")["code"]
    sale = jifen.ok("coupon", "use", code, "--member", ZHANG, "--line", "general:15", "--line", "general:10", by="amy")
    assert (sale["total_fen"], sale["paid_fen"], sale["coupon"]["discount_fen"], sale["earned_points"]) == (0, 0, 2500, 0)
    assert jifen.query("SELECT total_fen, paid_fen FROM sales WHERE id = ?", sale["sale_id"]) == [(0, 0)]
    assert jifen.query("SELECT amount_fen FROM sale_lines WHERE sale_id = ? ORDER BY line_no", sale["sale_id"]) == [(0,), (0,)]


def test_a_coupon_added_before_the_check_can_still_be_restocked_and_taken_off_sale(jifen: Jifen) -> None:
    """An item an older jifen took (¥20 off from ¥10) keeps being managed; only changing its value or minimum is
    checked."""
    _coupon_item(jifen)
    jifen.query("UPDATE mall_items SET value_fen = 2000, min_spend_fen = 1000 WHERE id = 'C10'")  # as it stored it
    assert jifen.ok("gift", "edit", "C10", "--stock", "5", by="boss")["value_fen"] == 2000
    assert jifen.ok("gift", "edit", "C10", "--off-sale", by="boss")["value_fen"] == 2000
    said = jifen("gift", "edit", "C10", "--min-spend", "15", by="boss")
    assert said.status == 2 and said.err.strip() == "a ¥20.00 coupon needs a minimum spend of at least ¥20.00"
