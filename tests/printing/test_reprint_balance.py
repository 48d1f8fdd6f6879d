"""The balance a reprint shows when the member's points also change at other terminals, through a real
ledger over TCP: what it was right after the entry when this terminal can tell, else the balance now, dated."""

from terminal.services.refunds import record_refund
from tests.helpers.escpos_reader import Printout
from tests.helpers.store import OWNER, balance, member, sell
from tests.printing.test_receipt_paper import paper, right_aligned, row
from tests.sync.conftest import Network


def balance_rows(out: Printout) -> list[str]:
    return [" ".join(line.text.split()) for line in out.lines if "积分余额" in line.text]


def test_a_reprint_after_points_came_from_another_terminal_dates_the_balance(network: Network) -> None:
    t1, t2 = network.store("T1"), network.store("T2")
    s1 = network.connect(t1, network.ledger.terminal("m1", "静安店", "T1"))
    s2 = network.connect(t2, network.ledger.terminal("m1", "静安店", "T2"))
    m = member(t1)
    sale = sell(t1, m, ("general", 20000), ("general", 10000))  # 500 for joining, 150 earned
    refund = record_refund(t1.uow(), t1.shop, OWNER, sale.sale_id, [2])  # 50 taken back
    assert balance_rows(paper(t1, "receipt", sale.sale_id)) == ["本单后积分余额 650", "截至 2026-03-01 积分余额 600"]
    s1.sync_once()
    s2.sync_once()
    # The ledger's view of the member, taken since, holds nothing from elsewhere: right after the entry is still known.
    assert balance_rows(paper(t1, "receipt", sale.sale_id)) == ["本单后积分余额 650", "截至 2026-03-01 积分余额 600"]
    assert balance_rows(paper(t1, "refund", refund.refund_id)) == ["积分余额 600"]

    sell(t2, m, ("general", 100000))  # 500 more, at T2
    s2.sync_once()
    s1.sync_once()
    assert balance(t1, m) == 1100
    for kind, ref in (("receipt", sale.sale_id), ("refund", refund.refund_id)):
        out = paper(t1, kind, ref, copy=True)
        assert balance_rows(out) == ["截至 2026-03-01 积分余额 1,100"]  # not 1,100 as if right after the entry
        assert row(out, "截至 2026-03-01 积分余额").bold
    right_aligned(paper(t1, "receipt", sale.sale_id, "80mm"), "截至 2026-03-01 积分余额", "1,100", 48)
    assert row(paper(t1, "receipt", sale.sale_id, "80mm", "en"), "Balance as of 2026-03-01")
