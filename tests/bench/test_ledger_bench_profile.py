"""bench/ledger_bench.py --quick --profile shows where a batch's time goes, step by step as ledger.ingest.ingest takes
it now (the earning worked out again included), then the cProfile (timings are never judged)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every step a bench batch (registrations, bonuses, sales with and without a member; no refund, no mall) goes through.
STEPS = ("hashes checked (_refuse_tampered)", "chain classified (_classify)", "payloads parsed (_payloads)",
         "members and lots read (load_members)", "rule sets looked up (RuleBook.of)",
         "refunded sales read (_load_sales)", "entries applied (Applier.apply)",
         "- earning worked out again (Applier._check_rules)", "- payload readable (check_readable)",
         "entries, sales, refunds written (write)", "book written, snapshots made (publish)",
         "- members, lots, transfers written (save_book)", "- member snapshots (snapshots)",
         "- change number taken (next_change)", "- members' debt and change written (stamp_change)")


def test_the_profile_shows_each_step_of_a_batch() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "ledger_bench.py"), "--quick", "--profile"],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    profile = done.stdout[done.stdout.index("== profile: ledger.ingest.ingest called directly"):]
    steps = [(label.strip(), int(calls)) for calls, label in
             re.findall(r"^ +[0-9.]+ +[0-9.]+ +(\d+)  (.+)$", profile, re.MULTILINE)]
    assert [label for label, _ in steps if label in STEPS] == list(STEPS), profile
    calls = dict(steps)
    assert all(calls[label] > 0 for label in STEPS), profile
    assert calls["entries applied (Applier.apply)"] == 100 == calls["- payload readable (check_readable)"]
    assert 0 < calls["- earning worked out again (Applier._check_rules)"] < 100  # a member's sales only
    assert re.search(r"^ +[0-9.-]+ +[0-9.-]+ +the rest: ", profile, re.MULTILINE), profile
    assert "ledger/ and sync/ functions by cumulative time" in profile and "ledger/ingest.py" in profile
