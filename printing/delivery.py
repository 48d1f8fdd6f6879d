"""Sending bytes to a printer without ever waiting forever, and knowing whether they printed.

Before sending, the printer is asked how it is: out of paper, cover open or offline means nothing
is sent (but a cash sale's drawer is still kicked open: the drawer works without paper). With
``confirm`` on, a printer that can report status must answer before and after: an answer after
the data means it took the data; silence means nothing is known, and the print counts as failed.
"""

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


def deliver(connection: Connection, data: bytes, *, confirm: bool, answer_timeout_s: float,
            drawer_kick: bytes | None = None) -> Delivered:
    connection.open()
    try:
        asks = connection.reports_status
        before = read_state(connection, answer_timeout_s)
        if before.stops_printing:
            if drawer_kick:
                connection.write(drawer_kick)
            raise PrintProblem(before.value)
        if asks and confirm and before is PrinterState.UNKNOWN:
            raise PrintProblem("timeout", f"{connection.url}: no answer to a status query")
        connection.write(data)
        after = read_state(connection, answer_timeout_s) if asks and confirm else PrinterState.UNKNOWN
        if asks and confirm and after is PrinterState.UNKNOWN:
            raise PrintProblem("no_answer", f"{connection.url}: no answer after the data was sent")
        if after.stops_printing:  # it ran out, or was opened, while printing
            raise PrintProblem(after.value)
        connection.close()  # a CUPS job is handed over on close: a failure there is a failed print
        return Delivered(after)
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
