import os
import random
import sys
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from _pytest.reports import TestReport
from _pytest.terminal import TerminalReporter

from terminal.bootstrap import Till
from terminal.home import Home
from tests.helpers.cli import jifen, template_store  # noqa: F401  (fixtures for the command-line tests)
from tests.helpers.ledger_server import ledger_url  # noqa: F401  (a ledger served over TCP, for sync tests)
from tests.helpers.store import new_till

# Qt runs without a display in the tests (a real screen is only needed for screenshots).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must not depend on the developer's locale or environment.
for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "JIFEN_NOW", "JIFEN_HOME", "JIFEN_PIN",
            "JIFEN_APPROVER_PIN", "JIFEN_NEW_PIN"):
    os.environ.pop(var, None)
# One seed for the fault tests of the whole run, chosen before pytest-xdist starts its workers (they inherit
# it), so the seed printed at the end replays any of them.
if not os.environ.get("JIFEN_FAULT_SEED"):
    os.environ["JIFEN_FAULT_SEED"] = str(random.randrange(2**32))


# CI installs everything the tests need and runs as root on Linux, so a test that skips there is work hidden; all
# but one that needs this machine reachable from others, which no install gives a runner with loopback only.
EVERY_TEST = os.environ.get("JIFEN_EVERY_TEST") == "1"
SKIPS_CI_ALLOWS = ("this machine has no network address",)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, object, None]:
    outcome = yield
    report: TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if EVERY_TEST and report.skipped and not hasattr(report, "wasxfail"):
        why = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if why.removeprefix("Skipped: ") in SKIPS_CI_ALLOWS:
            return
        report.outcome = "failed"
        report.longrepr = f"skipped ({why}), but JIFEN_EVERY_TEST=1 (CI) runs every test"


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if any(report.nodeid.startswith("tests/sync/test_faults") for reports in terminalreporter.stats.values()
           for report in reports if hasattr(report, "nodeid")):
        seed = os.environ["JIFEN_FAULT_SEED"]
        terminalreporter.write_line(f"fault tests: seed {seed} (replay with JIFEN_FAULT_SEED={seed})")


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "store")


@pytest.fixture
def till(home: Home) -> Iterator[Till]:
    """A fresh store at 静安店 / T1, 2026-03-01 10:00 Shanghai, with the default rules."""
    till = new_till(home)
    yield till
    till.close()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without finalizing the interpreter, with pytest's own exit status. PySide6 6.12 can free ``True`` or
    ``False`` once too often while the interpreter collects the last Qt objects at exit ("bool_dealloc"), which
    aborts a run whose tests all passed; nothing of the tests runs after this hook."""
    status = getattr(config, "_jifen_exit_status", None)
    if status is None:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(status))


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config._jifen_exit_status = exitstatus  # type: ignore[attr-defined]
