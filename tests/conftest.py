import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.bootstrap import Till
from terminal.home import Home
from tests.helpers.cli import jifen, template_store  # noqa: F401  (fixtures for the command-line tests)
from tests.helpers.store import new_till

# Qt runs without a display in the tests (a real screen is only needed for screenshots).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must not depend on the developer's locale or environment.
for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "JIFEN_NOW", "JIFEN_HOME", "JIFEN_PIN",
            "JIFEN_APPROVER_PIN", "JIFEN_NEW_PIN"):
    os.environ.pop(var, None)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "store")


@pytest.fixture
def till(home: Home) -> Iterator[Till]:
    """A fresh store at 静安店 / T1, 2026-03-01 10:00 Shanghai, with the default rules."""
    till = new_till(home)
    yield till
    till.close()
