"""The app started on a store it migrates (an upgrade) says so once, in the status bar of the login screen:
the version it now runs and the copy of the store from before, backups/before-NEW-from-OLD.db, as the command line
says it. The next start, which migrates nothing, does not."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.home import Home
from terminal.version import running_version
from tests.helpers.old_schema import downgrade_store
from tests.helpers.ui_checkout import LOCALE_NOTICE
from tests.ui.test_app_log import app_put_back, log_in, logged_in, run_driving, store
from ui.main_window import MainWindow

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.qt_no_exception_capture]
__all__ = ["app_put_back", "store"]  # fixtures


def status_message(qtbot: QtBot, home: Home) -> str:
    """What the status bar says as the app starts on ``home`` (on the login screen); the owner can log in."""
    seen: list[str] = []

    def script(window: MainWindow) -> None:
        seen.append(window.statusBar().currentMessage())
        log_in(qtbot, window)
        qtbot.waitUntil(lambda: logged_in(window))

    assert run_driving(qtbot, home, script) == 0
    return seen[0]


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Upgraded to jifen {version}; the data from before the upgrade is backed up in backups/{copy}."),
    ("zh", "已升级到 {version}；升级前的数据已备份到 backups/{copy}。")])
def test_the_start_that_upgrades_the_store_says_where_the_copy_from_before_is(
        qtbot: QtBot, store: Home, app_put_back: None, language: str, words: str) -> None:
    store.config.write_text(f'[app]\nlanguage = "{language}"\n', encoding="utf-8")
    downgrade_store(store.db, "0020")
    copy = f"before-{running_version()}-from-{running_version()}.db"  # the store was made by this version
    said = words.format(version=running_version(), copy=copy)
    assert status_message(qtbot, store) == said
    assert (store.backups / copy).exists()

    assert status_message(qtbot, store) == ""  # migrated already: nothing to say
    assert [path.name for path in store.backups.glob("before-*")] == [copy]
