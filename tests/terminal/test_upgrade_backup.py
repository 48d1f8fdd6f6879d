"""Whichever way jifen was upgraded (pip, the bundle), a store at an older schema is copied aside before it is
migrated: backups/before-NEW-from-OLD.db, a store that the older version opens again. A store at the schema of
this version is not copied; a store whose copy cannot be made is not migrated."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from terminal import db
from terminal.backup import STAMP
from terminal.bootstrap import open_till
from terminal.errors import Refused
from terminal.home import Home
from terminal.version import running_version
from tests.helpers.old_schema import downgrade_store
from tests.helpers.store import at, new_till

FIXTURE_0001 = Path(__file__).parent.parent / "fixtures" / "store-schema-0001"
NOW = at("2026-11-22 10:00")


def _schema_and_entries(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        return schema, int(conn.execute("SELECT count(*) FROM journal").fetchone()[0])
    finally:
        conn.close()


def _older_store(tmp_path: Path) -> Home:
    home = Home(tmp_path / "store")
    new_till(home).close()
    downgrade_store(home.db, "0020")
    (home.root / STAMP).unlink()  # made before init recorded the version that made it
    return home


def test_a_store_at_an_older_schema_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    home = _older_store(tmp_path)
    before = _schema_and_entries(home.db)
    till = open_till(home, NOW)
    till.close()
    backup = home.backups / f"before-{running_version()}-from-unknown.db"
    assert [p.name for p in home.backups.glob("*.db")] == [backup.name]
    assert _schema_and_entries(backup) == before == ("0020", before[1]) and before[1] > 0
    assert _schema_and_entries(home.db) == (db.SCHEMA_HEAD, before[1])
    assert till.notices == [f"jifen {running_version()}: backed up the store to {backup} before upgrading it"]
    assert (home.root / STAMP).read_text(encoding="utf-8").strip() == running_version()
    open_till(home, NOW).close()  # at this version's schema now: no second copy
    assert [p.name for p in home.backups.glob("*.db")] == [backup.name]


def test_the_backup_is_named_after_the_version_that_last_opened_the_store(tmp_path: Path) -> None:
    home = _older_store(tmp_path)
    (home.root / STAMP).write_text("0.0.9\n", encoding="utf-8")
    open_till(home, NOW).close()
    assert _schema_and_entries(home.backups / f"before-{running_version()}-from-0.0.9.db")[0] == "0020"


def test_a_store_of_the_first_schema_is_backed_up_at_it(tmp_path: Path) -> None:
    home = Home(tmp_path / "old-store")
    shutil.copytree(FIXTURE_0001, home.root)
    open_till(home, NOW).close()
    assert _schema_and_entries(home.backups / f"before-{running_version()}-from-unknown.db")[0] == "0001"


def test_a_store_at_this_versions_schema_is_not_backed_up(tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    new_till(home).close()
    till = open_till(home, NOW)
    till.close()
    assert not home.backups.exists() and till.notices == []
    assert (home.root / STAMP).read_text(encoding="utf-8").strip() == running_version()  # as init left it


def test_a_store_whose_backup_cannot_be_made_is_not_migrated(tmp_path: Path) -> None:
    home = _older_store(tmp_path)
    home.backups.write_text("a file where the backups folder goes\n", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        open_till(home, NOW)
    assert refused.value.en.startswith(f"cannot back up {home.db} before upgrading it to jifen {running_version()} (")
    assert refused.value.en.endswith("); nothing was changed")
    assert _schema_and_entries(home.db)[0] == "0020"
