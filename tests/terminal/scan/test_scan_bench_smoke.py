"""bench/scan_bench.py --quick runs to the end and prints every figure (timings are never judged)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIGURE = r"decoded +\d+/\d+ +[0-9.]+ % +p50 +[0-9.]+ ms +p95 +[0-9.]+ ms"


@pytest.mark.slow
def test_quick_run_prints_every_figure(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "scan_bench.py"), "--quick", "--cache-dir", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for name in ("raw.pyzbar (baseline)", "full.zxing", "full.pyzbar", "pipeline.zxing", "pipeline.pyzbar"):
        line = next((line for line in out.splitlines() if line.startswith(name)), None)
        assert line is not None and re.search(FIGURE, line), out
    assert re.search(r"target\.pipeline\.zxing +decoded [0-9.]+ % \(target ≥ 99 %\); p95 [0-9.]+ ms", out), out
    assert "default decoder: zxing" in out
    assert "codes of the corpus that verify with the merchant key: 60/60" in out
