"""What the app says about its surroundings: the printer in the status bar, the ledger's sync state, and a
store another program is holding."""

import logging
import socket
import sqlite3
import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from sync.link_files import save_token
from terminal import ledger_link
from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.services.members import show_member
from tests.helpers.store import CASHIER
from tests.ui.test_members_support import app_context, press, settle, shown, type_text
from ui.app import watch_printer
from ui.context import AppContext
from ui.qt import core
from ui.screens.members import MembersScreen
from ui.status_bar import StatusBar

pytestmark = pytest.mark.gui
Key = core.Qt.Key


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unplugged_network_printer_is_named_in_the_status_bar_without_a_traceback(
        qtbot: QtBot, till: Till, caplog: pytest.LogCaptureFixture) -> None:
    ctx = app_context(till, f"tcp://127.0.0.1:{closed_port()}", CASHIER)
    bar = StatusBar(ctx.bus)
    qtbot.addWidget(bar)
    watch_printer(ctx)
    settle(qtbot, ctx)
    ctx.tasks.shutdown()

    assert bar.printer_label.text() == "Printer: not reachable"
    assert bar.printer_label.toolTip().startswith("printer not reachable (switched off or unplugged?) — check it, then reprint\n")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_store_held_by_another_program_says_busy_try_again_and_stores_nothing(
        qtbot: QtBot, ctx: AppContext) -> None:
    def impatient(connection: sqlite3.Connection, _record: Any) -> None:  # the test need not wait 10 s
        connection.execute("PRAGMA busy_timeout=200")

    event.listen(ctx.till.engine, "connect", impatient)
    ctx.till.engine.dispose()
    screen = MembersScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    other = sqlite3.connect(ctx.till.home.db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        press(qtbot, Key.Key_F7)
        type_text(qtbot, "13800138000")
        press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Return)
        settle(qtbot, ctx)
        assert screen.problem.text() == "the store is busy (another program is using it); try again in a moment"
    finally:
        other.execute("ROLLBACK")
        other.close()
    with pytest.raises(Refused) as refused:
        show_member(ctx.till.reading(), ctx.till.shop, "13800138000")
    assert refused.value.code == "not_found"


def test_the_sync_state_says_connecting_then_counts_each_entry_written_while_the_ledger_hangs(
        qtbot: QtBot, till: Till) -> None:
    hanging = socket.create_server(("127.0.0.1", 0))  # takes connections and never answers
    with till.uow() as uow:
        ledger_link.connect(uow.session, f"http://127.0.0.1:{hanging.getsockname()[1]}")
        uow.commit()
    save_token(till, "jt_token")
    ctx = app_context(till, None, CASHIER)
    bar = StatusBar(ctx.bus)
    qtbot.addWidget(bar)
    screen = MembersScreen(ctx)
    shown(qtbot, screen)
    screen.entered()
    try:
        ctx.start_sync()
        qtbot.waitUntil(lambda: bar.sync_label.text() == "Connecting to the ledger… · 0 entries to send")

        press(qtbot, Key.Key_F7)
        type_text(qtbot, "13800138000")
        press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Return)
        press(qtbot, Key.Key_Return)
        settle(qtbot, ctx)
        with till.reading() as uow:
            waiting = ledger_link.pending_count(uow.session)
        assert waiting > 0
        qtbot.waitUntil(lambda: bar.sync_label.text() == f"Connecting to the ledger… · {waiting} entries to send")
    finally:
        ctx.close()
        hanging.close()
        for thread in threading.enumerate():
            if thread.name == "jifen-sync":
                thread.join(10)
