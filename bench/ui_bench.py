"""jifen desktop app benchmark: cold start to the login screen, and event-loop stalls during checkouts.

Prints figures only; nothing here passes or fails on a timing. See bench/README.md.

    .venv/bin/python bench/ui_bench.py                 # 7 cold starts, 3 scripted checkouts: ~1.5 min
    .venv/bin/python bench/ui_bench.py --quick         # 3 cold starts, 1 checkout
    .venv/bin/python bench/ui_bench.py --starts 11 --checkouts 0

Cold start: each run is a new Python process (``python -c``) that does what ``jifen`` does —
imports, the QApplication with translations and the CJK font, the store opened, the context
built, the main window with every screen's machinery shown — until the login screen is exposed
with the staff listed. Timed in this process from just before the child is started (so the
interpreter's own start-up counts) to the child's "shown" line; the child's own figure, from its
first line of Python, is printed too. Offscreen unless $QT_QPA_PLATFORM says otherwise.

Stalls: tests/helpers/ui_stalls.py's scripted checkout (camera, keyboard scanner and phone
members, redeeming, cash and card, every receipt through a slow link to a printer, sync with a real
ledger in its own process behind another slow link), with a 5 ms timer on the UI thread; the gaps
between its ticks are the stalls. The same run as tests/ui/test_checkout_stalls.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LC_CTYPE", "C.UTF-8")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_START_S = 1.5
STALL_MS = 50.0

CHILD = r"""
import time
began = time.perf_counter()
import sys
from pathlib import Path
from terminal.bootstrap import open_till
from terminal.clock import Clock
from terminal.home import Home
from ui.app import chosen_language, make_application, start
from ui.context import build_context
from ui.qt import core
from ui.settings import load_app_settings
from ui.tasks import Tasks

home = Home(Path(sys.argv[1]))
settings = load_app_settings(home.config)
app = make_application(sys.argv[:1], chosen_language(settings.language))
ctx = build_context(open_till(home, Clock.from_env()), Tasks())
window = start(ctx)

def shown():
    handle = window.windowHandle()
    if handle is not None and handle.isExposed() and window.current() is None and window.login.who.count() > 0:
        print(f"shown {time.perf_counter() - began:.4f}", flush=True)
        app.quit()

poll = core.QTimer()
poll.timeout.connect(shown)
poll.start(1)
app.exec()
window.close()
ctx.close()
"""


def cold_starts(home: Path, runs: int) -> list[tuple[float, float]]:
    """(seconds from starting the process, seconds from its first line of Python) for each run."""
    figures = []
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(home)], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        child.wait(60)
        if not line.startswith("shown "):
            raise SystemExit(f"the app did not show its login screen (exit status {child.returncode})")
        figures.append((elapsed, float(line.split()[1])))
    return figures


def make_store(folder: Path) -> Path:
    from ui.selftest_store import make_test_shop

    shop = make_test_shop(folder)  # staff, members, a file printer and a camera: what a configured till has
    shop.till.close()
    return shop.till.home.root


def stalls(runs: int) -> None:
    import logging
    import warnings

    logging.basicConfig(level=logging.ERROR)  # the syncer's notices as the ledger shuts down are not figures
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from tests.helpers.ui_stalls import open_slow_counter, scripted_checkout, slow_shop
    from ui.qt import widgets
    from ui.selftest_driver import PlainBot

    if runs <= 0:
        return
    from ui.qt import core

    core.qInstallMessageHandler(lambda *_: None)  # the offscreen platform's notices
    app = widgets.QApplication.instance() or widgets.QApplication(sys.argv[:1])
    assert app is not None
    with tempfile.TemporaryDirectory(prefix="jifen-ui-bench-") as folder, slow_shop(Path(folder)) as shop:
        counter = open_slow_counter(PlainBot(), shop)
        try:
            for run in range(1, runs + 1):
                recorder = scripted_checkout(counter, shop)
                over = recorder.over(STALL_MS)
                print(f"stalls.run{run}  {len(recorder.gaps_ms):5d} ticks  longest {recorder.longest_ms:6.1f} ms  "
                      f"p99 {recorder.percentile_ms(0.99):5.1f} ms  over {STALL_MS:.0f} ms: {len(over)} "
                      f"{[round(gap) for gap in over]}  (target: none over {STALL_MS:.0f} ms)", flush=True)
        finally:
            counter.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=7, help="cold starts (default 7)")
    parser.add_argument("--checkouts", type=int, default=3, help="scripted checkouts for the stall figures (default 3)")
    parser.add_argument("--quick", action="store_true", help="3 cold starts and 1 checkout")
    args = parser.parse_args()
    if args.quick:
        args.starts, args.checkouts = 3, 1
    print(f"# {platform.python_implementation()} {platform.python_version()} on {platform.system()} "
          f"{platform.machine()}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}", flush=True)
    if args.starts > 0:
        with tempfile.TemporaryDirectory(prefix="jifen-ui-bench-") as folder:
            home = make_store(Path(folder))
            figures = cold_starts(home, args.starts)
        wall = [w for w, _ in figures]
        inner = [i for _, i in figures]
        print(f"start.login  median {statistics.median(wall):.3f} s  min {min(wall):.3f}  max {max(wall):.3f}  "
              f"({len(wall)} runs; from process start; target ≤ {TARGET_START_S} s)")
        print(f"start.python median {statistics.median(inner):.3f} s  (from the child's first line of Python)")
        print("start.runs   " + " ".join(f"{w:.3f}" for w in wall), flush=True)
    stalls(args.checkouts)
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # skip the interpreter's teardown: PySide6 can crash in it after a QApplication has run
