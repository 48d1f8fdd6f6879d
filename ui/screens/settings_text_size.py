"""Settings › Language and text size: the choice of the app's text size ([app] text_size, in percent)."""

from terminal.config import TEXT_SIZES
from ui.qt import widgets
from ui.screens.settings_widgets import tall


class TextSizeChoice(widgets.QComboBox):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        tall(self)
        for size in TEXT_SIZES:
            words = self.tr("Usual (100%)") if size == 100 else self.tr("Bigger (%1%)").replace("%1", str(size))
            self.addItem(words, size)

    def choose(self, size: int) -> None:
        self.setCurrentIndex(max(0, self.findData(size)))

    def size_percent(self) -> int:
        return int(self.currentData())
