"""`jifen-ledger`'s unexpected failure, with no data folder of its own to log in, is logged to a file of this user's
in the temp folder, which every user shares: the file its message names holds this failure, not another user's."""

import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

from ledger.cli import main

OTHERS = "someone else's failure, with their data in it"


def test_the_named_log_holds_this_failure_and_no_other_users(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # no jifen-ledger folder in it
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for other in ("jifen-ledger-error.log", "jifen-ledger-error-99999.log"):  # before, and another user's now
        (temp / other).write_text(OTHERS, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert main(["--db", url, "migrate"]) == 0 and main(["--db", url, "merchant", "add", "m1", "--name", "X"]) == 0
    with sqlite3.connect(tmp_path / "ledger.db") as damaged:  # a row hand-edited in the database
        damaged.execute("INSERT INTO mall_items (merchant_id, id, kind, body) VALUES ('m1', 'g1', 'gift', '{not json')")
    capsys.readouterr()
    assert main(["--db", url, "mall", "list", "--merchant", "m1"]) == 1
    out, err = capsys.readouterr()
    log = temp / f"jifen-ledger-error-{os.getuid()}.log"
    assert (out, err) == ("", f"unexpected failure; details are in {log}\n")
    assert "JSONDecodeError" in log.read_text(encoding="utf-8") and OTHERS not in log.read_text(encoding="utf-8")
    for other in ("jifen-ledger-error.log", "jifen-ledger-error-99999.log"):
        assert (temp / other).read_text(encoding="utf-8") == OTHERS
