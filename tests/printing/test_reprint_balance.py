"""The balance a reprint shows when the member's points also change at other terminals, through a real
ledger over TCP: what it was right after the entry, as the entry's row kept it, with the balance now, dated.
Rows recorded before schema 0015 kept none: their reprints work it out from the journal when they can, else
print the balance now, dated."""

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from terminal.bootstrap import Till, open_till
from terminal.home import Home
from terminal.keys import KeyFiles, load_private_key
from terminal.services import coupons, mall
from terminal.services.refunds import record_refund
from tests.helpers.escpos_reader import Printout
from tests.helpers.store import CASHIER, MANAGER, OWNER, at, balance, member, sell
from tests.mall.test_mall_sync import C10, TEA, admin_post
from tests.printing.test_receipt_paper import paper, right_aligned, row
from tests.sync.conftest import Network
from tests.terminal.test_migrations import FIXTURE

BALANCE_COLUMNS = (("sales", "balance_after"), ("refunds", "balance_after"), ("gift_exchanges", "balance_after"),
                   ("gift_exchanges", "cancel_balance_after"), ("coupons", "balance_after"))


def balance_rows(out: Printout) -> list[str]:
    return [" ".join(line.text.split()) for line in out.lines if "积分余额" in line.text]


def two_terminals(network: Network) -> tuple[Till, Till, str, Callable[[], None]]:
    """T1 and T2 of one store, a member of T1 with 500 points for joining that both know, and what syncs both."""
    t1, t2 = network.store("T1"), network.store("T2")
    s1 = network.connect(t1, network.ledger.terminal("m1", "静安店", "T1"))
    s2 = network.connect(t2, network.ledger.terminal("m1", "静安店", "T2"))

    def sync() -> None:
        """Each sends its entries, then takes what the other sent."""
        for syncer in (s1, s2, s1, s2):
            syncer.sync_once()

    m = member(t1)
    sync()
    return t1, t2, m, sync


def forget_kept_balances(till: Till) -> None:
    """Make the store's rows as a store upgraded from before schema 0015 holds them: without the balance."""
    with sqlite3.connect(till.home.db) as conn:
        for table, column in BALANCE_COLUMNS:
            conn.execute(f"UPDATE {table} SET {column} = NULL")


def test_a_reprint_after_points_came_from_another_terminal_prints_the_balance_right_after_the_sale(
        network: Network) -> None:
    t1, t2, m, sync = two_terminals(network)
    sale = sell(t1, m, ("general", 20000))  # 500 for joining, 100 earned
    sell(t2, m, ("general", 100000))  # 500 more, at T2
    sync()
    assert balance(t1, m) == 1100
    out = paper(t1, "receipt", sale.sale_id, copy=True)
    assert balance_rows(out) == ["本单后积分余额 600", "截至 2026-03-01 积分余额 1,100"]
    assert row(out, "本单后积分余额").bold
    right_aligned(paper(t1, "receipt", sale.sale_id, "80mm"), "本单后积分余额", "600", 48)
    assert row(paper(t1, "receipt", sale.sale_id, "80mm", "en"), "Points balance then").text.endswith("600")


def test_refunds_and_the_mall_reprint_the_balance_right_after_them(network: Network) -> None:
    for item in (TEA, C10):
        admin_post(network, "/v1/mall/items", {"merchant": "m1", "item": item})
        admin_post(network, "/v1/mall/stock", {"merchant": "m1", "item": item["id"], "store": "静安店", "stock": 5})
    t1, t2, m, sync = two_terminals(network)
    sale = sell(t1, m, ("general", 20000), ("general", 10000))  # 650
    refund = record_refund(t1.uow(), t1.shop, OWNER, sale.sale_id, [2])  # 600
    exchange = mall.exchange_gift(t1.uow(), t1.shop, CASHIER, "TEA", m)  # 300
    cancel = mall.cancel_exchange(t1.uow(), t1.shop, MANAGER, exchange.exchange_id)  # 600
    key = load_private_key(KeyFiles(t1.home.private_key.parent).merchant_private)
    coupon = coupons.issue_coupon(t1.uow(), t1.shop, CASHIER, key, "C10", m)  # 400
    sell(t2, m, ("general", 100000))  # 500 more, at T2
    sync()
    assert balance(t1, m) == 900
    for kind, ref, after in (("refund", refund.refund_id, "600"), ("gift", exchange.exchange_id, "300"),
                             ("gift_cancel", str(cancel["cancel_id"]), "600"), ("coupon", str(coupon["coupon_id"]), "400")):
        assert balance_rows(paper(t1, kind, ref, copy=True)) == [f"本单后积分余额 {after}", "截至 2026-03-01 积分余额 900"], kind


def test_a_reprint_of_a_row_recorded_before_its_balance_was_kept_dates_the_balance(network: Network) -> None:
    t1, t2, m, sync = two_terminals(network)
    sale = sell(t1, m, ("general", 20000), ("general", 10000))  # 500 for joining, 150 earned
    refund = record_refund(t1.uow(), t1.shop, OWNER, sale.sale_id, [2])  # 50 taken back
    forget_kept_balances(t1)
    assert balance_rows(paper(t1, "receipt", sale.sale_id)) == ["本单后积分余额 650", "截至 2026-03-01 积分余额 600"]
    sync()
    # The ledger's view of the member, taken since, holds nothing from elsewhere: right after the entry is still known.
    assert balance_rows(paper(t1, "receipt", sale.sale_id)) == ["本单后积分余额 650", "截至 2026-03-01 积分余额 600"]
    assert balance_rows(paper(t1, "refund", refund.refund_id)) == ["积分余额 600"]

    sell(t2, m, ("general", 100000))  # 500 more, at T2
    sync()
    assert balance(t1, m) == 1100
    for kind, ref in (("receipt", sale.sale_id), ("refund", refund.refund_id)):
        out = paper(t1, kind, ref, copy=True)
        assert balance_rows(out) == ["截至 2026-03-01 积分余额 1,100"]  # not 1,100 as if right after the entry
        assert row(out, "截至 2026-03-01 积分余额").bold
    right_aligned(paper(t1, "receipt", sale.sale_id, "80mm"), "截至 2026-03-01 积分余额", "1,100", 48)
    assert row(paper(t1, "receipt", sale.sale_id, "80mm", "en"), "Balance as of 2026-03-01")


def test_a_store_from_before_schema_0015_reprints_its_sales_from_the_journal_and_keeps_the_balance_of_new_ones(
        tmp_path: Path) -> None:
    home = Home(tmp_path / "old-store")
    shutil.copytree(FIXTURE, home.root)
    till = open_till(home, at("2026-11-22 15:00"))
    new = sell(till, "13900139000", ("general", 10000))  # 李四: 750, and 50 earned
    with sqlite3.connect(home.db) as conn:
        kept = dict(conn.execute("SELECT id, balance_after FROM sales").fetchall())
    assert kept == {"T1-10": None, "T1-11": None, "T1-14": None, new.sale_id: 800}
    assert balance_rows(paper(till, "receipt", "T1-11")) == ["本单后积分余额 750", "截至 2026-11-22 积分余额 800"]
    assert balance_rows(paper(till, "receipt", new.sale_id)) == ["积分余额 800"]
    till.close()
