"""A small ESC/POS reader for tests: what a printer would do with the bytes.

It reads back the text (ASCII, and GB18030 between FS & and FS .), with each line's width in
columns as a Chinese printer prints it, bold, double size and alignment (ESC a); QR codes (the data of
GS ( k with the model, module size and error correction it was printed with, or the picture of GS v 0
decoded with zbar, with where it sits on the paper and its module size and error correction read off
the picture); cuts, feeds and cash-drawer kicks; status queries. A
byte a GBK printer would print as junk (above 0x7F outside Chinese mode, or a four-byte GB18030
sequence on a printer without those) is recorded in ``junk``; a command it does not know raises.
"""

from dataclasses import dataclass, field

from PIL import Image, ImageOps
from pyzbar import pyzbar  # type: ignore[import-untyped]

ESC, GS, FS, DLE, LF = 0x1B, 0x1D, 0x1C, 0x10, 0x0A
ALIGNMENTS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
QR_MODELS: dict[int, int | str] = {49: 1, 50: 2, 51: "micro"}
QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}  # GS ( k function 69
FORMAT_LEVELS = {1: "L", 0: "M", 3: "Q", 2: "H"}  # the two level bits of a QR symbol's format information
# After ESC @ (or at power on) a printer draws model 2, 3-dot modules, error correction L.
QR_DEFAULTS = (2, 3, "L")


@dataclass
class PrintedLine:
    text: str = ""
    columns: int = 0
    bold_text: str = ""
    double: bool = False
    align: str = "left"  # as ESC a stood when the line's first character came

    @property
    def bold(self) -> bool:
        return bool(self.bold_text.strip())


@dataclass
class NativeQr:
    """A QR code the printer drew itself (GS ( k function 81), with the settings in force then."""
    data: str
    model: int | str
    module_dots: int
    level: str  # error correction: L, M, Q or H
    align: str


@dataclass
class Picture:
    """A raster picture (GS v 0), as wide as it was sent; where its black part sits on it."""
    image: Image.Image
    align: str

    @property
    def box(self) -> tuple[int, int, int, int]:
        """Left, top, right, bottom of the black part (1-bit: 0 is black)."""
        box = ImageOps.invert(self.image.convert("L")).getbbox()
        assert box is not None, "a blank picture"
        return box

    @property
    def margins(self) -> tuple[int, int]:
        """White dots left and right of the black part."""
        left, _, right, _ = self.box
        return left, self.image.width - right

    def _black(self, x: int, y: int) -> bool:
        return self.image.getpixel((x, y)) == 0

    @property
    def qr_module_dots(self) -> int:
        """A QR code's module size: its top-left finder pattern is a black run 7 modules wide."""
        left, top, right, _ = self.box
        run = next((x for x in range(left, right) if not self._black(x, top)), right) - left
        assert run % 7 == 0, f"a finder pattern {run} dots wide"
        return run // 7

    @property
    def qr_level(self) -> str:
        """A QR code's error correction, from the format information beside its top-left finder pattern."""
        left, top, _, _ = self.box
        size = self.qr_module_dots

        def module(row: int, col: int) -> int:
            return int(self._black(left + col * size + size // 2, top + row * size + size // 2))

        bits = sum(module(8, col) << (14 - col) for col in range(6)) | module(8, 7) << 8
        bits |= sum(module(row, 8) << bit for bit, row in enumerate((0, 1, 2, 3, 4, 5, 7, 8)))
        return FORMAT_LEVELS[(bits ^ 0x5412) >> 13]


@dataclass
class Printout:
    lines: list[PrintedLine] = field(default_factory=list)
    qr_codes: list[str] = field(default_factory=list)
    qr_native: int = 0
    native_qrs: list[NativeQr] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)
    feeds: int = 0
    drawer_kicks: int = 0
    status_queries: list[int] = field(default_factory=list)
    chinese_switches: int = 0
    junk: list[bytes] = field(default_factory=list)
    resets: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def widest(self) -> int:
        return max((line.columns for line in self.lines), default=0)

    def find(self, fragment: str) -> list[PrintedLine]:
        return [line for line in self.lines if fragment in line.text]


class _Reader:
    def __init__(self, data: bytes, four_byte_ok: bool) -> None:
        self.data, self.at = data, 0
        self.out = Printout()
        self.line = PrintedLine()
        self.bold = False
        self.scale = (1, 1)
        self.chinese = False
        self.four_byte_ok = four_byte_ok
        self.qr_store = b""
        self.qr_settings: tuple[int | str, int, str] = QR_DEFAULTS
        self.align = "left"
        self.raster: list[Image.Image] = []

    def take(self, count: int) -> bytes:
        if self.at + count > len(self.data):
            raise ValueError(f"command cut short at byte {self.at}")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def put(self, ch: str, wide: bool) -> None:
        columns = (2 if wide else 1) * self.scale[0]
        if not self.line.text:
            self.line.align = self.align
        self.line.text += ch
        self.line.columns += columns
        self.line.bold_text += ch if self.bold else " "
        self.line.double = self.line.double or self.scale != (1, 1)

    def end_line(self) -> None:
        self.out.lines.append(self.line)
        self.line = PrintedLine()

    def flush_raster(self) -> None:
        if not self.raster:
            return
        width = max(band.width for band in self.raster)
        picture = Image.new("1", (width, sum(band.height for band in self.raster)), 1)
        top = 0
        for band in self.raster:
            picture.paste(band, (0, top))
            top += band.height
        self.raster = []
        self.out.images.append(picture)
        self.out.pictures.append(Picture(picture, self.align))
        framed = Image.new("L", (picture.width + 80, picture.height + 80), 255)
        framed.paste(picture.convert("L"), (40, 40))
        self.out.qr_codes += [found.data.decode("utf-8") for found in pyzbar.decode(framed)]

    def text_byte(self, byte: int) -> None:
        if byte < 0x80:
            self.put(chr(byte), wide=False)
            return
        if not self.chinese or not 0x81 <= byte <= 0xFE:
            self.out.junk.append(bytes([byte]))
            return
        second = self.take(1)[0]
        raw = bytes([byte, second])
        if 0x30 <= second <= 0x39:
            raw += self.take(2)
            if not self.four_byte_ok:
                self.out.junk.append(raw)
                return
        try:
            self.put(raw.decode("gb18030"), wide=True)
        except UnicodeDecodeError:
            self.out.junk.append(raw)

    def gs_k(self) -> None:
        size_low, size_high = self.take(2)
        body = self.take(size_low + 256 * size_high)
        cn, fn = body[0], body[1]
        if cn != 49:
            raise ValueError(f"GS ( k for symbol {cn} is not a QR code")
        model, module_dots, level = self.qr_settings
        if fn == 65:
            if body[2] not in QR_MODELS or body[3] != 0:
                raise ValueError(f"GS ( k 65: no QR model {body[2]} {body[3]}")
            self.qr_settings = (QR_MODELS[body[2]], module_dots, level)
        elif fn == 67:
            if not 1 <= body[2] <= 16:
                raise ValueError(f"GS ( k 67: no module size {body[2]}")
            self.qr_settings = (model, body[2], level)
        elif fn == 69:
            if body[2] not in QR_LEVELS:
                raise ValueError(f"GS ( k 69: no error correction {body[2]}")
            self.qr_settings = (model, module_dots, QR_LEVELS[body[2]])
        elif fn == 80:
            self.qr_store = body[3:]
        elif fn == 81:
            data = self.qr_store.decode("utf-8")
            self.out.qr_codes.append(data)
            self.out.qr_native += 1
            self.out.native_qrs.append(NativeQr(data, model, module_dots, level, self.align))
        else:
            raise ValueError(f"GS ( k function {fn} is not known")

    def raster_band(self) -> None:
        _mode, x_low, x_high, y_low, y_high = self.take(5)
        width_bytes, rows = x_low + 256 * x_high, y_low + 256 * y_high
        bits = bytes(255 - b for b in self.take(width_bytes * rows))
        self.raster.append(Image.frombytes("1", (width_bytes * 8, rows), bits))

    def esc(self) -> None:
        command = self.take(1)
        if command == b"@":
            self.bold, self.scale, self.chinese = False, (1, 1), False
            self.align, self.qr_settings = "left", QR_DEFAULTS
            self.out.resets += 1
        elif command == b"E":
            self.bold = bool(self.take(1)[0] & 1)
        elif command == b"!":
            mode = self.take(1)[0]
            self.bold = bool(mode & 0x08)
            self.scale = (2 if mode & 0x20 else 1, 2 if mode & 0x10 else 1)
        elif command == b"a":
            mode = self.take(1)[0]
            if mode not in ALIGNMENTS:
                raise ValueError(f"ESC a {mode} is not an alignment")
            self.align = ALIGNMENTS[mode]
        elif command == b"d":
            lines = self.take(1)[0]
            self.out.feeds += lines
        elif command == b"p":
            self.take(3)
            self.out.drawer_kicks += 1
        elif command in (b"2",):
            pass
        elif command in (b"3", b"t", b"J", b"-", b"M"):
            self.take(1)
        else:
            raise ValueError(f"unknown command ESC {command!r} at byte {self.at - 1}")

    def gs(self) -> None:
        command = self.take(1)
        if command == b"!":
            size = self.take(1)[0]
            self.scale = ((size >> 4) + 1, (size & 0x0F) + 1)
        elif command == b"V":
            mode = self.take(1)[0]
            if mode in (65, 66):
                self.take(1)
            self.out.cuts.append("partial" if mode in (1, 49, 66) else "full")
        elif command == b"(":
            if self.take(1) != b"k":
                raise ValueError("only GS ( k is known")
            self.gs_k()
        elif command == b"v":
            if self.take(1) != b"0":
                raise ValueError("only GS v 0 is known")
            self.raster_band()
        else:
            raise ValueError(f"unknown command GS {command!r} at byte {self.at - 1}")

    def read(self) -> Printout:
        while self.at < len(self.data):
            byte = self.take(1)[0]
            if self.raster and not (byte == GS and self.data[self.at:self.at + 2] == b"v0"):
                self.flush_raster()  # the bands of one picture come one after another
            if byte == LF:
                self.end_line()
            elif byte == ESC:
                self.esc()
            elif byte == GS:
                self.gs()
            elif byte == FS:
                command = self.take(1)
                if command not in (b"&", b"."):
                    raise ValueError(f"unknown command FS {command!r}")
                self.chinese = command == b"&"
                self.out.chinese_switches += 1
            elif byte == DLE:
                if self.take(1) != b"\x04":
                    raise ValueError("only DLE EOT is known")
                self.out.status_queries.append(self.take(1)[0])
            elif byte < 0x20:
                raise ValueError(f"unknown control byte {byte:#04x} at byte {self.at - 1}")
            else:
                self.text_byte(byte)
        self.flush_raster()
        if self.line.text:
            self.end_line()
        return self.out


def read_escpos(data: bytes, four_byte_ok: bool = False) -> Printout:
    """What a Chinese (GBK) receipt printer prints for ``data``; ``four_byte_ok`` for a full GB18030 font."""
    return _Reader(data, four_byte_ok).read()
