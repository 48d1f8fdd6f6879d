"""Marks that do not rest on a faint shade: the category chosen at the checkout, and the button Enter presses."""

from ui.qt import widgets

CHOSEN_MARK = "✓ "
# A shape as well as a shade: a thick dark edge (and bold words, set in the button's font).
CHOSEN_STYLE = "QPushButton:checked { border: 3px solid #000000; border-radius: 4px; background: #dbdbdb; }"
FOCUS_STYLE = "QPushButton:focus { border: 3px solid #005fb8; border-radius: 4px; background: #e3eefa; }"


def bold_when_checked(button: widgets.QPushButton) -> None:
    """The button's words bold while it is checked; a style sheet's font in a state does not reach the text."""
    def show(checked: bool) -> None:
        font = button.font()
        font.setBold(checked)
        button.setFont(font)
    button.toggled.connect(show)
    show(button.isChecked())


def marks_focus(button: widgets.QPushButton) -> widgets.QPushButton:
    """A thick blue edge while ``button`` has the focus (Enter presses it)."""
    button.setStyleSheet(FOCUS_STYLE)
    return button
