"""The PNG preview draws the same page the printer prints: paper-wide, line for line, with a QR code
that scans to the receipt's code; without a Chinese font it says what to install."""

from pathlib import Path

import pytest
from PIL import Image
from pyzbar import pyzbar  # type: ignore[import-untyped]

from printing.fonts import CANDIDATES, find_cjk_font, load_font
from printing.layout import Line, QrLine
from printing.render_png import LINE_DOTS, to_png
from printing.service import Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import Till
from terminal.errors import Refused
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.store import member, sell


def _dark_rows(image: Image.Image, top: int, height: int) -> int:
    band = image.crop((0, top, image.width, top + height)).point(lambda v: 255 if v < 128 else 0)
    return sum(1 for y in range(band.height) if band.crop((0, y, band.width, y + 1)).getbbox())


@pytest.mark.parametrize(("profile", "dots"), [("58mm", 384), ("80mm", 576)])
def test_the_preview_is_the_printed_page(till: Till, profile: str, dots: int) -> None:
    sale = sell(till, member(till), ("general", 10000))
    p = Printing(till, PrinterSettings(profile=profile))
    document = p.document("receipt", sale.sale_id)
    page = p.page(document)
    image = to_png(page, p.profile(), find_cjk_font())
    assert image.width == dots
    printed = read_escpos(p.escpos(document))
    assert len(page.text_lines) == len(printed.lines)
    (found,) = pyzbar.decode(image)
    assert found.data.decode() == printed.qr_codes[0] == document.qr_payloads[0]
    assert _dark_rows(image, 16, LINE_DOTS * 2) > 20  # the store's name, double size, is drawn at the top


def test_each_character_sits_in_its_columns(till: Till) -> None:
    """A Chinese character covers two font-A cells, an ASCII one cell: the preview lines up like the paper."""
    sale = sell(till, member(till), ("general", 10000))
    p = Printing(till, PrinterSettings(profile="58mm"))
    page = p.page(p.document("receipt", sale.sale_id))
    image = to_png(page, p.profile(), find_cjk_font())
    index = next(i for i, line in enumerate(page.lines) if isinstance(line, Line) and line.text.startswith("合计"))
    top = 16 + sum(LINE_DOTS * (2 if isinstance(line, Line) and line.double else 1) for line in page.lines[:index])
    band = image.crop((0, top, image.width, top + LINE_DOTS)).point(lambda v: 0 if v < 128 else 255)
    inked = [x for x in range(band.width) if band.crop((x, 0, x + 1, LINE_DOTS)).getextrema()[0] == 0]
    assert min(inked) < 24  # 合计 starts at the left edge
    assert max(inked) > 384 - 12  # the amount ends at the right edge
    assert not any(isinstance(line, QrLine) for line in page.lines[:index])


def test_without_a_chinese_font_the_message_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        find_cjk_font(candidates=[tmp_path / "nothing.ttc"])
    assert refused.value.code == "no_font"
    assert "fonts-noto-cjk" in refused.value.en and "printer.preview_font" in refused.value.en
    with pytest.raises(Refused) as named:
        find_cjk_font(str(tmp_path / "missing.ttf"))
    assert named.value.code == "no_font" and "missing.ttf" in named.value.en


def test_the_font_list_covers_linux_windows_and_macos() -> None:
    names = {path.name for path in CANDIDATES}
    assert {"NotoSansCJK-Regular.ttc", "msyh.ttc", "simsun.ttc", "PingFang.ttc"} <= names


def test_a_collection_gives_its_monospaced_simplified_chinese_face() -> None:
    assert load_font(find_cjk_font(), 24).getname()[0] == "Noto Sans Mono CJK SC"
