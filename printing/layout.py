"""Fitting a document to a paper width: every line is at most ``columns`` wide on paper, long text
wraps (between words, or between any two Chinese characters), amounts line up on the right.

Lines come out already positioned (leading spaces), so the text, PNG and ESC/POS renderers only
have to draw them: the three show the same thing.
"""

import re
from dataclasses import dataclass

from printing.charset import Charset, paper_width, printable
from printing.document import Align, Blank, Block, Document, Qr, Row, Rule, Text, Title

# A line does not start with closing punctuation; the character before it moves down with it.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’％…")
_TOKEN = re.compile(r"[!-~]+| +|[^ -~]")


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


def wrap(text: str, width: int) -> list[str]:
    """Break printable text into lines of at most ``width`` columns; an empty text gives no lines."""
    lines: list[str] = []
    current: list[str] = []
    used = 0

    def flush() -> None:
        nonlocal current, used
        lines.append("".join(current).rstrip(" "))
        current, used = [], 0

    for token in _TOKEN.findall(text):
        size = paper_width(token)
        if token[0] == " ":
            if current:
                current.append(token)
                used += size
            continue
        if used + size <= width:
            current.append(token)
            used += size
            continue
        while current and current[-1][0] == " ":
            used -= len(current.pop())
        if size > width:  # a word longer than a line: cut it where the line ends
            for ch in token:
                if used + paper_width(ch) > width:
                    flush()
                current.append(ch)
                used += paper_width(ch)
            continue
        carried = current.pop() if token in _NO_LINE_START and len(current) > 1 else None
        if current:
            flush()
        if carried is not None:
            current, used = [carried], paper_width(carried)
        current.append(token)
        used += size
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


def _block(block: Block, columns: int, charset: Charset) -> list[PageLine]:
    if isinstance(block, Row):
        return list(_row(block, columns, charset))
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
