"""A phone registered at two stores before either synced is two members at the ledger: the app's own sync finds it
against a real ledger over TCP, and the app tells an owner or a manager (status bar, dashboard, Settings › Ledger),
in their language, never a cashier, until one of them presses Noted; then it is told, as `jifen sync` tells it,
and said no more."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal import ledger_link
from terminal.bootstrap import Till
from tests.helpers.store import CASHIER, MANAGER, OWNER, member, sell
from tests.ui.test_settings_support import (
    LedgerNet,
    ledger_net,
    owner_context,
    settle,
    shown,
)
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.qt import core
from ui.screens.base import Screen
from ui.screens.dashboard import DashboardScreen
from ui.screens.settings import SettingsScreen

pytestmark = pytest.mark.gui
PHONE = "13911112222"
TOLD_EN = "1 phone with two members at the ledger: see the Dashboard (F5)"


def said(window: MainWindow) -> list[str]:
    """The parts of the status bar's sync text (the test store's clock is pinned: the clock's part is there too)."""
    return window.status_bar.sync_label.text().split(" · ")


def two_members_for_one_phone(net: LedgerNet) -> tuple[Till, str, str]:
    """徐汇店 (T2) registered the phone and synced; 静安店 (T1) registered it too, offline, and is connected to
    the ledger without having synced yet. The store T1, its member and the ledger's other."""
    here, there = net.store("T1"), net.store("T2", "徐汇店")
    other = member(there, PHONE)
    sell(there, other, ("general", 20000))
    net.ledger.sync(there, net.ledger.terminal("m1", "徐汇店", "T2"))
    there.close()
    mine = member(here, PHONE)
    net.connect(here, net.ledger.terminal("m1", "静安店", "T1"))
    return here, mine, other


def syncing(qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    """The app's sync round against the ledger, as at the app's start (one round for the test)."""
    ctx.start_sync(interval=3600)
    qtbot.waitUntil(lambda: said(window)[0] in ("Online", "在线"), timeout=15_000)


def stop(ctx: AppContext) -> None:
    ctx.close()
    for thread in threading.enumerate():
        if thread.name == "jifen-sync":
            thread.join(10)


@contextmanager
def app_after_a_sync(qtbot: QtBot, tmp_path: Path, screen: type[Screen]
                     ) -> Iterator[tuple[MainWindow, Till, str, str]]:
    """The app on 静安店 with ``screen``, once its own sync has found the phone with two members."""
    with ledger_net(tmp_path) as net:
        here, mine, other = two_members_for_one_phone(net)
        ctx = owner_context(here)
        window = MainWindow(ctx, (screen,))
        shown(qtbot, window)
        syncing(qtbot, ctx, window)
        yield window, here, mine, other
        settle(qtbot, ctx)
        stop(ctx)


def test_the_owner_is_told_of_a_phone_with_two_members_until_noted_and_a_cashier_never(
        qtbot: QtBot, tmp_path: Path, english: None) -> None:
    with app_after_a_sync(qtbot, tmp_path, DashboardScreen) as (window, here, mine, other):
        window.logged_in(CASHIER)
        assert said(window)[:2] == ["Online", "0 entries to send"] and TOLD_EN not in said(window)
        window.logged_in(MANAGER)
        assert said(window)[:2] == ["Online", "0 entries to send"] and said(window)[-1] == TOLD_EN
        dashboard = window.screens[0]
        assert isinstance(dashboard, DashboardScreen)
        health = dashboard.overview.health
        qtbot.waitUntil(health.noted.isVisible)
        assert health.shared.text() == (
            f"The ledger has two members with phone 139****2222: {mine} here and {other} registered at another "
            "store; the owner should sort it out at the ledger (jifen-ledger report conflicts)")

        qtbot.mouseClick(health.noted, core.Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not health.noted.isVisible())
        assert not health.shared.isVisible()
        assert said(window)[:2] == ["Online", "0 entries to send"] and TOLD_EN not in said(window)
        with here.reading() as uow:
            assert ledger_link.untold_shared_phones(uow.session) == []  # `jifen sync` does not tell it again


def test_in_chinese_the_owner_reads_it_in_the_status_bar_and_on_the_ledger_page(
        qtbot: QtBot, tmp_path: Path, chinese: None) -> None:
    with app_after_a_sync(qtbot, tmp_path, SettingsScreen) as (window, _, mine, other):
        window.logged_in(OWNER)
        assert said(window)[:2] == ["在线", "0 条待上传"]
        assert said(window)[-1] == "总账中有 1 个手机号对应两个会员：请查看经营概况（F5）"
        settings = window.screens[0]
        assert isinstance(settings, SettingsScreen)
        settings.tabs.setCurrentWidget(settings.ledger)
        settings.ledger.entered()
        health = settings.ledger.health
        qtbot.waitUntil(health.noted.isVisible)
        assert health.shared.text() == (f"总账中手机号 139****2222 有两个会员：本店的 {mine} 和另一门店登记的 {other}；"
                                        "请店主在总账处理（jifen-ledger report conflicts）")
        assert health.noted.text() == "知道了"
