"""Asking a printer how it is (DLE EOT): ready, paper low, paper out, cover open, offline, or unknown.

No answer, or an answer that is not a status byte, is *unknown*: never read as "no paper".
"""

from enum import Enum

from printing.connections import Connection

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4


class PrinterState(Enum):
    READY = "ready"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"

    @property
    def stops_printing(self) -> bool:
        return self in (PrinterState.PAPER_OUT, PrinterState.COVER_OPEN, PrinterState.OFFLINE)


def _is_status_byte(value: int | None) -> bool:
    # Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear.
    return value is not None and value & 0x93 == 0x12


def _ask(connection: Connection, which: int, timeout_s: float) -> int | None:
    answer = connection.ask(DLE_EOT + bytes([which]), timeout_s)
    return answer if _is_status_byte(answer) else None


def read_state(connection: Connection, timeout_s: float) -> PrinterState:
    """The printer's state over an open connection; one unanswered query ends the asking."""
    if not connection.reports_status:
        return PrinterState.UNKNOWN
    printer = _ask(connection, PRINTER, timeout_s)
    if printer is None:
        return PrinterState.UNKNOWN
    cause = _ask(connection, OFFLINE_CAUSE, timeout_s)
    paper = _ask(connection, PAPER_SENSOR, timeout_s) if cause is not None else None
    if (paper is not None and paper & 0x60) or (cause is not None and cause & 0x20):
        return PrinterState.PAPER_OUT
    if cause is not None and cause & 0x04:
        return PrinterState.COVER_OPEN
    if printer & 0x08:
        return PrinterState.OFFLINE
    if paper is not None and paper & 0x0C:
        return PrinterState.PAPER_LOW
    return PrinterState.READY
