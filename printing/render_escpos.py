"""A page as ESC/POS bytes. Text bytes are made here, not by python-escpos's encoder: ASCII as is,
everything else as GB18030 inside the printer's Chinese mode (FS & … FS .), as the profile needs."""

from PIL import Image

from printing.charset import gb_bytes
from printing.layout import Line, Page, QrLine
from printing.profiles import PrinterProfile
from printing.qr import qr_picture
from printing.settings import ChineseMode

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
INIT = ESC + b"@"
CHINESE_ON, CHINESE_OFF = FS + b"&", FS + b"."
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
DOUBLE_ON, DOUBLE_OFF = GS + b"!\x11", GS + b"!\x00"
ALIGN_LEFT, ALIGN_CENTER = ESC + b"a\x00", ESC + b"a\x01"
DRAWER_KICK = ESC + b"p\x00\x19\xfa"  # pin 2, 50 ms on, 500 ms off
CUTS = {"partial": GS + b"V\x01", "full": GS + b"V\x00"}
QR_ECC_M = 49
RASTER_BAND_ROWS = 128  # small printers have small buffers: send a picture in bands
_INVERT = bytes(255 - n for n in range(256))


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([lines])


def encode_text(text: str, chinese: ChineseMode) -> bytes:
    """Printable text as bytes; in ``switch`` mode every run of Chinese is wrapped in FS & … FS ."""
    if text.isascii():
        return text.encode("ascii")
    out = bytearray()
    in_chinese = False
    switch = chinese == "switch"
    for ch in text:
        if ch < "\x80":
            if in_chinese:
                out += CHINESE_OFF
                in_chinese = False
            out.append(ord(ch))
        else:
            if switch and not in_chinese:
                out += CHINESE_ON
                in_chinese = True
            out += gb_bytes(ch)
    if in_chinese:
        out += CHINESE_OFF
    return bytes(out)


def _gs_k(function: int, parameters: bytes) -> bytes:
    size = len(parameters) + 2
    return GS + b"(k" + bytes([size & 0xFF, size >> 8, 49, function]) + parameters


def qr_native(payload: str, module_dots: int) -> bytes:
    """GS ( k: model 2, module size, error correction M, store the data, print it."""
    return (_gs_k(65, bytes([50, 0])) + _gs_k(67, bytes([module_dots])) + _gs_k(69, bytes([QR_ECC_M]))
            + _gs_k(80, b"0" + payload.encode("utf-8")) + _gs_k(81, b"0"))


def raster(picture: Image.Image, dots: int) -> bytes:
    """GS v 0 bands of a 1-bit picture, centred on the paper (1 = black on the printer, white in Pillow)."""
    width_bytes = dots // 8
    canvas = Image.new("1", (width_bytes * 8, picture.height), 1)
    canvas.paste(picture, (max(0, (width_bytes * 8 - picture.width) // 2), 0))
    data = canvas.tobytes().translate(_INVERT)
    out = bytearray()
    for top in range(0, picture.height, RASTER_BAND_ROWS):
        rows = min(RASTER_BAND_ROWS, picture.height - top)
        out += GS + b"v0\x00" + bytes([width_bytes & 0xFF, width_bytes >> 8, rows & 0xFF, rows >> 8])
        out += data[top * width_bytes:(top + rows) * width_bytes]
    return bytes(out)


def _qr(payload: str, profile: PrinterProfile) -> bytes:
    if profile.native_qr:
        return ALIGN_CENTER + qr_native(payload, profile.qr_module_dots) + ALIGN_LEFT
    return raster(qr_picture(payload, profile.qr_module_dots), profile.dots)


def _line(line: Line, chinese: ChineseMode) -> bytes:
    body = encode_text(line.text, chinese)
    if line.double:
        body = DOUBLE_ON + body + DOUBLE_OFF
    if line.bold:
        body = BOLD_ON + body + BOLD_OFF
    return body + b"\n"


def to_escpos(page: Page, profile: PrinterProfile, chinese: ChineseMode) -> bytes:
    """The whole print: reset, the drawer kick if asked for, the lines, then feed and cut as the printer allows."""
    out = bytearray(INIT)
    if chinese == "always":
        out += CHINESE_ON
    if page.open_drawer and profile.drawer:
        out += DRAWER_KICK
    for line in page.lines:
        out += _qr(line.payload, profile) if isinstance(line, QrLine) else _line(line, chinese)
    if profile.cut:
        out += feed(4) + CUTS[profile.cut]
    else:
        out += feed(5)  # past the tear bar
    return bytes(out)


def drawer_kick_only() -> bytes:
    """Open the cash drawer without printing: used when the paper is out on a cash sale."""
    return INIT + DRAWER_KICK
