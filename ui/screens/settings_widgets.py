"""Small pieces the owner's screens and the first-run wizard share: buttons big enough to touch,
and a line that says what happened (or what went wrong and what to do)."""

from collections.abc import Callable
from typing import TypeVar

from ui.qt import core, widgets

TOUCH = 44  # the smallest button a finger hits reliably, in pixels
W = TypeVar("W", bound=widgets.QWidget)


def touch_button(text: str, on_click: Callable[[], None] | None = None,
                 parent: widgets.QWidget | None = None) -> widgets.QPushButton:
    button = widgets.QPushButton(text, parent)
    button.setMinimumHeight(TOUCH)
    button.setAutoDefault(False)
    if on_click is not None:
        button.clicked.connect(lambda _=False: on_click())
    return button


def message_label() -> widgets.QLabel:
    label = widgets.QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(core.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def tell(label: widgets.QLabel, text: str, problem: bool = False) -> None:
    """Show ``text``; a problem in the problem colour (the app's style sheet styles #problem)."""
    name = "problem" if problem else "note"
    if label.objectName() != name:
        label.setObjectName(name)
        label.style().unpolish(label)
        label.style().polish(label)
    label.setText(text)


def tall(widget: W) -> W:
    """Line edits, combo boxes and date fields a finger can hit."""
    widget.setMinimumHeight(TOUCH)
    return widget
