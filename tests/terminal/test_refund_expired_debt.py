"""Points a refund gives back after their date come back expired: nothing is taken from them, so they do not pay
off a debt the member owes. Through `jifen` as a shop runs it."""

from tests.helpers.cli import Jifen

PHONE = "13800138000"


def owes_four_after_paying_650(jifen: Jifen) -> str:
    """In 2026 the member paid a sale with 650 points expiring 2027-12-31 (it earned 46), then came to owe 4.
    Returns that sale's id."""
    jifen.member(PHONE)  # 500 points, expiring 2027-12-31
    jifen.ok("sale", "--member", PHONE, "--line", "general:300", by="amy")  # earns 150: 650
    paid = jifen.ok("sale", "--member", PHONE, "--line", "general:100", "--redeem", "650", by="amy")
    assert paid["earned_points"] == 46
    small = jifen.ok("sale", "--member", PHONE, "--line", "general:8", by="amy")  # earns 4
    jifen.ok("sale", "--member", PHONE, "--line", "general:0.50", "--redeem", "50", by="amy")  # all of it, earns 0
    jifen.ok("refund", small["sale_id"], by="max")  # the 4 it earned were spent: owed
    shown = jifen.ok("member", "show", PHONE)
    assert (shown["balance"], shown["debt"]) == (-4, True)
    return str(paid["sale_id"])


def expiry_entries(jifen: Jifen) -> list[tuple[str, int]]:
    return [(day, -delta) for day, delta in jifen.query(
        "SELECT business_date, points_delta FROM journal WHERE kind = 'expire' ORDER BY seq")]


def test_points_given_back_expired_do_not_pay_off_a_debt(jifen: Jifen) -> None:
    sale_id = owes_four_after_paying_650(jifen)
    jifen.now = "2029-01-02T10:00:00+08:00"
    refund = jifen.ok("refund", sale_id, by="max")
    assert (refund["restored_points"], refund["restored_expired_points"], refund["reversed_points"]) == (650, 650, 46)
    assert refund["member"] == {"id": refund["member"]["id"], "balance": -50, "debt": True, "debt_points": 50}
    receipt = jifen("receipt", refund["refund_id"], "--text", env={"LANG": "zh_CN.UTF-8"}).out
    rows = {words[0]: words[-1] for words in (line.split() for line in receipt.splitlines()) if len(words) == 2}
    shown = (rows["其中已过期"], rows["扣回已得积分"], rows["积分余额"])
    assert shown == ("650", "-46", "-50"), receipt
    assert any(line.startswith("退回积分") and line.endswith(" +650（抵 ￥6.50）") for line in receipt.splitlines()), receipt
    assert jifen.ok("report", "day", "--date", "2029-01-02")["points_expired"] == 650
    assert jifen.ok("expire") == {"expired_points": 650, "members": 1}
    assert expiry_entries(jifen)[-1:] == [("2029-01-02", 650)]
    assert jifen.ok("report", "day", "--date", "2029-01-02")["points_expired"] == 650
    assert jifen.balance(PHONE) == -50
    assert jifen.entries() > 0  # journal verify: the lots less the debt are what the journal adds up to
