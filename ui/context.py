"""The one place the app is wired: the till, background tasks, printing, camera settings and
sync are built once here and handed to the windows through their constructors."""

import threading
from dataclasses import dataclass, field
from functools import partial

from printing.service import Printing
from printing.settings import load_printer_settings
from sync.relay import Syncer, SyncStatus, syncer_for
from terminal.bootstrap import Till
from terminal.models import LedgerLink
from terminal.services.cashiers import Actor
from ui.member_card import member_code
from ui.qt import core
from ui.settings import AppSettings, load_app_settings
from ui.tasks import Tasks


class StatusBus(core.QObject):
    """What the status bar shows, announced from any thread and received on the main one."""

    sync = core.Signal(object)  # SyncStatus, or None for a shop without a ledger
    printer = core.Signal(str)  # a sentence in the cashier's words
    camera = core.Signal(str)


@dataclass
class AppContext:
    till: Till
    tasks: Tasks
    printing: Printing
    settings: AppSettings
    bus: StatusBus
    syncer: Syncer | None = None
    cashier: Actor | None = None  # who is logged in
    _stop_sync: threading.Event = field(default_factory=threading.Event)

    def start_sync(self, interval: float = 15.0) -> None:
        """Sync in the background, on its own thread, for as long as the app runs."""
        if self.syncer is None:
            self.bus.sync.emit(None)
            return
        thread = threading.Thread(target=self.syncer.run, args=(self._stop_sync, self.bus.sync.emit, interval),
                                  name="jifen-sync", daemon=True)
        thread.start()

    def close(self) -> None:
        self._stop_sync.set()
        self.tasks.shutdown()
        self.till.close()


def build_context(till: Till, tasks: Tasks) -> AppContext:
    settings = load_app_settings(till.home.config)
    printing = Printing(till, load_printer_settings(till.home.config), member_code=partial(member_code, till))
    with till.reading() as uow:
        linked = uow.session.get(LedgerLink, 1) is not None
    return AppContext(till, tasks, printing, settings, StatusBus(), syncer_for(till) if linked else None)


__all__ = ["AppContext", "StatusBus", "SyncStatus", "build_context"]
