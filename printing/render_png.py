"""A page as a PNG picture of the paper, dot for dot: each column is as wide as the printer's
font A cell (12 dots at 203 dpi), Chinese characters take two, QR codes are drawn module for module."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from printing.fonts import load_font
from printing.layout import Line, Page, QrLine
from printing.profiles import PrinterProfile
from printing.qr import qr_picture

GLYPH_DOTS = 24  # font A is 12 × 24 dots; a Chinese character 24 × 24
LINE_DOTS = 30  # the printers' default line spacing
MARGIN_DOTS = 16
QR_GAP_DOTS = 8


def _line_height(line: Line | QrLine, profile: PrinterProfile) -> int:
    if isinstance(line, QrLine):
        return qr_picture(line.payload, profile.qr_module_dots).height + 2 * QR_GAP_DOTS
    return LINE_DOTS * (2 if line.double else 1)


def _draw_line(draw: ImageDraw.ImageDraw, line: Line, top: int, cell: int, font: ImageFont.FreeTypeFont) -> None:
    scale = 2 if line.double else 1
    baseline = top + scale * (GLYPH_DOTS - 4)
    column = 0
    for ch in line.text:
        span = 1 if ch < "\x80" else 2
        if ch != " ":
            middle = (column + span / 2) * cell * scale
            for shift in range(2 if line.bold else 1):
                draw.text((middle + shift, baseline), ch, font=font, fill=0, anchor="ms")
        column += span


def to_png(page: Page, profile: PrinterProfile, font_path: Path) -> Image.Image:
    cell = profile.dots // page.columns
    heights = [_line_height(line, profile) for line in page.lines]
    image = Image.new("L", (profile.dots, sum(heights) + 2 * MARGIN_DOTS), 255)
    draw = ImageDraw.Draw(image)
    fonts = {1: load_font(font_path, GLYPH_DOTS), 2: load_font(font_path, 2 * GLYPH_DOTS)}
    top = MARGIN_DOTS
    for line, height in zip(page.lines, heights, strict=True):
        if isinstance(line, QrLine):
            picture = qr_picture(line.payload, profile.qr_module_dots)
            image.paste(picture.convert("L"), ((profile.dots - picture.width) // 2, top + QR_GAP_DOTS))
        else:
            _draw_line(draw, line, top, cell, fonts[2 if line.double else 1])
        top += height
    return image


def save_png(page: Page, profile: PrinterProfile, font_path: Path, target: Path) -> Path:
    target = target.expanduser().absolute()
    to_png(page, profile, font_path).save(target, format="PNG")
    return target
