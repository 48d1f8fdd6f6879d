"""Frames to codes with real decoders on rendered webcam frames: every condition the counter brings."""

from dataclasses import replace

import cv2
import numpy as np
import pytest

from terminal.codes import issue_code
from terminal.errors import Refused
from terminal.scan import (
    DEFAULT_DECODER,
    Decoder,
    PipelineSettings,
    find_codes,
    make_decoder,
    to_gray,
)
from tests.helpers.member_codes import BY_MERCHANT, BY_TERMINAL, ISSUED, MEMBER
from tests.helpers.scan_corpus import HEIGHT, WIDTH, Scene, empty_frame, render

CODE = issue_code(BY_MERCHANT, MEMBER, ISSUED)
LONG_CODE = issue_code(BY_TERMINAL, MEMBER, ISSUED)
PLAIN = Scene(code=CODE, surface="card", dark_mode=False, width_px=300.0, rotation=0.0, tilt=0.0, tilt_towards=0.0,
              centre=(640.0, 360.0), blur_sigma=0.0, motion_px=0.0, motion_angle=0.0, noise_sigma=2.0, glare=0.0,
              glare_spot=(0.0, 0.0, 0.1), moire=0.0, moire_period=10.0, moire_angle=0.0, gain=1.0, jpeg_quality=85,
              seed=7)

CONDITIONS = {
    "plain card": {},
    "phone screen": {"surface": "phone"},
    "dark mode (light modules on a dark screen)": {"surface": "phone", "dark_mode": True},
    "120 px wide, in a corner": {"width_px": 120.0, "centre": (150.0, 600.0)},
    "most of the frame": {"width_px": 480.0, "rotation": 3.0},
    "tilted 35° sideways": {"tilt": 35.0, "tilt_towards": 0.0},
    "tilted 35° away, small": {"tilt": 35.0, "tilt_towards": 90.0, "width_px": 160.0},
    "upside down": {"rotation": 180.0},
    "rotated 45°": {"rotation": 45.0},
    "rotated 290°, tilted 20°": {"rotation": 290.0, "tilt": 20.0, "tilt_towards": 200.0},
    "defocused": {"blur_sigma": 2.0},
    "motion blur": {"motion_px": 4.0, "motion_angle": 30.0},
    "glare on the phone": {"surface": "phone", "glare": 160.0, "glare_spot": (0.15, -0.1, 0.2)},
    "screen moiré": {"surface": "phone", "moire": 0.2, "moire_period": 9.0, "moire_angle": 60.0},
    "dark, noisy, heavily compressed": {"gain": 0.7, "noise_sigma": 7.0, "jpeg_quality": 60},
    "dark mode, small, tilted, moiré": {"surface": "phone", "dark_mode": True, "width_px": 140.0, "tilt": 25.0,
                                        "tilt_towards": 45.0, "moire": 0.12, "moire_period": 14.0},
    "terminal-signed code (QR version 10)": {"code": LONG_CODE, "width_px": 220.0, "rotation": 30.0},
}
EASY = ("plain card", "phone screen", "dark mode (light modules on a dark screen)", "most of the frame", "upside down")


@pytest.fixture(scope="module")
def decoders() -> dict[str, Decoder]:
    return {name: make_decoder(name) for name in ("zxing", "pyzbar")}


@pytest.mark.parametrize("condition", sorted(CONDITIONS))
def test_the_default_pipeline_reads_the_code(condition: str, decoders: dict[str, Decoder]) -> None:
    scene = replace(PLAIN, **CONDITIONS[condition])  # type: ignore[arg-type]
    assert find_codes(render(scene), decoders[DEFAULT_DECODER]) == [scene.code]


@pytest.mark.parametrize("condition", EASY)
def test_the_pyzbar_pipeline_reads_the_plain_conditions(condition: str, decoders: dict[str, Decoder]) -> None:
    scene = replace(PLAIN, **CONDITIONS[condition])  # type: ignore[arg-type]
    assert find_codes(render(scene), decoders["pyzbar"]) == [scene.code]


def test_a_small_code_is_read_from_a_crop_that_the_overview_alone_misses(decoders: dict[str, Decoder]) -> None:
    frame = render(replace(PLAIN, width_px=125.0, centre=(1000.0, 200.0), tilt=20.0, tilt_towards=30.0, blur_sigma=1.2))
    decoder = decoders[DEFAULT_DECODER]
    overview = cv2.resize(to_gray(frame), (640, 360), interpolation=cv2.INTER_AREA)
    assert decoder.decode(overview) == []
    assert find_codes(frame, decoder) == [CODE]
    assert find_codes(frame, decoder, PipelineSettings(max_regions=0)) == []


@pytest.mark.parametrize("seed", range(3))
def test_a_counter_without_a_code_reads_nothing(seed: int, decoders: dict[str, Decoder]) -> None:
    for decoder in decoders.values():
        assert find_codes(empty_frame(seed), decoder) == []


def test_frames_of_every_common_pixel_format_are_read(decoders: dict[str, Decoder]) -> None:
    bgr = render(PLAIN)
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    formats = [bgr, cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA), gray, gray[:, :, None], gray.astype(np.uint16) * 257,
               gray.astype(np.float32) / 255]
    for frame in formats:
        assert find_codes(frame, decoders[DEFAULT_DECODER]) == [CODE], frame.dtype


def test_a_small_image_file_is_read_at_its_own_size(decoders: dict[str, Decoder]) -> None:
    frame = render(PLAIN)[200:520, 480:800]  # 320×320 around the code
    for decoder in decoders.values():
        assert find_codes(frame, decoder) == [CODE], decoder.name


@pytest.mark.parametrize("shape", [(0, 0), (1, 1), (5, 300), (0, 0, 3), (7, 7, 3)])
def test_degenerate_frames_read_nothing(shape: tuple[int, ...], decoders: dict[str, Decoder]) -> None:
    assert find_codes(np.zeros(shape, np.uint8), decoders[DEFAULT_DECODER]) == []


@pytest.mark.parametrize("frame", [np.zeros((10, 10, 2), np.uint8), np.zeros((4, 4, 4, 4), np.uint8),
                                   np.zeros((10, 10), np.int64), np.array([1, 2, 3], np.uint8)])
def test_what_is_not_an_image_is_refused(frame: np.ndarray, decoders: dict[str, Decoder]) -> None:
    with pytest.raises(Refused) as refused:
        find_codes(frame, decoders[DEFAULT_DECODER])
    assert refused.value.code == "bad_input"


def test_two_codes_in_view_are_both_read(decoders: dict[str, Decoder]) -> None:
    left = render(replace(PLAIN, centre=(330.0, 360.0), width_px=250.0))
    right = render(replace(PLAIN, code=LONG_CODE, centre=(950.0, 360.0), width_px=280.0))
    both = np.concatenate([left[:, :WIDTH // 2], right[:, WIDTH // 2:]], axis=1)
    assert both.shape == (HEIGHT, WIDTH, 3)
    assert sorted(find_codes(both, decoders[DEFAULT_DECODER])) == sorted([CODE, LONG_CODE])
