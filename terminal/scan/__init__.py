"""Reading member codes: camera frames to QR texts, the decode rate limit, and keyboard scanners."""

from terminal.scan.decoders import (
           DECODERS,
           DEFAULT_DECODER,
           Decoder,
           PyzbarDecoder,
           ZxingDecoder,
           make_decoder,
)
from terminal.scan.keyboard import KeyBurstDetector
from terminal.scan.pipeline import (
           DEFAULT_SETTINGS,
           PipelineSettings,
           find_codes,
           to_gray,
)
from terminal.scan.stream import FrameScanner

__all__ = ["DECODERS", "DEFAULT_DECODER", "DEFAULT_SETTINGS", "Decoder", "FrameScanner", "KeyBurstDetector",
           "PipelineSettings", "PyzbarDecoder", "ZxingDecoder", "find_codes", "make_decoder", "to_gray"]
