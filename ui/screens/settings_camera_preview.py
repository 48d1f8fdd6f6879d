"""A live camera preview for choosing the camera: the same ``CameraFeed`` the checkout reads with (its
threads, its decoder, its turn at the device), so the owner sees that a member card reads as it will
at the counter. Stopping never waits on the UI thread."""

from __future__ import annotations

from terminal.errors import Refused
from ui.qt import core, gui, widgets
from ui.widgets.camera_feed import CameraFeed, Submit

PREVIEW_SIZE = (320, 240)


class CameraPreview(widgets.QWidget):
    """The picture, and a line saying what the camera is doing."""

    def __init__(self, submit: Submit, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.feed = CameraFeed(submit, self)
        self.picture = widgets.QLabel()
        self.picture.setFixedSize(*PREVIEW_SIZE)
        self.picture.setAlignment(core.Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #202124; color: #e8eaed;")
        self.picture.setWordWrap(True)
        self.state = widgets.QLabel(self.tr("Preview off"))
        self.state.setWordWrap(True)
        self.frames_shown = 0
        self.codes_seen: list[str] = []
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picture)
        column.addWidget(self.state)
        self.feed.picture.connect(self._show_picture)
        self.feed.found.connect(self._seen)
        self.feed.failed.connect(self._problem)
        self.feed.ended.connect(self._ended)
        feed = self.feed
        self.destroyed.connect(lambda *_: feed.stop_now())  # the page went away without being hidden

    @property
    def running(self) -> bool:
        return self.feed.running

    def start(self, spec: str, decoder: str) -> None:
        self.stop()
        self.frames_shown, self.codes_seen = 0, []
        self.picture.clear()
        self.state.setText(self.tr("Opening the camera…"))
        self.feed.start(spec, decoder)

    def stop(self) -> None:
        if self.feed.running:
            self.feed.stop()
            self.state.setText(self.tr("Preview off"))

    def hideEvent(self, event: gui.QHideEvent) -> None:
        self.stop()  # the camera is free for the checkout again
        super().hideEvent(event)

    def _show_picture(self, image: gui.QImage) -> None:
        if not self.running:
            return
        self.picture.setPixmap(gui.QPixmap.fromImage(image).scaled(self.picture.size(),
                                                                   core.Qt.AspectRatioMode.KeepAspectRatio))
        self.frames_shown += 1
        if self.frames_shown == 1:
            self.state.setText(self.tr("The camera works. Hold a member card in view to check that it reads."))

    def _seen(self, text: str) -> None:
        if not self.running or text in self.codes_seen:
            return
        self.codes_seen.append(text)
        self.state.setText(self.tr("Read a code: %1").replace("%1", text[:40]))

    def _problem(self, problem: Refused) -> None:
        self.feed.stop()
        self.picture.setText(self.tr("No picture"))
        self.state.setText(self.tr("No picture: %1. Check the camera's cable, or choose another camera.")
                           .replace("%1", problem.message))

    def _ended(self) -> None:
        if self.running and self.frames_shown:
            self.feed.stop()
            self.state.setText(self.tr("The pictures have all been shown; the source works."))
