"""From a camera frame to the QR texts in it: a pure function, no camera and no Qt.

Decoding a whole 1280×720 frame is what costs; most of it is counter. So the frame is first
downscaled to a 640 px overview and decoded (medium and large codes read there), and only if that
reads nothing are the few regions that look like a code cut from the full-resolution frame, scaled
so their modules are a few pixels wide, and decoded, plain and then sharpened (defocus, motion).
"""

from dataclasses import dataclass

import cv2
import numpy as np

from terminal.errors import Refused
from terminal.scan.decoders import Decoder
from terminal.scan.regions import Region, code_regions


@dataclass(frozen=True)
class PipelineSettings:
    overview_width: int = 640
    max_regions: int = 4
    crop_side: int = 720  # crops are scaled towards this size: up at most ``max_upscale``, down to fit
    max_upscale: float = 2.0
    margin: float = 0.12  # of the region's size, for the quiet zone and what the tilt pushes out


DEFAULT_SETTINGS = PipelineSettings()


def to_gray(frame: np.ndarray) -> np.ndarray:
    """A 2-D uint8 image from a grayscale, BGR or BGRA frame of 8 or 16 bits, or floats in 0..1."""
    image = np.asarray(frame)
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype.kind == "f":
        image = (np.clip(np.nan_to_num(image), 0.0, 1.0) * 255).astype(np.uint8)
    elif image.dtype != np.uint8:
        raise Refused("bad_input", f"a frame of {image.dtype} pixels is not an image", f"{image.dtype} 类型的帧不是图像")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] in (3, 4):
        if not image.size:
            return np.zeros(image.shape[:2], np.uint8)
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY if image.shape[2] == 3 else cv2.COLOR_BGRA2GRAY)
    raise Refused("bad_input", f"a frame shaped {image.shape} is not an image", f"形状为 {image.shape} 的帧不是图像")


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def _crop(gray: np.ndarray, region: Region, scale: float, settings: PipelineSettings) -> np.ndarray:
    pad = settings.margin * max(region.width, region.height) + 4
    top, left = max(0, int((region.y - pad) * scale)), max(0, int((region.x - pad) * scale))
    bottom = min(gray.shape[0], int((region.y + region.height + pad) * scale))
    right = min(gray.shape[1], int((region.x + region.width + pad) * scale))
    crop = gray[top:bottom, left:right]
    factor = min(settings.max_upscale, settings.crop_side / max(crop.shape))
    if abs(factor - 1) < 0.05:
        return crop
    return cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)


def _sharpened(image: np.ndarray) -> np.ndarray:
    return cv2.addWeighted(image, 2.0, cv2.GaussianBlur(image, (0, 0), 2.0), -1.0, 0)


def find_codes(frame: np.ndarray, decoder: Decoder, settings: PipelineSettings = DEFAULT_SETTINGS) -> list[str]:
    """The texts of the QR codes the cheapest pass that reads anything finds in ``frame``."""
    gray = to_gray(frame)
    height, width = gray.shape
    if min(height, width) < 8:
        return []
    scale = width / settings.overview_width if width > settings.overview_width else 1.0
    overview = gray if scale == 1.0 else cv2.resize(gray, (settings.overview_width, max(1, round(height / scale))),
                                                    interpolation=cv2.INTER_AREA)
    found = decoder.decode(overview)
    if found:
        return _unique(found)
    for region in code_regions(overview, settings.max_regions):
        crop = _crop(gray, region, scale, settings)
        found = decoder.decode(crop) or decoder.decode(_sharpened(crop))
        if found:
            return _unique(found)
    return []
