"""The one place the app is wired: the till, background tasks, printing, camera settings and
sync are built once here and handed to the windows through their constructors."""

import logging
import threading
import weakref
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from sqlalchemy import Connection, event

from printing.service import Printing
from printing.settings import load_printer_settings
from sync.relay import Syncer, SyncStatus, syncer_for
from terminal import ledger_link
from terminal.backup import BackupProblem, back_up_for_the_day
from terminal.bootstrap import Till
from terminal.db import READ_ONLY
from terminal.errors import Refused
from terminal.journal import Who
from terminal.logfile import written_to
from terminal.models import LedgerLink
from terminal.services.cashiers import Actor
from terminal.services.expiry import EXPIRY_MEMBERS, ExpiryRun, expire_points
from terminal.services.staff import Deactivated
from ui.member_card import member_code
from ui.qt import core
from ui.settings import AppSettings, load_app_settings
from ui.tasks import Tasks

log = logging.getLogger("jifen.ui")
EXPIRY_CHECK_MS = 60_000


class StatusBus(core.QObject):
    """What the status bar shows, announced from any thread and received on the main one."""

    sync = core.Signal(object)  # SyncStatus after a sync round, or None for a shop without a ledger
    connecting = core.Signal()  # the first sync round is under way
    waiting = core.Signal(int)  # entries the ledger has not yet taken, counted in the store
    printer = core.Signal(str, str)  # a few words in the cashier's language, and all there is to say for a tooltip
    printed = core.Signal(object)  # the ids of the print jobs a look at the printer printed from the queue
    print_waiting = core.Signal(int)  # jobs waiting in the print queue
    unconfirmed = core.Signal(int)  # today's receipts the printer took but never confirmed, counted in the store
    camera = core.Signal(str)
    said = core.Signal(str)  # a sentence for the status bar's message area, said once
    session_ended = core.Signal(str)  # the cashier's session is over (shift closed, deactivated): log out, say this


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
    _written: threading.Event = field(default_factory=threading.Event)  # the store changed since the last count
    _expired_for: date | None = None  # the business day expiry was last recorded for
    _expiring: bool = False  # a run is under way, a part at a time
    _backed_up_for: date | None = None  # the business day the daily backup was last made (or tried) for

    def __post_init__(self) -> None:
        # The store's listener and the tasks hold the flag and a weak reference, not the context: a cycle
        # would leave the context to the garbage collector, which frees its Qt objects on any thread.
        event.listen(self.till.engine, "commit", partial(_note_write, self._written))
        me = weakref.ref(self)

        def count_if_written() -> None:
            ctx = me()
            if ctx is not None and ctx._written.is_set():
                ctx._written.clear()
                ctx.count_waiting()
                ctx.back_up_if_new_day()

        self.tasks.after_each.append(count_if_written)
        self.tasks.home = self.till.home  # a task that finds the disk full says which

    def ends_session(self, problem: Refused) -> bool:
        """True, having logged the cashier out saying why, when ``problem`` is that they were deactivated since
        logging in: a screen whose work was refused so does nothing more."""
        if not isinstance(problem, Deactivated):
            return False
        self.bus.session_ended.emit(problem.message)
        return True

    def start_sync(self, interval: float = 15.0) -> None:
        """Sync in the background, on its own thread, for as long as the app runs."""
        if self.syncer is None:
            self.bus.sync.emit(None)
            return
        self.bus.connecting.emit()
        self.count_waiting()
        thread = threading.Thread(target=self.syncer.run, args=(self._stop_sync, self.bus.sync.emit, interval),
                                  name="jifen-sync", daemon=True)
        thread.start()

    def expire_each_day(self, parent: core.QObject) -> None:
        """Points that ran out leave the balances as recorded entries now, and in the first minute of each new day,
        while the app runs."""
        timer = core.QTimer(parent)
        timer.timeout.connect(self.expire_if_new_day)
        timer.start(EXPIRY_CHECK_MS)
        self.expire_if_new_day()

    def expire_if_new_day(self) -> None:
        """Once a day, for a shop without a ledger: a connected terminal records expiry at each sync, before the
        ledger's view of its members, which holds live lots only, replaces the lots that ran out."""
        today = self.till.shop.today()
        if self.syncer is not None or self._expired_for == today or self._expiring:
            return
        self._expired_for = today
        self._expiring = True
        self._expire_part()

    def _expire_part(self) -> None:
        """Some members' lots at a time, each part its own task and transaction, the next asked for once the last
        is done: a login, a lookup or a sale asked for meanwhile runs in between (the lots still due count as
        expired in the figures, and a member's are recorded before any change to their points)."""
        self.tasks.db(partial(expire_points, self.till.uow(), self.till.shop, Who(None), EXPIRY_MEMBERS),
                      self._expired_part, self._not_expired)

    def _expired_part(self, run: ExpiryRun) -> None:
        if run.more:
            self._expire_part()
        else:
            self._expiring = False

    def _not_expired(self, problem: Refused) -> None:
        log.warning("expired points not recorded, trying again in a minute: %s", problem.en)
        self._expiring = False
        self._expired_for = None

    def back_up_if_new_day(self, anew: bool = False) -> None:
        """After the first write of the day, the daily backup (as the command line makes it), off the database
        worker so no sale waits for it; tried once a day: a failure is said once, and sales go on. ``anew``: after
        the day is closed, made again with the day's sales and its Z (as the command line's `day close` does)."""
        today = self.till.shop.today()
        if self._backed_up_for == today and not anew:
            return
        self._backed_up_for = today
        self.tasks.io(partial(back_up_for_the_day, self.till.home, today, anew), self._backed_up)

    def _backed_up(self, problem: BackupProblem | None) -> None:
        if problem is not None and problem.damaged:
            self.bus.said.emit(problem.message)  # the store's damage and how to restore, in the app's language
        elif problem is not None:
            where = written_to()
            if where is None:  # the log cannot be written either (the same full disk?)
                said = core.QCoreApplication.translate(
                    "StatusBar", "Today's automatic backup was not made (disk full, or the backups folder read-only? "
                    "Details are in the log). Sales go on.")
            else:
                said = core.QCoreApplication.translate(
                    "StatusBar", "Today's automatic backup was not made (disk full, or the backups folder read-only? "
                    "Details are in %1). Sales go on.").replace("%1", str(where))
            self.bus.said.emit(said)

    def count_waiting(self) -> None:
        """After each write (a sale, a refund…), the entries still to send, from the store: a sync round
        can take a minute when the ledger does not answer."""
        if self.syncer is None or self._stop_sync.is_set():
            return
        self.tasks.db(partial(_waiting, self.till), self.bus.waiting.emit, lambda _problem: None)

    def phones_noted(self, others: list[str]) -> None:
        """An owner or manager pressed Noted under the phones the ledger holds two members under (``others``: the
        ledger's other members shown): they are told, as `jifen sync` tells them, and no longer shown."""
        syncer, till = self.syncer, self.till
        if syncer is None or not others:
            return
        self.tasks.db(partial(_noted, till, syncer, others), self.bus.sync.emit)

    def close(self) -> None:
        self._stop_sync.set()
        self.tasks.shutdown()
        self.till.close()


def _note_write(written: threading.Event, connection: Connection) -> None:
    if not connection.get_execution_options().keys() & READ_ONLY.keys():
        written.set()


def _waiting(till: Till) -> int:
    with till.reading() as uow:
        return ledger_link.pending_count(uow.session)


def _noted(till: Till, syncer: Syncer, others: list[str]) -> SyncStatus:
    with till.uow() as uow:
        ledger_link.mark_told(uow.session, others)
        uow.commit()
    return syncer.status()


def build_context(till: Till, tasks: Tasks) -> AppContext:
    settings = load_app_settings(till.home.config)
    printing = Printing(till, load_printer_settings(till.home.config), member_code=partial(member_code, till))
    with till.reading() as uow:
        linked = uow.session.get(LedgerLink, 1) is not None
    return AppContext(till, tasks, printing, settings, StatusBus(), syncer_for(till) if linked else None)


__all__ = ["AppContext", "StatusBus", "SyncStatus", "build_context"]
