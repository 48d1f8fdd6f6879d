"""The app ends cleanly after the Dashboard showed a year, and again. Under CPython 3.11, PySide6 6.12's ``emit``
returns ``True`` without a reference of its own: every signal emitted from Python left ``True`` one reference short,
and the app died at exit with "Fatal Python error: bool_dealloc" (status 134) once a few hundred had been: a year on
the Dashboard is a background task a month, and headings put on two lines a few times in each of its tables.

Each run is `jifen --home DIR` in a process of its own, offscreen, driven from a timer as the owner drives it: log
in, F5, a year and Enter, wait for the figures, today and Enter, and again; then close the window. The exit status is
the app's. Without a year of sales: the months are read all the same."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from terminal.bootstrap import Till

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
YEARS = 2
TASKS = 10_000
CRASHED = "Fatal Python error"

# The app as `jifen` starts it, driven from a timer once its window is up.
DASHBOARD = """
import sys
from datetime import date
from ui.entry import main
from ui.main_window import MainWindow
from ui.qt import core, widgets
from ui.screens.checkout import CheckoutScreen
from ui.screens.dashboard import DashboardScreen
from ui.selftest_driver import Counter, Key, PlainBot

app = widgets.QApplication(sys.argv[:1])
FIRST, LAST = date(2025, 3, 2), date(2026, 3, 1)


def shown(screen, start, end):
    return screen.figures is not None and (screen.figures.start, screen.figures.end) == (start, end)


def drive():
    window = next((w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
    if window is None:
        core.QTimer.singleShot(50, drive)
        return
    bot = PlainBot()
    counter = Counter(window.ctx, window, None, bot)
    counter.log_in("boss", "8888")
    bot.waitUntil(lambda: isinstance(window.current(), CheckoutScreen), timeout=30_000)
    screen = next(s for s in window.screens if isinstance(s, DashboardScreen))
    counter.press(Key.Key_F5)
    bot.waitUntil(lambda: window.current() is screen and screen.figures is not None, timeout=30_000)
    for _ in range(int(sys.argv[-1])):
        for start, end in ((FIRST, LAST), (LAST, LAST)):
            screen.set_period(start, end)
            counter.press(Key.Key_Return)
            bot.waitUntil(lambda: shown(screen, start, end) and window.ctx.tasks.running == 0, timeout=60_000)
    print(screen.message.text(), flush=True)
    window.close()


core.QTimer.singleShot(0, drive)
sys.exit(main(sys.argv[1:-1]))
"""

# Background tasks alone, as many as a long day of the app runs (on every pool), then the end of the process.
TASKS_ONLY = """
import sys
from ui.qt import core, widgets
from ui.tasks import Tasks

app = widgets.QApplication(sys.argv[:1])
tasks, done, count, loop = Tasks(), [], int(sys.argv[1]), core.QEventLoop()


def got(result):
    done.append(result)
    if len(done) == count:
        loop.quit()


for n in range(count):
    (tasks.db, tasks.report, tasks.io)[n % 3](lambda n=n: n % 2 == 0, got)
loop.exec()
tasks.shutdown()
print(sum(done), flush=True)
"""


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIFEN_", "LC_", "LANG"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", "LANG": "en_US.UTF-8", "JIFEN_NOW": "2026-03-01T10:05:00+08:00",
                "PYTHONPATH": str(ROOT)})
    return subprocess.run([sys.executable, "-X", "faulthandler", "-c", script, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600, check=False)


def test_the_app_ends_cleanly_after_showing_a_year_on_the_dashboard_again_and_again(till: Till) -> None:
    ended = run(DASHBOARD, "--home", str(till.home.root), str(YEARS))
    assert CRASHED not in ended.stderr, ended.stderr
    assert (ended.returncode, ended.stdout.splitlines()) == (0, ["2026-03-01 to 2026-03-01"]), ended


def test_a_long_day_of_background_tasks_ends_cleanly() -> None:
    ended = run(TASKS_ONLY, str(TASKS))
    assert CRASHED not in ended.stderr, ended.stderr
    assert (ended.returncode, ended.stdout.splitlines()) == (0, [str(TASKS // 2)]), ended
