"""Fields for digits, amounts, points, phone numbers, PINs and codes have the input method (IME) off: on a
Chinese PC with Pinyin on, a keyboard scanner's keystrokes would go to the IME's candidate window, and the
scan filter would never see them. Fields for Chinese text (names, reasons) are plain line edits and keep it.

Windows turns the IME on or off by what the focus widget answers when asked ``ImEnabled``; a line edit
answers "yes" whenever it is editable, whatever its WA_InputMethodEnabled says, so these fields answer
"no" themselves."""

from typing import Any, TypeAlias

from ui.qt import core, widgets

Hint: TypeAlias = core.Qt.InputMethodHint
Query: TypeAlias = core.Qt.InputMethodQuery
DIGITS = Hint.ImhDigitsOnly  # points, PINs
NUMBER = Hint.ImhFormattedNumbersOnly  # an amount in yuan, points with a sign
PHONE = Hint.ImhDialableCharactersOnly
CODE = Hint.ImhPreferLatin  # a phone or member number, a sale or exchange number, a scanned code


def input_method_off(field: widgets.QWidget, hints: Hint) -> None:
    field.setAttribute(core.Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    field.setInputMethodHints(field.inputMethodHints() | hints | Hint.ImhNoPredictiveText)


def no_input_method(query: Query, answer: Any) -> Any:
    """What a field with the input method off answers the input method: ``answer``, but "no" to ImEnabled."""
    return False if query == Query.ImEnabled else answer


class NoImeEdit(widgets.QLineEdit):
    def __init__(self, hints: Hint, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        input_method_off(self, hints)

    def inputMethodQuery(self, query: Query) -> Any:  # type: ignore[override]
        return no_input_method(query, super().inputMethodQuery(query))
