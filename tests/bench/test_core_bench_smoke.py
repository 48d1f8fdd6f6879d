"""bench/core_bench.py --quick runs to the end and prints every figure (timings are never judged)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {
    "sale.service": r"n=\d+ +p50 +[0-9.]+ ms .*p99 +[0-9.]+ ms",
    "sale.raw": r"n=\d+ +p50 +[0-9.]+ ms .*p99 +[0-9.]+ ms",
    "sale.ratio": r"service/raw +p50 +[0-9.]+x +p99 +[0-9.]+x",
    "seed": r"seeding took [0-9.]+ s",
    "report.day": r"n=\d+ +med +[0-9.]+ ms .*p99 +[0-9.]+ ms",
    "lookup.phone": r"n=\d+ +med +[0-9.]+ ms .*p99 +[0-9.]+ ms",
}


def test_quick_run_prints_every_figure(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "core_bench.py"), "--quick",
         "--cache-dir", str(tmp_path), "--work-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    for key, shape in FIGURES.items():
        found = [line for line in lines if re.match(rf"{re.escape(key)}\s", line)]
        assert found, f"no '{key}' line in:\n{done.stdout}"
        assert re.search(shape, found[0]), found[0]
    assert done.stdout.count("journal verifies: True") == 2, done.stdout
