"""The bundled program's entry point (installer/launch.py): which program a name starts, where the
Windows store lives, and the backup made when a new version first migrates a store."""

import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest

from terminal import daily_backup
from terminal.backup import last_version, stamp_version
from terminal.home import Home
from terminal.version import VERSION_FILE
from tests.helpers.old_schema import downgrade_store
from tests.helpers.store import new_till
from tests.installer import load_installer_module

launch = load_installer_module("launch")


@pytest.mark.parametrize(("argv0", "program"), [
    ("/usr/bin/jifen", "terminal"),
    ("/opt/jifen/jifen-ledger", "ledger"),
    ("jifen-ledger", "ledger"),
    (r"C:\Program Files\jifen\jifen-ledger.exe", "ledger"),
    (r"C:\Program Files\jifen\jifenw.exe", "app"),
    (r"C:\Program Files\jifen\jifen.exe", "terminal"),
])
def test_the_name_started_by_picks_the_program(argv0: str, program: str) -> None:
    assert launch.program(argv0.replace("\\", "/")) == program


def test_home_is_found_anywhere_on_the_command_line() -> None:
    assert launch.home_argument(["sale", "--home", "/x", "--line", "a:1"]) == "/x"
    assert launch.home_argument(["--home=/y", "report", "day"]) == "/y"
    assert launch.home_argument(["report", "day"]) is None


def test_the_installed_windows_app_keeps_its_store_in_programdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("PROGRAMDATA", r"D:\ProgramData")
    monkeypatch.delenv("JIFEN_HOME", raising=False)
    launch.use_shared_store_on_windows()
    assert Path(launch.os.environ["JIFEN_HOME"]) == Path(r"D:\ProgramData") / "jifen"


def test_a_chosen_home_wins_over_programdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("JIFEN_HOME", r"E:\shop")
    launch.use_shared_store_on_windows()
    assert launch.os.environ["JIFEN_HOME"] == r"E:\shop"


def test_running_from_source_leaves_the_home_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delenv("JIFEN_HOME", raising=False)
    launch.use_shared_store_on_windows()
    assert "JIFEN_HOME" not in launch.os.environ


def sales_in(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM journal").fetchone()[0])
    finally:
        conn.close()


def _bundle_of(version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as the bundle of ``version`` does: its version file in the bundle's folder."""
    folder = tmp_path / f"bundle-{version}"
    folder.mkdir()
    (folder / VERSION_FILE).write_text(version + "\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(folder), raising=False)


def _older_store(tmp_path: Path) -> Home:
    home = Home(tmp_path / "store")
    new_till(home).close()
    downgrade_store(home.db, "0020")
    return home


def test_a_new_version_backs_up_a_store_it_migrates_once_named_after_both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    home = _older_store(tmp_path)
    stamp_version(home, "0.1.0")
    _bundle_of("0.2.0", tmp_path, monkeypatch)
    assert launch.run_terminal(["--home", str(home.root), "--json", "journal", "verify"], "terminal") == 0
    captured = capsys.readouterr()
    assert '"ok": true' in captured.out
    copy = home.backups / "before-0.2.0-from-0.1.0.db"
    assert f"jifen 0.2.0: backed up the store to {copy} before upgrading it" in captured.err
    assert sales_in(copy) == sales_in(home.db) > 0
    assert last_version(home) == "0.2.0"
    assert launch.run_terminal(["--home", str(home.root), "--json", "journal", "verify"], "terminal") == 0
    assert sorted(p.name for p in home.backups.glob("*.db")) == [copy.name]


def test_a_store_from_before_the_stamp_is_backed_up_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = _older_store(tmp_path)
    (home.root / "app-version").unlink()  # made before init recorded the version that made it
    _bundle_of("0.2.0", tmp_path, monkeypatch)
    assert launch.run_terminal(["--home", str(home.root), "--json", "journal", "verify"], "terminal") == 0
    assert (home.backups / "before-0.2.0-from-unknown.db").is_file()


def test_a_new_version_with_nothing_to_migrate_only_stamps_the_store(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    home = Home(tmp_path / "store")
    new_till(home).close()
    stamp_version(home, "0.1.0")
    _bundle_of("0.1.1", tmp_path, monkeypatch)
    assert launch.run_terminal(["--home", str(home.root), "--json", "journal", "verify"], "terminal") == 0
    assert not home.backups.exists() and last_version(home) == "0.1.1"


def test_no_store_no_stamp(tmp_path: Path) -> None:
    launch.stamp_store(Home(tmp_path / "nothing"), "0.2.0")
    assert not (tmp_path / "nothing").exists()


def test_a_store_made_by_this_run_is_stamped_with_its_version(tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    new_till(home).close()
    launch.stamp_store(home, "0.3.0")
    assert last_version(home) == "0.3.0"


def test_the_upgrade_stops_when_the_backup_cannot_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    home = _older_store(tmp_path)
    stamp_version(home, "0.1.0")
    home.backups.write_text("a file where the backups folder goes\n", encoding="utf-8")
    _bundle_of("0.2.0", tmp_path, monkeypatch)
    assert launch.run_terminal(["--home", str(home.root), "report", "day"], "terminal") != 0
    assert f"cannot back up {home.db} before upgrading it to jifen 0.2.0 (" in capsys.readouterr().err
    assert last_version(home) == "0.1.0"  # its next backup is still named after 0.1.0


def test_the_bundle_starts_the_day_s_backup_by_a_flag_of_its_own(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    new_till(home).close()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    argv = daily_backup.backup_process(home, date(2026, 3, 1))
    assert argv == [sys.executable, launch.DAILY_BACKUP, str(home.root), "2026-03-01"]

    monkeypatch.setattr(sys, "argv", ["/opt/jifen/jifen", *argv[1:]])
    assert launch.main() == 0
    assert sales_in(home.backups / "jifen-2026-03-01.db") == sales_in(home.db) > 0
