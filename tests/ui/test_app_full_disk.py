"""The app on a store whose disk fills up while it runs: a sale or a login says the disk is full, in the command line's
words (which disk, what to do, nothing recorded), never "something went wrong"; the sale stays as it was, and once
there is room again taking payment records it.

The disk is a real full one: a small tmpfs the test mounts (as root on Linux; skipped elsewhere)."""

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till, open_till
from terminal.clock import Clock
from terminal.home import Home
from tests.helpers.disks import fill, small_tmpfs
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, Key, open_counter
from ui.screens.checkout import CheckoutScreen

pytestmark = [pytest.mark.gui, LOCALE_NOTICE]


def full_words(folder: Path) -> str:
    return f"the disk holding {folder} is full (no space left): free some space and try again; nothing was recorded"


def full_words_zh(folder: Path) -> str:
    return f"{folder} 所在的磁盘已满（没有剩余空间）：请清理出空间后重试；未记录任何内容"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs, mounted for the test."""
    with small_tmpfs(tmp_path / "disk", "4m") as folder:
        yield folder


@pytest.fixture
def on_disk(shop: Till, disk: Path) -> Iterator[Till]:
    """The test store with its staff, copied onto the small disk and opened there."""
    shop.close()
    shutil.copytree(shop.home.root, disk / "store")
    till = open_till(Home(disk / "store"), Clock.from_env())
    yield till
    till.close()


def sales(till: Till) -> list[int]:
    """The totals of the sales recorded, read without the app's connection (nor a -shm file)."""
    conn = sqlite3.connect(f"file:{till.home.db}?mode=ro", uri=True)
    try:
        return [total for (total,) in conn.execute("SELECT total_fen FROM sales ORDER BY id")]
    finally:
        conn.close()


def take_cash(counter: Counter) -> None:
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)
    counter.qtbot.waitUntil(lambda: not counter.screen.busy, timeout=15_000)
    counter.idle()


def ring_up(counter: Counter, amount: str) -> None:
    counter.type(amount)
    counter.press(Key.Key_Return)
    take_cash(counter)


def test_a_sale_on_a_full_disk_says_so_and_is_recorded_once_there_is_room(
        qtbot: QtBot, on_disk: Till, disk: Path, english: None) -> None:
    counter = open_counter(qtbot, on_disk)
    screen = counter.screen
    assert isinstance(screen, CheckoutScreen)
    ring_up(counter, "50")
    assert screen.finished
    counter.press(Key.Key_F11)
    filler = fill(disk)

    ring_up(counter, "77")
    assert not screen.finished
    assert screen.message.text() == full_words(on_disk.home.root)
    assert [line.amount_fen for line in screen.draft.lines] == [7700]
    assert sales(on_disk) == [5000]

    filler.unlink()
    take_cash(counter)
    assert screen.finished and "recorded" in screen.message.text()
    counter.close()
    assert sales(on_disk) == [5000, 7700]


def test_a_login_on_a_full_disk_says_so_in_chinese(qtbot: QtBot, on_disk: Till, disk: Path, chinese: None) -> None:
    counter = open_counter(qtbot, on_disk, log_in=False)
    fill(disk)
    counter.log_in()
    counter.idle()
    login = counter.window.login
    assert counter.window.current() is None  # still at the login page
    assert login.message.text() == full_words_zh(on_disk.home.root)
    counter.close()
