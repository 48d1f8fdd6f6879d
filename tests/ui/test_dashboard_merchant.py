"""The chain owner's Dashboard: three tills of merchant m1 (T1 and T2 at 静安店, T3 at 徐汇店) sync to one real ledger
over TCP. On T1 the Dashboard shows, beside T1's own figures, the whole merchant's points outstanding and expired
(every store's: the sum of the tills' own), every till's cashiers by store and till, and the terminals by store with
subtotals and a total that add up the tills' own reports. With the ledger down: T1's own, and a note saying so."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sync.relay import Syncer
from terminal.bootstrap import Till
from terminal.rules import RuleSet
from tests.helpers.store import CASHIER, MANAGER, hire_staff, member, move_clock, sell, set_rules
from tests.ui.test_dashboard import dashboard, exported, shown_period, table
from tests.ui.test_settings_support import LedgerNet, ledger_net, owner_context, settle
from ui.screens.dashboard import DashboardScreen

pytestmark = pytest.mark.gui
WEEK = (date(2026, 4, 1), date(2026, 4, 7))
ONE_MONTH = RuleSet(expiry_policy="rolling_months", expiry_months=1)
# The whole merchant's week, worked out by hand. Every member joins with 500 points and is a regular member (under
# ¥2,000 spent): half a point a yuan on general goods. 03-01's points, run out on 04-01, in the week: T1's 500 + 230
# (¥460), T2's 500 + 150 (¥300), T3's 500 + 204 (¥409, floored) = 2,084. Held at the end: the week's own, T1's 50
# (¥100), T2's 100 (¥200 by card) and T3's 25 (¥50) = 175, worth ￥1.75 at 100 points a yuan.
EXPIRED = "2,084"
HELD = "175"


@dataclass
class Chain:
    net: LedgerNet
    tills: dict[str, Till]
    syncers: dict[str, Syncer]

    def sync(self, *names: str) -> None:
        for name in names:
            self.syncers[name].sync_once()


def _till(net: LedgerNet, name: str, store: str) -> tuple[Till, Syncer]:
    till = net.store(name, store)
    set_rules(till, ONE_MONTH)
    hire_staff(till)
    return till, net.connect(till, net.ledger.terminal("m1", store, name))


@pytest.fixture
def chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Chain]:
    """03-01: a member joins at each till and buys there (points that run out after 04-01). 04-05: the member who
    joined at T1 buys at T1 and at T2 (served twice in 静安店: one member); 04-06: T3's joins buys again at T3.
    The ledger's clock ($JIFEN_NOW) goes with the tills': its members' points expire by its today."""
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T18:00+08:00")
    with ledger_net(tmp_path) as net:
        made = {name: _till(net, name, store) for name, store in (("T1", "静安店"), ("T2", "静安店"), ("T3", "徐汇店"))}
        chain = Chain(net, {n: t for n, (t, _) in made.items()}, {n: s for n, (_, s) in made.items()})
        one, two, three = (chain.tills[n] for n in ("T1", "T2", "T3"))
        first = member(one, "13800138001")
        sell(one, first, ("general", 46000))
        sell(two, member(two, "13800138002"), ("general", 30000), cashier=MANAGER)
        third = member(three, "13800138003")
        sell(three, third, ("general", 40900))
        chain.sync("T1", "T2", "T3", "T2")  # T2 again: T1's member
        for till, when in ((one, "2026-04-05 10:00"), (two, "2026-04-05 11:00"), (three, "2026-04-06 10:00")):
            move_clock(till, when)
        sell(one, first, ("general", 10000))
        sell(two, first, ("general", 20000), pay="card", cashier=MANAGER)
        sell(three, third, ("general", 5000))
        move_clock(one, "2026-04-07 18:00")
        monkeypatch.setenv("JIFEN_NOW", "2026-04-07T18:00+08:00")
        chain.sync("T1", "T2", "T3")
        yield chain
        for till in chain.tills.values():
            till.close()


def week_on(qtbot: QtBot, till: Till) -> DashboardScreen:
    ctx = owner_context(till)
    assert ctx.syncer is not None
    screen = dashboard(qtbot, ctx)
    screen.choose("week")
    shown_period(qtbot, screen, *WEEK)
    qtbot.waitUntil(lambda: screen.ledger is not None)
    settle(qtbot, ctx)
    return screen


def test_t1_shows_the_whole_merchants_points_every_cashier_and_the_stores_totals(qtbot: QtBot, chain: Chain,
                                                                                 tmp_path: Path) -> None:
    screen = week_on(qtbot, chain.tills["T1"])
    overview = screen.overview
    assert overview.merchant.isVisible() and overview.merchant.title() == (
        "All stores (the whole business, as the ledger has them)")
    assert {field: label.text() for field, label in overview.merchant_headings.items()} == {
        "gross_fen": "Gross sales\n(all stores)", "cash_fen": "Cash\n(all stores)", "card_fen": "Card\n(all stores)",
        "liability_points": "Points outstanding at the end\n(all stores: what members hold)",
        "points_expired": "Points expired\n(all stores)"}
    assert overview.merchant_figures["liability_points"].text() == f"{HELD} points (worth ￥1.75)"
    assert overview.merchant_figures["points_expired"].text() == EXPIRED
    assert overview.figures["points_expired"].text() == "730"  # T1's own beside them: 500 + 230
    assert overview.figures["liability_points"].text() == "50 points (worth ￥0.50)"

    cashiers = [row[:4] for row in table(screen.cashiers_table)]
    assert cashiers == [["静安店", "T1", CASHIER.name, "1"], ["静安店", "T2", MANAGER.name, "1"],
                        ["徐汇店", "T3", CASHIER.name, "1"]]
    assert [row[:3] for row in table(screen.cashier_points_table)] == [row[:3] for row in cashiers]
    assert "Every cashier at every terminal" in screen.cashiers_note.text()

    rows = table(screen.terminals_table)
    assert [row[:2] for row in rows] == [["静安店", "T1"], ["静安店", "T2"], ["静安店", "Subtotal"],
                                         ["徐汇店", "T3"], ["徐汇店", "Subtotal"], ["Total", ""]]
    total, headings = rows[-1], [c.heading for c in screen.terminals_table.figures.columns]
    column = {heading: n for n, heading in enumerate(headings)}
    assert total[column["Sales"]] == "3"
    assert total[column["Gross sales (yuan)"]] == "￥350.00"  # ¥100 (T1) + ¥200 (T2) + ¥50 (T3)
    assert total[column["Card (yuan)"]] == "￥200.00"  # T2's
    assert total[column["Points earned"]] == "175"  # half a point a yuan, as a regular member
    assert total[column["Points expired"]] == EXPIRED
    assert [row[column["Points expired"]] for row in rows[:-1]] == ["—"] * 5  # the merchant's, not a till's
    served = [row[column["Members served"]] for row in rows]
    assert served == ["1", "1", "1", "1", "1", "2"]  # T1's member at T1 and T2: once in 静安店

    lines = exported(qtbot, screen, tmp_path / "week.csv").decode("utf-8-sig").split("\r\n")
    assert lines[lines.index("") + 2].startswith("Store,Terminal,Cashier,Sales,")  # after the days: every cashier
    assert any(line.startswith("徐汇店,T3,amy,1,50.00,50.00,0.00,") for line in lines)
    assert lines[-2] == "Total,,3,350.00,150.00,200.00,0.00,175,0,2084,2,0"  # cash ¥150, card ¥200; 2 members
    screen.ctx.tasks.shutdown()


def test_in_chinese_t3_shows_the_same_merchant_and_t1s_cashier(qtbot: QtBot, chain: Chain, chinese: None) -> None:
    three = chain.tills["T3"]
    move_clock(three, "2026-04-07 18:00")
    screen = week_on(qtbot, three)
    overview = screen.overview
    assert overview.merchant.title() == "全部门店（总账数据）"
    assert [label.text() for label in overview.merchant_headings.values()][-2:] == ["期末会员持有积分\n（全部门店）",
                                                                                   "过期积分\n（全部门店）"]
    assert overview.merchant_figures["liability_points"].text() == f"{HELD} 积分（价值 ￥1.75）"
    assert overview.merchant_figures["points_expired"].text() == EXPIRED
    assert ["静安店", "T1", CASHIER.name] in [row[:3] for row in table(screen.cashiers_table)]
    assert [row[:2] for row in table(screen.terminals_table)][-3:] == [["徐汇店", "T3"], ["徐汇店", "小计"], ["合计", ""]]
    assert screen.cashiers_note.text().startswith("总账中本企业所有终端的收银员数据。")
    screen.ctx.tasks.shutdown()


def test_with_the_ledger_down_this_till_alone_and_a_note(qtbot: QtBot, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        one, syncer = _till(net, "T1", "静安店")
        three, other = _till(net, "T3", "徐汇店")
        sell(one, member(one, "13800138001"), ("general", 46000))
        sell(three, member(three, "13800138003"), ("general", 40900))
        syncer.sync_once()
        other.sync_once()
        ctx = owner_context(one)
        screen = dashboard(qtbot, ctx)
    screen.entered()  # the ledger has stopped
    shown_period(qtbot, screen, date(2026, 3, 1), date(2026, 3, 1))
    qtbot.waitUntil(lambda: screen.ledger is not None and screen.ledger.problem == "offline", timeout=15_000)
    settle(qtbot, ctx)
    note = (f"Only this terminal is shown: cannot reach the ledger at {net.url}: nothing listening on port "
            f"{net.url.rsplit(':', 1)[1]}: the ledger on this computer is not running (start it: jifen-ledger serve). Check the network, then press Enter to try again.")
    overview = screen.overview
    assert overview.merchant.isVisible() and overview.merchant_note.text() == note
    assert [label.text() for label in overview.merchant_figures.values()] == ["—"] * 5
    assert overview.headings["liability_points"].text() == (
        "Net points at the end\n(this terminal's: given or given back here less used, taken or expired here)")
    assert overview.figures["liability_points"].text() == "730 points (worth ￥7.30)"  # 500 for joining, 230 for ¥460
    assert table(screen.cashiers_table) == [[CASHIER.name, "1", "￥460.00", "￥460.00", "￥0.00", "0", "￥0.00",
                                             "￥460.00", "1", "1"]]
    assert screen.cashiers_note.text() == screen.terminals_note.text() == note
    assert [row[:3] for row in table(screen.terminals_table)] == [["静安店", "T1", "1"]]
    ctx.tasks.shutdown()
    one.close()
    three.close()


def test_a_standalone_till_shows_no_merchant_figures(qtbot: QtBot, till: Till) -> None:
    sell(till, member(till), ("general", 10000))
    ctx = owner_context(till)
    screen = dashboard(qtbot, ctx)
    screen.entered()
    shown_period(qtbot, screen, date(2026, 3, 1), date(2026, 3, 1))
    qtbot.waitUntil(lambda: screen.ledger is not None)
    settle(qtbot, ctx)
    assert not screen.overview.merchant.isVisible()
    assert screen.cashiers_note.text() == ""
    ctx.tasks.shutdown()
