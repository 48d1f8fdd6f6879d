"""`jifen`'s unexpected failure in a store folder it cannot write is logged to a file of this user's in the temp
folder, which every user shares: the file its message names holds this failure, not another user's."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers.cli import Jifen
from tests.terminal.test_cli_readonly import _fail, read_only  # noqa: F401  (read_only: the fixture)

OTHERS = "someone else's failure, with their data in it"


def test_the_named_log_holds_this_failure_and_no_other_users(read_only: Jifen, tmp_path: Path,  # noqa: F811
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for other in ("jifen-error.log", "jifen-error-99999.log"):  # before, and another user's now
        (temp / other).write_text(OTHERS, encoding="utf-8")
    monkeypatch.setattr("terminal.services.reports.day_report", _fail)
    run = read_only("report", "day")
    log = temp / f"jifen-error-{os.getuid()}.log"
    assert (run.status, run.out, run.err) == (1, "", f"unexpected failure; details are in {log}\n")
    assert "something nobody foresaw" in log.read_text(encoding="utf-8")
    assert OTHERS not in log.read_text(encoding="utf-8")
    for other in ("jifen-error.log", "jifen-error-99999.log"):
        assert (temp / other).read_text(encoding="utf-8") == OTHERS
