"""Background work for the app: database work on one worker (SQLite writes stay in order), devices
and network on a small pool; results come back to the main thread by a signal. Worker code never
touches a widget, and the UI thread never waits on a disk, a printer, a camera or the network."""

import logging
import sqlite3
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError

from printing.problems import WORDS, PrintProblem
from terminal.errors import Refused
from ui.qt import core

log = logging.getLogger("jifen.ui")
T = TypeVar("T")
# Workers running Python hold the interpreter lock for up to the switch interval (5 ms by default) each
# time the UI thread asks for it back; a shorter one keeps every event the UI thread handles prompt.
SWITCH_INTERVAL_S = 0.001
Done = Callable[[Any], None]
Failed = Callable[[Refused], None]


class Tasks(core.QObject):
    _finished = core.Signal(object, object, object, object)  # on_done, on_error, result, problem

    def __init__(self, parent: core.QObject | None = None) -> None:
        super().__init__(parent)
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self._database = ThreadPoolExecutor(1, thread_name_prefix="jifen-db")
        self._devices = ThreadPoolExecutor(4, thread_name_prefix="jifen-io")
        self._finished.connect(self._deliver)
        self.running = 0
        self.after_each: list[Callable[[], None]] = []  # called on the main thread as each task finishes

    def db(self, work: Callable[[], T], on_done: Done | None = None, on_error: Failed | None = None) -> Future[T]:
        """Run ``work`` on the database worker; ``on_done(result)`` or ``on_error(refusal)`` on the main thread."""
        return self._submit(self._database, work, on_done, on_error)

    def io(self, work: Callable[[], T], on_done: Done | None = None, on_error: Failed | None = None) -> Future[T]:
        """Run ``work`` on the device and network pool."""
        return self._submit(self._devices, work, on_done, on_error)

    def _submit(self, pool: ThreadPoolExecutor, work: Callable[[], T], on_done: Done | None,
                on_error: Failed | None) -> Future[T]:
        self.running += 1
        future = pool.submit(work)
        future.add_done_callback(lambda f: self._finished.emit(on_done, on_error, *_outcome(f)))
        return future

    def _deliver(self, on_done: Done | None, on_error: Failed | None, result: Any, problem: Refused | None) -> None:
        self.running -= 1
        for call in self.after_each:  # first: handing the result over may close the window, and these tasks with it
            call()
        if problem is not None:
            if on_error is not None:
                on_error(problem)
            else:
                log.warning("background task refused: %s", problem.en)
        elif on_done is not None:
            on_done(result)

    def shutdown(self) -> None:
        self._devices.shutdown(wait=True, cancel_futures=True)
        self._database.shutdown(wait=True)


def _outcome(future: Future[Any]) -> tuple[Any, Refused | None]:
    try:
        return future.result(), None
    except Refused as refused:
        return None, refused
    except PrintProblem as problem:  # an expected device problem: the cashier's words, no traceback
        return None, printer_refusal(problem)
    except (DBAPIError, sqlite3.OperationalError) as failure:
        if not _store_busy(failure):
            return None, _unexpected(failure)
        log.warning("the store is busy: %s", failure)
        return None, Refused("locked", "the store is busy (another program is using it); try again in a moment",
                             "门店数据正被其他程序占用，请稍后再试")
    except Exception as failure:  # noqa: BLE001 - shown as one sentence; the details go to the log
        return None, _unexpected(failure)


def _unexpected(failure: Exception) -> Refused:
    log.exception("background task failed")
    return Refused("internal", f"something went wrong ({type(failure).__name__}); details are in the log",
                   f"出现意外错误（{type(failure).__name__}），详情见日志")


def _store_busy(failure: Exception) -> bool:
    """SQLite's busy or locked: another connection held the write lock past the busy timeout."""
    cause = failure.orig if isinstance(failure, DBAPIError) else failure
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return isinstance(cause, sqlite3.OperationalError) and ("locked" in str(cause) or "busy" in str(cause))


def printer_refusal(problem: PrintProblem) -> Refused:
    en, zh = WORDS[problem.code]
    detail = f" ({problem.detail})" if problem.detail else ""
    return Refused("bad_printer", en + detail, zh + detail)
