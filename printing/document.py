"""A document to print, before it is fitted to a paper width: titles, label–amount rows, paragraphs,
calculations, rules and QR codes. Builders make these from store data; ``layout`` fits them to columns."""

from dataclasses import dataclass
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Title:
    """Large (double width and height), bold and centred: the store name, a report's name."""

    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph, wrapped to the width; ``indent`` columns before every line."""

    text: str
    align: Align = "left"
    bold: bool = False
    indent: int = 0


@dataclass(frozen=True)
class Row:
    """A label on the left and a value (usually an amount) on the right, lined up with the rows around it."""

    label: str
    value: str
    bold: bool = False
    indent: int = 0


@dataclass(frozen=True)
class Formula:
    """A calculation and its result (``= 75``): the line breaks only between ``terms``, lines after the first
    indented further, and the result on the right of the last line."""

    terms: tuple[str, ...]
    result: str
    indent: int = 2


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Blank:
    pass


@dataclass(frozen=True)
class Qr:
    """A QR code, centred; printed with the printer's own command where it has one."""

    payload: str


Block = Title | Text | Row | Formula | Rule | Blank | Qr


@dataclass(frozen=True)
class Document:
    """What to print; ``open_drawer`` asks for the cash drawer to be kicked open before printing."""

    kind: str
    blocks: tuple[Block, ...]
    open_drawer: bool = False

    @property
    def qr_payloads(self) -> list[str]:
        return [block.payload for block in self.blocks if isinstance(block, Qr)]
