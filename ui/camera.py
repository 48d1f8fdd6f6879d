"""Camera capture with OpenCV on a worker thread (no Qt: the app's camera view wraps this).

A source is a camera by index (``0``, ``1``, …) or ``file:PATH``: an image, a folder of images, or a
video file, which the tests and the demo use. Opening happens on the worker, so the caller never
waits on a camera; a missing or busy camera is reported as a clear message and the cashier falls
back to the scanner or the phone number. The device is released when scanning stops.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from terminal.errors import Refused
from terminal.scan import FrameScanner

log = logging.getLogger("jifen.camera")
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"})
FOLDER_FPS = 15.0  # a folder of images plays as a camera at this rate
_FFMPEG_QUIET = -8  # AV_LOG_QUIET


@dataclass(frozen=True)
class Frame:
    image: np.ndarray  # BGR
    at: float  # seconds since the source opened: the camera's clock, or the video's


class FrameSource(Protocol):
    description: str
    live: bool  # a camera: frames that are not taken in time are dropped; a file: every frame counts

    def open(self) -> None: ...

    def read(self) -> Frame | None:
        """The next frame; None when a file source has no more."""
        ...

    def close(self) -> None: ...

    @property
    def is_open(self) -> bool: ...


def camera_name(index: int) -> tuple[str, str]:
    """People count cameras from 1, as the settings list them: index 0 is camera 1."""
    return f"camera {index + 1}", f"摄像头 {index + 1}"


def _camera_missing(index: int) -> Refused:
    en, zh = camera_name(index)
    return Refused("not_found", f"{en} is missing or busy (another program may be using it): "
                   "use the barcode scanner or type the phone number",
                   f"{zh} 不存在或正被其他程序占用：请使用扫码枪或输入手机号")


@contextmanager
def _quiet_opencv() -> Iterator[None]:
    """OpenCV logs its attempts at a missing camera or an odd file on the console; our message says it once.
    FFmpeg logs on its own, at the level OpenCV gives it when it first opens something; from then on it
    stays quiet (unless $OPENCV_FFMPEG_LOGLEVEL asks otherwise)."""
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", str(_FFMPEG_QUIET))
    level = cv2.utils.logging.getLogLevel()
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
    try:
        yield
    finally:
        cv2.utils.logging.setLogLevel(level)


def _capture_backend() -> int:
    # On Windows the default backend (MSMF) can take seconds to open a camera; DirectShow opens at once.
    return cv2.CAP_DSHOW if sys.platform == "win32" else cv2.CAP_ANY


def _file_backend() -> int:
    # FFmpeg alone when there is one: OpenCV's own AVI reader, tried after it, prints a damaged file's faults.
    return cv2.CAP_FFMPEG if cv2.videoio_registry.hasBackend(cv2.CAP_FFMPEG) else cv2.CAP_ANY


class _CaptureSource:
    """A source read through an OpenCV capture, released when closed."""

    _capture: cv2.VideoCapture | None = None

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None

    @property
    def is_open(self) -> bool:
        return self._capture is not None


class CameraSource(_CaptureSource):
    live = True

    def __init__(self, index: int, width: int = 1280, height: int = 720) -> None:
        self.index = index
        self.description = camera_name(index)[0]
        self._size = (width, height)
        self._opened_at = 0.0

    def open(self) -> None:
        with _quiet_opencv():
            capture = cv2.VideoCapture(self.index, _capture_backend())
        if not capture.isOpened():
            capture.release()
            raise _camera_missing(self.index)
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self._size[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self._size[1])
        self._capture, self._opened_at = capture, time.monotonic()

    def read(self) -> Frame | None:
        if self._capture is None:
            raise _camera_missing(self.index)
        with _quiet_opencv():
            ok, image = self._capture.read()
        if not ok or image is None:  # unplugged, or held by another program
            raise _camera_missing(self.index)
        return Frame(image, time.monotonic() - self._opened_at)


def _unreadable(path: Path) -> Refused:
    return Refused("bad_input", f"{path} is not an image or video OpenCV can read", f"{path} 不是可读取的图片或视频")


def read_image(path: Path) -> np.ndarray:
    """An image file as BGR; a clear refusal for a missing or unreadable one (non-ASCII paths included)."""
    if not path.exists():
        raise Refused("not_found", f"{path} does not exist", f"{path} 不存在")
    if not path.is_file():  # a device (/dev/null) or a pipe
        raise Refused("bad_input", f"{path} is not an image file", f"{path} 不是图片文件")
    data = np.fromfile(path, np.uint8)
    if data.size == 0:
        raise Refused("bad_input", f"{path} is empty, not an image", f"{path} 是空文件，不是图片")
    try:
        image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    except cv2.error as problem:  # OpenCV refuses to decode, e.g. a header claiming more pixels than it allows
        if "CV_IO_MAX_IMAGE_PIXELS" in str(problem):
            raise Refused("bad_input", f"{path} is too large an image to read", f"{path} 图片过大，无法读取") from None
        raise _unreadable(path) from None
    if image is None:
        raise _unreadable(path)
    return image


class ImageFilesSource:
    """One image, or every image of a folder in name order, played at ``FOLDER_FPS``."""

    live = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = str(path)
        self._pending: Iterator[tuple[int, Path]] | None = None

    def open(self) -> None:
        if self.path.is_dir():
            files = sorted(p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
            if not files:
                raise Refused("not_found", f"{self.path} holds no images", f"{self.path} 中没有图片")
        else:
            files = [self.path]
        self._pending = enumerate(files)

    def read(self) -> Frame | None:
        number, path = next(self._pending, (None, None)) if self._pending is not None else (None, None)
        if number is None or path is None:
            return None
        return Frame(read_image(path), number / FOLDER_FPS)

    def close(self) -> None:
        self._pending = None

    @property
    def is_open(self) -> bool:
        return self._pending is not None


class VideoFileSource(_CaptureSource):
    live = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = str(path)
        self._fps = 30.0
        self._number = 0

    def open(self) -> None:
        with _quiet_opencv():
            capture = cv2.VideoCapture(str(self.path), _file_backend())
        if not capture.isOpened():
            capture.release()
            raise _unreadable(self.path)
        fps = capture.get(cv2.CAP_PROP_FPS)
        self._capture, self._fps, self._number = capture, fps if fps and fps > 0 else 30.0, 0

    def read(self) -> Frame | None:
        if self._capture is None:
            return None
        ok, image = self._capture.read()
        if not ok or image is None:
            return None
        frame = Frame(image, self._number / self._fps)
        self._number += 1
        return frame


def open_source(spec: str) -> FrameSource:
    """``0``, ``1``, … for a camera; ``file:PATH`` for an image, a folder of images or a video."""
    text = spec.strip()
    if text.isascii() and text.isdigit():
        return CameraSource(int(text))
    if text.startswith("file:"):
        path = Path(text[len("file:"):]).expanduser()
        if not path.exists():
            raise Refused("not_found", f"{path} does not exist", f"{path} 不存在")
        if path.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES:
            return ImageFilesSource(path)
        return VideoFileSource(path)
    raise Refused("bad_input", f"'{spec}' is not a camera source: give a camera's index (0 for camera 1, 1 for "
                  "camera 2, …) or file:PATH", f"“{spec}”不是摄像头来源：请填写摄像头序号（0 为摄像头 1，1 为摄像头 2……）"
                  "或 file:路径")


class CameraWorker:
    """Runs a source on its own thread: opens it, reads frames, hands each to ``on_frame``, closes it.

    ``on_problem`` receives the refusal when the source cannot be opened or stops delivering;
    ``on_end`` is called once the worker is done, whatever the reason.
    """

    def __init__(self, source: FrameSource, on_frame: Callable[[Frame], None],
                 on_problem: Callable[[Refused], None] = lambda _: None, on_end: Callable[[], None] = lambda: None) -> None:
        self.source = source
        self._on_frame, self._on_problem, self._on_end = on_frame, on_problem, on_end
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"camera {source.description}", daemon=True)

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def start(self) -> None:
        self._thread.start()

    def stop(self, wait: float = 2.0) -> None:
        """Ask the worker to stop and wait for it to release the source."""
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(wait)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            self.source.open()
            while not self._stop.is_set():
                frame = self.source.read()
                if frame is None:
                    break
                self._on_frame(frame)
        except Refused as problem:
            self._on_problem(problem)
        except Exception as failure:  # a driver or decoder error on the worker must not end as a traceback
            log.exception("camera source %s failed", self.source.description)
            self._on_problem(Refused("not_found", f"{self.source.description} stopped working ({failure})",
                                     f"{self.source.description} 停止工作（{failure}）"))
        finally:
            self.source.close()
            self._on_end()


_END = object()


def first_code(source: FrameSource, scanner: FrameScanner, timeout: float) -> str | None:
    """Run the source until the scanner reads a code (returned), the source ends, or ``timeout`` seconds pass.

    Frames go through a queue: a live camera keeps only the newest frame (stale ones are worth
    nothing), a file source hands over every frame.
    """
    frames: queue.Queue[object] = queue.Queue(maxsize=1 if source.live else 4)
    problems: list[Refused] = []

    def hand_over(item: object) -> None:
        if source.live:  # this thread is the only one putting, so after a drop there is room
            if frames.full():
                try:
                    frames.get_nowait()
                except queue.Empty:
                    pass
            frames.put_nowait(item)
            return
        while not worker.stopping:
            try:
                frames.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    worker = CameraWorker(source, hand_over, problems.append, lambda: hand_over(_END))
    worker.start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                item = frames.get(timeout=min(left, 0.25))
            except queue.Empty:
                continue
            if item is _END:
                if problems:
                    raise problems[0]
                return None
            assert isinstance(item, Frame)
            found = scanner.offer(item.image, item.at)
            if found:
                return found[0]
    finally:
        worker.stop()
