"""bench/cli_bench.py runs every command to the end and prints its figures (timings are never judged)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ("python -c pass (baseline)", "jifen --version", "jifen --help", "jifen member show", "jifen sale",
            "jifen report day", "jifen-ledger --version")


def test_one_round_prints_every_command_with_its_ratio_to_the_baseline() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "cli_bench.py"), "--runs", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    for key in COMMANDS:
        line = next((line for line in done.stdout.splitlines() if line.startswith(key)), None)
        assert line is not None, f"no '{key}' line in:\n{done.stdout}"
        assert re.search(r"n=1 +p50 +[0-9.]+ ms +p90 +[0-9.]+ ms +x baseline: p50 +[0-9.]+ +p90 +[0-9.]+", line), line
