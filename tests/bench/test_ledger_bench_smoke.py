"""bench/ledger_bench.py --quick runs to the end, prints every figure and finds the ledger holding
exactly what was sent (timings are never judged)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = {
    "ledger.rate": r"[\d,]+ entries in [0-9.]+ s = [\d,]+ entries/s +target",
    "ledger.batch": r"n=\d+ +p50 +[0-9.]+ ms .*p99 +[0-9.]+ ms .*target",
    "raw.entries": r"[\d,]+ rows in [0-9.]+ s = [\d,]+ rows/s",
    "raw.entries.em": r"[\d,]+ rows in [0-9.]+ s = [\d,]+ rows/s",
    "raw.transfers": r"[\d,]+ rows in [0-9.]+ s = [\d,]+ rows/s",
    "raw.both": r"[\d,]+ rows in [0-9.]+ s = [\d,]+ rows/s = [\d,]+ entries/s",
    "ledger.share": r"ledger / raw.entries = [0-9.]+ % +target",
    "queries.10": r"10 entries: \d+ statements sent",
    "queries.500": r"500 entries: \d+ statements sent",
}


def test_quick_run_prints_every_figure() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "ledger_bench.py"), "--quick"],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    for key, shape in FIGURES.items():
        found = [line for line in lines if re.match(rf"{re.escape(key)}\s", line)]
        assert found, f"no '{key}' line in:\n{done.stdout}"
        assert re.search(shape, found[0]), found[0]
    assert "20/20 chains verify" in done.stdout
    assert "40/40 batches answered 200" in done.stdout
    assert "20/20 terminals acknowledged up to their last entry" in done.stdout
    assert re.search(r"accounts sum to 0; member accounts equal their lots: True; debt accounts equal members' "
                     r"debt: True", done.stdout)
