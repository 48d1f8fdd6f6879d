"""Money is an integer number of fen; points are integers. Parsing is exact."""

import re

from terminal.errors import Refused
from terminal.lang import say

MAX_LINE_FEN = 100_000_000  # ¥1,000,000 in one line
MAX_POINTS = 1_000_000_000
_AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_POINTS = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[-+]?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]*)?")  # 1,280 and 1,280.00; never 1,28


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def half_width(text: str) -> str:
    """The full-width characters of a Chinese input method (１２３．５, ｇｅｎｅｒａｌ) as ASCII, and nothing
    else: NFKC would also take superscripts and circled digits (¹²³, ①) for digits."""
    return text.translate(_HALF_WIDTH)


def _normalise(text: str) -> str:
    return half_width(text).strip()


def ungrouped(text: str) -> str:
    """``text`` without its thousands commas (a full-width ， too) when they group the digits by three:
    1,280.00 as 1280.00; any other text, 1,28 included, as typed, for the caller to refuse."""
    cleaned = _normalise(text)
    return cleaned.replace(",", "") if _GROUPED.fullmatch(cleaned) else text


def _yuan_digits(text: str) -> str:
    """The number in an amount as shops write it: 12元, 1,280.00. A yuan sign stays, to be refused: cli.md
    names ``¥`` among the inputs an amount refuses."""
    return ungrouped(_normalise(text).removesuffix("元").rstrip())


def parse_amount(text: str) -> int:
    """Parse a yuan amount such as ``199.99`` (or ``1,199.99``, ``12元``) into fen, refusing anything inexact."""
    cleaned = _yuan_digits(text)
    if not _AMOUNT.fullmatch(cleaned):
        raise Refused(
            "bad_amount",
            f"'{text}' is not an amount: write yuan like 199.99 (at most two decimals, no sign)",
            f"“{text}”不是有效金额：请按元填写，如 199.99（最多两位小数，不带符号）",
        )
    whole, _, frac = cleaned.partition(".")
    fen = int(whole) * 100 + int(frac.ljust(2, "0") or "0")
    if fen > MAX_LINE_FEN:
        raise Refused(
            "bad_amount",
            f"'{text}' is more than {format_fen(MAX_LINE_FEN)} for one line",
            f"“{text}”超过单行上限 {format_fen(MAX_LINE_FEN, '￥')}",
        )
    return fen


def parse_points(text: str) -> int:
    """Parse a positive whole number of points (``1,000`` too)."""
    cleaned = _normalise(ungrouped(text))
    if _POINTS.fullmatch(cleaned) and int(cleaned) > MAX_POINTS:
        raise Refused("bad_input", f"'{text}' points is too large: at most {MAX_POINTS:,} points",
                      f"“{text}”积分太大：最多 {MAX_POINTS:,} 积分")
    if not _POINTS.fullmatch(cleaned) or int(cleaned) == 0:
        raise Refused(
            "bad_input",
            f"'{text}' is not a number of points: write a whole number above 0",
            f"“{text}”不是有效积分数：请填写大于 0 的整数",
        )
    return int(cleaned)


def format_fen(fen: int, symbol: str | None = None) -> str:
    """``¥1,280.00`` in English, ``￥1,280.00`` in Chinese: the full-width sign receipts and the app print."""
    symbol = say("¥", "￥") if symbol is None else symbol
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{symbol}{yuan:,}.{cents:02d}"
