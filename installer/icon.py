"""The app's icon, drawn at build time: a red rounded square with 积 (or a coin when no Chinese font
is at hand). `python installer/icon.py OUT.png [OUT.ico]`."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

RED = (200, 32, 40, 255)
GOLD = (255, 214, 102, 255)
SIZES = (16, 24, 32, 48, 64, 128, 256)


def _font(size: int) -> ImageFont.FreeTypeFont | None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        from printing.fonts import find_cjk_font

        return ImageFont.truetype(str(find_cjk_font()), size)
    except Exception:  # noqa: BLE001  (no Chinese font on the build machine: the coin alone)
        return None


def draw(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=RED)
    margin = size // 8
    pen.ellipse((margin, margin, size - margin, size - margin), outline=GOLD, width=max(1, size // 24))
    font = _font(int(size * 0.5))
    if font is not None:
        pen.text((size / 2, size / 2), "积", font=font, fill=GOLD, anchor="mm")
    else:
        inner = size // 3
        pen.ellipse((inner, inner, size - inner, size - inner), fill=GOLD)
    return image


def write(png: Path, ico: Path | None = None) -> None:
    image = draw(256)
    png.parent.mkdir(parents=True, exist_ok=True)
    image.save(png)
    if ico is not None:
        image.save(ico, sizes=[(s, s) for s in SIZES])


if __name__ == "__main__":
    write(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
