"""At most ~15 decodes a second, and a code in view reports once until it has been gone for 3 s."""

from dataclasses import replace

import numpy as np
import pytest

from terminal.codes import issue_code
from terminal.scan import FrameScanner, make_decoder
from tests.helpers.member_codes import BY_MERCHANT, ISSUED
from tests.helpers.scan_corpus import empty_frame, render
from tests.terminal.scan.test_pipeline import PLAIN

CODE_A = issue_code(BY_MERCHANT, "M00000000000A", ISSUED)
CODE_B = issue_code(BY_MERCHANT, "M00000000000B", ISSUED)


@pytest.fixture(scope="module")
def frames() -> dict[str, np.ndarray]:
    crop = (slice(160, 560), slice(440, 840))  # the code and some counter: quick to decode
    return {"A": render(replace(PLAIN, code=CODE_A))[crop], "B": render(replace(PLAIN, code=CODE_B))[crop],
            "none": empty_frame(1)[crop]}


def _feed(scanner: FrameScanner, timeline: list[tuple[float, np.ndarray]]) -> list[tuple[float, str]]:
    return [(at, text) for at, frame in timeline for text in scanner.offer(frame, at)]


def test_a_camera_at_100_frames_a_second_is_decoded_15_times_a_second(frames: dict[str, np.ndarray]) -> None:
    scanner = FrameScanner(make_decoder())
    _feed(scanner, [(i / 100, frames["none"]) for i in range(200)])
    assert scanner.decoded + scanner.skipped == 200
    assert 29 <= scanner.decoded <= 30  # two seconds


def test_a_slow_camera_has_every_frame_decoded(frames: dict[str, np.ndarray]) -> None:
    scanner = FrameScanner(make_decoder())
    _feed(scanner, [(i / 10, frames["none"]) for i in range(20)])
    assert (scanner.decoded, scanner.skipped) == (20, 0)


def test_a_code_held_in_view_triggers_the_member_once(frames: dict[str, np.ndarray]) -> None:
    scanner = FrameScanner(make_decoder())
    held = [(i / 10, frames["A"]) for i in range(60)]  # six seconds in view
    assert _feed(scanner, held) == [(0.0, CODE_A)]


def test_a_code_shown_again_after_3_seconds_away_triggers_again(frames: dict[str, np.ndarray]) -> None:
    scanner = FrameScanner(make_decoder())
    timeline = [(i / 10, frames["A"]) for i in range(10)]  # 0.0–0.9 s in view
    timeline += [(1.0 + i / 10, frames["none"]) for i in range(20)]  # away until 2.9 s
    timeline += [(3.0, frames["A"])]  # back 2.1 s after last seen: too soon
    timeline += [(3.1 + i / 10, frames["none"]) for i in range(31)]  # away until 6.1 s
    timeline += [(6.2, frames["A"])]  # back 3.2 s after last seen
    assert _feed(scanner, timeline) == [(0.0, CODE_A), (6.2, CODE_A)]


def test_two_members_codes_each_trigger(frames: dict[str, np.ndarray]) -> None:
    scanner = FrameScanner(make_decoder())
    timeline = [(0.0, frames["A"]), (0.5, frames["B"]), (1.0, frames["A"]), (1.5, frames["B"])]
    assert _feed(scanner, timeline) == [(0.0, CODE_A), (0.5, CODE_B)]


def test_a_clock_that_starts_again_does_not_stall_decoding(frames: dict[str, np.ndarray]) -> None:
    scanner = FrameScanner(make_decoder())
    assert _feed(scanner, [(50.0, frames["A"]), (0.0, frames["B"])]) == [(50.0, CODE_A), (0.0, CODE_B)]
