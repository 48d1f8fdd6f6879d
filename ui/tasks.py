"""Background work for the app: database work on one worker (SQLite writes stay in order), long reports
on a reading worker of their own (a reader of the WAL store: the counter's work never queues behind them), devices
and network on a small pool; results come back to the main thread by a signal. Worker code never
touches a widget, and the UI thread never waits on a disk, a printer, a camera or the network."""

import itertools
import logging
import sqlite3
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.exc import DBAPIError

from printing.problems import WORDS, PrintProblem
from terminal.errors import Refused
from terminal.home import Home
from terminal.logfile import written_to
from ui.qt import core
from ui.store_problems import database_problem

log = logging.getLogger("jifen.ui")
# Workers running Python hold the interpreter lock for up to the switch interval (5 ms by default) each
# time the UI thread asks for it back; a shorter one keeps every event the UI thread handles prompt.
SWITCH_INTERVAL_S = 0.001
Done = Callable[[Any], None]
Failed = Callable[[Refused], None]


class Tasks(core.QObject):
    """The work and its callbacks are held here, on the main thread, and let go of here: a worker that dropped the
    last reference to a widget (a bound method, a closure over ``self``) would have its wrapper deleted off the
    main thread, which PySide6 hands back to the main thread, where it can crash on a widget Qt already
    deleted. So a worker only borrows the work, and the result goes back in a box the main thread empties."""

    _finished = core.Signal(int, object)  # the task's number, a box holding (result, problem)

    def __init__(self, parent: core.QObject | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._database = ThreadPoolExecutor(1, thread_name_prefix="jifen-db")
        self._reports = ThreadPoolExecutor(1, thread_name_prefix="jifen-report")
        self._devices = ThreadPoolExecutor(4, thread_name_prefix="jifen-io")
        self._finished.connect(self._deliver)
        self._numbers = itertools.count(1)
        self._waiting: dict[int, tuple[Callable[[], Any], Done | None, Failed | None]] = {}
        self.running = 0
        self.after_each: list[Callable[[], None]] = []  # called on the main thread as each task finishes
        self.home: Home | None = None  # the store's, once opened: a full disk is named by the folder it holds
        # Told of a callback that raised (a bug), once logged. The result it was handed stands (a sale recorded is
        # recorded), so the user is told, rather than the task said to have failed. None: raised on to Qt.
        self.tell: Callable[[Refused], None] | None = None
        self.closed = False

    def db(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        """Run ``work`` on the database worker; ``on_done(result)`` or ``on_error(refusal)`` on the main thread."""
        self._submit(self._database, work, on_done, on_error)

    def report(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        """Run ``work``, which only reads the store, on the reading worker: for reports that take seconds. Best
        a part at a time (the next asked for once the last is done), so that a report no longer wanted stops soon."""
        self._submit(self._reports, work, on_done, on_error)

    def io(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        """Run ``work`` on the device and network pool."""
        self._submit(self._devices, work, on_done, on_error)

    def _submit(self, pool: ThreadPoolExecutor, work: Callable[[], Any], on_done: Done | None,
                on_error: Failed | None) -> None:
        if self.closed:  # a result handed over as the app closes asked for more (the day's backup): too late
            log.info("a task asked for as the app closed was not run")
            return
        self.running += 1
        number = next(self._numbers)
        self._waiting[number] = (work, on_done, on_error)
        pool.submit(self._run, number)

    def _run(self, number: int) -> None:
        """On a worker: the only references it takes are gone before the main thread can let go of its own."""
        work = self._waiting[number][0]
        box = [_outcome(work, self.home)]
        del work
        self._finished.emit(number, box)

    def _deliver(self, number: int, box: list[tuple[Any, Refused | None]]) -> None:
        _, on_done, on_error = self._waiting.pop(number)
        result, problem = box.pop()
        self.running -= 1
        for call in self.after_each:  # first: handing the result over may close the window, and these tasks with it
            call()
        try:
            _hand_over(result, problem, on_done, on_error)
        except Exception as failure:  # noqa: BLE001 - a bug in the callback: said once, the app goes on
            if self.tell is None:  # no app around it (tests, tools): the excepthook has it
                raise
            log.error("unexpected failure in the app", exc_info=failure)
            self.tell(unexpected(failure))

    def shutdown(self) -> None:
        self.closed = True
        self._devices.shutdown(wait=True, cancel_futures=True)
        self._reports.shutdown(wait=True, cancel_futures=True)
        self._database.shutdown(wait=True)


def _hand_over(result: Any, problem: Refused | None, on_done: Done | None, on_error: Failed | None) -> None:
    if problem is not None:
        if on_error is not None:
            on_error(problem)
        else:
            log.warning("background task refused: %s", problem.en)
    elif on_done is not None:
        on_done(result)


def _outcome(work: Callable[[], Any], home: Home | None) -> tuple[Any, Refused | None]:
    try:
        return work(), None
    except Refused as refused:
        return None, refused.with_traceback(None)
    except PrintProblem as problem:  # an expected device problem: the cashier's words, no traceback
        return None, printer_refusal(problem)
    except (DBAPIError, sqlite3.DatabaseError) as failure:
        return None, _database_refusal(failure, home)
    except Exception as failure:  # noqa: BLE001 - shown as one sentence; the details go to the log
        return None, _unexpected(failure)


def _database_refusal(failure: Exception, home: Home | None) -> Refused:
    """The store's disk full, its folder read-only, its file damaged or busy: said as such (the log may be on the
    full disk too); anything else is unexpected."""
    about_store = database_problem(home, failure) if home is not None else None
    if about_store is not None:
        log.warning("%s", about_store.en, exc_info=failure)
        return about_store
    if not _store_busy(failure):
        return _unexpected(failure)
    log.warning("the store is busy: %s", failure)
    return Refused("busy", "the store is busy (another program is using it); try again in a moment",
                   "门店数据正被其他程序占用，请稍后再试")


def _unexpected(failure: Exception) -> Refused:
    log.exception("background task failed")
    return unexpected(failure)


def unexpected(failure: BaseException) -> Refused:
    """The one sentence for a failure nobody foresaw, naming the log that holds its traceback."""
    name, where = type(failure).__name__, written_to()  # None in the demo and the self-test: logs of their own
    return Refused("internal", f"something went wrong ({name}); details are in {where or 'the log'}",
                   f"出现意外错误（{name}），详情见{f' {where}' if where else '日志'}")


def _store_busy(failure: Exception) -> bool:
    """SQLite's busy or locked: another connection held the write lock past the busy timeout."""
    cause = failure.orig if isinstance(failure, DBAPIError) else failure
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return isinstance(cause, sqlite3.OperationalError) and ("locked" in str(cause) or "busy" in str(cause))


def printer_refusal(problem: PrintProblem) -> Refused:
    """In Chinese the words alone: the device's own (English) words go to the log."""
    log.warning("printer problem: %s", problem.stored())
    en, zh = WORDS[problem.code]
    return Refused("bad_printer", f"{en} ({problem.detail})" if problem.detail else en, zh)
