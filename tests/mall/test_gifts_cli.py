"""The points mall at the counter, through the command line: the local catalog, exchanges and their
cancels, coupons and their use on a sale, and every refusal on the way. Real store files."""

from typing import Any

import pytest

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def gift(jifen: Jifen, item: str = "TEA", *more: str, points: str = "300") -> dict[str, Any]:
    return jifen.ok("gift", "add", item, "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", points, *more, by="boss")


def coupon_item(jifen: Jifen, *more: str) -> dict[str, Any]:
    return jifen.ok("gift", "add", "C10", "--coupon", "--name-zh", "十元券", "--name-en", "Coupon", "--points", "200",
                    "--value", "10", "--min-spend", "50", *more, by="boss")


@pytest.fixture
def member(jifen: Jifen) -> str:
    return jifen.member(PHONE)  # 500 signup points


def test_exchange_takes_points_soonest_expiring_first_and_one_from_stock(jifen: Jifen, member: str) -> None:
    gift(jifen, "TEA", "--stock", "2", "--topup", "9.90")
    jifen.ok("adjust", member, "--points", "100", "--reason", "gift", by="max")
    jifen.query("UPDATE lots SET expires_on = '2026-06-30' WHERE points = 500")
    out = jifen.ok("gift", "exchange", "TEA", "--member", PHONE, by="amy")
    assert out["points"] == 300 and out["topup_fen"] == 990 and out["stock_left"] == 1
    assert out["member"]["balance"] == 300
    assert jifen.query("SELECT points, remaining FROM lots ORDER BY expires_on") == [(500, 200), (100, 100)]
    assert jifen.query("SELECT stock FROM mall_items WHERE id = 'TEA'") == [(1,)]
    assert jifen.balance(member) == 300
    assert jifen.entries() > 0
    day = jifen.ok("report", "day")
    assert (day["exchanges"], day["exchange_points"], day["exchange_topup_fen"]) == (1, 300, 990)


def test_exchange_refusals(jifen: Jifen, member: str) -> None:
    gift(jifen, "TEA", "--stock", "1", "--per-member", "1")
    gift(jifen, "BIG", points="5000")
    gift(jifen, "OFF", "--off-sale")
    gift(jifen, "LATER", "--from", "2026-04-01")
    gift(jifen, "GOLD", "--tiers", "gold,diamond")
    platinum = jifen("gift", "add", "PLAT", "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", "300", "--tiers",
                     "gold,platinum", "--json", by="boss")
    assert (platinum.status, platinum.json["error"]) == (2, "bad_input")
    assert platinum.json["message"] == "there is no tier 'platinum': the tiers are regular, silver, gold, diamond"
    gift(jifen, "DAILY", "--per-day", "1", points="10")
    before = jifen.dump()
    assert jifen.refused("gift", "exchange", "NOPE", "--member", PHONE, by="amy") == "not_found"
    assert jifen.refused("gift", "exchange", "TEA", "--member", "13900000000", by="amy") == "not_found"
    assert jifen.refused("gift", "exchange", "BIG", "--member", PHONE, by="amy") == "insufficient_points"
    assert jifen.refused("gift", "exchange", "OFF", "--member", PHONE, by="amy") == "not_on_sale"
    assert jifen.refused("gift", "exchange", "LATER", "--member", PHONE, by="amy") == "not_on_sale"
    assert jifen.refused("gift", "exchange", "GOLD", "--member", PHONE, by="amy") == "tier_not_allowed"
    assert jifen.refused("gift", "exchange", "TEA", "--member", PHONE, "--pay", "cheque", by="amy") == "bad_input"
    assert jifen.dump() == before
    jifen.ok("gift", "exchange", "DAILY", "--member", PHONE, by="amy")
    assert jifen.refused("gift", "exchange", "DAILY", "--member", PHONE, by="amy") == "over_limit"
    said = jifen("gift", "exchange", "DAILY", "--member", PHONE, "--json", by="amy").json["message"]
    assert said.endswith("can be taken once a day per member, and this member has taken it that often today")
    jifen.ok("gift", "exchange", "TEA", "--member", PHONE, by="amy")
    second = jifen.member("13900139000")
    assert jifen.refused("gift", "exchange", "TEA", "--member", second, by="amy") == "out_of_stock"
    jifen.ok("gift", "edit", "TEA", "--stock", "5", by="boss")
    assert jifen.refused("gift", "exchange", "TEA", "--member", PHONE, by="amy") == "over_limit"
    jifen.query("UPDATE members SET debt_points = 5 WHERE id = ?", second)
    assert jifen.refused("gift", "exchange", "TEA", "--member", second, by="amy") == "member_in_debt"


def test_catalog_is_kept_by_managers_and_checked(jifen: Jifen) -> None:
    assert jifen.refused("gift", "add", "TEA", "--name-zh", "茶杯", "--name-en", "Tea", "--points", "3", by="amy") \
        == "approval_required"
    assert jifen.refused("gift", "add", "TEA", "--name-zh", "茶杯", "--points", "3", by="boss") == "bad_input"
    assert jifen.refused("gift", "add", "T/1", "--name-zh", "茶杯", "--name-en", "Tea", "--points", "3", by="boss") == "bad_input"
    assert jifen.refused("gift", "add", "T", "--name-zh", "茶杯", "--name-en", "Tea", "--points", "3",
                         "--from", "2026-05-01", "--until", "2026-04-01", by="boss") == "bad_input"
    gift(jifen)
    assert jifen.refused("gift", "add", "TEA", "--name-zh", "茶杯", "--name-en", "Tea", "--points", "3", by="boss") \
        == "already_exists"
    assert jifen.refused("gift", "edit", "NOPE", "--points", "3", by="boss") == "not_found"
    assert jifen.ok("gift", "edit", "TEA", "--points", "250", "--off-sale", by="max")["points"] == 250
    assert jifen.ok("gift", "list")["items"] == []
    assert [i["id"] for i in jifen.ok("gift", "list", "--all")["items"]] == ["TEA"]
    assert [p["action"] for p in jifen.journal_payloads("mall_item")] == ["add", "edit"]


def test_edit_moves_and_drops_the_window(jifen: Jifen, member: str) -> None:
    gift(jifen)
    item = jifen.ok("gift", "edit", "TEA", "--from", "2026-04-01", "--until", "2026-04-30", by="boss")
    assert (item["starts_on"], item["ends_on"]) == ("2026-04-01", "2026-04-30")
    assert jifen.query("SELECT starts_on, ends_on FROM mall_items WHERE id = 'TEA'") == [("2026-04-01", "2026-04-30")]
    assert jifen.ok("gift", "list")["items"] == []
    listed = jifen.ok("gift", "list", "--all")["items"]
    assert [(i["id"], i["starts_on"], i["ends_on"], i["available"]) for i in listed] == [
        ("TEA", "2026-04-01", "2026-04-30", False)]
    assert jifen.refused("gift", "exchange", "TEA", "--member", PHONE, by="amy") == "not_on_sale"
    assert jifen.refused("gift", "edit", "TEA", "--until", "2026-03-31", by="boss") == "bad_input"
    assert jifen.refused("gift", "edit", "TEA", "--from", "2026-04-31", by="boss") == "bad_input"
    assert jifen.ok("gift", "edit", "TEA", "--until", "2026-05-31", by="boss")["starts_on"] == "2026-04-01"
    item = jifen.ok("gift", "edit", "TEA", "--always", by="boss")
    assert (item["starts_on"], item["ends_on"]) == (None, None)
    assert [i["id"] for i in jifen.ok("gift", "list")["items"]] == ["TEA"]
    assert [p["item"]["ends_on"] for p in jifen.journal_payloads("mall_item")] == [None, "2026-04-30", "2026-05-31", None]


def test_cancel_is_same_day_with_approval_and_puts_back_points_and_stock(jifen: Jifen, member: str) -> None:
    gift(jifen, "TEA", "--stock", "3")
    exchange = jifen.ok("gift", "exchange", "TEA", "--member", PHONE, by="amy")["exchange_id"]
    assert jifen.refused("gift", "cancel", exchange, by="amy") == "approval_required"
    assert jifen.refused("gift", "cancel", exchange, by="amy", approver="amy") == "forbidden"
    assert jifen.refused("gift", "cancel", "T1-999", by="max") == "not_found"
    out = jifen.ok("gift", "cancel", exchange, by="amy", approver="max")
    assert out["restored_points"] == 300 and out["member"]["balance"] == 500 and out["stock_left"] == 3
    assert jifen.refused("gift", "cancel", exchange, by="max") == "already_cancelled"
    again = jifen.ok("gift", "exchange", "TEA", "--member", PHONE, by="amy")["exchange_id"]
    jifen.now = "2026-03-02T10:00:00+08:00"
    assert jifen.refused("gift", "cancel", again, by="max") == "too_late"
    day = jifen.ok("report", "day", "--date", "2026-03-01")
    assert (day["exchanges"], day["exchange_points"], day["exchanges_cancelled"]) == (1, 300, 1)
    assert jifen.entries() > 0


def test_coupon_issue_use_and_every_refusal(jifen: Jifen, member: str) -> None:
    coupon_item(jifen)
    issued = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")
    code = issued["code"]
    assert code.startswith("JFQ1/m1/") and issued["expires_on"] == "2026-03-31" and issued["member"]["balance"] == 300
    assert jifen.ok("coupon", "show", code)["status"] == "valid"
    assert jifen.refused("coupon", "use", code, "--member", PHONE, "--line", "general:49.99", by="amy") == "below_min_spend"
    other = jifen.member("13900139000")
    assert jifen.refused("coupon", "use", code, "--member", other, "--line", "general:60", by="amy") == "foreign_coupon"
    assert jifen.refused("coupon", "use", code[:-3] + "AAA", "--member", PHONE, "--line", "general:60", by="amy") \
        == "forged_code"
    foreign = code.replace("JFQ1/m1/", "JFQ1/m2/")
    assert jifen.refused("sale", "--coupon", foreign, "--member", PHONE, "--line", "general:60", by="amy") == "foreign_coupon"
    sale = jifen.ok("coupon", "use", code, "--member", PHONE, "--line", "general:40", "--line", "digital:20", by="amy")
    assert sale["total_fen"] == 5000 and sale["paid_fen"] == 5000 and sale["coupon"]["discount_fen"] == 1000
    assert [a for (a,) in jifen.query("SELECT amount_fen FROM sale_lines ORDER BY line_no")] == [3333, 1667]
    assert jifen.refused("coupon", "use", code, "--member", PHONE, "--line", "general:60", by="amy") == "coupon_used"
    assert jifen.ok("coupon", "show", issued["coupon_id"])["status"] == "used"
    later = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")
    jifen.now = "2026-04-01T10:00:00+08:00"
    assert jifen.refused("coupon", "use", later["code"], "--member", PHONE, "--line", "general:60", by="amy") \
        == "coupon_expired"
    assert jifen.ok("coupon", "show", later["code"])["status"] == "expired"
    assert jifen.ok("report", "day", "--date", "2026-03-31")["coupons_expired"] == 1
    day = jifen.ok("report", "day", "--date", "2026-03-01")
    assert (day["coupons_issued"], day["coupon_points"], day["coupons_used"], day["coupon_discount_fen"]) == (2, 400, 1, 1000)
    assert jifen.refused("coupon", "issue", "C10", "--member", PHONE, by="amy") == "insufficient_points"
    assert jifen.refused("coupon", "issue", "NOPE", "--member", PHONE, by="amy") == "not_found"
    assert jifen.refused("coupon", "show", "T1-999") == "not_found"


def test_refund_of_a_coupon_sale_gives_back_what_was_paid(jifen: Jifen, member: str) -> None:
    coupon_item(jifen)
    code = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")["code"]
    sale = jifen.ok("sale", "--coupon", code, "--member", PHONE, "--line", "general:100", by="amy")
    refund = jifen.ok("refund", sale["sale_id"], by="max")
    assert refund["money_fen"] == 9000


def test_the_receipts_print_the_gift_and_the_coupon_code(jifen: Jifen, member: str, tmp_path: Any) -> None:
    gift(jifen)
    coupon_item(jifen)
    (jifen.home / "config.toml").write_text('[printer]\nurl = "file://' + str(tmp_path / "paper.bin") + '"\n', encoding="utf-8")
    exchange = jifen.ok("gift", "exchange", "TEA", "--member", PHONE, by="amy")["exchange_id"]
    code = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")["code"]
    assert {kind for (kind,) in jifen.query("SELECT kind FROM print_jobs")} == {"gift", "coupon"}
    from printing.mall_receipts import coupon_receipt, gift_receipt
    from printing.receipts import Style
    from terminal.bootstrap import open_till
    from terminal.home import Home
    from tests.helpers.store import at

    till = open_till(Home(jifen.home), at("2026-03-01 11:00"))
    with till.reading() as uow:
        paper = gift_receipt(uow.session, till.shop, exchange, Style("en"))
        card = coupon_receipt(uow.session, till.shop, code.split("/")[2], Style("zh"))
    till.close()
    text = repr(paper.blocks)
    assert "Tea cup" in text and "-300" in text and "'Points balance then', value='200'" in text  # the coupon came after
    assert card.qr_payloads == [code]


def test_the_cashier_reads_the_top_up_to_hand_back_on_a_cancel(jifen: Jifen, member: str) -> None:
    gift(jifen, "TEA", "--topup", "9.90")
    done = jifen("gift", "exchange", "TEA", "--member", PHONE, "--pay", "card", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert done.status == 0 and "使用 300 积分 + ￥9.90（刷卡）" in done.out
    exchange = jifen.query("SELECT id FROM gift_exchanges")[0][0]
    cancel = jifen("gift", "cancel", exchange, by="amy", approver="max", env={"LANG": "zh_CN.UTF-8"})
    assert cancel.status == 0 and "退回 300 积分；请退还加价 ￥9.90（刷卡）；余额 500" in cancel.out
    gift(jifen, "PEN", points="50")
    pen = jifen.ok("gift", "exchange", "PEN", "--member", PHONE, by="amy")["exchange_id"]
    plain = jifen("gift", "cancel", pen, by="amy", approver="max")
    assert plain.status == 0 and "50 points back; balance 500" in plain.out and "give back" not in plain.out


def test_each_z_counts_the_coupons_that_expired_since_the_last_one(jifen: Jifen, member: str) -> None:
    coupon_item(jifen)
    jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")  # valid until 2026-03-31
    assert jifen.ok("day", "close", by="max")["coupons_expired"] == 0
    jifen.now = "2026-03-31T21:00:00+08:00"
    jifen.ok("sale", "--line", "general:5", by="amy")
    z2 = jifen("day", "close", by="max", env={"LANG": "zh_CN.UTF-8"})
    assert z2.status == 0 and "过期优惠券" in z2.out
    assert jifen.ok("report", "z", "2")["coupons_expired"] == 1 == jifen.ok("report", "day")["coupons_expired"]
    jifen.ok("sale", "--line", "general:5", by="amy")
    assert jifen.ok("day", "close", by="max")["coupons_expired"] == 0  # a second Z that day: counted once, in Z2
    jifen.now = "2026-04-01T10:00:00+08:00"
    jifen.ok("sale", "--line", "general:5", by="amy")
    assert jifen.ok("day", "close", by="max")["coupons_expired"] == 0
