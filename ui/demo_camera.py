"""The demo camera: a video of the members' cards held up one after another, with a countdown in
between, played by the app as a ``file:`` camera (ui/camera.py) so scanning works without a webcam.

A card shows for a few seconds every ``EVERY_S`` seconds — long enough apart that a sale can be
rung up between two of them (a new card in view joins the sale in progress, as at a real counter)."""

from pathlib import Path

import cv2
import numpy as np

from ui.camera import read_image

SIZE = (480, 360)
FPS = 1.0
FIRST_S = 3  # the first card shows this soon after the checkout opens
SHOW_S = 4
EVERY_S = 45
MINUTES = 15  # then the camera stops; leaving the checkout (F2…) and coming back starts it again
BACKGROUND = (236, 236, 236)
INK = (70, 70, 70)


def _text(frame: np.ndarray, line: str, y: int, scale: float = 0.8) -> None:
    (width, _), _ = cv2.getTextSize(line, cv2.FONT_HERSHEY_SIMPLEX, scale, 2)
    cv2.putText(frame, line, ((SIZE[0] - width) // 2, y), cv2.FONT_HERSHEY_SIMPLEX, scale, INK, 2, cv2.LINE_AA)


def card_frame(card: np.ndarray, caption: str) -> np.ndarray:
    frame = np.full((SIZE[1], SIZE[0], 3), BACKGROUND, np.uint8)
    room = SIZE[1] - 60
    scale = min(room / card.shape[0], (SIZE[0] - 40) / card.shape[1])
    small = cv2.resize(card, (int(card.shape[1] * scale), int(card.shape[0] * scale)), interpolation=cv2.INTER_AREA)
    top, left = 10, (SIZE[0] - small.shape[1]) // 2
    frame[top:top + small.shape[0], left:left + small.shape[1]] = small
    _text(frame, caption, SIZE[1] - 18, 0.7)
    return frame


def waiting_frame(seconds: int) -> np.ndarray:
    frame = np.full((SIZE[1], SIZE[0], 3), BACKGROUND, np.uint8)
    _text(frame, "DEMO CAMERA", 150, 1.1)
    _text(frame, f"next member card in {seconds} s", 200, 0.7)
    _text(frame, "(or type a phone number: F7)", 240, 0.55)
    return frame


def write_demo_camera(cards: list[tuple[Path, str]], target: Path, minutes: float = MINUTES) -> Path:
    """The video, from (card PNG, caption) pairs; an MPEG-4 file, else Motion JPEG if that cannot be written."""
    shown = [card_frame(read_image(path), caption) for path, caption in cards]
    target.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter.fourcc(*"mp4v"), FPS, SIZE)
    if not writer.isOpened():
        target = target.with_suffix(".avi")
        writer = cv2.VideoWriter(str(target), cv2.VideoWriter.fourcc(*"MJPG"), FPS, SIZE)
    waiting: dict[int, np.ndarray] = {}  # drawn once each: drawing costs more than encoding
    try:
        for second in range(int(minutes * 60)):
            since = second - FIRST_S
            if since >= 0 and since % EVERY_S < SHOW_S:
                writer.write(shown[(since // EVERY_S) % len(shown)])
                continue
            left = EVERY_S - since % EVERY_S if since >= 0 else -since
            if left not in waiting:
                waiting[left] = waiting_frame(left)
            writer.write(waiting[left])
    finally:
        writer.release()
    return target
