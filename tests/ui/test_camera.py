"""Camera sources and the capture worker, on real image, folder and video files (no Qt, no webcam)."""

import threading
import time
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from terminal.codes import issue_code
from terminal.errors import Refused
from terminal.scan import FrameScanner, make_decoder
from tests.helpers.frame_files import write_images, write_video
from tests.helpers.member_codes import BY_MERCHANT, ISSUED, MEMBER
from tests.helpers.scan_corpus import empty_frame, render
from tests.terminal.scan.test_pipeline import PLAIN
from ui.camera import (
    CameraSource,
    CameraWorker,
    Frame,
    ImageFilesSource,
    VideoFileSource,
    first_code,
    open_source,
    read_image,
)

CODE = issue_code(BY_MERCHANT, MEMBER, ISSUED)
MISSING_CAMERA = 97


@pytest.fixture(scope="module")
def code_frame() -> np.ndarray:
    return render(replace(PLAIN, code=CODE, width_px=260.0, rotation=20.0))


@pytest.fixture(scope="module")
def counter() -> np.ndarray:
    return empty_frame(3)


def _all_frames(source: ImageFilesSource | VideoFileSource) -> list[Frame]:
    source.open()
    frames = []
    while (frame := source.read()) is not None:
        frames.append(frame)
    source.close()
    return frames


# --- choosing a source -------------------------------------------------------------------------

def test_a_number_is_a_camera_and_file_paths_are_images_folders_or_videos(tmp_path: Path, counter: np.ndarray) -> None:
    image = tmp_path / "still.png"
    cv2.imwrite(str(image), counter)
    video = write_video(tmp_path / "clip.avi", [counter] * 3)
    camera = open_source(" 1 ")
    assert isinstance(camera, CameraSource) and camera.index == 1 and camera.live
    assert isinstance(open_source(f"file:{image}"), ImageFilesSource)
    assert isinstance(open_source(f"file:{tmp_path}"), ImageFilesSource)
    assert isinstance(open_source(f"file:{video}"), VideoFileSource)
    assert not open_source(f"file:{video}").live


@pytest.mark.parametrize(("spec", "code"), [("front", "bad_input"), ("", "bad_input"), ("-1", "bad_input"),
                                            ("file:/no/such/file.png", "not_found")])
def test_a_source_that_is_not_one_is_refused(spec: str, code: str) -> None:
    with pytest.raises(Refused) as refused:
        open_source(spec)
    assert refused.value.code == code


# --- file sources ------------------------------------------------------------------------------

def test_an_image_file_is_one_frame(tmp_path: Path, counter: np.ndarray) -> None:
    cv2.imwrite(str(tmp_path / "still.png"), counter)
    frames = _all_frames(ImageFilesSource(tmp_path / "still.png"))
    assert len(frames) == 1 and frames[0].at == 0.0 and np.array_equal(frames[0].image, counter)


def test_a_folder_plays_its_images_in_name_order_at_15_frames_a_second(tmp_path: Path, counter: np.ndarray,
                                                                        code_frame: np.ndarray) -> None:
    write_images(tmp_path / "shots", [counter, code_frame, counter], suffix=".png")
    (tmp_path / "shots" / "notes.txt").write_text("not an image")
    frames = _all_frames(ImageFilesSource(tmp_path / "shots"))
    assert [f.at for f in frames] == [0.0, 1 / 15, 2 / 15]
    assert np.array_equal(frames[1].image, code_frame)


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        ImageFilesSource(tmp_path).open()
    assert refused.value.code == "not_found"


def test_an_image_with_a_chinese_name_is_read(tmp_path: Path, counter: np.ndarray) -> None:
    path = tmp_path / "会员卡.jpg"
    _, data = cv2.imencode(".jpg", counter)
    path.write_bytes(data.tobytes())
    assert read_image(path).shape == counter.shape


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "card.png"
    fake.write_text("hello")
    with pytest.raises(Refused) as refused:
        read_image(fake)
    assert refused.value.code == "bad_input"


def test_a_video_plays_every_frame_with_its_own_time(tmp_path: Path, counter: np.ndarray, code_frame: np.ndarray) -> None:
    video = write_video(tmp_path / "clip.avi", [counter, counter, code_frame, counter], fps=20)
    frames = _all_frames(VideoFileSource(video))
    assert [f.at for f in frames] == [0.0, 0.05, 0.1, 0.15]
    assert frames[0].image.shape == counter.shape


def test_a_file_that_is_not_a_video_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "clip.mp4"
    fake.write_bytes(b"\x00" * 1000)
    with pytest.raises(Refused) as refused:
        VideoFileSource(fake).open()
    assert refused.value.code == "bad_input"


# --- cameras -----------------------------------------------------------------------------------

def test_a_missing_camera_is_one_clear_message(capfd: pytest.CaptureFixture[str]) -> None:
    source = CameraSource(MISSING_CAMERA)
    with pytest.raises(Refused) as refused:
        source.open()
    assert refused.value.code == "not_found"
    assert "missing or busy" in refused.value.en and "scanner" in refused.value.en
    assert "摄像头" in refused.value.zh
    assert not source.is_open
    assert capfd.readouterr().err == ""  # OpenCV's own warnings are kept off the console


def test_the_worker_reports_a_missing_camera_and_ends(capfd: pytest.CaptureFixture[str]) -> None:
    problems: list[Refused] = []
    ended = threading.Event()
    worker = CameraWorker(CameraSource(MISSING_CAMERA), lambda frame: None, problems.append, ended.set)
    worker.start()
    assert ended.wait(10)
    assert [p.code for p in problems] == ["not_found"]
    assert not worker.running


# --- scanning a source until a code is read ----------------------------------------------------

def test_the_first_code_of_a_video_is_read_and_the_file_released(tmp_path: Path, counter: np.ndarray,
                                                                  code_frame: np.ndarray) -> None:
    source = VideoFileSource(write_video(tmp_path / "clip.avi", [counter] * 10 + [code_frame] * 5 + [counter] * 5))
    assert first_code(source, FrameScanner(make_decoder()), timeout=30) == CODE
    assert not source.is_open


def test_a_folder_without_a_code_reads_nothing(tmp_path: Path, counter: np.ndarray) -> None:
    source = ImageFilesSource(write_images(tmp_path / "shots", [counter] * 3))
    assert first_code(source, FrameScanner(make_decoder()), timeout=30) is None
    assert not source.is_open


def test_a_missing_camera_is_reported_by_the_scan() -> None:
    with pytest.raises(Refused) as refused:
        first_code(CameraSource(MISSING_CAMERA), FrameScanner(make_decoder()), timeout=10)
    assert refused.value.code == "not_found"


class _LiveReplay:
    """A live camera for tests: the same frame, ``fps`` times a second, for ever."""

    live = True
    description = "replay"

    def __init__(self, image: np.ndarray, fps: float = 60.0) -> None:
        self._image, self._interval, self._started, self.opened, self.delivered = image, 1 / fps, 0.0, False, 0

    def open(self) -> None:
        self._started, self.opened = time.monotonic(), True

    def read(self) -> Frame | None:
        time.sleep(self._interval)
        self.delivered += 1
        return Frame(self._image, time.monotonic() - self._started)

    def close(self) -> None:
        self.opened = False

    @property
    def is_open(self) -> bool:
        return self.opened


def test_a_live_camera_without_a_code_gives_up_at_the_timeout_and_is_released(counter: np.ndarray) -> None:
    camera = _LiveReplay(counter)
    assert first_code(camera, FrameScanner(make_decoder()), timeout=0.5) is None
    assert not camera.is_open and camera.delivered > 0


def test_a_live_camera_showing_a_code_is_read(code_frame: np.ndarray) -> None:
    camera = _LiveReplay(code_frame)
    assert first_code(camera, FrameScanner(make_decoder()), timeout=30) == CODE
    assert not camera.is_open


def test_stopping_the_worker_releases_the_camera(counter: np.ndarray) -> None:
    camera = _LiveReplay(counter)
    seen = threading.Event()
    worker = CameraWorker(camera, lambda frame: seen.set())
    worker.start()
    assert seen.wait(10)
    worker.stop()
    assert not worker.running and not camera.is_open


class _BrokenCamera(_LiveReplay):
    """A camera whose driver fails after a few frames."""

    def read(self) -> Frame | None:
        if self.delivered >= 3:
            raise cv2.error("driver gave up")
        return super().read()


def test_a_camera_that_fails_while_scanning_is_a_clear_message_not_a_traceback(
        counter: np.ndarray, capfd: pytest.CaptureFixture[str]) -> None:
    camera = _BrokenCamera(counter)
    with pytest.raises(Refused) as refused:
        first_code(camera, FrameScanner(make_decoder()), timeout=30)
    assert refused.value.code == "not_found" and "stopped working" in refused.value.en
    assert not camera.is_open
    assert "Traceback" not in capfd.readouterr().err
