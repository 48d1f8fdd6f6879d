"""Settings › Ledger against a real ledger over TCP: a wrong token, another terminal's token, a
ledger that is not there, and a good token, connected as `jifen ledger connect` does it."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.mall.catalog import ItemSpec
from terminal.models import LedgerLink
from terminal.services import mall
from tests.helpers.ledger_server import free_port
from tests.helpers.store import OWNER, sell
from tests.ui.test_settings_support import ledger_net, owner_context, settle, shown
from ui.qt import core
from ui.screens.settings import SettingsScreen
from ui.screens.settings_ledger import LedgerPage

pytestmark = pytest.mark.gui


def ledger_page(qtbot: QtBot, till: Till) -> tuple[SettingsScreen, LedgerPage]:
    screen = SettingsScreen(owner_context(till))
    shown(qtbot, screen)
    screen.tabs.setCurrentWidget(screen.ledger)
    return screen, screen.ledger


def connect(qtbot: QtBot, page: LedgerPage, url: str, token: str) -> None:
    """Typed as the owner types: the address, Tab, the token, Enter."""
    page.url.setFocus()
    page.url.selectAll()
    qtbot.keyClicks(page.url, url)
    qtbot.keyClick(page.url, core.Qt.Key.Key_Tab)
    assert page.token.hasFocus()
    qtbot.keyClicks(page.token, token)
    qtbot.keyClick(page.token, core.Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.connect_button.isEnabled() and not page.message.text().endswith("…"), timeout=15_000)


def not_connected(till: Till, screen: SettingsScreen) -> bool:
    with till.reading() as uow:
        linked = uow.session.get(LedgerLink, 1) is not None
    return not linked and not (till.home.root / "ledger.token").exists() and screen.ctx.syncer is None


def test_a_wrong_token_is_refused_and_nothing_is_connected(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        net.ledger.terminal("m1", "静安店", "T1")
        screen, page = ledger_page(qtbot, till)
        assert page.url.hasFocus() and "Standalone" in page.health.state.text()
        connect(qtbot, page, net.url, "jt_not-the-token")
        assert "refused this token" in page.message.text() and page.message.objectName() == "problem"
        assert page.token.hasFocus()
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()


def test_another_terminals_token_is_refused(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        other = net.ledger.terminal("m1", "徐汇店", "T2")
        screen, page = ledger_page(qtbot, till)
        connect(qtbot, page, net.url, other)
        assert "belongs to m1 / T2, not to this terminal (m1 / T1)" in page.message.text()
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()


PORT = free_port()
NOWHERE = f"http://127.0.0.1:{PORT}"


@pytest.mark.parametrize(("url", "words"), [("ledger.example.com", "is not a ledger address"),
                                            (NOWHERE, f"Cannot reach the ledger at {NOWHERE}: nothing listening on port {PORT}: the ledger on this computer is not running (start it: jifen-ledger serve).")],
                         ids=["no scheme", "nothing listening"])
def test_a_ledger_that_is_not_there_is_said_so(qtbot: QtBot, till: Till, url: str, words: str) -> None:
    screen, page = ledger_page(qtbot, till)
    connect(qtbot, page, url, "jt_anything")
    assert words in page.message.text() and page.url.hasFocus()
    settle(qtbot, screen.ctx)
    assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()


def test_in_chinese_a_ledger_that_is_not_there_is_said_so_in_chinese(qtbot: QtBot, till: Till, chinese: None) -> None:
    screen, page = ledger_page(qtbot, till)
    connect(qtbot, page, NOWHERE, "jt_anything")
    assert page.message.text() == f"无法连接总账 {NOWHERE}：端口 {PORT} 上没有服务在监听：本机上的总账没有运行（请启动：jifen-ledger serve）。请检查地址和网络后重试。期间照常收银。"
    settle(qtbot, screen.ctx)
    assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()


def test_the_right_token_connects_and_syncing_starts(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    sell(till, None, ("general", 1000))
    with ledger_net(tmp_path) as net:
        token = net.ledger.terminal("m1", "静安店", "T1")
        screen, page = ledger_page(qtbot, till)
        connect(qtbot, page, net.url + "/", token)
        assert page.message.text() == ("Connected to the ledger as m1 / 静安店 / T1. Entries are sent in the "
                                       "background.")
        assert (till.home.root / "ledger.token").read_text(encoding="ascii").strip() == token
        assert screen.ctx.syncer is not None and screen.ctx.syncer.client.url == net.url
        assert page.token.text() == "" and page.url.text() == net.url
        qtbot.waitUntil(lambda: page.health.state.text().startswith("Online") and page.health.pending.text() == "0",
                        timeout=15_000)
        assert net.ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()["gross_fen"] == 1000
        screen.ctx.close()


def test_gifts_the_ledger_lacks_are_named_before_they_go(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    mall.add_item(till.uow(), till.shop, OWNER, ItemSpec("MUG", "马克杯", "Mug", 300), None)
    with ledger_net(tmp_path) as net:
        token = net.ledger.terminal("m1", "静安店", "T1")
        screen, page = ledger_page(qtbot, till)
        connect(qtbot, page, net.url, token)
        assert "own gifts (MUG) are not in the ledger's catalog" in page.message.text()
        assert page.message.objectName() == "problem" and page.connect_button.hasFocus()
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)
        qtbot.keyClick(page.connect_button, core.Qt.Key.Key_Space)  # the owner lets them go
        qtbot.waitUntil(lambda: page.message.text().startswith("Connected to the ledger"), timeout=15_000)
        qtbot.waitUntil(lambda: page.health.state.text().startswith("Online"), timeout=15_000)
        with till.reading() as uow:
            assert mall.list_items(uow, till.shop, everything=True) == []
        screen.ctx.close()


@pytest.mark.usefixtures("chinese")
def test_a_wrong_token_is_said_in_chinese_without_the_ledgers_english(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        net.ledger.terminal("m1", "静安店", "T1")
        screen, page = ledger_page(qtbot, till)
        connect(qtbot, page, net.url, "jt_not-the-token")
        said = page.message.text()
        assert "不认识本终端的令牌" in said and "token" not in said, said
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()
