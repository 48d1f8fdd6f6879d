"""CSV files that Excel opens correctly on a Chinese or English Windows: UTF-8 with a byte-order
mark (without it Excel reads the file as GBK and the Chinese is garbled), CRLF line ends, and
amounts as plain numbers in yuan with two decimals (no currency sign, no thousands separator, so
Excel can add them up)."""

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from terminal.errors import Refused
from terminal.files import write_atomically

BOM = "\ufeff"
Cell = str | int


def yuan(fen: int) -> str:
    """Fen as a yuan amount for a spreadsheet: ``123456`` → ``1234.56``, ``-5`` → ``-0.05``."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def csv_bytes(sections: Iterable[Sequence[Sequence[Cell]]]) -> bytes:
    """Sections of rows (each section's first row its header), a blank row between sections."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for number, rows in enumerate(sections):
        if number:
            writer.writerow([])
        writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return (BOM + out.getvalue()).encode("utf-8")


def _safe(cell: Cell) -> str:
    """A name that starts like a formula (=, +, -, @) is text to Excel, not something to run."""
    text = str(cell)
    if isinstance(cell, str) and (text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _is_number(text))):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class OpenElsewhere(Refused):
    """The file is open in another program (Excel, WPS): closing it there is the fix, not another folder."""


def save_file(path: Path, data: bytes) -> None:
    """``write_atomically``, with a failure said in words (a full disk, a folder that may not be written, the last
    export still open in a spreadsheet)."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        if isinstance(exc, PermissionError) and exc.filename2 is not None and Path(exc.filename2) == path \
                and path.exists():  # putting the new file in its place: Windows' Excel and WPS lock the file they show
            raise OpenElsewhere("bad_input", f"{path} cannot be written: it may be open in Excel or WPS; close it there "
                                "and export again", f"无法写入 {path}：它可能正在 Excel 或 WPS 中打开；请在那里关闭它，然后重新导出") from None
        reason = exc.strerror or str(exc)
        raise Refused("bad_input", f"{path} cannot be written ({reason})", f"无法写入 {path}（{reason}）") from None
