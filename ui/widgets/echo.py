"""What a person typed or scanned, said back in a label or a message: shortened, so that a long paste or
a stray scan cannot stretch the screen, and never read as HTML."""

import re

from terminal.errors import Refused
from terminal.money import half_width
from ui.qt import core, widgets

ECHO_CHARS = 20
_UNBREAKABLE = re.compile(r"[!-~]{41,}")  # printable ASCII with no space: a line cannot wrap inside it


def plain(*labels: widgets.QLabel) -> None:
    """Labels showing what someone typed (a name, a sale number): "<b>" stays "<b>", never markup."""
    for label in labels:
        label.setTextFormat(core.Qt.TextFormat.PlainText)


def plain_labels(widget: widgets.QWidget) -> None:
    """Every label in ``widget`` shows its text as it is: a member called <b>x</b> is not bold."""
    plain(*widget.findChildren(widgets.QLabel))


def shortened(text: str) -> str:
    """``text`` with each run of over 40 characters that cannot wrap cut to 32 and "…": what someone pasted
    and a message repeats cannot widen the window."""
    return _UNBREAKABLE.sub(lambda run: run[0][:32] + "…", text)


def _cut(text: str) -> str:
    return text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + "…"


def echo_shortened(problem: Refused, typed: str) -> Refused:
    """``problem`` with ``typed`` shortened where its messages repeat it (as typed, or as the parser cleaned it)."""
    forms = sorted({typed, typed.strip(), half_width(typed).strip()}, key=len, reverse=True)
    en, zh = problem.en, problem.zh
    for form in forms:
        if len(form) > ECHO_CHARS:
            en, zh = en.replace(form, _cut(form)), zh.replace(form, _cut(form))
    return problem if (en, zh) == (problem.en, problem.zh) else Refused(problem.code, en, zh)
