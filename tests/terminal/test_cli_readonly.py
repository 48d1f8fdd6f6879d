"""A store folder that cannot be written (a read-only mount, a copy on a CD, a folder without write
permission): writes are refused in one line, reads work, and the log never spills onto the console."""

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from terminal.logfile import temp_log
from tests.helpers.cli import Jifen, run_jifen

PHONE = "13800138000"


@contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """``source`` seen through a read-only folder: a read-only bind mount at ``view`` (root ignores
    permissions), else ``source`` itself without write permission."""
    if os.geteuid() != 0:
        for path in [source, *source.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        try:
            yield source
        finally:
            for path in [source, *source.rglob("*")]:
                path.chmod(path.stat().st_mode | 0o200)
        return
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only mount here: {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True, check=True)
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


@pytest.fixture
def read_only(jifen: Jifen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> Iterator[Jifen]:
    """The test store, with a member, in a read-only folder."""
    jifen.member(PHONE)
    with read_only_view(jifen.home, tmp_path / "read-only") as folder:
        yield Jifen(folder, monkeypatch, capsys)


def _env(store: Jifen, **more: str) -> dict[str, str]:
    return {"JIFEN_HOME": str(store.home), "JIFEN_NOW": store.now, "JIFEN_PIN": "1111", **more}


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_write_is_refused_in_one_clear_line(read_only: Jifen) -> None:
    before = _listing(read_only.home)
    run = run_jifen("sale", "--line", "general:1", "--cashier", "amy", env=_env(read_only))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (f"the store folder {read_only.home} is read-only: nothing can be changed there; "
                          "make it writable or copy it to a writable folder\n")
    assert _listing(read_only.home) == before


def test_a_write_with_json_is_the_read_only_error_object(read_only: Jifen) -> None:
    run = run_jifen("member", "add", "--phone", "13900139000", "--cashier", "amy", "--json",
                    env=_env(read_only, LANG="zh_CN.UTF-8"))
    assert (run.returncode, run.stderr) == (2, "")
    error = json.loads(run.stdout)
    assert error["error"] == "read_only" and "只读" in error["message"]


@pytest.mark.parametrize("argv", [["member", "show", PHONE], ["report", "day"], ["journal", "verify"], ["rules", "show"]])
def test_reading_works(read_only: Jifen, argv: list[str]) -> None:
    before = _listing(read_only.home)
    run = run_jifen(*argv, "--json", env=_env(read_only))
    assert (run.returncode, run.stderr) == (0, ""), run
    assert _listing(read_only.home) == before


def test_reading_shows_what_is_stored(read_only: Jifen) -> None:
    assert read_only.ok("member", "show", PHONE)["balance"] == 500


def test_a_backup_of_a_read_only_store_is_made_elsewhere(read_only: Jifen, tmp_path: Path) -> None:
    copy = read_only.ok("backup", str(tmp_path / "copy.db"))
    with sqlite3.connect(copy["file"]) as conn:
        assert conn.execute("SELECT count(*) FROM members WHERE phone = ?", (PHONE,)).fetchone() == (1,)
    assert not list(tmp_path.glob("*.partial"))


def test_a_store_sqlite_cannot_open_read_only_is_the_same_clear_refusal(jifen: Jifen, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    # A -wal file without its -shm: SQLite must make the -shm to read, and cannot in a read-only folder.
    jifen.member(PHONE)
    (jifen.home / "jifen.db-wal").write_bytes(b"")
    view = tmp_path / "view"
    shutil.copytree(jifen.home, view)
    with read_only_view(view, tmp_path / "ro") as folder:
        run = run_jifen("member", "show", PHONE, env=_env(Jifen(folder, monkeypatch, capsys), TMPDIR=str(tmp_path)))
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr.startswith(f"the store folder {folder} is read-only")
    assert "unable to open database file" in (tmp_path / temp_log().name).read_text(encoding="utf-8")


def test_an_unexpected_failure_logs_to_the_temp_folder_and_says_so(read_only: Jifen, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr("terminal.services.reports.day_report", _fail)
    run = read_only("report", "day")
    assert (run.status, run.out) == (1, "")
    assert run.err == f"unexpected failure; details are in {temp / temp_log().name}\n"
    assert "something nobody foresaw" in (temp / temp_log().name).read_text(encoding="utf-8")


def test_when_no_log_can_be_written_it_says_so_without_a_traceback(read_only: Jifen, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(read_only.home))  # read-only too
    monkeypatch.setattr("terminal.services.reports.day_report", _fail)
    run = read_only("report", "day")
    assert (run.status, run.out) == (1, "")
    assert run.err == "unexpected failure; the details could not be written to a log\n"


def test_a_log_file_that_fails_to_write_stays_quiet(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> None:
    # The folder looked writable, but writing the log fails (a full disk, a file made read-only meanwhile).
    (jifen.home / "jifen.log").mkdir()
    monkeypatch.setattr("terminal.logfile.can_write", lambda path: True)
    monkeypatch.setattr("terminal.services.reports.day_report", _fail)
    run = jifen("report", "day")
    assert (run.status, run.out) == (1, "")
    assert run.err == "unexpected failure; the details could not be written to a log\n"


def _fail(*args: object, **kwargs: object) -> None:
    raise RuntimeError("something nobody foresaw")
