"""What the dashboard, settings and first-run tests share: the owner's app context on a real store,
a real ledger over TCP with stores connected to it, and waits for the background work.
(It holds no tests; it is named to sit with the screens' tests.)"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pytestqt.qtbot import QtBot

from ledger import db
from sync.client import LedgerClient
from sync.relay import Syncer
from sync.link_files import save_token
from terminal import ledger_link
from terminal.bootstrap import Till, init_store
from terminal.home import Home
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.store import OWNER, OWNER_PIN, at
from ui.context import AppContext, build_context
from ui.qt import widgets
from ui.tasks import Tasks

# tests/conftest.py drops LANG and LC_ALL, and Qt then warns that the C locale is not UTF-8.
os.environ.setdefault("LC_CTYPE", "C.UTF-8")


def owner_context(till: Till) -> AppContext:
    """The context the app builds on this store, with its owner logged in."""
    ctx = build_context(till, Tasks())
    ctx.cashier = OWNER
    return ctx


def settle(qtbot: QtBot, ctx: AppContext, timeout: int = 10_000) -> None:
    """Wait until the database worker and the device pool have nothing left to do."""
    qtbot.waitUntil(lambda: ctx.tasks.running == 0, timeout=timeout)


def shown(qtbot: QtBot, widget: widgets.QWidget) -> None:
    """On screen in its own window, active, so the focus behaves as at the till."""
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(widget.isActiveWindow)


def buttons_too_small(widget: widgets.QWidget) -> list[str]:
    """Every push button a finger must hit that is less than 44 px high."""
    return [b.text() for b in widget.findChildren(widgets.QPushButton)
            if b.isVisibleTo(widget) and max(b.minimumHeight(), b.height()) < 44]


@dataclass
class LedgerNet:
    ledger: Ledger
    url: str
    root: Path

    def store(self, terminal: str, name: str = "静安店", when: str = "2026-03-01 10:00") -> Till:
        return init_store(Home(self.root / terminal), store=name, terminal_id=terminal, merchant="m1",
                          timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at(when))

    def connect(self, till: Till, token: str) -> Syncer:
        """As `jifen ledger connect` leaves a store: the link recorded and the token kept."""
        with till.uow() as uow:
            ledger_link.connect(uow.session, self.url)
            uow.commit()
        save_token(till, token)
        return Syncer(till, LedgerClient(self.url, token))


@contextmanager
def ledger_net(root: Path) -> Iterator[LedgerNet]:
    """A ledger on a SQLite file served over real TCP, with merchant m1."""
    engine = db.open_engine(f"sqlite:///{root / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    try:
        with serve(engine) as url:
            yield LedgerNet(ledger, url, root)
    finally:
        engine.dispose()
