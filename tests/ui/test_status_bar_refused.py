"""The status bar after a sync the ledger answered but did not go through: a ledger that revoked this terminal
says so, and that its sales are not sent, a sync this terminal stopped says so and where to look, neither is
"Offline", and the tooltip holds the last error. A real ledger over TCP, real stores, the app's sync thread."""

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ledger import service
from terminal import ledger_link
from terminal.bootstrap import Till, open_till
from terminal.home import Home
from tests.helpers.store import CASHIER, at, sell
from tests.ui.test_members_support import app_context
from tests.ui.test_settings_support import LedgerNet, ledger_net
from ui.context import AppContext
from ui.status_bar import StatusBar

pytestmark = pytest.mark.gui


@pytest.fixture
def net(tmp_path: Path) -> Iterator[LedgerNet]:
    with ledger_net(tmp_path) as served:
        yield served


def synced(net: LedgerNet) -> Till:
    """Terminal T1's store, connected to the ledger and synced."""
    till = net.store("T1")
    net.connect(till, net.ledger.terminal("m1", "静安店", "T1")).sync_once()
    return till


def bar_syncing(qtbot: QtBot, till: Till) -> tuple[AppContext, StatusBar]:
    """The app's context on ``till`` and its status bar, with the sync thread running."""
    ctx = app_context(till, None, CASHIER)
    bar = StatusBar(ctx.bus)
    qtbot.addWidget(bar)
    ctx.start_sync()
    return ctx, bar


def stop(ctx: AppContext) -> None:
    ctx.close()
    for thread in threading.enumerate():
        if thread.name == "jifen-sync":
            thread.join(10)


def says(qtbot: QtBot, ctx: AppContext, bar: StatusBar, text: str) -> None:
    """``text``, with the entries waiting in place of N."""
    with ctx.till.reading() as uow:
        waiting = ledger_link.pending_count(uow.session)
    text = text.replace("N entries", f"{waiting} entries" if waiting != 1 else "1 entry").replace("N 条", f"{waiting} 条")
    qtbot.waitUntil(lambda: bar.sync_label.text() == text, timeout=15_000)


def last_error(ctx: AppContext) -> str | None:
    with ctx.till.reading() as uow:
        return ledger_link.error_said(ledger_link.the_link(uow.session).last_error)


def revoked(net: LedgerNet) -> Till:
    till = synced(net)
    net.ledger.do(lambda s: service.revoke_terminal(s, "m1", "T1"))
    return till


def twin_stopped(net: LedgerNet) -> Till:
    """The store folder copied to a second till, both selling: the second cannot send its sale."""
    first = synced(net)
    first.close()
    shutil.copytree(net.root / "T1", net.root / "twin")
    first, twin = (open_till(Home(net.root / name), clock=at("2026-03-01 11:00")) for name in ("T1", "twin"))
    for till in (first, twin):
        sell(till, None, ("general", 1000))
    net.connect(first, (net.root / "T1" / "ledger.token").read_text(encoding="ascii").strip()).sync_once()
    first.close()
    return twin


@pytest.mark.usefixtures("english")
def test_a_ledger_that_revoked_this_terminal_says_so_not_offline(
        qtbot: QtBot, net: LedgerNet) -> None:
    ctx, bar = bar_syncing(qtbot, revoked(net))
    try:
        says(qtbot, ctx, bar, "Ledger revoked this terminal: sales since the last sync are not sent · tell the ledger's "
                              "owner · N entries waiting")
        assert bar.sync_label.toolTip() == last_error(ctx) == ("the ledger refused: this terminal's token has been "
                                                              "revoked (403 forbidden)")
    finally:
        stop(ctx)


@pytest.mark.usefixtures("english")
def test_a_sync_this_terminal_stopped_says_so_and_where_to_look_not_offline(qtbot: QtBot, net: LedgerNet) -> None:
    ctx, bar = bar_syncing(qtbot, twin_stopped(net))
    try:
        says(qtbot, ctx, bar, "Sync stopped: see Settings › Ledger · N entries waiting")
        assert bar.sync_label.toolTip() == last_error(ctx)
        assert last_error(ctx).startswith("the ledger already holds other entries of this terminal")
    finally:
        stop(ctx)


@pytest.mark.usefixtures("chinese")
def test_in_chinese(qtbot: QtBot, net: LedgerNet) -> None:
    ctx, bar = bar_syncing(qtbot, revoked(net))
    try:
        says(qtbot, ctx, bar, "总账已吊销本终端：上次同步后的销售不会发送 · 请告知总账管理员 · N 条待上传")
    finally:
        stop(ctx)
