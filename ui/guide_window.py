"""The guide for shop owners and cashiers (ui/guide/使用说明.md, shipped as package data), shown by Ctrl+F1 on
any screen: a shop PC has no internet and nobody opens a Markdown file from a folder. There is no English guide:
the English app shows the Chinese one and says so in the title."""

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from terminal.lang import prefers_chinese
from ui.qt import core, widgets
from ui.widgets.screen_room import fitting

GUIDE_KEY = "Ctrl+F1"


def guide_file() -> Traversable:
    return files("ui") / "guide" / "使用说明.md"


@cache
def guide_text() -> str:
    """Read once, as the app starts (run_app), so that Ctrl+F1 reads no file on the UI thread."""
    return guide_file().read_text(encoding="utf-8")


class GuideWindow(widgets.QDialog):
    """Esc closes it; the focus goes back to where it was in the main window."""

    def __init__(self, parent: widgets.QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(core.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Guide") if prefers_chinese() else self.tr("Guide (Chinese)"))
        self.text = widgets.QTextBrowser()
        self.text.setMarkdown(guide_text())
        widgets.QVBoxLayout(self).addWidget(self.text)
        self.resize(fitting(core.QSize(900, 700)))
        self.finished.connect(parent.window().activateWindow)  # not every window manager hands the keys back
