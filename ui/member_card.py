"""The member's code as a PNG: the QR code (level M, a 4-module quiet zone) with a caption under it."""

import os
from pathlib import Path

import qrcode  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

from terminal.bootstrap import Till, private_file
from terminal.errors import Refused
from terminal.keys import KeyFiles, load_code_signer
from terminal.services.codes import issue_member_code

MODULE_PX = 10
QUIET_MODULES = 4
_WINDOWS_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
_CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    _WINDOWS_FONTS / "msyh.ttc",
    _WINDOWS_FONTS / "simsun.ttc",
    Path("/System/Library/Fonts/PingFang.ttc"),
)


def qr_version(text: str) -> int:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    return int(qr.version)


def _font(size: int) -> tuple[ImageFont.FreeTypeFont | ImageFont.ImageFont, bool]:
    """A Chinese font if the system has one (True), else Pillow's own, which has no Chinese (False)."""
    for path in _CJK_FONTS:
        if path.is_file():
            try:
                return ImageFont.truetype(str(path), size), True
            except OSError:
                continue
    return ImageFont.load_default(size), False


def card_image(code: str, caption: list[str]) -> Image.Image:
    """The QR code and, under it, the caption lines that the font can show."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=MODULE_PX, border=QUIET_MODULES)
    qr.add_data(code)
    qr.make(fit=True)
    picture = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    font, has_chinese = _font(22)
    lines = [line for line in caption if has_chinese or line.isascii()]
    line_height = 30
    card = Image.new("L", (picture.width, picture.height + line_height * len(lines) + (12 if lines else 0)), 255)
    card.paste(picture, (0, 0))
    draw = ImageDraw.Draw(card)
    for number, line in enumerate(lines):
        width = draw.textlength(line, font=font)
        draw.text(((picture.width - width) / 2, picture.height + number * line_height), line, fill=0, font=font)
    return card


def write_card_png(code: str, caption: list[str], target: Path) -> Path:
    target = target.expanduser().absolute()
    if target.is_dir():
        raise Refused("bad_input", f"{target} is a folder; name the PNG file to write", f"{target} 是文件夹；请指定要写入的 PNG 文件")
    # a file is written whole or not at all (a full disk leaves no empty card behind); a device or a pipe as it is
    partial = target if target.exists() and not target.is_file() else target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if partial != target:  # the code pays with the member's points: for the user running jifen only
            partial.unlink(missing_ok=True)
            private_file(partial)
        card_image(code, caption).save(partial, format="PNG")
        if partial != target:
            os.replace(partial, target)
    except OSError as problem:
        if partial != target:
            partial.unlink(missing_ok=True)
        raise Refused("bad_input", f"cannot write {target}: {problem.strerror or problem}",
                      f"无法写入 {target}：{problem.strerror or problem}") from None
    return target


def member_code(till: Till, member_id: str) -> str:
    """A new signed code for the member, with the store's signing key (the merchant's, or this terminal's)."""
    signer = load_code_signer(KeyFiles(till.home.private_key.parent), till.shop.merchant)
    return issue_member_code(till.reading(), till.shop, signer, member_id).code
