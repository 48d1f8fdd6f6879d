"""Connections to a printer, one kind per URL scheme, behind one small interface.

Network and file connections are written here (a socket with a 3 s connect timeout that can wait
for status answers; a file opened for appending: a device under /dev only if it is there). USB, serial, Windows-spooler and CUPS printers go
through python-escpos's device classes, which deal with pyusb, pyserial, pywin32 and pycups.
Whatever a device does wrong comes out as a PrintProblem, never as a driver's own exception.
"""

import ipaddress
import os
import socket
import threading
from pathlib import Path
from typing import Any, Protocol

from printing.escpos_lib import device_class, root_logging_kept, usb_library_missing
from printing.printer_url import PrinterUrl
from printing.problems import PrintProblem
from printing.settings import CONNECT_TIMEOUT_S
from printing.windows_printers import installed_printer_named
from terminal.lang import say

WRITE_TIMEOUT_S = 10.0
# Where device files live: one missing there is a printer unplugged, never a file to make (root could).
DEVICE_FOLDER = Path("/dev")


class Connection(Protocol):
    """Open, write, ask (a status query and its one-byte answer, or None when none came), close."""

    url: PrinterUrl

    @property
    def reports_status(self) -> bool: ...

    def open(self) -> None: ...

    def write(self, data: bytes) -> None: ...

    def ask(self, query: bytes, timeout_s: float) -> int | None: ...

    def close(self) -> None: ...


def resolve(url: PrinterUrl, timeout_s: float) -> tuple[str, int]:
    """The printer's address, its name looked up within ``timeout_s``: the system's lookup has no
    time limit of its own, and a shop's router can leave it hanging for half a minute."""
    host, port = url.target, url.port
    try:
        ipaddress.ip_address(host)
        return host, port
    except ValueError:
        pass
    found: list[list[Any] | OSError | ValueError] = []

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, ValueError) as exc:  # ValueError: a name the system will not even try (a label over 63 letters)
            found.append(exc)

    lookup = threading.Thread(target=look_up, name="printer name lookup", daemon=True)
    lookup.start()
    lookup.join(timeout_s)
    if not found:
        raise PrintProblem("unreachable", f"{url}: the name {host} was not found within {timeout_s:g} s")
    answer = found[0]
    if isinstance(answer, ValueError):
        raise PrintProblem("bad_printer", f"{url}: {host} is not a valid host name (each part between dots is "
                           "1 to 63 letters, digits or hyphens)")
    if isinstance(answer, OSError) or not answer:
        raise PrintProblem("unreachable", f"{url}: the name {host} is not known on this network")
    return answer[0][4][0], port


class TcpConnection:
    """A network printer on a raw TCP port (9100)."""

    reports_status = True

    def __init__(self, url: PrinterUrl, connect_timeout_s: float = CONNECT_TIMEOUT_S) -> None:
        self.url = url
        self._connect_timeout_s = connect_timeout_s
        self._socket: socket.socket | None = None

    def open(self) -> None:
        address = resolve(self.url, self._connect_timeout_s)
        try:
            self._socket = socket.create_connection(address, timeout=self._connect_timeout_s)
        except TimeoutError:
            raise PrintProblem("unreachable", f"{self.url}: no connection within {self._connect_timeout_s:g} s") from None
        except OSError as exc:
            raise PrintProblem("unreachable", f"{self.url}: {exc.strerror or exc}") from None

    def write(self, data: bytes) -> None:
        assert self._socket is not None
        try:
            self._socket.settimeout(WRITE_TIMEOUT_S)
            self._socket.sendall(data)
        except TimeoutError:
            raise PrintProblem("timeout", f"{self.url}: the printer stopped taking data") from None
        except OSError as exc:
            raise PrintProblem("offline", f"{self.url}: {exc.strerror or exc}") from None

    def ask(self, query: bytes, timeout_s: float) -> int | None:
        assert self._socket is not None
        try:
            self._socket.settimeout(timeout_s)
            self._socket.sendall(query)
            answer = self._socket.recv(1)
        except OSError:  # a timeout, or the printer hung up: either way, no answer
            return None
        return answer[0] if answer else None

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


class FileConnection:
    """Bytes appended to a file (or written to a device file such as /dev/usb/lp0). A missing file is made,
    but for a device: its file is gone while the printer is unplugged, and then the printer is not reachable."""

    reports_status = False

    def __init__(self, url: PrinterUrl) -> None:
        self.url = url
        self._path = Path(url.target)
        self._file: Any = None

    def open(self) -> None:
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0)
        if not self._path.is_relative_to(DEVICE_FOLDER):
            flags |= os.O_CREAT
        try:
            self._file = os.fdopen(os.open(self._path, flags, 0o666), "ab")
        except OSError as exc:
            raise PrintProblem("unreachable", f"{self._path}: {exc.strerror or exc}") from None

    def write(self, data: bytes) -> None:
        try:
            self._file.write(data)
            self._file.flush()
        except OSError as exc:
            raise PrintProblem("offline", f"{self._path}: {exc.strerror or exc}") from None

    def ask(self, query: bytes, timeout_s: float) -> int | None:
        return None

    def close(self) -> None:
        if self._file is None:
            return
        try:
            self._file.close()  # flushes again what a failed write left in the buffer: /dev/full, a printer gone
        except OSError as exc:
            raise PrintProblem("offline", f"{self._path}: {exc.strerror or exc}") from None
        finally:
            self._file = None


def _no_usb_library(url: PrinterUrl) -> str:
    return say(f"{url}: no USB library (libusb) on this computer, so no usb:// printer can be used: install libusb-1.0, "
               "or connect the printer another way",
               f"{url}：本机没有 USB 库（libusb），无法使用 usb:// 打印机：请安装 libusb-1.0，或改用其他连接方式")


class EscposDeviceConnection:
    """A USB, serial, Windows or CUPS printer through python-escpos. A Windows or CUPS printer is reached through
    a spooler, which takes the job whether or not the printer is on: it reports no status."""

    def __init__(self, url: PrinterUrl, answer_timeout_s: float) -> None:
        self.url = url
        self.reports_status = url.scheme in ("usb", "serial")
        self._device: Any = None
        self._answer_timeout_s = answer_timeout_s

    def _make(self, cls: Any) -> Any:
        u = self.url
        if u.scheme == "usb":
            endpoints = {k: int(v, 16) for k, v in u.options.items() if k in ("in_ep", "out_ep")}
            return cls(u.vendor, u.product, timeout=int(CONNECT_TIMEOUT_S * 1000), **endpoints)
        if u.scheme == "serial":
            return cls(devfile=u.target, baudrate=u.baud, timeout=self._answer_timeout_s)
        if u.scheme == "win32":
            listed = list(cls(u.target).printers)  # the names Windows lists, which python-escpos takes only exactly
            return cls(installed_printer_named(u.target, listed))
        return cls(u.target)

    def open(self) -> None:
        cls = device_class(self.url.scheme)  # refuses when the connection's library is missing
        self._device = self._call("unreachable", self._make, cls)
        self._call("unreachable", self._device.open)
        if self.url.scheme == "serial":  # python-escpos sets no write timeout; with flow control a write could wait forever
            self._device.device.write_timeout = WRITE_TIMEOUT_S

    def _call(self, code: str, action: Any, *args: Any) -> Any:
        try:
            with root_logging_kept():
                return action(*args)
        except PrintProblem:
            raise
        except Exception as exc:  # noqa: BLE001  (drivers raise their own kinds: USBError, SerialException…)
            if usb_library_missing(exc):  # no cable or switch would help: say what is missing
                raise PrintProblem("bad_printer", _no_usb_library(self.url)) from None
            said = " ".join(str(exc).split())  # python-escpos puts a line break in its messages: the detail is one line
            raise PrintProblem(code, f"{self.url}: {said}") from None

    def write(self, data: bytes) -> None:
        self._call("offline", self._device._raw, data)

    def ask(self, query: bytes, timeout_s: float) -> int | None:
        def exchange() -> bytes:
            self._device._raw(query)
            port = self._device.device
            if self.url.scheme == "serial":
                return bytes(port.read(1))  # pyserial waits at most its timeout, the answer timeout
            return bytes(port.read(self._device.in_ep, 16, int(timeout_s * 1000)))  # pyusb

        try:
            answer = self._call("offline", exchange)
        except PrintProblem:  # a timeout or a read error: no answer
            return None
        return answer[-1] if answer else None

    def close(self) -> None:
        if self._device is not None:
            try:
                self._call("offline", self._device.close)
            finally:
                self._device = None


def connection_for(url: PrinterUrl, answer_timeout_s: float) -> Connection:
    if url.scheme == "tcp":
        return TcpConnection(url)
    if url.scheme == "file":
        return FileConnection(url)
    return EscposDeviceConnection(url, answer_timeout_s)
