"""Image folders and video files of rendered counter frames, for camera sources (``file:PATH``)."""

from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np


def write_video(path: Path, frames: Sequence[np.ndarray], fps: float = 30.0, fourcc: str = "MJPG") -> Path:
    """An MJPEG AVI by default, which every OpenCV build can write and read back."""
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*fourcc), fps, (width, height))
    assert writer.isOpened(), f"OpenCV cannot write {fourcc} video here"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def write_images(folder: Path, frames: Sequence[np.ndarray], suffix: str = ".jpg") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, frame in enumerate(frames):
        cv2.imwrite(str(folder / f"frame-{number:03d}{suffix}"), frame)
    return folder
