"""A problem said in a line of words: red, with a thick bar down its left edge, so that a cashier who cannot tell red
from black still sees a refusal apart from routine news. A line too short for the bar (the camera's caption) is
marked "⚠ " in front instead."""

from ui.qt import widgets

PROBLEM_MARK = "⚠ "
PROBLEM_COLOUR = "color: #b00020;"
# (a lone "border-left: 6px solid" draws nothing on a QLabel: the edge is set in parts)
PROBLEM_STYLE = PROBLEM_COLOUR + " border-style: solid; border-color: #b00020; border-width: 0 0 0 6px; padding-left: 6px;"


def marked(text: str) -> str:
    """``text`` with the problem mark in front (once)."""
    return text if not text or text.startswith(PROBLEM_MARK) else PROBLEM_MARK + text


def show_words(label: widgets.QLabel, text: str, problem: bool) -> None:
    """``text`` in ``label``, as a problem (red, barred) or as routine words."""
    label.setText(text)
    label.setStyleSheet(PROBLEM_STYLE if problem else "")
