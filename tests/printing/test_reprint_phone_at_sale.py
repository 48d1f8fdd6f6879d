"""A reprint reads as the first print did: after the member's phone is corrected here (member edit), an old sale's
refund's or coupon's reprint shows the phone the member had then, and what came after shows the new one."""

from terminal.bootstrap import Till
from terminal.keys import KeyFiles, load_private_key
from terminal.mall.catalog import ItemSpec
from terminal.services import coupons, mall
from terminal.services.members import edit_member
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, OWNER, member
from tests.printing.test_receipt_paper import paper, row

OLD, NEW = "13800138000", "13911112222"


def member_row(cli: Jifen, ref: str) -> list[str]:
    run = cli("receipt", ref, "--text", "--lang", "en")
    assert run.status == 0, str(run)
    return [" ".join(line.split()) for line in run.out.splitlines() if line.strip().startswith("Member")]


def test_a_reprint_shows_the_phone_the_member_had_then(jifen: Jifen) -> None:
    jifen.member(OLD)
    before = str(jifen.ok("sale", "--member", OLD, "--line", "general:60", "--line", "general:40", by="amy")["sale_id"])
    assert member_row(jifen, before) == ["Member 138****8000"]
    refunded = str(jifen.ok("refund", before, "--line", "1", by="max")["refund_id"])
    jifen.ok("member", "edit", OLD, "--phone", NEW, by="max")
    after = str(jifen.ok("sale", "--member", NEW, "--line", "general:100", by="amy")["sale_id"])
    assert member_row(jifen, before) == ["Member 138****8000"]
    assert member_row(jifen, refunded) == ["Member 138****8000"]
    assert member_row(jifen, after) == ["Member 139****2222"]
    jifen.ok("member", "edit", NEW, "--name", "张三", by="max")  # the phone unchanged: no phone in its entry
    assert member_row(jifen, before) == ["Member 138****8000"]
    assert member_row(jifen, after) == ["Member 139****2222"]


def test_a_coupons_reprint_shows_the_phone_the_member_had_then(till: Till) -> None:
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("C10", "十元券", "Coupon", 200, kind="coupon", value_fen=1000,
                                                         min_spend_fen=5000), None)
    someone = member(till, OLD)
    key = load_private_key(KeyFiles(till.home.private_key.parent).merchant_private)
    issued = coupons.issue_coupon(till.uow(), till.shop, CASHIER, key, "C10", someone)
    edit_member(till.uow(), till.shop, OWNER, someone, phone=NEW)
    assert row(paper(till, "coupon", issued["coupon_id"], copy=True), "会员").text.split()[-1] == "138****8000"
