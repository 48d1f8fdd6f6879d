"""A page as plain text, for `jifen receipt --text` and for tests that read a layout."""

from printing.charset import paper_width
from printing.layout import Page, QrLine

QR_MARK = "[QR]"


def to_text(page: Page) -> str:
    """The lines as laid out; a double-size line is shown at normal size, centred or at its place."""
    out: list[str] = []
    for line in page.lines:
        if isinstance(line, QrLine):
            out.append(" " * ((page.columns - len(QR_MARK)) // 2) + QR_MARK)
        elif line.double:
            content = line.text.lstrip(" ")
            lead = (page.columns - paper_width(content)) // 2 if line.align == "center" else \
                2 * (len(line.text) - len(content))
            out.append(" " * lead + content)
        else:
            out.append(line.text)
    return "\n".join(out) + "\n"
