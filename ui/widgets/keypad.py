"""A large numeric keypad for touch screens; the keyboard works the same way."""

from collections.abc import Callable

from ui.qt import core, widgets

KEY_SIZE = 64  # touch targets well above 44 px


class Keypad(widgets.QWidget):
    """Digits, a decimal point when asked for, backspace and Enter, feeding a line edit."""

    def __init__(self, target: widgets.QLineEdit, on_enter: Callable[[], None], decimal: bool = False,
                 parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._target, self._on_enter = target, on_enter
        grid = widgets.QGridLayout(self)
        keys = ["7", "8", "9", "4", "5", "6", "1", "2", "3", "." if decimal else "", "0", "⌫"]
        for i, key in enumerate(keys):
            if not key:
                continue
            button = widgets.QPushButton(key)
            button.setMinimumSize(KEY_SIZE, KEY_SIZE)
            button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)  # the keyboard stays in the line edit
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, i // 3, i % 3)
        enter = widgets.QPushButton(self.tr("Enter"))
        enter.setMinimumSize(KEY_SIZE, KEY_SIZE)
        enter.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        enter.clicked.connect(on_enter)
        grid.addWidget(enter, 4, 0, 1, 3)

    def _press(self, key: str) -> None:
        if key == "⌫":
            self._target.backspace()
        else:
            self._target.insert(key)
        self._target.setFocus()
