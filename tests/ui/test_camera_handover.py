"""The counter's one camera passes between screens: checkout, gifts and the settings preview each have
their own feed, and a feed that starts waits until the one before, whichever it was, has let go."""

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import ui.camera
from terminal.errors import Refused
from ui.camera import Frame
from ui.screens.settings_camera_preview import CameraPreview
from ui.widgets.camera_feed import CameraFeed

pytestmark = pytest.mark.gui

CLOSE_S = 0.6  # a webcam driver can take this long to let go


class Webcam:
    """One device, as Windows has it: opening it while another capture holds it fails as busy."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holder: object | None = None
        self.refused = 0


class WebcamCapture:
    live = True
    description = "camera 0"

    def __init__(self, device: Webcam) -> None:
        self.device, self.opened, self.started = device, False, 0.0

    def open(self) -> None:
        with self.device.lock:
            if self.device.holder is not None:
                self.device.refused += 1
                raise Refused("not_found", "camera 0 is missing or busy", "摄像头 0 被占用")
            self.device.holder = self
        self.opened, self.started = True, time.monotonic()

    def read(self) -> Frame | None:
        time.sleep(1 / 30)
        return Frame(np.full((120, 160, 3), 128, np.uint8), time.monotonic() - self.started)

    def close(self) -> None:
        if self.opened:
            time.sleep(CLOSE_S)
            with self.device.lock:
                self.device.holder = None
            self.opened = False

    @property
    def is_open(self) -> bool:
        return self.opened


@pytest.fixture
def webcam(monkeypatch: pytest.MonkeyPatch) -> Webcam:
    device = Webcam()
    monkeypatch.setattr(ui.camera, "open_source", lambda spec: WebcamCapture(device))
    return device


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    workers = ThreadPoolExecutor(4)
    yield workers
    workers.shutdown(wait=True)


def pictures(feed: CameraFeed) -> list[object]:
    shown: list[object] = []
    feed.picture.connect(shown.append)
    return shown


def test_the_next_screen_opens_the_camera_once_the_last_has_let_go(qtbot: QtBot, webcam: Webcam,
                                                                   pool: ThreadPoolExecutor) -> None:
    checkout, gifts = CameraFeed(pool.submit), CameraFeed(pool.submit)
    problems: list[Refused] = []
    gifts.failed.connect(problems.append)
    at_checkout, at_gifts = pictures(checkout), pictures(gifts)
    checkout.start("0", "zxing")
    qtbot.waitUntil(lambda: len(at_checkout) > 0, timeout=10_000)
    checkout.stop()  # F6: the checkout hides as the gifts screen shows
    gifts.start("0", "zxing")
    qtbot.waitUntil(lambda: len(at_gifts) > 0 or bool(problems), timeout=10_000)
    assert problems == [] and webcam.refused == 0
    assert checkout.released() and not gifts.released()
    gifts.stop()
    qtbot.waitUntil(lambda: gifts.released(), timeout=5_000)
    assert webcam.holder is None


def test_f6_then_f1_at_once_finds_the_camera_free(qtbot: QtBot, webcam: Webcam, pool: ThreadPoolExecutor) -> None:
    """The gifts screen's run is stopped while it still waits for the checkout's: the checkout's next run
    must wait for the first one all the same."""
    checkout, gifts = CameraFeed(pool.submit), CameraFeed(pool.submit)
    problems: list[Refused] = []
    checkout.failed.connect(problems.append)
    shown = pictures(checkout)
    checkout.start("0", "zxing")
    qtbot.waitUntil(lambda: len(shown) > 0, timeout=10_000)
    checkout.stop()
    gifts.start("0", "zxing")
    qtbot.wait(50)
    gifts.stop()
    shown.clear()
    checkout.start("0", "zxing")
    qtbot.waitUntil(lambda: len(shown) > 0 or bool(problems), timeout=10_000)
    assert problems == [] and webcam.refused == 0
    checkout.stop()
    qtbot.waitUntil(lambda: checkout.released(), timeout=5_000)


def test_the_settings_preview_waits_for_the_checkout_to_let_go(qtbot: QtBot, webcam: Webcam,
                                                               pool: ThreadPoolExecutor) -> None:
    checkout = CameraFeed(pool.submit)
    shown = pictures(checkout)
    checkout.start("0", "zxing")
    qtbot.waitUntil(lambda: len(shown) > 0, timeout=10_000)
    preview = CameraPreview(pool.submit)
    qtbot.addWidget(preview)
    checkout.stop()
    preview.start("0", "zxing")
    qtbot.waitUntil(lambda: preview.frames_shown > 0 or "No picture" in preview.state.text(), timeout=10_000)
    assert preview.state.text().startswith("The camera works") and webcam.refused == 0
    preview.stop()
    qtbot.waitUntil(lambda: preview.feed.released(), timeout=5_000)
