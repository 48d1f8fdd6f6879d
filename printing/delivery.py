"""Sending bytes to a printer without ever waiting forever, and knowing whether they printed.

Before sending, the printer is asked how it is: out of paper, cover open or offline means nothing
is sent (but a cash sale's drawer is still kicked open: the drawer works without paper). No answer
is *unknown*, never a reason not to print: the data is sent. With ``confirm`` on, a printer that
can report status is asked again after the data: an answer means it took the data; silence means
nothing is known (``no_answer``: it may have printed). A problem once the data started going out
is marked ``may_have_printed``: part or all of the document may be on the paper. ``before_data`` runs
just before the first byte of the document goes out (a queue records there that the job may print), and
``before_kick`` just before a drawer kick sent alone.
"""

from collections.abc import Callable
from dataclasses import dataclass

from printing.connections import Connection
from printing.problems import PrintProblem
from printing.status import PrinterState, read_state


@dataclass(frozen=True)
class Delivered:
    state: PrinterState  # as the printer said after printing; UNKNOWN where it cannot say


def _close_quietly(connection: Connection) -> None:
    try:
        connection.close()
    except PrintProblem:
        pass


def _send(connection: Connection, data: bytes, confirm: bool, answer_timeout_s: float) -> Delivered:
    connection.write(data)
    asks = connection.reports_status and confirm
    after = read_state(connection, answer_timeout_s) if asks else PrinterState.UNKNOWN
    if asks and after is PrinterState.UNKNOWN:
        raise PrintProblem("no_answer", f"{connection.url}: no answer after the data was sent")
    if after.stops_printing:  # it ran out, or was opened, while printing
        raise PrintProblem(after.value)
    connection.close()  # a CUPS job is handed over on close: a failure there is a failed print
    return Delivered(after)


def deliver(connection: Connection, data: bytes, *, confirm: bool, answer_timeout_s: float,
            drawer_kick: bytes | None = None, before_data: Callable[[], None] | None = None,
            before_kick: Callable[[], None] | None = None) -> Delivered:
    connection.open()
    try:
        before = read_state(connection, answer_timeout_s)
        if before.stops_printing:
            if drawer_kick:
                if before_kick is not None:
                    before_kick()
                connection.write(drawer_kick)
            raise PrintProblem(before.value)
        if before_data is not None:
            before_data()
        try:
            return _send(connection, data, confirm, answer_timeout_s)
        except PrintProblem as problem:
            problem.may_have_printed = True
            raise
    except BaseException:
        _close_quietly(connection)
        raise


def check_state(connection: Connection, answer_timeout_s: float) -> PrinterState:
    """Only ask; for `jifen printer status`."""
    connection.open()
    try:
        return read_state(connection, answer_timeout_s)
    finally:
        _close_quietly(connection)
