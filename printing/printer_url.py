"""Printer addresses: ``tcp://HOST:9100``, ``usb://VID:PID``, ``serial:///dev/ttyUSB0?baud=19200``,
``win32://PRINTER NAME``, ``cups://QUEUE`` and ``file:///PATH``."""

import re
import sys
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from terminal.errors import Refused

SCHEMES = ("tcp", "usb", "serial", "win32", "cups", "file")
_FORMS = ("tcp://HOST:9100", "usb://VID:PID", "serial:///dev/ttyUSB0?baud=19200", "win32://NAME", "cups://QUEUE",
          "file:///PATH")
_HEX = re.compile(r"(0x)?[0-9a-fA-F]{1,4}")
BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_COM_PORT = re.compile(r"/com(\d+)", re.IGNORECASE)  # serial:///COM3, written like serial:///dev/ttyUSB0
# The computer the addresses are for when a caller does not say (sys.platform); a test of the command line sets it.
THIS_COMPUTER = sys.platform


@dataclass(frozen=True)
class PrinterUrl:
    scheme: str
    target: str  # host, device, printer name, queue or path
    port: int = 9100
    vendor: int = 0
    product: int = 0
    baud: int = 9600
    options: dict[str, str] = field(default_factory=dict)
    text: str = ""

    def __str__(self) -> str:
        return self.text


def _bad(url: str, why_en: str, why_zh: str) -> Refused:
    return Refused("bad_printer", f"'{url}' is not a printer address ({why_en}); use {', '.join(_FORMS[:-1])} or {_FORMS[-1]}",
                   f"“{url}”不是有效的打印机地址（{why_zh}）；请用 {'、'.join(_FORMS[:-1])} 或 {_FORMS[-1]}")


def _usb_id(url: str, text: str) -> int:
    if not _HEX.fullmatch(text):
        raise _bad(url, "the vendor and product ids are hexadecimal, like 0416:5011", "厂商号和产品号应为十六进制，如 0416:5011")
    return int(text, 16)


def _usb_on_windows(url: str) -> Refused:
    return Refused("bad_printer", f"'{url}': on Windows a USB printer prints through its Windows driver: use "
                   "win32://PRINTER NAME (the name in Devices and Printers)",
                   f"“{url}”：在 Windows 上 USB 打印机要通过它的 Windows 驱动打印：请用 win32://打印机名称"
                   "（“设备和打印机”中的名称）")


def parse_printer_url(url: str, platform: str | None = None) -> PrinterUrl:
    """``platform``: the computer that prints (a ``sys.platform`` value), this one when not given. On Windows
    usb:// is refused: the bundle has no libusb, and a printer with its vendor's driver cannot be opened through it."""
    text = url.strip()
    scheme, sep, _ = text.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in SCHEMES:
        raise _bad(url, "unknown kind of connection", "未知的连接方式")
    if scheme == "usb" and (platform or THIS_COMPUTER) == "win32":
        raise _usb_on_windows(url)
    if scheme == "win32":
        name = unquote(text[len("win32://"):]).strip()
        if not name:
            raise _bad(url, "no printer name", "缺少打印机名称")
        return PrinterUrl("win32", name, text=text)
    try:
        parts = urlsplit(text)
    except ValueError:  # an unclosed [ of an IPv6 address, or a bracketed host that is not one
        raise _bad(url, "its [ ] brackets are unmatched or hold no IPv6 address; an IPv6 printer is tcp://[fe80::1]:9100",
                   "方括号 [ ] 不成对或其中不是 IPv6 地址；IPv6 打印机应写作 tcp://[fe80::1]:9100") from None
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if scheme == "tcp":
        try:
            host, port = parts.hostname, parts.port or 9100
        except ValueError:
            raise _bad(url, "the port is not a number from 1 to 65535", "端口应为 1 到 65535 的数字") from None
        if not host:
            raise _bad(url, "no host", "缺少主机地址")
        if parts.port == 0:
            raise _bad(url, "the port is not a number from 1 to 65535", "端口应为 1 到 65535 的数字")
        return PrinterUrl("tcp", host, port=port, text=text)
    if scheme == "usb":
        vendor, colon, product = parts.netloc.partition(":")
        if not colon:
            raise _bad(url, "write usb://VID:PID", "应写作 usb://VID:PID")
        for key, value in query.items():
            if key not in ("in_ep", "out_ep") or not _HEX.fullmatch(value):
                raise _bad(url, "the only options are in_ep and out_ep, in hexadecimal (usb://0416:5011?out_ep=0x03)",
                           "仅支持十六进制的 in_ep 和 out_ep 选项")
        return PrinterUrl("usb", parts.netloc, vendor=_usb_id(url, vendor), product=_usb_id(url, product),
                          options=query, text=text)
    if scheme == "serial":
        device = unquote(parts.netloc + parts.path)
        if com_port := _COM_PORT.fullmatch(device):  # pyserial on Windows cannot open /COM3
            device = f"COM{com_port.group(1)}"
        baud = query.get("baud", "9600")
        if not device:
            raise _bad(url, "no serial device", "缺少串口设备")
        if not baud.isdigit() or int(baud) not in BAUD_RATES:
            raise _bad(url, f"baud must be one of {', '.join(map(str, BAUD_RATES))}", "波特率不正确")
        return PrinterUrl("serial", device, baud=int(baud), text=text)
    if scheme == "cups":
        queue = unquote((parts.netloc + parts.path).strip("/"))
        if not queue:
            raise _bad(url, "no queue name", "缺少打印队列名称")
        return PrinterUrl("cups", queue, text=text)
    path = unquote(parts.path)
    if parts.netloc not in ("", "localhost") or not path.startswith("/"):
        raise _bad(url, "a file address is file:///ABSOLUTE/PATH", "文件地址应为 file:///绝对路径")
    if re.match(r"/[A-Za-z]:/", path):  # file:///C:/receipts.bin on Windows
        path = path[1:]
    return PrinterUrl("file", path, text=text)
