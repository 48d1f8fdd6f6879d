"""What a GB18030 receipt printer can print, how wide it prints it, and the bytes that print it.

A Chinese ESC/POS printer prints a byte below 0x80 as a half-width ASCII glyph and every
double-byte GB character as a full-width glyph, two columns wide, whatever Unicode says about
its width (``×``, ``…`` or ``é`` are "ambiguous" or narrow in Unicode, but full-width on paper).
So text is first mapped to what the printer's font holds, and widths are measured on the result:
ASCII one column, anything else two. A character outside the font becomes a visible ``？`` (or
``?`` on a printer without Chinese), never bytes the printer would print as junk.
"""

import unicodedata
from functools import lru_cache
from typing import Literal

Charset = Literal["ascii", "gb2312", "gbk", "gb18030"]
CHARSETS: tuple[Charset, ...] = ("ascii", "gb2312", "gbk", "gb18030")
WIDE_REPLACEMENT = "？"  # U+FF1F, in every GB character set
NARROW_REPLACEMENT = "?"

# python-escpos sends ¥ (U+00A5) as a four-byte GB18030 sequence that GBK printers print as junk.
_SUBSTITUTES = {"¥": "￥", "\t": " ", "\u00a0": " ", "\u3000": "  "}
# On a printer without Chinese: the yuan as English receipts in China write it, full-width punctuation as ASCII.
ASCII_YUAN = "RMB"
_ASCII_STAND_INS = {"￥": ASCII_YUAN, **{wide: chr(ord(wide) - 0xFEE0) for wide in "，：；！？（）％＋－"}, "、": ",",
                    "。": ".", "—": "-", "…": "...", "×": "x", "“": '"', "”": '"', "‘": "'", "’": "'"}


def _gb_bytes(ch: str) -> bytes | None:
    try:
        return ch.encode("gb18030")
    except UnicodeEncodeError:
        return None


def _in_font(ch: str, charset: Charset) -> bool:
    """Whether a non-ASCII character is in the printer's Chinese font."""
    if charset == "ascii" or unicodedata.category(ch) in ("Co", "Cs", "Cn"):
        return False
    encoded = _gb_bytes(ch)
    if encoded is None:
        return False
    if charset == "gb18030":
        return True
    try:
        narrower = ch.encode("gb2312" if charset == "gb2312" else "gbk")
    except UnicodeEncodeError:
        return False
    return len(narrower) == 2 and narrower == encoded


@lru_cache(maxsize=8192)
def printable_char(ch: str, charset: Charset) -> str:
    """The character the printer will show for ``ch``: itself, a substitute, a replacement, or nothing."""
    ch = _SUBSTITUTES.get(ch, ch)
    if len(ch) != 1:
        return "".join(printable_char(c, charset) for c in ch)
    if " " <= ch <= "~":
        return ch
    if charset == "ascii" and ch in _ASCII_STAND_INS:
        return _ASCII_STAND_INS[ch]
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return ""  # combining marks and invisible format characters print nothing on their own
    if category == "Cc" or not _in_font(ch, charset):
        return NARROW_REPLACEMENT if charset == "ascii" else WIDE_REPLACEMENT
    return ch


def printable(text: str, charset: Charset) -> str:
    """``text`` as the printer will show it (one line: no line breaks)."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii() and text.isprintable():
        return text
    return "".join(printable_char(ch, charset) for ch in text)


def paper_width(text: str) -> int:
    """Columns that printable text takes on paper: ASCII one, anything else two."""
    if text.isascii():
        return len(text)
    return sum(1 if ch < "\x80" else 2 for ch in text)


@lru_cache(maxsize=8192)
def gb_bytes(ch: str) -> bytes:
    """The GB18030 bytes of a printable non-ASCII character."""
    encoded = _gb_bytes(ch)
    assert encoded is not None, ch
    return encoded
