"""`jifen` (the app) started on a store it cannot use: a read-only store folder, another user's store, a store on a
full disk. One box says why, in the words the command line gives for the same store, and the app ends with status 2:
never a traceback on the console, nor (from a shortcut) nothing at all.

Each start is `jifen --home DIR` in a process of its own, offscreen, the box read and closed by a timer. Root's
permission bits are bypassed, so as root the app runs without the capabilities that bypass them (capsh); a full disk
is a small tmpfs the test fills (as root on Linux). Cases that cannot be made here are skipped."""

import errno
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.home import Home
from tests.helpers.disks import BYPASS, capsh, fill, small_tmpfs
from ui.app import cannot_start_box
from ui.store_problems import store_problem

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
JIFEN = Path(sys.executable).with_name("jifen")
NOBODY = 65534
# The app as `jifen` starts it; a timer reads the box that comes, prints its title and text, and closes it (no box
# within 10 s: the app started, and ends with 99).
START = """
import sys
from ui.entry import main
from ui.qt import core, widgets

app = widgets.QApplication(sys.argv[:1])
tries = iter(range(200))

def close_the_box():
    box = widgets.QApplication.activeModalWidget()
    if isinstance(box, widgets.QMessageBox):
        print(box.windowTitle())
        print(box.text())
        box.done(0)
    elif next(tries, None) is None:
        app.exit(99)
    else:
        core.QTimer.singleShot(50, close_the_box)

core.QTimer.singleShot(0, close_the_box)
sys.exit(main(sys.argv[1:]))
"""


def _run(argv: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    """``argv`` subject to permission bits, even as root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIFEN_", "LC_", "LANG"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", "LANG": lang, "JIFEN_NOW": "2026-03-01T10:05:00+08:00",
                "PYTHONPATH": str(ROOT)})
    if os.geteuid() == 0:
        argv = [capsh(), f"--drop={BYPASS}", "--", "-c", shlex.join(argv)]
    return subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)


def start_app(home: Path, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-c", START, "--home", str(home)], lang)


def cli_words(home: Path, lang: str = "en_US.UTF-8") -> str:
    """What the command line says when a command that writes opens the same store."""
    said = _run([str(JIFEN), "--home", str(home), "expire"], lang)
    assert said.returncode in (1, 2) and said.stdout == "", said
    return said.stderr.strip()


def assert_one_box(started: subprocess.CompletedProcess[str], title: str, words: str) -> None:
    assert (started.returncode, started.stdout.splitlines()) == (2, [title, words]), started
    assert "Traceback" not in started.stderr


@pytest.fixture
def store(till: Till) -> Path:
    """The test store, closed, as between two runs of the app."""
    till.close()
    return till.home.root


def test_a_read_only_store_folder_is_said_in_a_box(store: Path) -> None:
    store.chmod(0o500)
    try:
        assert_one_box(start_app(store), "jifen cannot start", cli_words(store))
        assert cli_words(store).startswith(f"the store folder {store} is read-only")
    finally:
        store.chmod(0o700)


def test_another_users_store_is_said_in_a_box_in_chinese(store: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    os.chown(store, NOBODY, -1)
    try:
        words = cli_words(store, "zh_CN.UTF-8")
        assert_one_box(start_app(store, "zh_CN.UTF-8"), "jifen 无法启动", words)
        assert str(store) in words and "Traceback" not in words
    finally:
        os.chown(store, 0, -1)


@pytest.fixture
def full_disk(store: Path, tmp_path: Path) -> Iterator[Path]:
    """The store, copied onto a 4 MiB tmpfs filled to the last byte."""
    with small_tmpfs(tmp_path / "disk", "4m") as disk:
        shutil.copytree(store, disk / "store")
        fill(disk)
        yield disk / "store"


@pytest.mark.parametrize(("lang", "title"), [("en_US.UTF-8", "jifen cannot start"), ("zh_CN.UTF-8", "jifen 无法启动")])
def test_a_store_on_a_full_disk_is_said_in_a_box(full_disk: Path, lang: str, title: str) -> None:
    words = cli_words(full_disk, lang)
    assert_one_box(start_app(full_disk, lang), title, words)
    assert words in (f"the disk holding {full_disk} is full (no space left): free some space and try again; "
                     "nothing was recorded", f"{full_disk} 所在的磁盘已满（没有剩余空间）：请清理出空间后重试；未记录任何内容")


def test_a_store_that_opens_starts_the_app(store: Path) -> None:
    assert start_app(store).returncode == 99  # no box came: the window is up


def test_a_permission_denied_is_said_as_such_and_a_refusal_as_it_is(tmp_path: Path, english: None) -> None:
    home = Home(tmp_path / "store")
    denied = PermissionError(errno.EACCES, "Permission denied", str(home.config))
    said = store_problem(home, denied)
    assert said is not None and said.code == "forbidden" and str(home.config) in said.message
    refused = Refused("bad_input", "config.toml: app.language must be auto, zh or en", "……")
    assert store_problem(home, refused) is refused
    assert store_problem(home, ValueError("not about the store")) is None
    box = cannot_start_box(refused)
    assert (box.windowTitle(), box.text()) == ("jifen cannot start", refused.message)
