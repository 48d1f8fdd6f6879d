"""The sync-health box on the Dashboard and on Settings › Ledger says what the status bar says after a sync that did
not go through though the ledger is not out of reach: a ledger that revoked this terminal, and that its sales are not
sent; a sync this terminal stopped, and where to look; a journal broken at an entry. Never "Offline", in
English and in Chinese. A real ledger over TCP, real stores, the app's window and its own sync thread."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytestqt.exceptions import TimeoutError as qt_timeout
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import OWNER, sell
from tests.sync.test_tampered_entry import lower
from tests.ui.test_settings_support import LedgerNet, ledger_net, owner_context, settle, shown
from tests.ui.test_status_bar_refused import revoked, synced, twin_stopped
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.screens.dashboard import DashboardScreen
from ui.screens.dashboard_overview import SyncHealth
from ui.screens.settings import SettingsScreen

pytestmark = pytest.mark.gui
REVOKED = "this terminal's token has been revoked (403 forbidden)"
REVOKED_WORDS = "Ledger revoked this terminal: sales since the last sync are not sent"
REVOKED_ZH = "总账已吊销本终端：上次同步后的销售不会发送"


@pytest.fixture
def net(tmp_path: Path) -> Iterator[LedgerNet]:
    with ledger_net(tmp_path) as served:
        yield served


def bar_says(window: MainWindow) -> str:
    """The status bar's sync words, without the entries waiting that follow them."""
    return window.status_bar.sync_label.text().split(" · ")[0]


@contextmanager
def boxes(qtbot: QtBot, till: Till, first: str) -> Iterator[tuple[SyncHealth, SyncHealth]]:
    """The app on ``till``, its owner logged in, once its own sync round has ended with the status bar saying
    ``first``: the Dashboard's sync-health box and Settings › Ledger's."""
    ctx = owner_context(till)
    window = MainWindow(ctx, (DashboardScreen, SettingsScreen))
    shown(qtbot, window)
    window.logged_in(OWNER)
    ctx.start_sync(interval=3600)
    try:
        qtbot.waitUntil(lambda: bar_says(window) == first, timeout=15_000)
        dashboard, settings = window.screens
        assert isinstance(dashboard, DashboardScreen) and isinstance(settings, SettingsScreen)
        window.show_screen(settings)
        settings.tabs.setCurrentWidget(settings.ledger)
        settings.ledger.entered()
        settle(qtbot, ctx)
        yield dashboard.overview.health, settings.ledger.health
        settle(qtbot, ctx)
    finally:
        stop(ctx)


def stop(ctx: AppContext) -> None:
    ctx.close()
    for thread in threading.enumerate():
        if thread.name == "jifen-sync":
            thread.join(10)


def states(health: tuple[SyncHealth, SyncHealth]) -> list[str]:
    return [box.state.text() for box in health]


def both_say(qtbot: QtBot, health: tuple[SyncHealth, SyncHealth], state: str) -> None:
    """Waited for: a screen's own look at the sync state, begun before the round ended, can answer after it (the
    next round, a second or two later, says it again)."""
    try:
        qtbot.waitUntil(lambda: states(health) == [state] * 2, timeout=15_000)
    except qt_timeout:
        assert states(health) == [state] * 2  # what they say instead


@pytest.mark.usefixtures("english")
def test_a_ledger_that_revoked_this_terminal_is_said_on_the_dashboard_and_in_settings(
        qtbot: QtBot, net: LedgerNet) -> None:
    with boxes(qtbot, revoked(net), REVOKED_WORDS) as health:
        both_say(qtbot, health, f"{REVOKED_WORDS} · tell the ledger's owner · {net.url}")
        assert [box.error.text() for box in health] == [f"the ledger refused: {REVOKED}"] * 2


@pytest.mark.usefixtures("english")
def test_a_sync_this_terminal_stopped_says_so_and_where_to_look(qtbot: QtBot, net: LedgerNet) -> None:
    with boxes(qtbot, twin_stopped(net), "Sync stopped: see Settings › Ledger") as health:
        both_say(qtbot, health, f"Sync stopped: see Settings › Ledger · {net.url}")
        assert all(box.error.text().startswith("the ledger already holds other entries of this terminal")
                   for box in health)


@pytest.mark.usefixtures("english")
def test_a_broken_journal_is_said_as_the_status_bar_says_it(qtbot: QtBot, net: LedgerNet) -> None:
    till = synced(net)
    changed = sell(till, None, ("general", 1000)).seq
    lower(till.home.db, changed, 10)
    said = f"Journal broken at entry {changed} · nothing is sent · call the owner"
    with boxes(qtbot, till, said.split(" · ")[0]) as health:
        both_say(qtbot, health, f"{said} · {net.url}")


@pytest.mark.usefixtures("chinese")
def test_in_chinese(qtbot: QtBot, net: LedgerNet) -> None:
    with boxes(qtbot, revoked(net), REVOKED_ZH) as health:
        both_say(qtbot, health, f"{REVOKED_ZH} · 请告知总账管理员 · {net.url}")


@pytest.mark.usefixtures("chinese")
def test_a_stopped_sync_in_chinese(qtbot: QtBot, net: LedgerNet) -> None:
    with boxes(qtbot, twin_stopped(net), "同步已停止：请查看 设置 › 总账") as health:
        both_say(qtbot, health, f"同步已停止：请查看 设置 › 总账 · {net.url}")
