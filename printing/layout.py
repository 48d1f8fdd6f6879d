"""Fitting a document to a paper width: every line is at most ``columns`` wide on paper, long text
wraps (between words, or between any two Chinese characters), amounts line up on the right.

Lines come out already positioned (leading spaces), so the text, PNG and ESC/POS renderers only
have to draw them: the three show the same thing.
"""

import re
from dataclasses import dataclass

from printing.charset import Charset, paper_width, printable
from printing.document import Align, Blank, Block, Document, Formula, Qr, Row, Rule, Text, Title

# A line does not start with closing punctuation, nor end with an opening bracket or a currency sign.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’％…")
_NO_LINE_END = frozenset("([{（《「『【〔“‘￥¥")
_CURRENCY = frozenset("￥¥")
CHINESE_WORD = 8  # columns: a run of Chinese this short (四个字) is taken for one word, kept on one line
# Chinese punctuation ends a word as a space does; a leading list number ("1. ") goes with the word after it.
_WORD = re.compile(r"^\d+\. +[^ ]+|[^ ，。、；：？！]+[，。、；：？！]+|[^ ]+| +")
_PIECE = re.compile(r"[￥¥]*[!-~]+|.")  # an English word or a number with its ￥, or any other character
_OPENING = "（《【「"
_PART = re.compile(r"（[^（）]*）|《[^《》]*》|【[^【】]*】|「[^「」]*」|[^（《【「]+|.")  # a bracketed part, or the rest
_TERM_PART = re.compile(r" ?(?:[×+] )?[^ /]+/?")  # a term too wide for a line: its words, an operator with the one after


@dataclass(frozen=True)
class Line:
    """One printed line: ``text`` is placed within the width (double lines: half the columns)."""

    text: str
    bold: bool = False
    double: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class QrLine:
    payload: str


PageLine = Line | QrLine


@dataclass(frozen=True)
class Page:
    """A document fitted to ``columns``: what every renderer draws."""

    kind: str
    columns: int
    lines: tuple[PageLine, ...]
    open_drawer: bool = False

    @property
    def text_lines(self) -> list[Line]:
        return [line for line in self.lines if isinstance(line, Line)]


def _small_pieces(word: str, width: int) -> list[str]:
    """The word's characters, English words and numbers, and its bracketed parts that fit on a line."""
    small: list[str] = []
    for part in _PART.findall(word):
        bracketed = part[0] in _OPENING and len(part) > 1
        small += [part] if bracketed and paper_width(part) <= width else _PIECE.findall(part)
    return small


def _pieces(word: str, width: int) -> list[str]:
    """A word cut where a line may break inside it: beside a Chinese character only, and not inside a bracketed
    part (（南京西路）) that fits on a line."""
    pieces: list[str] = []
    for piece in _small_pieces(word, width):
        last = pieces[-1][-1] if pieces else ""
        chinese = any(not ch.isascii() and ch not in _CURRENCY for ch in (last, piece[0]))
        if pieces and (not chinese or last in _NO_LINE_END or piece[0] in _NO_LINE_START):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _kept_whole(word: str, size: int, width: int) -> bool:
    """Whether a word that does not fit goes to the next line whole, rather than filling this one."""
    return size <= width and (size <= CHINESE_WORD or all(ch.isascii() or ch in _CURRENCY for ch in word))


def wrap(text: str, width: int) -> list[str]:
    """Break printable text into lines of at most ``width`` columns; an empty text gives no lines.

    Lines break at spaces and after Chinese punctuation. A word that does not fit goes to the next line whole
    when it can: an amount with its ￥, a number, an English word, a short Chinese word such as 过期. A longer
    run of Chinese fills the line and breaks between characters (never inside an amount, a number or an
    English word); only a piece longer than a line is cut anywhere. Leading spaces indent every line."""
    body = text.lstrip(" ")
    indent = len(text) - len(body)
    if 0 < indent < width // 2:
        return [" " * indent + line for line in wrap(body, width - indent)]
    lines: list[str] = []
    current, used = "", 0

    def flush() -> None:
        nonlocal current, used
        lines.append(current.rstrip(" "))
        current, used = "", 0

    def add(text: str, size: int) -> None:
        nonlocal current, used
        current += text
        used += size

    for word in _WORD.findall(text):
        size = paper_width(word)
        if word[0] == " ":
            if current:
                add(word, size)
            continue
        if used + size > width and current and _kept_whole(word, size, width):
            flush()
        if used + size <= width:
            add(word, size)
            continue
        for piece in _pieces(word, width):  # fill this line, then go on
            piece_size = paper_width(piece)
            if current and used + piece_size > width:
                flush()
            if piece_size <= width:
                add(piece, piece_size)
                continue
            for ch in piece:
                if used + paper_width(ch) > width:
                    flush()
                add(ch, paper_width(ch))
    if current:
        flush()
    return [line for line in lines if line]


def _place(text: str, width: int, align: Align) -> str:
    room = width - paper_width(text)
    if align == "center":
        return " " * (room // 2) + text
    if align == "right":
        return " " * room + text
    return text


def _row(row: Row, columns: int, charset: Charset) -> list[Line]:
    width = columns - row.indent
    label, value = printable(row.label, charset), printable(row.value, charset)
    value_width = paper_width(value)
    if value_width > width:
        values = [_place(part, width, "right") for part in wrap(value, width)]
        texts = wrap(label, width) + values
    else:
        # The value goes on the label's last line where it fits; else the label wraps narrower to make room,
        # unless that takes it more lines; else the value gets a line of its own.
        label_room = width - value_width - 1
        full = wrap(label, width) or [""]  # an empty label: just the value, on the right
        beside = wrap(label, label_room) if label_room > 0 else []
        if paper_width(full[-1]) + 1 + value_width <= width:
            texts = full[:-1] + [full[-1] + " " * (width - paper_width(full[-1]) - value_width) + value]
        elif beside and len(beside) == len(full):
            texts = beside[:-1] + [beside[-1] + " " * (width - paper_width(beside[-1]) - value_width) + value]
        else:
            texts = full + [_place(value, width, "right")]
    return [Line(" " * row.indent + text, bold=row.bold) for text in texts]


def _units(term: str, width: int) -> list[str]:
    """What a formula's line may break between: the term whole, or when it is wider than a line, its parts; each
    with the space that goes before it."""
    if paper_width(term) <= width:
        return [" " + term]
    parts = _TERM_PART.findall(term)
    return [" " + parts[0].lstrip(" "), *parts[1:]]


def _formula(formula: Formula, columns: int, charset: Charset) -> list[Line]:
    """Whole terms filled into lines, those after the first indented further; the result on the right of the last
    line, or of a line of its own."""
    indents = (formula.indent, formula.indent + 2)

    def room(n: int) -> int:
        return columns - indents[n > 0]

    texts: list[str] = []
    for term in formula.terms:
        for unit in _units(printable(term, charset), room(1)):
            if texts and paper_width(texts[-1] + unit) <= room(len(texts) - 1):
                texts[-1] += unit
            else:
                texts.append(unit.lstrip(" "))
    result = printable(formula.result, charset)
    last = len(texts) - 1
    if texts and paper_width(texts[last]) + 1 + paper_width(result) <= room(last):
        texts[last] += " " * (room(last) - paper_width(texts[last]) - paper_width(result)) + result
    else:
        texts.append(_place(result, room(len(texts)), "right"))
    return [Line(" " * indents[n > 0] + part) for n, text in enumerate(texts)
            for part in ([text] if paper_width(text) <= room(n) else wrap(text, room(n)))]


def _block(block: Block, columns: int, charset: Charset) -> list[PageLine]:
    if isinstance(block, Row):
        return list(_row(block, columns, charset))
    if isinstance(block, Formula):
        return list(_formula(block, columns, charset))
    if isinstance(block, Text):
        width = columns - block.indent
        out: list[PageLine] = []
        for paragraph in block.text.split("\n"):
            for part in wrap(printable(paragraph, charset), width) or [""]:
                out.append(Line(" " * block.indent + _place(part, width, block.align), bold=block.bold,
                                align=block.align))
        return out
    if isinstance(block, Title):
        half = columns // 2
        return [Line(_place(part, half, "center"), bold=True, double=True, align="center")
                for part in wrap(printable(block.text, charset), half)]
    if isinstance(block, Rule):
        char = printable(block.char, charset) or "-"
        return [Line(char * (columns // paper_width(char)))]
    if isinstance(block, Blank):
        return [Line("")]
    if isinstance(block, Qr):
        return [QrLine(block.payload)]
    raise TypeError(f"not a block: {block!r}")


def lay_out(document: Document, columns: int, charset: Charset) -> Page:
    lines: list[PageLine] = []
    for block in document.blocks:
        lines.extend(_block(block, columns, charset))
    return Page(document.kind, columns, tuple(lines), document.open_drawer)
