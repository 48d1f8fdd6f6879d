"""The ledger's database holds every member's name and phone number: the folder it makes for it and the files it
makes (the database, its -wal and -shm) are for the user running the ledger only, whatever the umask."""

import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.helpers.ledger import ledger_cli
from tests.helpers.ledger_process import ROOT, LedgerProcess, ledger_command


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask, which lets everyone read what a process makes."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_migrate_makes_its_own_folder_and_files_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_DATA_HOME", "JIFEN_LEDGER_DB", "JIFEN_HOME")}
    made = subprocess.run([*ledger_command(), "migrate"], env=env | {"HOME": str(home)}, cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False, preexec_fn=lambda: os.umask(0o022))
    assert made.returncode == 0, made.stderr
    folder = home / ".local" / "share" / "jifen-ledger"
    assert f"created the folder {folder}" in made.stdout
    assert (mode(folder), mode(folder / "ledger.db")) == (0o700, 0o600)
    with LedgerProcess(f"sqlite:///{folder / 'ledger.db'}", tmp_path / "serve.log"):  # serving: WAL files open
        names = ("ledger.db", "ledger.db-wal", "ledger.db-shm")
        assert {name: mode(folder / name) for name in names} == dict.fromkeys(names, 0o600)


def test_a_folder_the_operator_chose_keeps_its_mode(tmp_path: Path, open_umask: None) -> None:
    chosen = tmp_path / "srv"
    chosen.mkdir(mode=0o755)
    status, said = ledger_cli(f"sqlite:///{chosen / 'ledger.db'}")("migrate")
    assert status == 0, said
    assert (mode(chosen), mode(chosen / "ledger.db")) == (0o755, 0o600)


def test_a_ledger_made_before_is_made_private(tmp_path: Path, open_umask: None) -> None:
    run = ledger_cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert run("migrate")[0] == 0
    names = ("ledger.db", "ledger.db-wal", "ledger.db-shm")
    with closing(sqlite3.connect(tmp_path / "ledger.db")) as held:  # as a serving ledger holds its WAL files
        held.execute("SELECT count(*) FROM merchants").fetchall()
        for name in names:
            os.chmod(tmp_path / name, 0o644)  # as an older jifen-ledger left them
        status, said = run("migrate")
        assert status == 0, said
        assert {name: mode(tmp_path / name) for name in names} == dict.fromkeys(names, 0o600)
