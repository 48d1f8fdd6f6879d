"""The frame generator of the scan benchmark is seeded: the same seed makes the same frames."""

import random
from pathlib import Path

import cv2
import numpy as np

from tests.helpers.scan_corpus import (
    HEIGHT,
    WIDTH,
    build_corpus,
    member_signers,
    random_code,
    random_scene,
    render,
)


def test_a_scene_renders_the_same_frame_every_time() -> None:
    signers = member_signers(1)[:2]
    first = random_scene(random.Random(5), random_code(random.Random(5), signers))
    again = random_scene(random.Random(5), random_code(random.Random(5), signers))
    assert first == again
    assert np.array_equal(render(first), render(again))
    assert render(first).shape == (HEIGHT, WIDTH, 3)


def test_the_corpus_is_made_once_and_kept(tmp_path: Path) -> None:
    made = build_corpus(frames=3, empty=1, seed=9, cache=tmp_path)
    assert [item.scene is None for item in made] == [False, False, False, True]
    stamps = [item.path.stat().st_mtime_ns for item in made]
    again = build_corpus(frames=3, empty=1, seed=9, cache=tmp_path)
    assert again == made and [item.path.stat().st_mtime_ns for item in again] == stamps
    image = cv2.imread(str(made[0].path))
    assert image is not None and image.shape == (HEIGHT, WIDTH, 3)
