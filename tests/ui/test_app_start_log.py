"""The app's one line in jifen.log when it starts: which version runs on which till, for the vendor's support line."""

import re

import pytest
from pytestqt.qtbot import QtBot

from terminal.home import Home
from terminal.version import running_version
from tests.helpers.ui_checkout import LOCALE_NOTICE
from tests.ui.test_app_log import app_put_back, log_in, logged_in, run_driving, store  # noqa: F401  (fixtures)
from ui.main_window import MainWindow

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.qt_no_exception_capture]


def test_the_app_says_at_start_which_version_runs_on_which_till(qtbot: QtBot, store: Home,  # noqa: F811
                                                                 app_put_back: None) -> None:  # noqa: F811
    def script(window: MainWindow) -> None:
        log_in(qtbot, window)
        qtbot.waitUntil(lambda: logged_in(window), timeout=10_000)

    assert run_driving(qtbot, store, script) == 0
    lines = store.log.read_text(encoding="utf-8").splitlines()
    started = [line for line in lines if " INFO jifen: started jifen " in line]
    assert len(started) == 1, lines
    assert re.search(rf"[+-]\d\d:\d\d INFO jifen: started jifen {re.escape(running_version())}, merchant \S+, "
                     r"store \S+, terminal \S+$", started[0]), started[0]
