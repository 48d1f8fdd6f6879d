"""Settings › Ledger with an address that is no ledger's (a path after the host, a web page): the page says what is
wrong with the address and puts the cursor in it, not that the ledger refused the token. A real ledger over TCP."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.ui.test_settings_ledger import connect, ledger_page, not_connected
from tests.ui.test_settings_support import ledger_net, settle

pytestmark = pytest.mark.gui


def test_a_path_after_the_host_is_said_as_the_address(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        token = net.ledger.terminal("m1", "静安店", "T1")
        screen, page = ledger_page(qtbot, till)
        connect(qtbot, page, net.url + "/v1", token)
        assert page.message.text().startswith(f"The address {net.url}/v1 answers, but not as a ledger: check the path after the "
                                              f"host (give only {net.url})."), page.message.text()
        assert "refused this token" not in page.message.text() and page.url.hasFocus()
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()
