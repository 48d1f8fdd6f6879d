"""The status bar when the ledger answers but its database cannot store anything now: it says so, and that the
ledger's operator is the one to tell, with the entries waiting; not "Offline", which sends the shop to check its own
network. A ledger on SQLite on a small tmpfs filled to the last byte, and one whose PostgreSQL is not there, over
real TCP; real stores, the app's sync thread."""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from ledger import db
from ledger.api import create_app
from terminal.bootstrap import Till
from tests.helpers.disks import fill, small_tmpfs
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import free_port, serve
from tests.helpers.store import sell
from tests.ui.test_settings_support import LedgerNet
from tests.ui.test_status_bar_refused import bar_syncing, says, stop
from ui.context import AppContext
from ui.status_bar import StatusBar

pytestmark = pytest.mark.gui
FULL = "Ledger cannot store anything now: its database is full · tell the ledger's operator · N entries waiting"


@contextmanager
def synced_to(engine: Engine, root: Path, port: int) -> Iterator[Till]:
    """Terminal T1's store connected to the ledger on ``engine`` (served on ``port`` meanwhile), synced, then a
    sale not sent."""
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    with serve(engine, port) as url:
        net = LedgerNet(ledger, url, root)
        till = net.store("T1")
        net.connect(till, ledger.terminal("m1", "静安店", "T1")).sync_once()
    sell(till, None, ("general", 1000))
    try:
        yield till
    finally:
        till.close()


@contextmanager
def ledger_on_a_full_disk(qtbot: QtBot, root: Path) -> Iterator[tuple[AppContext, StatusBar]]:
    """The app syncing with a ledger whose SQLite file is on a disk that has just filled up; the bar meanwhile."""
    port = free_port()
    with small_tmpfs(root / "disk", "16m") as disk:
        engine = db.open_engine(f"sqlite:///{disk / 'ledger.db'}")
        try:
            with synced_to(engine, root, port) as till, serve(engine, port):
                with closing(sqlite3.connect(disk / "ledger.db")) as conn:  # the next write must grow the log
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                fill(disk)
                ctx, bar = bar_syncing(qtbot, till)
                try:
                    yield ctx, bar
                finally:
                    stop(ctx)
        finally:
            engine.dispose()


@pytest.mark.usefixtures("english")
def test_a_ledger_whose_disk_is_full_is_named_not_offline(qtbot: QtBot, tmp_path: Path) -> None:
    with ledger_on_a_full_disk(qtbot, tmp_path) as (ctx, bar):
        says(qtbot, ctx, bar, FULL)
        assert "answers, but cannot store anything now: its database is full" in bar.sync_label.toolTip()


@pytest.mark.usefixtures("chinese")
def test_in_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    with ledger_on_a_full_disk(qtbot, tmp_path) as (ctx, bar):
        says(qtbot, ctx, bar, "总账现在无法存储任何记录：其数据库已满 · 请告知总账管理员 · N 条待上传")


@pytest.mark.usefixtures("english")
def test_a_ledger_whose_database_is_not_there_is_named_not_offline(qtbot: QtBot, tmp_path: Path) -> None:
    port = free_port()
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    stopped = db.open_engine(f"postgresql+psycopg://jifen@127.0.0.1:{free_port()}/ledger")  # nothing listens there
    try:
        with synced_to(engine, tmp_path, port) as till, serve(stopped, port, create_app(stopped)):
            ctx, bar = bar_syncing(qtbot, till)
            try:
                says(qtbot, ctx, bar, FULL.replace("is full", "is unavailable"))
            finally:
                stop(ctx)
    finally:
        engine.dispose()
        stopped.dispose()
