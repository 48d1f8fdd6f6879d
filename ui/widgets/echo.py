"""What a person typed or scanned, said back in a message: shortened, so that a long paste or a stray
scan cannot stretch the screen, and never read as HTML."""

import unicodedata

from terminal.errors import Refused
from ui.qt import core, widgets

ECHO_CHARS = 20


def shortened(text: str) -> str:
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"


def echo_shortened(problem: Refused, typed: str) -> Refused:
    """``problem`` with ``typed`` shortened where its messages repeat it (as typed, or as the parser cleaned it)."""
    forms = sorted({typed, typed.strip(), unicodedata.normalize("NFKC", typed).strip()}, key=len, reverse=True)
    en, zh = problem.en, problem.zh
    for form in forms:
        if len(form) > ECHO_CHARS:
            en, zh = en.replace(form, shortened(form)), zh.replace(form, shortened(form))
    return problem if (en, zh) == (problem.en, problem.zh) else Refused(problem.code, en, zh)


def plain_labels(widget: widgets.QWidget) -> None:
    """Every label in ``widget`` shows its text as it is: a member called <b>x</b> is not bold."""
    for label in widget.findChildren(widgets.QLabel):
        label.setTextFormat(core.Qt.TextFormat.PlainText)
