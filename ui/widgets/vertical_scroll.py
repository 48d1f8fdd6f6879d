"""A part that scrolls up and down when the window is too short for it (a laptop screen at 125 % or 150 %),
rather than make the window taller than the screen; it is as wide as its part needs, never scrolled sideways."""

from ui.qt import core, widgets


class VerticalScroll(widgets.QScrollArea):
    def __init__(self, part: widgets.QWidget, shortest: int, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.shortest = shortest  # pixels: the least height asked of the window for it
        self.setWidget(part)
        self.setWidgetResizable(True)
        self.setFrameShape(widgets.QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(core.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, never to the scroll area

    def _part(self) -> widgets.QWidget:
        part = self.widget()
        assert part is not None
        return part

    def minimumSizeHint(self) -> core.QSize:
        needs = self._part().minimumSizeHint()
        return core.QSize(needs.width() + self.verticalScrollBar().sizeHint().width(), min(needs.height(), self.shortest))

    def sizeHint(self) -> core.QSize:
        wants = self._part().sizeHint()
        return core.QSize(wants.width() + self.verticalScrollBar().sizeHint().width(), wants.height())
