"""QR decoders behind one interface: zxing-cpp (the default, chosen by bench/scan_bench.py) and pyzbar.

A decoder takes a grayscale image and returns the texts of the QR codes it reads, light-on-dark
ones included. Each library is imported when its decoder is made, so a missing one is a clear
refusal naming the fix, and the other decoder still works.
"""

from collections.abc import Callable
from typing import Protocol

import numpy as np

from terminal.errors import Refused

DEFAULT_DECODER = "zxing"


class Decoder(Protocol):
    name: str

    def decode(self, gray: np.ndarray) -> list[str]:
        """The texts of the QR codes in a 2-D uint8 image, in the order found."""
        ...


def _missing(library: str, fix_en: str, fix_zh: str, other: str) -> Refused:
    return Refused("not_found", f"the {library} decoder is not available: {fix_en}; or choose --decoder {other}",
                   f"{library} 解码库不可用：{fix_zh}；或改用 --decoder {other}")


class ZxingDecoder:
    """zxing-cpp: fast, reads inverted (dark-mode) codes itself, self-contained wheels on every platform."""

    name = "zxing"

    def __init__(self) -> None:
        try:
            import zxingcpp
        except ImportError:
            raise _missing("zxing-cpp", "install it with 'pip install zxing-cpp'", "请运行 pip install zxing-cpp 安装",
                           "pyzbar") from None
        self._zxing = zxingcpp
        self._formats = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)

    def decode(self, gray: np.ndarray) -> list[str]:
        found = self._zxing.read_barcodes(np.ascontiguousarray(gray), formats=self._formats, try_invert=True)
        return [result.text for result in found if result.text]


class PyzbarDecoder:
    """pyzbar over the system's zbar library (libzbar0 on Debian/Ubuntu, bundled in the Windows wheel)."""

    name = "pyzbar"

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar  # type: ignore[import-untyped]
        except ImportError:  # the Python package, or the zbar library it loads
            raise _missing("pyzbar", "install the zbar library ('sudo apt install libzbar0') and 'pip install pyzbar'",
                           "请安装 zbar 库（sudo apt install libzbar0）并运行 pip install pyzbar", "zxing") from None
        self._pyzbar = pyzbar
        self._symbols = [pyzbar.ZBarSymbol.QRCODE]

    def decode(self, gray: np.ndarray) -> list[str]:
        image = np.ascontiguousarray(gray)
        found = self._pyzbar.decode(image, symbols=self._symbols)
        if not found:  # zbar reads dark-on-light only
            found = self._pyzbar.decode(np.ascontiguousarray(255 - image), symbols=self._symbols)
        return [_as_text(result.data) for result in found if result.data]


def _as_text(data: bytes) -> str:
    """zbar guesses the character set of a code without one and hands back UTF-8 of Shift-JIS (or
    Latin-1) decoding; a code written as UTF-8, as Chinese text is, is undone back to what it said."""
    text = data.decode("utf-8", errors="replace")
    if text.isascii():
        return text
    for guessed in ("shift_jis", "latin-1"):
        try:
            return text.encode(guessed).decode("utf-8")
        except UnicodeError:
            continue
    return text


DECODERS: dict[str, Callable[[], Decoder]] = {"zxing": ZxingDecoder, "pyzbar": PyzbarDecoder}


def make_decoder(name: str = DEFAULT_DECODER) -> Decoder:
    maker = DECODERS.get(name)
    if maker is None:
        raise Refused("bad_input", f"unknown decoder '{name}': choose {' or '.join(DECODERS)}",
                      f"未知解码器“{name}”：请选择 {' 或 '.join(DECODERS)}")
    return maker()
