"""A coupon issued by mistake is taken back before it is used: `jifen coupon cancel` (or `gift cancel` with the
coupon's id), with a manager's approval. Its points come back, its stock goes back, it can never be used (at
this till; at the others and the ledger once they sync), and a cancel slip prints. A used coupon is refused."""

from typing import Any

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.keys import KeyFiles, load_private_key
from terminal.mall.catalog import ItemSpec
from terminal.services import coupons, mall
from terminal.services.sales import SaleRequest, record_sale
from tests.helpers.cli import Jifen
from tests.helpers.ledger import check_books
from tests.helpers.store import CASHIER, MANAGER, OWNER, balance, member
from tests.mall.test_mall_sync import C10, admin_post
from tests.printing.test_receipt_paper import COLUMNS, PAPER, paper, right_aligned, row

PHONE = "13800138000"


def _coupon_item(jifen: Jifen, *more: str) -> None:
    jifen.ok("gift", "add", "C10", "--coupon", "--name-zh", "十元券", "--name-en", "Coupon", "--points", "200",
             "--value", "10", "--min-spend", "50", "--stock", "5", *more, by="boss")


def test_gift_cancel_of_an_unused_coupon_gives_its_points_back_and_voids_it(jifen: Jifen) -> None:
    who = jifen.member(PHONE)  # 500 signup points
    _coupon_item(jifen, "--per-member", "1")
    issued = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")
    assert issued["member"]["balance"] == 300
    before = jifen.dump()
    assert jifen.refused("gift", "cancel", issued["coupon_id"], by="amy") == "approval_required"
    assert jifen.dump() == before
    run = jifen("gift", "cancel", issued["coupon_id"], by="amy", approver="max")
    assert run.status == 0, str(run)
    cancel_id = jifen.journal_payloads("gift_cancel")[0]["cancel_id"]
    assert run.out.strip() == (f"Cancel {cancel_id} of coupon {issued['coupon_id']}: 200 points back, the coupon can no "
                               "longer be used; balance 500")
    assert jifen.balance(who) == 500
    assert jifen.query("SELECT stock FROM mall_items WHERE id = 'C10'") == [(5,)]
    assert jifen.ok("coupon", "show", issued["code"])["status"] == "cancelled"
    used = jifen("coupon", "use", issued["code"], "--member", PHONE, "--line", "general:60", "--json", by="amy")
    assert used.status == 2 and used.json["message"] == \
        f"coupon {issued['coupon_id']} was cancelled ({cancel_id}): it cannot be used"
    assert jifen.refused("coupon", "cancel", issued["coupon_id"], by="max") == "already_cancelled"
    day = jifen.ok("report", "day")
    assert (day["coupons_issued"], day["coupon_points"], day["exchanges_cancelled"]) == (0, 0, 0)
    again = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")  # the per-member limit counts it no more
    assert again["member"]["balance"] == 300


def test_a_used_or_expired_coupon_cannot_be_cancelled(jifen: Jifen) -> None:
    jifen.member(PHONE)
    _coupon_item(jifen)
    issued = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")
    sale = jifen.ok("coupon", "use", issued["code"], "--member", PHONE, "--line", "general:60", by="amy")
    before = jifen.dump()
    run = jifen("coupon", "cancel", issued["coupon_id"], "--json", by="max")
    assert run.status == 2 and run.json["error"] == "coupon_used"
    assert run.json["message"] == f"coupon {issued['coupon_id']} was used on sale {sale['sale_id']}: it cannot be cancelled"
    later = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")
    jifen.now = "2026-04-15T10:00:00+08:00"
    assert jifen.refused("coupon", "cancel", later["coupon_id"], by="max") == "too_late"
    assert jifen.refused("coupon", "cancel", "T1-999", by="max") == "not_found"
    assert jifen.refused("gift", "cancel", "T1-999", by="max") == "not_found"
    assert before != jifen.dump()  # the second issue; nothing of the refusals
    assert len(jifen.journal_payloads("gift_cancel")) == 0


def _cancelled_coupon(till: Till) -> dict[str, Any]:
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("C10", "十元券", "Coupon", 200, kind="coupon", value_fen=1000,
                                                         min_spend_fen=5000), None)
    someone = member(till)
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    issued = coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C10", someone)
    return coupons.cancel_coupon(till.uow(), till.shop, MANAGER, issued["coupon_id"])


@pytest.mark.parametrize(("profile", "lang"), PAPER)
def test_the_coupon_cancel_slip_says_what_came_back(till: Till, profile: str, lang: str) -> None:
    data = _cancelled_coupon(till)
    out = paper(till, "gift_cancel", str(data["cancel_id"]), profile, lang)
    columns, zh = COLUMNS[profile], lang == "zh"
    assert row(out, "取消优惠券" if zh else "COUPON CANCELLED").bold
    right_aligned(out, "取消单号" if zh else "Cancel", str(data["cancel_id"]), columns)
    right_aligned(out, "原券号" if zh else "Of coupon", str(data["coupon_id"]), columns)
    right_aligned(out, "退回积分" if zh else "Points given back", "+200", columns)
    right_aligned(out, "积分余额" if zh else "Points balance", "500", columns)
    assert out.find("该券已作废" if zh else "can no longer be used")
    assert paper(till, "coupon", str(data["coupon_id"]), profile, lang, copy=True).find(
        "** 已取消 **" if zh else "** CANCELLED **")  # a reprint of the coupon says it is void


def test_a_cancelled_coupon_is_refused_at_the_other_tills_and_its_use_offline_is_a_clash(
        network: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T12:00:00+08:00")  # the ledger's day is the terminals'
    admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": C10})
    one, two = network.store("T1"), network.store("T2", name="徐汇店")
    sync_one = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two = network.connect(two, network.ledger.terminal("m1", "徐汇店", "T2"))
    someone = member(one)
    sync_one.sync_once()
    sync_two.sync_once()
    key = load_private_key(KeyFiles(one.home.private_key.parent).merchant_private)
    issued = coupons.issue_coupon(one.uow(), one.shop, CASHIER, key, "C10", someone)
    gone = coupons.cancel_coupon(one.uow(), one.shop, MANAGER, issued["coupon_id"])
    sync_one.sync_once()
    sync_two.sync_once()
    assert network.ledger.balance(someone) == balance(one, someone) == balance(two, someone) == 500
    with pytest.raises(Refused) as refused:
        record_sale(two.uow(), two.shop, CASHIER, SaleRequest([("general", 6000)], someone, coupon=issued["code"]))
    assert refused.value.en == f"coupon {issued['coupon_id']} was cancelled ({gone['cancel_id']}): it cannot be used"
    assert network.ledger.get("/v1/reports/coupon-clashes", merchant="m1").json() == []
    check_books(network.ledger)
    # one more, cancelled at T1 while T2, which learnt of it, took it off a sale offline: the ledger shows the owner
    second = coupons.issue_coupon(one.uow(), one.shop, CASHIER, key, "C10", someone)
    sync_one.sync_once()
    sync_two.sync_once()
    coupons.cancel_coupon(one.uow(), one.shop, MANAGER, second["coupon_id"])
    record_sale(two.uow(), two.shop, CASHIER, SaleRequest([("general", 6000)], someone, coupon=second["code"]))
    sync_two.sync_once()
    sync_one.sync_once()
    clashes = network.ledger.get("/v1/reports/coupon-clashes", merchant="m1").json()
    assert [(c["coupon_id"], c["first_use"].split("/")[0], c["second_use"]) for c in clashes] == \
        [(second["coupon_id"], "T2", f"T1/cancel:{clashes[0]['second_use'].split(':')[-1]}")]
    check_books(network.ledger)


def test_a_cancelled_coupon_gives_its_points_back_with_the_expiry_they_had(jifen: Jifen) -> None:
    """Else buying a coupon with points about to expire and cancelling it would give them a year more."""
    who = jifen.member(PHONE)  # 500 signup points of 2026: they expire at the end of 2027
    _coupon_item(jifen)
    jifen.now = "2027-12-20T10:00:00+08:00"
    issued = jifen.ok("coupon", "issue", "C10", "--member", PHONE, by="amy")
    jifen.ok("coupon", "cancel", issued["coupon_id"], by="max")
    assert jifen.ok("member", "show", who)["lots"] == [{"points": 300, "expires_on": "2027-12-31"},
                                                     {"points": 200, "expires_on": "2027-12-31"}]
