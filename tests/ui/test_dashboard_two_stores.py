"""A merchant with two stores: the CSV's cashiers' and terminals' titles name both stores, joined as the language
joins a list (", " in English, "、" in Chinese)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.store import CASHIER, MANAGER, hire_staff, member, sell
from tests.ui.test_dashboard import DAY_ONE, dashboard, exported, shown_period
from tests.ui.test_dashboard_scopes import exported_in_chinese, titles
from tests.ui.test_settings_support import ledger_net, owner_context, settle
from ui.screens.dashboard import DashboardScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def two_stores(qtbot: QtBot, tmp_path: Path) -> Iterator[DashboardScreen]:
    """T1's Dashboard: T1 at 静安店 and T2 at 徐汇店 each sell, both synced."""
    with ledger_net(tmp_path) as net:
        here, there = net.store("T1"), net.store("T2")
        for till in (here, there):
            hire_staff(till)
        token_here, token_there = net.ledger.terminal("m1", "静安店", "T1"), net.ledger.terminal("m1", "徐汇店", "T2")
        sell(there, member(there, "13900139000"), ("general", 20000), pay="card", cashier=MANAGER)
        net.ledger.sync(there, token_there)
        sell(here, None, ("general", 30000), cashier=CASHIER)
        net.connect(here, token_here).sync_once()
        ctx = owner_context(here)
        screen = dashboard(qtbot, ctx)
        screen.entered()
        shown_period(qtbot, screen, DAY_ONE, DAY_ONE)
        qtbot.waitUntil(lambda: screen.ledger is not None and screen.ledger.report is not None)
        settle(qtbot, ctx)
        yield screen
        ctx.tasks.shutdown()
    here.close()
    there.close()


def test_in_english_the_stores_are_joined_with_a_comma(qtbot: QtBot, tmp_path: Path,
                                                        two_stores: DashboardScreen) -> None:
    data = exported(qtbot, two_stores, tmp_path / "all.csv")
    assert titles(data)[1:] == ["By cashier — all terminals of 静安店, 徐汇店 the ledger knows",
                                "By terminal — all terminals of 静安店, 徐汇店 the ledger knows"]


def test_in_chinese_the_stores_are_joined_with_a_dun_comma(qtbot: QtBot, tmp_path: Path, chinese: None,
                                                           two_stores: DashboardScreen) -> None:
    data = exported_in_chinese(qtbot, two_stores, tmp_path / "全部.csv")
    assert titles(data)[1:] == ["按收银员 — 总账所知的静安店、徐汇店全部终端",
                                "按终端 — 总账所知的静安店、徐汇店全部终端"]
