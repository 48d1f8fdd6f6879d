"""A USB barcode scanner is a keyboard that types very fast. A burst of at least 4 characters, each
within 50 ms of the one before, ending in Enter (or Tab, another common setting), is a scan; anything slower is a
person typing. Once a burst has 8 characters (no person types 8 keys each within 50 ms of the last), a pause of up
to 300 ms goes on with it: a Bluetooth scanner slowing down, or one pausing in the middle of a long code. A scanner
set to end with CR+LF sends two ending keys: the second, within 50 ms of the first, is
swallowed with the scan rather than reaching the screen as a second, empty Enter.

Many scanners come set to send an AIM symbology identifier first (``]Q1`` before a QR code, ``]E0`` before an
EAN-13): it says what kind of barcode was read, is not part of the code, and is dropped. No code of ours starts
with ``]`` (member codes start with JF, coupons with JFQ1/, receipts with their own prefix).

Plain Python: the app's event filter feeds it every key press with its time and acts on the scans.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MIN_CHARACTERS = 4
MAX_GAP = 0.050  # seconds between two keys of one burst
LONG_GAP = 0.300  # seconds between two keys of a burst once it has LONG_AFTER characters
LONG_AFTER = 8
_ROUNDING = 1e-6  # key times are floats; 50 ms means 50 ms, not 50.000000000000002
ENDINGS = ("\r", "\n", "\t")
AIM_PREFIX = re.compile(r"\][A-Za-z][0-9A-Za-z]")


@dataclass
class KeyBurstDetector:
    min_characters: int = MIN_CHARACTERS
    max_gap: float = MAX_GAP
    long_gap: float = LONG_GAP
    long_after: int = LONG_AFTER
    _typed: list[str] = field(default_factory=list)
    _last_key: float | None = None
    _scan_ended: bool = False  # the last key ended a scan: one more ending key right after it is the scanner's
    swallowed: bool = False  # the last key was the scanner's second ending key: nobody typed it

    def reset(self) -> None:
        """Forget the keys so far: the next one starts afresh."""
        self._typed, self._last_key, self._scan_ended = [], None, False

    def other_key(self) -> None:
        """A key with no text (F9, an arrow) came: an ending key after it is the cashier's, not the scanner's."""
        self._scan_ended = False

    def key(self, text: str, at: float) -> str | None:
        """Feed one key press (its text, its time in seconds); returns the scanned text when Enter or Tab ends a scan."""
        in_burst = self._last_key is not None and self.follows(self._last_key, at)
        self._last_key = at
        self.swallowed = self._scan_ended and in_burst and text in ENDINGS
        self._scan_ended = False
        if text in ENDINGS:
            scanned = "".join(self._typed) if in_burst and len(self._typed) >= self.min_characters else None
            self._typed = []
            self._scan_ended = scanned is not None
            return None if scanned is None else _without_aim_prefix(scanned)
        if not in_burst:
            self._typed = []
        # Scanners may send control characters around the data (STX/ETX, a prefix); they are dropped,
        # but they still count as keys of the burst.
        self._typed.extend(char for char in text if unicodedata.category(char) != "Cc")
        return None

    def follows(self, last: float, at: float) -> bool:
        """Whether a key at ``at`` comes soon enough after one at ``last`` to belong to the burst so far."""
        allowed = self.long_gap if len(self._typed) >= self.long_after else self.max_gap
        return 0 <= at - last <= allowed + _ROUNDING

    @property
    def pending(self) -> str:
        """What has been typed since the last pause, for a filter deciding whether to hold the keys back."""
        return "".join(self._typed)


def _without_aim_prefix(scanned: str) -> str:
    prefix = AIM_PREFIX.match(scanned)
    return scanned[prefix.end():] if prefix else scanned
