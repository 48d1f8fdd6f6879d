"""The app's sync loop when a round fails on this till rather than at the ledger: its store held by another program
past the busy timeout, or a bug. The loop goes on after its pause, the status bar says sync is failing and why (not
"Offline", not "Online"), the log holds the traceback, and the next round sends what waited. A real ledger over TCP,
real stores, the app's context and status bar, Syncer.run driven round by round."""

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from sync.relay import Syncer
from terminal import ledger_link
from terminal.bootstrap import Till
from tests.helpers.store import CASHIER, balance, member, sell
from tests.ui.test_members_support import app_context, settle
from tests.ui.test_settings_support import LedgerNet, ledger_net
from tests.ui.test_status_bar_refused import synced
from ui.context import AppContext
from ui.status_bar import StatusBar

pytestmark = pytest.mark.gui
BUSY_MS = 300  # the store's busy timeout, shortened so each blocked read waits a moment, not ten seconds
Seen = tuple[str, str]  # the status bar's text and its tooltip


@pytest.fixture
def net(tmp_path: Path) -> Iterator[LedgerNet]:
    with ledger_net(tmp_path) as served:
        yield served


def waiting_sale(net: LedgerNet) -> tuple[Till, str]:
    """T1, synced once, then a member and a sale to them recorded while the ledger was not asked."""
    till = synced(net)
    zhang = member(till, "13800138000")
    sell(till, zhang, ("general", 10_000))
    return till, zhang


def bar_counting(qtbot: QtBot, till: Till) -> tuple[AppContext, StatusBar]:
    """The app's context and its status bar, told the entries waiting as the app tells it when it starts."""
    ctx = app_context(till, None, CASHIER)
    bar = StatusBar(ctx.bus)
    qtbot.addWidget(bar)
    ctx.count_waiting()
    settle(qtbot, ctx)
    return ctx, bar


def short_busy_timeout(till: Till) -> None:
    def shorten(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")

    event.listen(till.engine, "connect", shorten)
    till.engine.dispose()


def held_exclusively(till: Till) -> sqlite3.Connection:
    """Another program holding the store file's exclusive lock, which readers of a WAL store wait on too (the till's
    own connections are closed first, as SQLite grants it only then)."""
    till.engine.dispose()
    holder = sqlite3.connect(till.home.db, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def rounds(syncer: Syncer, bar: StatusBar, on_pause: Callable[[int], None], count: int) -> list[Seen]:
    """``count`` rounds of the app's sync loop, telling the status bar as the app does; ``on_pause(n)`` after the
    n-th round's status is shown (its pause is not waited). What the bar showed after each round."""
    stop, seen = threading.Event(), list[Seen]()

    def pause(_seconds: float) -> None:
        seen.append((bar.sync_label.text(), bar.sync_label.toolTip()))
        on_pause(len(seen))
        if len(seen) == count:
            stop.set()

    syncer.run(stop, on_status=bar.show_sync, wait=pause)
    return seen


def stored_error(till: Till) -> str | None:
    with till.reading() as uow:
        return ledger_link.error_said(ledger_link.the_link(uow.session).last_error)


def waiting(till: Till) -> int:
    with till.reading() as uow:
        return ledger_link.pending_count(uow.session)


class BugOnce(Syncer):
    """The app's syncer with a bug in its first push: what an unforeseen exception does to the loop."""

    def __init__(self, syncer: Syncer) -> None:
        super().__init__(syncer.till, syncer.client)
        self.bugs = 1

    def push(self, progress: Any = None) -> int:
        if self.bugs:
            self.bugs -= 1
            raise KeyError("seq")
        return super().push(progress)


@pytest.mark.usefixtures("english")
def test_a_store_locked_past_the_busy_timeout_says_sync_is_failing_and_the_next_round_sends(
        qtbot: QtBot, net: LedgerNet, caplog: pytest.LogCaptureFixture) -> None:
    till, zhang = waiting_sale(net)
    ctx, bar = bar_counting(qtbot, till)
    assert ctx.syncer is not None
    pending = waiting(till)
    short_busy_timeout(till)
    holder = held_exclusively(till)
    caplog.set_level(logging.INFO, logger="jifen.sync")
    try:
        seen = rounds(ctx.syncer, bar, lambda n: holder.close() if n == 1 else None, 2)
    finally:
        holder.close()
        ctx.close()
    assert pending > 0
    assert seen[0][0] == f"Sync failing: this till's database is locked by another program · {pending} entries waiting"
    assert seen[0][1] == ("sync failed: this till's database is locked by another program (OperationalError: database "
                          "is locked); details are in the log")
    assert any(r.exc_info and "database is locked" in str(r.exc_info[1]) for r in caplog.records)
    assert seen[1][0] == "Online · 0 entries to send"
    assert (net.ledger.balance(zhang), stored_error(till)) == (balance(till, zhang), None)


@pytest.mark.usefixtures("chinese")
def test_a_store_locked_in_chinese(qtbot: QtBot, net: LedgerNet) -> None:
    till, _zhang = waiting_sale(net)
    ctx, bar = bar_counting(qtbot, till)
    assert ctx.syncer is not None
    pending = waiting(till)
    short_busy_timeout(till)
    holder = held_exclusively(till)
    try:
        seen = rounds(ctx.syncer, bar, lambda _n: None, 1)
    finally:
        holder.close()
        ctx.close()
    assert seen[0][0] == f"同步失败：本机数据库被其他程序锁定 · {pending} 条待上传"


@pytest.mark.usefixtures("english")
def test_a_bug_in_a_round_is_said_and_kept_and_the_next_round_sends(
        qtbot: QtBot, net: LedgerNet, caplog: pytest.LogCaptureFixture) -> None:
    till, zhang = waiting_sale(net)
    ctx, bar = bar_counting(qtbot, till)
    assert ctx.syncer is not None
    pending = waiting(till)
    caplog.set_level(logging.INFO, logger="jifen.sync")
    errors: list[str | None] = []
    try:
        seen = rounds(BugOnce(ctx.syncer), bar, lambda _n: errors.append(stored_error(till)), 2)
    finally:
        ctx.close()
    said = "sync failed: an unexpected error (KeyError: 'seq'); details are in the log"
    assert seen[0] == (f"Sync failing: an unexpected error, details in the log · {pending} entries waiting", said)
    assert errors == [said, None]
    assert any(r.exc_info and isinstance(r.exc_info[1], KeyError) for r in caplog.records)
    assert seen[1][0] == "Online · 0 entries to send"
    assert net.ledger.balance(zhang) == balance(till, zhang)


@pytest.mark.usefixtures("english")
def test_a_store_another_program_writes_past_the_busy_timeout_says_sync_is_failing(
        qtbot: QtBot, net: LedgerNet) -> None:
    """A writer holding the lock lets the status be read: it says the sync failed all the same, not "Online"."""
    till, zhang = waiting_sale(net)
    ctx, bar = bar_counting(qtbot, till)
    assert ctx.syncer is not None
    pending = waiting(till)
    short_busy_timeout(till)
    writer = sqlite3.connect(till.home.db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        seen = rounds(ctx.syncer, bar, lambda n: writer.execute("ROLLBACK") if n == 1 else None, 2)
    finally:
        writer.close()
        ctx.close()
    assert seen[0] == (f"Sync failing: this till's database is locked by another program · {pending} entries waiting",
                       "sync failed: this till's database is locked by another program (OperationalError: database "
                       "is locked); details are in the log")
    assert seen[1][0] == "Online · 0 entries to send"
    assert net.ledger.balance(zhang) == balance(till, zhang)
