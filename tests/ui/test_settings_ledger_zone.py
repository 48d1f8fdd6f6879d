"""Settings › Ledger refuses a ledger whose merchant keeps another time zone than the store, as
`jifen ledger connect` does, and connects nothing."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.sync.test_connect_timezone import ledger_in
from tests.ui.test_settings_ledger import connect, ledger_page, not_connected
from tests.ui.test_settings_support import settle

pytestmark = pytest.mark.gui


def test_a_ledger_in_another_time_zone_is_refused_and_nothing_is_connected(qtbot: QtBot, till: Till,
                                                                          tmp_path: Path) -> None:
    with ledger_in(tmp_path, "Asia/Urumqi") as (ledger, url):
        token = ledger.terminal("m1", "静安店", "T1")
        screen, page = ledger_page(qtbot, till)
        connect(qtbot, page, url, token)
        assert page.message.text() == (
            "This store's time zone is Asia/Shanghai, but the ledger keeps this business in Asia/Urumqi, so the two "
            "would put sales on different days. A time zone is set when the store or the business is created: ask "
            "the ledger's owner to set this business up in Asia/Shanghai.")
        assert page.message.objectName() == "problem"
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()
