"""A screen's key hints at its foot: wrapped, a whole hint to a line's end; on a short screen one line,
shortened with "…" (all of them in the tooltip), so that the screen's own parts keep their room."""

from ui.qt import core, gui, widgets


class KeyHints(widgets.QLabel):
    def __init__(self, text: str, parent: widgets.QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("keys")
        self.setTextFormat(core.Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    @property
    def one_line(self) -> bool:
        return not self.wordWrap()

    def set_one_line(self, one_line: bool) -> None:
        self.setWordWrap(not one_line)
        self.setToolTip(self.text() if one_line else "")
        policy = widgets.QSizePolicy.Policy
        self.setSizePolicy(policy.Ignored if one_line else policy.Preferred, policy.Preferred)
        self.updateGeometry()
        self.update()

    def _line_height(self) -> int:
        margins = self.contentsMargins()
        return self.fontMetrics().height() + margins.top() + margins.bottom() + 2 * self.margin()

    def minimumSizeHint(self) -> core.QSize:
        return core.QSize(0, self._line_height()) if self.one_line else super().minimumSizeHint()

    def sizeHint(self) -> core.QSize:
        return core.QSize(0, self._line_height()) if self.one_line else super().sizeHint()

    def paintEvent(self, event: gui.QPaintEvent) -> None:
        if not self.one_line:
            super().paintEvent(event)
            return
        painter = gui.QPainter(self)
        room = self.contentsRect().adjusted(self.margin(), self.margin(), -self.margin(), -self.margin())
        shown = self.fontMetrics().elidedText(self.text(), core.Qt.TextElideMode.ElideRight, room.width())
        left = core.Qt.AlignmentFlag.AlignLeft | core.Qt.AlignmentFlag.AlignVCenter
        self.style().drawItemText(painter, room, int(left), self.palette(), self.isEnabled(), shown,
                                  gui.QPalette.ColorRole.WindowText)
        painter.end()
