"""bench/receipt_bench.py runs to the end and prints every figure (timings are never judged)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ("render.58mm", "render.80mm", "render.image_qr", "load.sale", "preview.png")


@pytest.mark.slow
def test_a_small_run_prints_every_figure() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "receipt_bench.py"), "--receipts", "30"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    for key in FIGURES:
        line = next((line for line in done.stdout.splitlines() if line.startswith(key + " ")), None)
        assert line is not None, f"no '{key}' line in:\n{done.stdout}"
        assert re.search(r"n=\d+ +p50 +[0-9.]+ ms .*p99 +[0-9.]+ ms", line), line
    assert "widest 32 of 32 columns, 1 QR code, 0 junk bytes" in done.stdout
