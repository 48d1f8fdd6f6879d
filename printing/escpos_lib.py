"""The one place python-escpos is imported, and only when it is needed: a printer model's profile,
or a USB, serial, Windows or CUPS connection.

python-escpos 3.1 calls ``logging.basicConfig()`` when imported and logs through the root
logger's module functions (``logging.info(...)``), which configure the root logger whenever it
has no handler. Either would send the application's log records to the console. So the root
logger gets a do-nothing handler while python-escpos code runs, and loses it afterwards.
"""

import logging
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from terminal.errors import Refused

# scheme → (module in escpos.printer, class, what to install when it is missing)
_DEVICES = {
    "usb": ("usb", "Usb", "pyusb (and libusb)"),
    "serial": ("serial", "Serial", "pyserial"),
    "win32": ("win32raw", "Win32Raw", "pywin32 (Windows only)"),
    "cups": ("cups", "CupsPrinter", "pycups (and CUPS)"),
}


@contextmanager
def root_logging_kept() -> Iterator[None]:
    root = logging.getLogger()
    guard = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(guard)
    try:
        yield
    finally:
        if added:
            root.removeHandler(guard)


@lru_cache(maxsize=1)
def capabilities() -> dict[str, Any]:
    """python-escpos's printer database (profiles of printer models)."""
    own_cache = "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ
    with root_logging_kept():
        from escpos import capabilities as caps  # type: ignore[import-untyped]
    if not own_cache:
        # It pickles the database into a fresh temporary folder on every import; do not leave them behind.
        shutil.rmtree(caps.pickle_dir, ignore_errors=True)
    data: dict[str, Any] = caps.CAPABILITIES
    return data


def device_class(scheme: str) -> Any:
    """The python-escpos printer class for a connection scheme, or a clear refusal when its library is missing."""
    module_name, class_name, package = _DEVICES[scheme]
    capabilities()
    with root_logging_kept():
        module = __import__(f"escpos.printer.{module_name}", fromlist=[class_name])
    if not module.is_usable():
        raise Refused("bad_printer", f"{scheme}:// printers need {package}, which is not installed",
                      f"{scheme}:// 打印机需要 {package}，尚未安装")
    return getattr(module, class_name)


def usb_library_missing(exc: BaseException) -> bool:
    """pyusb found no libusb to work through (``NoBackendError``): no USB printer can be opened on this computer."""
    usb_core = sys.modules.get("usb.core")  # never imported: no USB device was tried, so not its error
    return usb_core is not None and isinstance(exc, usb_core.NoBackendError)
