"""Where in a frame a QR code may be: dense, high-contrast texture, found on the small overview image.

Printed text and barcodes are dense too, so candidates are ranked by contrast × edge strength: a QR
code is half dark, half light at full contrast, while a block of text is mostly paper.
"""

from dataclasses import dataclass

import cv2
import numpy as np

_GRADIENT = np.ones((3, 3), np.uint8)
_JOIN = np.ones((7, 7), np.uint8)  # fills the gaps between modules
_DROP = np.ones((9, 9), np.uint8)  # removes edges of plain shapes and lines of text
MIN_SIDE = 20  # overview pixels: a 120 px code in a 1280 px frame is 60 px on the 640 px overview
MAX_ASPECT = 3.0


@dataclass(frozen=True)
class Region:
    """A box on the overview image, and how much it looks like a QR code."""

    x: int
    y: int
    width: int
    height: int
    score: float


def code_regions(overview: np.ndarray, limit: int) -> list[Region]:
    """The ``limit`` boxes most like a QR code, best first."""
    gradient = cv2.morphologyEx(overview, cv2.MORPH_GRADIENT, _GRADIENT)
    _, edges = cv2.threshold(gradient, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    blobs = cv2.morphologyEx(cv2.morphologyEx(edges, cv2.MORPH_CLOSE, _JOIN), cv2.MORPH_OPEN, _DROP)
    contours, _ = cv2.findContours(blobs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found = []
    for contour in contours:
        x, y, width, height = cv2.boundingRect(contour)
        if min(width, height) < MIN_SIDE or max(width, height) > MAX_ASPECT * min(width, height):
            continue
        _, spread = cv2.meanStdDev(overview[y:y + height, x:x + width])
        strength = cv2.mean(gradient[y:y + height, x:x + width])[0]
        found.append(Region(x, y, width, height, float(spread[0, 0]) * strength))
    found.sort(key=lambda region: region.score, reverse=True)
    return found[:limit]
