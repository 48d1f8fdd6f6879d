"""bench/sync_bench.py runs to the end on a tiny store, prints every figure and finds the ledger holding
exactly what the terminal queued (timings are never judged)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MS = r"n=\d+ +p50 +[0-9.]+ ms +p90 +[0-9.]+ ms +max +[0-9.]+ ms"
FIGURES = {
    "sync.drain": r"200 entries in [0-9.]+ s = [\d,]+ entries/s +target",
    "sync.push": r"[0-9.]+ s = [\d,]+ entries/s",
    "sync.batch": MS,
    "sync.post": MS,
    "sync.local": MS,
    "sync.pull": r"[0-9.]+ s +\(\d+ requests",
}


def test_a_tiny_run_prints_every_figure(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "sync_bench.py"), "--entries", "200", "--cache-dir",
                           str(tmp_path)],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    for key, shape in FIGURES.items():
        found = [line for line in lines if re.match(rf"{re.escape(key)}\s", line)]
        assert found, f"no '{key}' line in:\n{done.stdout}"
        assert re.search(shape, found[0]), found[0]
    assert re.search(r"^command: .*sync_bench\.py --entries 200", done.stdout, re.M)
    assert re.search(r"^machine: \d+ CPUs", done.stdout, re.M)
    assert "the ledger holds exactly the journal's 200 entries (seq and hash): True" in done.stdout
    assert "nothing pending on the terminal: True" in done.stdout
