"""Printer profiles: paper width in columns and dots, and what the printer can do (native QR codes,
a cutter, a cash drawer port). Two built-in ones for the common Chinese 58 mm and 80 mm printers,
and every model in python-escpos's printer database by its name (``TM-T20II``, ``POS-5890``…)."""

from dataclasses import dataclass
from typing import Any, Literal

from terminal.errors import Refused

Cut = Literal["partial", "full"]
MIN_COLUMNS = 24  # narrower than this, a receipt's rows cannot hold a label and an amount


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    columns: int
    dots: int
    native_qr: bool
    cut: Cut | None
    drawer: bool

    @property
    def qr_module_dots(self) -> int:
        """The size of one QR module, so that a receipt code is about 60 % of the paper width."""
        return 6 if self.dots >= 512 else 5


BUILT_IN = {
    "58mm": PrinterProfile("58mm", columns=32, dots=384, native_qr=True, cut=None, drawer=True),
    "80mm": PrinterProfile("80mm", columns=48, dots=576, native_qr=True, cut="partial", drawer=True),
}
_ALIASES = {"58": "58mm", "58mm": "58mm", "80": "80mm", "80mm": "80mm"}


def _from_escpos(name: str, data: dict[str, Any]) -> PrinterProfile:
    features = data.get("features", {})
    font_a = data.get("fonts", {}).get("0", {})
    columns = font_a.get("columns")
    if type(columns) is not int or columns < MIN_COLUMNS:
        raise Refused("bad_printer", f"printer profile '{name}' is not a receipt printer ({columns} columns)",
                      f"打印机型号“{name}”不是小票打印机（每行 {columns} 字符）")
    pixels = data.get("media", {}).get("width", {}).get("pixels")
    dots = pixels if type(pixels) is int and pixels >= columns * 12 else columns * 12
    cut: Cut | None = "partial" if features.get("paperPartCut") else "full" if features.get("paperFullCut") else None
    return PrinterProfile(name, columns, dots, bool(features.get("qrCode")), cut, bool(features.get("pulseStandard")))


def find_profile(name: str) -> PrinterProfile:
    """A built-in profile, or a python-escpos model (matched without regard to case)."""
    key = name.strip()
    if key.lower() in _ALIASES:
        return BUILT_IN[_ALIASES[key.lower()]]
    from printing.escpos_lib import capabilities

    models: dict[str, Any] = capabilities()["profiles"]
    found = next((model for model in models if model.lower() == key.lower()), None)
    if found is None or found in ("default", "simple"):
        usable = [m for m, data in models.items() if m not in ("default", "simple")
                  and type(data.get("fonts", {}).get("0", {}).get("columns")) is int
                  and data["fonts"]["0"]["columns"] >= MIN_COLUMNS]
        examples = ", ".join(sorted(usable)[:6])
        raise Refused("bad_printer", f"unknown printer profile '{name}': use 58mm, 80mm or a model such as {examples}",
                      f"未知的打印机型号“{name}”：请用 58mm、80mm 或型号名，如 {examples}")
    return _from_escpos(found, models[found])
