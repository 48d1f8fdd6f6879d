"""`jifen-ledger backup FILE`: a SQLite ledger copied whole while it is open, its latest batches (still in
the -wal file) included; a PostgreSQL ledger is pointed to pg_dump; nothing is ever overwritten."""

import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.ledger import Ledger, run, shop_till
from tests.helpers.store import member, sell


def test_an_open_ledger_is_copied_with_its_latest_batches(ledger: Ledger, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    url = ledger.engine.url.render_as_string(hide_password=False)
    ledger.merchant("m1")
    till, token = shop_till(tmp_path, "静安店", "T1"), ledger.terminal("m1", "静安店", "T1")
    sell(till, member(till), ("general", 10000))
    ledger.sync(till, token)
    dest = tmp_path / "ledger-2026-03-01.db"
    status, out, err = run(capsys, url, "backup", str(dest))
    if ledger.engine.dialect.name == "postgresql":
        assert (status, out) == (2, "") and "use pg_dump" in err and not dest.exists()
        return
    assert (status, err) == (0, "") and out.startswith(f"backed up the ledger {ledger.engine.url.database} to {dest} (")
    assert os.stat(dest).st_mode & 0o777 == 0o600
    with sqlite3.connect(dest) as copy:
        assert copy.execute("SELECT kind FROM entries ORDER BY seq").fetchall()[-1] == ("sale",)
    status, out, _ = run(capsys, f"sqlite:///{dest}", "--json", "report", "day", "--merchant", "m1", "--date", "2026-03-01")
    assert status == 0 and (json.loads(out)["sales"], json.loads(out)["gross_fen"]) == (1, 10000)
    status, out, err = run(capsys, url, "backup", str(dest))
    assert (status, err.strip()) == (2, f"{dest} exists: name a new file, so that no backup is overwritten")
    assert run(capsys, url, "backup", str(tmp_path / "nowhere" / "x.db"))[0] == 2
    assert not list(tmp_path.glob("*.partial")) and not (tmp_path / "nowhere").exists()
