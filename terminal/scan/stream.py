"""Frames arrive at the camera's rate; decoding is done at most ~15 times a second, and a code that
stays in view reports once, not on every frame (the member is not triggered twice)."""

from collections.abc import Callable

import numpy as np

from terminal.scan.decoders import Decoder
from terminal.scan.pipeline import find_codes

MAX_DECODES_PER_SECOND = 15.0
REPEAT_AFTER = 3.0  # seconds a code must be out of sight before it reports again
FindCodes = Callable[[np.ndarray, Decoder], list[str]]


class FrameScanner:
    """Feed it frames with their time (seconds, any origin); it returns the codes newly in view."""

    def __init__(self, decoder: Decoder, max_rate: float = MAX_DECODES_PER_SECOND, repeat_after: float = REPEAT_AFTER,
                 find: FindCodes = find_codes) -> None:
        self.decoder = decoder
        self._interval = 1.0 / max_rate
        self._repeat_after = repeat_after
        self._find = find
        self._last_decode: float | None = None
        self._last_seen: dict[str, float] = {}
        self.decoded = 0  # frames actually decoded
        self.skipped = 0  # frames passed over by the rate limit

    def offer(self, frame: np.ndarray, at: float) -> list[str]:
        if self._last_decode is not None and 0 <= at - self._last_decode < self._interval:
            self.skipped += 1
            return []
        self._last_decode = at
        self.decoded += 1
        return self.seen(self._find(frame, self.decoder), at)

    def seen(self, texts: list[str], at: float) -> list[str]:
        """Of the codes read at ``at``, those not read in the last ``repeat_after`` seconds."""
        fresh = []
        for text in texts:
            last = self._last_seen.get(text)
            if last is None or not 0 <= at - last < self._repeat_after:
                fresh.append(text)
            self._last_seen[text] = at
        for text, last in list(self._last_seen.items()):
            if at - last >= self._repeat_after:
                del self._last_seen[text]
        return fresh
