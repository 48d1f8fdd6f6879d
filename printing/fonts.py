"""Finding a Chinese font for PNG previews: Noto Sans CJK on Linux, Microsoft YaHei or SimSun on
Windows, PingFang on macOS, or the one named in config.toml (``printer.preview_font``)."""

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from terminal.errors import Refused

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
CANDIDATES: tuple[Path, ...] = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    _WINDOWS_FONTS / "msyh.ttc",
    _WINDOWS_FONTS / "msyh.ttf",
    _WINDOWS_FONTS / "simsun.ttc",
    _WINDOWS_FONTS / "simhei.ttf",
    Path("/System/Library/Fonts/PingFang.ttc"),
    Path("/System/Library/Fonts/STHeiti Light.ttc"),
)
# In a collection, a monospaced Simplified Chinese face looks most like a receipt printer's font.
_FACES = ("Noto Sans Mono CJK SC", "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", "PingFang SC")


def find_cjk_font(preferred: str | None = None, candidates: Sequence[Path] = CANDIDATES) -> Path:
    if preferred:
        path = Path(preferred).expanduser()
        if not path.is_file():
            raise Refused("no_font", f"the preview font {path} (printer.preview_font in config.toml) does not exist",
                          f"预览字体 {path}（config.toml 中的 printer.preview_font）不存在")
        return path
    for path in candidates:
        if path.is_file():
            return path
    raise Refused("no_font", "no Chinese font found for the preview: install fonts-noto-cjk (Debian/Ubuntu), "
                  "or name a font file in config.toml (printer.preview_font)",
                  "找不到用于预览的中文字体：请安装 fonts-noto-cjk（Debian/Ubuntu），"
                  "或在 config.toml 中指定字体文件（printer.preview_font）")


@lru_cache(maxsize=8)
def load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """The best face of the file at ``size`` pixels."""
    faces: dict[str, int] = {}
    for index in range(16):
        try:
            face = ImageFont.truetype(str(path), size, index=index)
        except OSError:
            break
        faces.setdefault(face.getname()[0] or "", index)
    if not faces:
        raise Refused("no_font", f"{path} is not a font Pillow can read", f"{path} 不是可读取的字体文件")
    best = next((faces[name] for name in _FACES if name in faces), 0)
    return ImageFont.truetype(str(path), size, index=best)
