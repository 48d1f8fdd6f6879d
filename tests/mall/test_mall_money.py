"""A gift's money top-up in the day's money: counted under the way it was paid (cash or card), apart from
the sales' figures, in the cash the drawer should hold at shift close and Z, on the day report (text and
JSON), the Z report's paper and the ledger's report; a cancel gives the top-up back the same way."""

import json
import sqlite3
from typing import Any

from terminal.bootstrap import Till
from terminal.journal import Who
from terminal.mall.catalog import ItemSpec
from terminal.services import mall
from terminal.services.adjust import adjust_points
from terminal.services.refunds import record_refund
from terminal.services.reports import close_day, day_report, z_record
from terminal.services.shifts import close_shift, open_shift
from terminal.totals import totals_of
from tests.helpers.cli import Jifen
from tests.helpers.store import CASHIER, MANAGER, OWNER, hire_staff, member, sell
from tests.printing.test_receipt_paper import paper, right_aligned, row

MANAGER_WHO = Who(MANAGER.name, MANAGER.name)
TEA = ItemSpec("TEA", "茶杯", "Tea cup", 300, topup_fen=990)
BAG = ItemSpec("BAG", "布袋", "Tote bag", 200, topup_fen=1500)


def busy_counter(till: Till) -> dict[str, Any]:
    """amy's shift: two sales, a cash and a card top-up, a card top-up cancelled, a cash refund."""
    hire_staff(till)
    for spec in (TEA, BAG):
        mall.add_item(till.uow(), till.shop, OWNER, spec, None)
    someone = member(till)
    adjust_points(till.uow(), till.shop, OWNER, someone, 1500, "gift points")
    open_shift(till.uow(), till.shop, CASHIER)
    cash_sale = sell(till, None, ("general", 10000), ("general", 2000))
    sell(till, None, ("general", 5000), pay="card")
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", someone, "cash")
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "BAG", someone, "card")
    undone = mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", someone, "card")
    cancel = mall.cancel_exchange(till.uow(), till.shop, CASHIER, undone.exchange_id, MANAGER)
    assert cancel["pay_method"] == "card" and cancel["topup_fen"] == 990
    record_refund(till.uow(), till.shop, CASHIER, cash_sale.sale_id, [2], MANAGER)
    return {"member": someone, "exchange": undone.exchange_id}


def money_of(totals: dict[str, Any]) -> tuple[int, ...]:
    return (totals["cash_fen"], totals["card_fen"], totals["refund_cash_fen"], totals["topup_cash_fen"],
            totals["topup_card_fen"], totals["exchange_topup_fen"], totals["drawer_cash_fen"], totals["net_card_fen"])


# cash sales 120.00, card 50.00, cash back 20.00, top-ups: 9.90 cash, 15.00 card (9.90 by card given back)
EXPECTED = (12000, 5000, 2000, 990, 1500, 2490, 12000 + 990 - 2000, 5000 + 1500)


def test_day_shift_and_z_count_top_ups_where_they_were_paid(till: Till) -> None:
    busy_counter(till)
    day = day_report(till.reading(), till.shop)
    assert money_of(day) == EXPECTED
    assert day["gross_fen"] == day["cash_fen"] + day["card_fen"] + day["points_paid_fen"]  # sales stay sales
    assert money_of(day["cashiers"]["amy"]) == EXPECTED
    shift = close_shift(till.uow(), till.shop, CASHIER)
    assert money_of(shift) == EXPECTED
    z = close_day(till.uow(), till.shop, MANAGER_WHO)
    assert money_of(z) == money_of(z_record(till.reading(), 1)) == EXPECTED


def test_the_cancel_says_how_the_top_up_goes_back(till: Till) -> None:
    done = busy_counter(till)
    with sqlite3.connect(till.home.db) as conn:
        (payload,) = conn.execute("SELECT payload FROM journal WHERE kind = 'gift_cancel'").fetchone()
    cancel = json.loads(payload)
    assert (cancel["exchange_id"], cancel["pay_method"], cancel["topup_fen"]) == (done["exchange"], "card", 990)


def test_an_older_cancel_without_a_pay_method_gives_back_as_its_exchange_was_paid() -> None:
    exchange = {"exchange_id": "T1-9", "points": 300, "topup_fen": 990, "pay_method": "card"}
    cancel = {"exchange_id": "T1-9", "points": 300, "topup_fen": 990}
    rows = [("gift_exchange", "amy", json.dumps(exchange)), ("gift_cancel", "amy", json.dumps(cancel))]
    totals = totals_of(rows)
    assert (totals["topup_card_fen"], totals["topup_cash_fen"], totals["net_card_fen"]) == (0, 0, 0)
    alone = totals_of(rows[1:])  # the exchange was before the window: cash, the default way to pay
    assert (alone["topup_cash_fen"], alone["drawer_cash_fen"]) == (-990, -990)


def test_the_z_report_on_paper_shows_the_top_ups_and_the_drawer(till: Till) -> None:
    busy_counter(till)
    close_day(till.uow(), till.shop, MANAGER_WHO)
    for profile, columns in (("58mm", 32), ("80mm", 48)):
        out = paper(till, "z", "1", profile, "zh")
        right_aligned(out, "现金", "￥120.00", columns)
        right_aligned(out, "礼品加价（现金）", "￥9.90", columns)
        right_aligned(out, "礼品加价（刷卡）", "￥15.00", columns)
        right_aligned(out, "钱箱现金", "￥109.90", columns)
        right_aligned(out, "刷卡净额", "￥65.00", columns)
        assert row(out, "钱箱现金").bold
        out = paper(till, "z", "1", profile, "en")
        right_aligned(out, "Gift top-ups, cash", "￥9.90", columns)
        right_aligned(out, "Cash in drawer", "￥109.90", columns)


def test_report_day_text_and_json_carry_the_top_ups(jifen: Jifen) -> None:
    jifen.ok("gift", "add", "TEA", "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", "200", "--topup", "9.90",
             by="boss")
    jifen.member("13800138000")
    jifen.ok("sale", "--line", "general:100", by="amy")
    jifen.ok("gift", "exchange", "TEA", "--member", "13800138000", by="amy")
    jifen.ok("gift", "exchange", "TEA", "--member", "13800138000", "--pay", "card", by="amy")
    day = jifen.ok("report", "day")
    assert (day["topup_cash_fen"], day["topup_card_fen"], day["drawer_cash_fen"], day["net_card_fen"]) == (990, 990, 10990, 990)
    text = jifen("report", "day").out
    lines = {line.split("  ")[1].strip(): line.split()[-1] for line in text.splitlines()[1:] if line.startswith("  ")
             and not line.startswith("   ")}
    assert lines["Cash"] == "¥100.00" and lines["Cash in drawer"] == "¥109.90"
    assert lines["Gift top-ups, cash"] == "¥9.90" and lines["Gift top-ups, card"] == "¥9.90"
    assert "cash in drawer ¥109.90" in text  # amy's own line
    zh = jifen("report", "day", env={"LANG": "zh_CN.UTF-8"}).out
    assert "钱箱现金" in zh and "礼品加价（刷卡）" in zh
    assert "Coupons issued" in text  # the mall was used: all its rows, zeros too
    quiet = jifen("report", "day", "--date", "2026-02-28").out  # a day the mall saw nothing, like a shop without one
    assert "Cash in drawer" in quiet and "Gift" not in quiet and "Coupon" not in quiet
    assert jifen.ok("report", "day", "--date", "2026-02-28")["coupons_issued"] == 0  # JSON keeps every field


def test_the_ledger_report_day_counts_synced_top_ups(network: Any) -> None:
    from tests.mall.test_mall_sync import TEA as TEA_ITEM
    from tests.mall.test_mall_sync import admin_post

    admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": TEA_ITEM})
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    someone = member(till)
    syncer.sync_once()
    sell(till, None, ("general", 10000))
    mall.exchange_gift(till.uow(), till.shop, CASHIER, "TEA", someone, "card")
    syncer.sync_once()
    report = network.ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()
    assert (report["cash_fen"], report["topup_card_fen"], report["drawer_cash_fen"], report["net_card_fen"]) \
        == (10000, 990, 10000, 990)
