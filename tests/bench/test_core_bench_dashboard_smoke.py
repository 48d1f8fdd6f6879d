"""bench/core_bench.py --dashboard-year --quick runs to the end and prints the Dashboard's three figures (timings are
never judged)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_dashboard_run_prints_year_month_and_day(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "core_bench.py"), "--dashboard-year", "--quick", "--cache-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for key in ("dashboard.year", "dashboard.month", "dashboard.day"):
        found = [line for line in done.stdout.splitlines() if line.startswith(f"{key} ")]
        assert found and re.search(r"n=3 +p50 +[0-9.]+ ms .*\(cpu p50 +[0-9.]+ ms\)", found[0]), done.stdout
    assert "sale.service" not in done.stdout  # the Dashboard alone
