"""What the benchmarks say about the machine they ran on, and the percentile they all report."""

import math
import platform
from collections.abc import Sequence
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest rank: the smallest sample with at least ``pct`` % at or below it."""
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(pct / 100 * len(ordered))) - 1]
