"""A cancelled gift exchange prints its own short receipt (取消兑换): the gift, the points given back,
the top-up given back the way it was paid, the member's balance; its print job is written in the
cancel's own transaction, on 58 and 80 mm paper, in Chinese and English."""

import pytest

from printing.render_text import to_text
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.mall.catalog import ItemSpec
from terminal.services import mall
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, MANAGER, OWNER, member
from tests.printing.test_receipt_paper import (
    COLUMNS,
    PAPER,
    paper,
    printing_for,
    right_aligned,
    row,
)


def cancelled(till: Till, pay: str = "card") -> dict[str, object]:
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("TEA", "茶杯", "Tea cup", 300, topup_fen=990), 2)
    someone = member(till)
    done = mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", someone, pay)
    return mall.cancel_exchange(till.uow(), till.shop, MANAGER, done.exchange_id)


@pytest.mark.parametrize(("profile", "lang"), PAPER)
def test_the_cancel_slip_says_what_came_back(till: Till, profile: str, lang: str) -> None:
    data = cancelled(till)
    out = paper(till, "gift_cancel", str(data["cancel_id"]), profile, lang)
    columns, zh = COLUMNS[profile], lang == "zh"
    assert row(out, "取消兑换" if zh else "EXCHANGE CANCELLED").bold
    right_aligned(out, "取消单号" if zh else "Cancel", str(data["cancel_id"]), columns)
    right_aligned(out, "原兑换单" if zh else "Of exchange", str(data["exchange_id"]), columns)
    assert row(out, "茶杯" if zh else "Tea cup").bold
    right_aligned(out, "退回积分" if zh else "Points given back", "+300", columns)
    right_aligned(out, "退还加价（刷卡）" if zh else "Top-up back (Card)", "￥9.90", columns)
    right_aligned(out, "积分余额" if zh else "Points balance", "500", columns)


def test_a_cancel_without_a_top_up_has_no_top_up_row(till: Till) -> None:
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("PEN", "钢笔", "Pen", 50), None)
    someone = member(till)
    done = mall.exchange_gift(till.uow(), till.shop, CASHIER, "PEN", someone)
    data = mall.cancel_exchange(till.uow(), till.shop, MANAGER, done.exchange_id)
    p = printing_for(till, "58mm", "zh")
    text = to_text(p.page(p.document("gift_cancel", str(data["cancel_id"]))))
    assert "退回积分" in text and "加价" not in text


def test_an_unknown_cancel_is_refused(till: Till) -> None:
    data = cancelled(till)
    p = printing_for(till)
    for ref in ("T1-999", str(data["exchange_id"]), "nonsense"):
        with pytest.raises(Refused) as refused:
            p.document("gift_cancel", ref)
        assert refused.value.code == "not_found"


def test_the_cancel_queues_its_slip_in_its_own_transaction(jifen: Jifen, tmp_path: object) -> None:
    jifen.ok("gift", "add", "TEA", "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", "300", "--topup", "9.90",
             by="boss")
    jifen.member("13800138000")
    (jifen.home / "config.toml").write_text('[printer]\nurl = "file://' + str(tmp_path) + '/paper.bin"\n',
                                            encoding="utf-8")
    exchange = jifen.ok("gift", "exchange", "TEA", "--member", "13800138000", by="amy")["exchange_id"]
    cancel = jifen.ok("gift", "cancel", exchange, by="amy", approver="max")
    (seq,) = jifen.query("SELECT seq FROM journal WHERE kind = 'gift_cancel'")[0]
    assert cancel["cancel_id"] == f"T1-{seq}"
    assert jifen.query("SELECT kind, ref FROM print_jobs ORDER BY id") == [("gift", exchange),
                                                                         ("gift_cancel", cancel["cancel_id"])]
