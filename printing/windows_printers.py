"""Which installed Windows printer a ``win32://NAME`` address means.

python-escpos takes a printer name only as the exact key Windows lists it under, so ``win32://pos-58`` for the
printer "POS-58" would be refused as if the printer were off. Windows itself does not tell names apart by case,
so neither does this; a name that is not there is a wrong setting, said with the names that are."""

from collections.abc import Sequence

from printing.problems import PrintProblem
from terminal.lang import say

NAMES_SHOWN = 8


def installed_printer_named(name: str, installed: Sequence[str]) -> str:
    """The name, as Windows lists it, of the installed printer ``name`` means (case and surrounding spaces aside)."""
    wanted = name.strip()
    if wanted in installed:
        return wanted
    for printer in installed:
        if printer.strip().casefold() == wanted.casefold():
            return printer
    raise PrintProblem("bad_printer", _not_installed(wanted, installed))


def _not_installed(name: str, installed: Sequence[str]) -> str:
    if not installed:
        return say(f"no printer named '{name}' on this computer, and no printer is installed in Windows",
                   f"本机没有名为“{name}”的打印机，Windows 中也未安装任何打印机")
    shown = installed[:NAMES_SHOWN]
    more = len(installed) - len(shown)
    names_en = ", ".join(f"'{printer}'" for printer in shown) + (f" and {more} more" if more else "")
    names_zh = "、".join(f"“{printer}”" for printer in shown) + (f"，另有 {more} 台" if more else "")
    return say(f"no printer named '{name}' on this computer; its printers are {names_en}",
               f"本机没有名为“{name}”的打印机；本机的打印机有 {names_zh}")
