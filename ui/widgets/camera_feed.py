"""A camera for a screen, off the UI thread: ``ui.camera.CameraWorker`` reads frames on its own thread,
a decode thread runs them through ``terminal.scan.FrameScanner`` (at most ~15 decodes a second, a code
in view reported once), and small preview pictures and the codes read come back by signal.

Opening, closing and joining threads all happen away from the UI thread. The counter has one camera
and every screen that shows it (checkout, gifts, the settings preview) has its own feed, so a new run
waits until the run before it, whichever feed started it, has released the device: Windows refuses a
camera that is still held. A file source plays at its own pace, like a camera."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from terminal.codes import has_member_code_prefix
from terminal.errors import Refused
from ui.qt import core, gui

if TYPE_CHECKING:
    from terminal.scan import FrameScanner
    from ui.camera import CameraWorker, Frame, FrameSource

# OpenCV, numpy and the decoders are imported on the workers when a camera starts: a quarter of a
# second the login screen does not wait for.

log = logging.getLogger("jifen.camera")
PREVIEW_WIDTH = 320
PREVIEW_FPS = 15.0
RELEASE_WAIT_S = 3.0
Submit = Callable[[Callable[[], object]], object]  # run work on a background pool (Tasks.io)
_END = object()
_device_let_go: threading.Event | None = None  # by the latest run of any feed (set on the UI thread only)


class _Run:
    """One start-to-stop of a source: the capture worker, the decode thread and the queue between them."""

    def __init__(self, spec: str, decoder: str, feed: CameraFeed, previous: threading.Event | None) -> None:
        self.spec, self.decoder, self.feed, self.previous = spec, decoder, feed, previous  # previous: its run's release
        self.stop = threading.Event()
        self.released = threading.Event()
        self.source: FrameSource | None = None
        self._lock = threading.Lock()
        self._worker: CameraWorker | None = None
        self._decoding: threading.Thread | None = None
        self._frames: queue.Queue[object] = queue.Queue(maxsize=2)
        self._started_at = 0.0
        self._last_picture = -1.0
        self.failed = False

    def begin(self) -> None:
        if self.previous is not None and not self.previous.wait(RELEASE_WAIT_S):
            log.warning("the camera's previous run has not released it after %.0f s", RELEASE_WAIT_S)
        with self._lock:
            if self.stop.is_set():
                self.released.set()
                return
            from terminal.scan import FrameScanner, make_decoder
            from ui.camera import CameraWorker, open_source

            try:
                self.source = open_source(self.spec)
                scanner = FrameScanner(make_decoder(self.decoder))
            except Refused as problem:
                self.released.set()
                self._emit("failed", problem)
                return
            self._decoding = threading.Thread(target=self._decode, args=(scanner,), name="camera decode", daemon=True)
            self._worker = CameraWorker(self.source, self._on_frame, lambda problem: self._emit("failed", problem), self._on_end)
            self._started_at = time.monotonic()
            self._decoding.start()
            self._worker.start()

    def end(self) -> None:
        """Stop and wait (on a worker) until the device is released."""
        with self._lock:
            self.stop.set()
            worker, decoding = self._worker, self._decoding
        if worker is None:  # never opened: let go once the run before has (F6 then F1 at once must not open over it)
            if self.previous is not None:
                self.previous.wait(RELEASE_WAIT_S)
            self.released.set()
            return
        worker.stop(RELEASE_WAIT_S)
        if decoding is not None:
            decoding.join(RELEASE_WAIT_S)
        try:  # the last frames are big: not kept with the run
            while True:
                self._frames.get_nowait()
        except queue.Empty:
            pass

    # --- on the capture thread -------------------------------------------------------------------

    def _on_frame(self, frame: Frame) -> None:
        source = self.source
        if source is not None and not source.live:  # a file plays at its own pace, as a camera would
            self.stop.wait(max(0.0, frame.at - (time.monotonic() - self._started_at)))
        if self.stop.is_set():
            return
        if frame.at - self._last_picture >= 1 / PREVIEW_FPS or self._last_picture < 0:
            self._last_picture = frame.at
            self._emit("picture", preview_image(frame))
        self._hand_over(frame, keep_newest=source is not None and source.live)

    def _hand_over(self, item: object, keep_newest: bool) -> None:
        while not self.stop.is_set():
            try:
                self._frames.put(item, timeout=0.05)
                return
            except queue.Full:
                if keep_newest:  # a stale camera frame is worth nothing
                    try:
                        self._frames.get_nowait()
                    except queue.Empty:
                        pass

    def _on_end(self) -> None:
        self.released.set()
        self._hand_over(_END, keep_newest=False)

    # --- on the decode thread ----------------------------------------------------------------------

    def _decode(self, scanner: FrameScanner) -> None:
        from ui.camera import Frame

        while not self.stop.is_set():
            try:
                item = self._frames.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is _END:
                if not self.failed:  # a failure has been said already; "ended" would talk over it
                    self._emit("ended")
                return
            assert isinstance(item, Frame)
            try:
                found = scanner.offer(item.image, item.at)
            except Refused as problem:
                self._emit("failed", problem)
                continue
            if found:
                self._emit("found", next((text for text in found if has_member_code_prefix(text)), found[0]))

    def _emit(self, signal: str, *args: object) -> None:
        """Tell the UI thread, unless this run was stopped (its screen may be gone by now)."""
        if self.stop.is_set():
            return
        if signal == "failed":
            self.failed = True
        try:
            getattr(self.feed, signal).emit(*args)
        except RuntimeError:  # the feed was deleted with its screen
            self.stop.set()


def preview_image(frame: Frame, width: int = PREVIEW_WIDTH) -> gui.QImage:
    """A small RGB copy of the frame for the screen (made off the UI thread)."""
    import cv2

    image = frame.image
    height = max(1, round(image.shape[0] * width / max(1, image.shape[1])))
    small = cv2.cvtColor(cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB)
    return gui.QImage(small.tobytes(), width, height, 3 * width, gui.QImage.Format.Format_RGB888).copy()


class CameraFeed(core.QObject):
    """Signals arrive on the thread this object lives in (the UI thread)."""

    picture = core.Signal(object)  # QImage
    found = core.Signal(str)  # a code newly in view
    failed = core.Signal(object)  # Refused: missing, busy, unreadable
    ended = core.Signal()  # a file source has no more frames

    def __init__(self, submit: Submit, parent: core.QObject | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._run: _Run | None = None
        self._last: _Run | None = None  # this feed's latest run, stopped or not

    @property
    def running(self) -> bool:
        return self._run is not None

    def start(self, spec: str, decoder: str) -> None:
        global _device_let_go
        self.stop()
        run = self._run = self._last = _Run(spec, decoder, self, _device_let_go)
        _device_let_go = run.released
        self._submit(run.begin)

    def stop(self) -> None:
        run, self._run = self._run, None
        if run is not None:
            run.stop.set()
            self._submit(run.end)

    def stop_now(self) -> None:
        """For a feed going away with its screen: the threads stop and release the device on their own."""
        run, self._run = self._run, None
        if run is not None:
            run.stop.set()
            threading.Thread(target=run.end, name="camera release", daemon=True).start()

    def released(self, timeout: float = 0.0) -> bool:
        """Whether the latest run has let go of its device."""
        return self._last is None or self._last.released.wait(timeout)
