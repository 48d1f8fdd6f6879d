"""The live camera picture with a line under it saying what the camera is doing."""

from terminal.errors import Refused
from ui.qt import core, gui, widgets
from ui.widgets.camera_feed import CameraFeed, Submit
from ui.widgets.problem import PROBLEM_COLOUR, marked


PICTURE = core.QSize(200, 120)  # the least picture; on a short screen it may be this much lower:
SHORT_PICTURE = 80  # the decoder reads the camera's whole frame, whatever the size of its picture


class CameraPicture(widgets.QWidget):
    """Paints the latest preview frame, scaled to fit; a word when there is none."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: gui.QImage | None = None
        self.placeholder = ""
        self.setMinimumSize(PICTURE)
        self.setSizePolicy(widgets.QSizePolicy.Policy.Expanding, widgets.QSizePolicy.Policy.Preferred)

    def show_image(self, image: gui.QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, event: gui.QPaintEvent) -> None:
        painter = gui.QPainter(self)
        painter.fillRect(self.rect(), gui.QColor("#202124"))
        if self.image is not None and not self.image.isNull():
            size = self.image.size().scaled(self.size(), core.Qt.AspectRatioMode.KeepAspectRatio)
            target = core.QRect(core.QPoint(0, 0), size)
            target.moveCenter(self.rect().center())
            painter.drawImage(target, self.image)
        elif self.placeholder:
            painter.setPen(gui.QColor("#e8eaed"))
            painter.drawText(self.rect().adjusted(8, 8, -8, -8),
                             int(core.Qt.AlignmentFlag.AlignCenter | core.Qt.TextFlag.TextWordWrap), self.placeholder)
        painter.end()


class Caption(widgets.QLabel):
    """One line, shortened with "…" to the width it has (all of it in the tooltip, and in the picture while
    there is no frame): the view keeps one size whatever the camera says."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(core.Qt.TextFormat.PlainText)
        self.setSizePolicy(widgets.QSizePolicy.Policy.Ignored, widgets.QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: gui.QPaintEvent) -> None:
        painter = gui.QPainter(self)
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), core.Qt.TextElideMode.ElideRight, room.width())
        self.style().drawItemText(painter, room, int(self.alignment()), self.palette(), self.isEnabled(), shown,
                                  gui.QPalette.ColorRole.WindowText)
        painter.end()


class CameraView(widgets.QWidget):
    found = core.Signal(str)
    state = core.Signal(str)  # a sentence for the status bar

    def __init__(self, submit: Submit, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.feed = CameraFeed(submit, self)
        self._waiting_for_picture = False
        self.picture = CameraPicture()
        self.caption = Caption()
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picture, 1)
        column.addWidget(self.caption)
        self.feed.picture.connect(self.picture.show_image)
        self.feed.found.connect(self.found)
        self.feed.failed.connect(self._failed)
        self.feed.ended.connect(self._ended)
        self.feed.picture.connect(self._first_picture)
        feed = self.feed
        self.destroyed.connect(lambda *_: feed.stop_now())  # the screen went away without being hidden
        self._say(self.tr("Camera off"), self.tr("No camera set up: use the barcode scanner or type the phone number."))

    def fit_short(self, short: bool) -> None:
        """On a short screen the picture may be lower, so that what the screen is for keeps its room."""
        self.picture.setMinimumHeight(SHORT_PICTURE if short else PICTURE.height())

    def start(self, spec: str | None, decoder: str) -> None:
        if spec is None:
            self._say(self.tr("Camera: none"), self.tr("No camera set up: use the barcode scanner or type the phone number."))
            return
        self.picture.show_image(None)
        self._say(self.tr("Camera: starting"), self.tr("Starting the camera…"))
        self._waiting_for_picture = True
        self.feed.start(spec, decoder)

    def _first_picture(self) -> None:
        if self._waiting_for_picture:
            self._waiting_for_picture = False
            self._say(self.tr("Camera: on"), self.tr("Hold the member code up to the camera."))

    def stop(self) -> None:
        if self.feed.running:
            self.feed.stop()
            self._say(self.tr("Camera: off"), self.tr("Camera off"))

    def _failed(self, problem: Refused) -> None:
        self.feed.stop()
        self._waiting_for_picture = False
        self.picture.show_image(None)
        self._say(self.tr("Camera: not working"), problem.message, problem=True)

    def _ended(self) -> None:
        self.feed.stop()
        self.state.emit(self.tr("Camera: off"))

    def _say(self, status: str, caption: str, problem: bool = False) -> None:
        self.caption.setText(marked(caption) if problem else caption)
        self.caption.setStyleSheet(PROBLEM_COLOUR if problem else "")  # it paints its own words: no bar
        self.caption.setToolTip(self.caption.text())
        self.caption.setObjectName("problem" if problem else "")
        self.picture.placeholder = self.caption.text() if self.picture.image is None else ""
        self.picture.update()
        self.state.emit(status)

