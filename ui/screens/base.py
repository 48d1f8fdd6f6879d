"""What every screen has: a title, a function key, the roles that may open it, and hooks."""

from typing import ClassVar

from ui.context import AppContext
from ui.qt import widgets

ALL_ROLES = ("cashier", "manager", "owner")
CODE_CHARS = 256  # the longest thing a lookup field takes: a scanned member code is about 150 characters


class Screen(widgets.QWidget):
    key: ClassVar[str] = ""  # the function key that opens it, e.g. "F1"
    roles: ClassVar[tuple[str, ...]] = ALL_ROLES

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:
        """What the navigation bar calls the screen (each screen sets its window title)."""
        return self.windowTitle()

    def entered(self) -> None:
        """Shown: put the focus where the next keystroke goes."""

    def fit_height(self, height: int) -> bool:
        """The window has ``height`` pixels for the screen: a screen may arrange itself to fit (see CheckoutScreen).
        True if it did."""
        return False

    def scanned(self, text: str) -> bool:
        """A keyboard scanner typed ``text`` while this screen was showing; True if it was used."""
        return False
