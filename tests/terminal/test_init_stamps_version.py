"""`jifen init` records which jifen made the store (app-version, as an upgrade does), so the copy the first upgrade
keeps is named after it: backups/before-NEW-from-0.1.0.db, not from-unknown."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from terminal.backup import STAMP
from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.version import VERSION_FILE, running_version
from tests.helpers.old_schema import downgrade_store

JIFEN = Path(sys.executable).with_name("jifen")


def _init(home: Path) -> None:
    done = subprocess.run([str(JIFEN), "--home", str(home), "init", "--store", "静安店", "--terminal", "T1",
                           "--owner", "boss"], check=False, capture_output=True, text=True, encoding="utf-8",
                          env=os.environ | {"JIFEN_NEW_PIN": "8888", "LANG": "C.UTF-8"}, timeout=120)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout


def test_init_records_the_version_that_made_the_store(tmp_path: Path) -> None:
    _init(tmp_path / "store")
    assert (tmp_path / "store" / STAMP).read_text(encoding="utf-8") == running_version() + "\n"


def test_the_first_upgrade_of_a_new_store_names_the_version_it_came_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = Home(tmp_path / "store")
    _init(home.root)
    made_by = running_version()  # 0.1.0
    downgrade_store(home.db, "0020")  # as an older version left it
    bundle = tmp_path / "bundle-9.9.9"  # run as the bundle of a newer version does (installer/launch.py)
    bundle.mkdir()
    (bundle / VERSION_FILE).write_text("9.9.9\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    till = open_till(home)
    till.close()
    copy = home.backups / f"before-9.9.9-from-{made_by}.db"
    assert [p.name for p in home.backups.glob("*.db")] == [copy.name]
    assert till.notices == [f"jifen 9.9.9: backed up the store to {copy} before upgrading it"]
    assert (home.root / STAMP).read_text(encoding="utf-8") == "9.9.9\n"
