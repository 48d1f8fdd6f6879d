"""A live camera preview for choosing the camera: ``ui.camera.CameraWorker`` reads the frames on its
own thread, a few a second are decoded with the chosen decoder (so the owner sees that a member
card reads), and small pictures come back by signal. Stopping never waits on the UI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from terminal.errors import Refused
from ui.qt import core, gui, widgets

if TYPE_CHECKING:  # OpenCV and the decoders load on the worker when the preview starts
    from terminal.scan.decoders import Decoder
    from ui.camera import CameraWorker, Frame

PREVIEW_SIZE = (320, 240)
PICTURES_PER_S = 15.0
DECODES_PER_S = 3.0
Submit = Callable[[Callable[[], object]], object]


def small_picture(frame: Frame) -> gui.QImage:
    """An RGB copy of the frame, fitted to the preview (made on the capture thread)."""
    import cv2

    image = frame.image
    scale = min(PREVIEW_SIZE[0] / image.shape[1], PREVIEW_SIZE[1] / image.shape[0])
    width, height = max(1, int(image.shape[1] * scale)), max(1, int(image.shape[0] * scale))
    rgb = cv2.cvtColor(cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
    return gui.QImage(rgb.tobytes(), width, height, 3 * width, gui.QImage.Format.Format_RGB888).copy()


class _Relay(core.QObject):
    picture = core.Signal(object)  # QImage
    seen = core.Signal(str)  # a code the decoder read
    problem = core.Signal(object)  # Refused
    ended = core.Signal()


class _Run:
    """One start-to-stop of a source, all of it off the UI thread."""

    def __init__(self, spec: str, decoder_name: str, relay: _Relay) -> None:
        self.spec, self.decoder_name, self.relay = spec, decoder_name, relay
        self.stop = threading.Event()
        self.worker: CameraWorker | None = None
        self._decoder: Decoder | None = None
        self._started = 0.0
        self._last_picture = self._last_decode = -1.0

    def begin(self) -> None:
        from terminal.scan import make_decoder
        from ui.camera import CameraWorker, open_source

        try:
            source = open_source(self.spec)
            self._decoder = make_decoder(self.decoder_name)
        except Refused as problem:
            self._emit(self.relay.problem, problem)
            return
        self.worker = CameraWorker(source, self._frame, lambda problem: self._emit(self.relay.problem, problem),
                                   lambda: self._emit(self.relay.ended))
        self._started = time.monotonic()
        if not self.stop.is_set():
            self.worker.start()

    def _frame(self, frame: Frame) -> None:
        if self.worker is not None and not self.worker.source.live:  # a file plays at a camera's pace
            self.stop.wait(max(0.0, frame.at - (time.monotonic() - self._started)))
        if self.stop.is_set():
            if self.worker is not None:
                self.worker.stop(0)
            return
        if self._last_picture < 0 or frame.at - self._last_picture >= 1 / PICTURES_PER_S:
            self._last_picture = frame.at
            self._emit(self.relay.picture, small_picture(frame))
        if self._decoder is not None and (self._last_decode < 0 or frame.at - self._last_decode >= 1 / DECODES_PER_S):
            self._last_decode = frame.at
            from terminal.scan import find_codes

            for text in find_codes(frame.image, self._decoder):
                self._emit(self.relay.seen, text)

    def end(self) -> None:
        self.stop.set()
        if self.worker is not None:
            self.worker.stop(0)

    def _emit(self, signal: core.SignalInstance, *args: object) -> None:
        if self.stop.is_set():
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # the preview went away with its page
            self.stop.set()


class CameraPreview(widgets.QWidget):
    """The picture, and a line saying what the camera is doing."""

    def __init__(self, submit: Submit, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._run: _Run | None = None
        self._relay = _Relay(self)
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
        self._relay.picture.connect(self._show_picture)
        self._relay.seen.connect(self._seen)
        self._relay.problem.connect(self._problem)
        self._relay.ended.connect(self._ended)

    @property
    def running(self) -> bool:
        return self._run is not None

    def start(self, spec: str, decoder: str) -> None:
        self.stop()
        self.frames_shown, self.codes_seen = 0, []
        self.picture.clear()
        self.state.setText(self.tr("Opening the camera…"))
        run = self._run = _Run(spec, decoder, self._relay)
        self._submit(run.begin)

    def stop(self) -> None:
        run, self._run = self._run, None
        if run is not None:
            run.end()
            self.state.setText(self.tr("Preview off"))

    def hideEvent(self, event: gui.QHideEvent) -> None:
        self.stop()  # the camera is free for the checkout again
        super().hideEvent(event)

    def _show_picture(self, image: gui.QImage) -> None:
        if self._run is None:
            return
        self.picture.setPixmap(gui.QPixmap.fromImage(image))
        self.frames_shown += 1
        if self.frames_shown == 1:
            self.state.setText(self.tr("The camera works. Hold a member card in view to check that it reads."))

    def _seen(self, text: str) -> None:
        if self._run is None or text in self.codes_seen:
            return
        self.codes_seen.append(text)
        self.state.setText(self.tr("Read a code: %1").replace("%1", text[:40]))

    def _problem(self, problem: Refused) -> None:
        self._run = None
        self.picture.setText(self.tr("No picture"))
        self.state.setText(self.tr("No picture: %1. Check the camera's cable, or choose another camera.")
                           .replace("%1", problem.message))

    def _ended(self) -> None:
        if self._run is not None and self.frames_shown:
            self._run = None
            self.state.setText(self.tr("The pictures have all been shown; the source works."))
