"""Settings › Ledger, connected over plain http:// to another machine, warns as `jifen ledger connect` does, in its
words, under the connected message: the terminal's token and the members' data cross the network unencrypted.
https://, and http:// on this machine, stay silent. Against a real ledger listening on every address of this
machine, reached by its network address as another till would reach it."""

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from ledger import db
from terminal.bootstrap import Till
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.tls import private_ca
from tests.sync.test_connect_plain_http import lan_address
from tests.ui.test_settings_ledger import connect, ledger_page
from tests.ui.test_settings_support import settle
from ui.screens.settings_ledger import LedgerPage

pytestmark = pytest.mark.gui
CONNECTED = "Connected to the ledger as m1 / 静安店 / T1. Entries are sent in the background."
WARNING = ("The ledger is on another machine over plain http://: this terminal's token and the members' data cross the "
           "network unencrypted. Put the ledger behind HTTPS (installer/README.md) and connect with its https:// "
           "address")
CONNECTED_ZH = "已连接总账，身份为 m1 / 静安店 / T1。记录会在后台上传。"
WARNING_ZH = ("总账在另一台电脑上，且使用未加密的 http://：本终端的令牌和会员资料以明文在网络上传输。"
              "请按 installer/README.md 为总账配置 HTTPS，再以 https:// 地址连接")


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    """A ledger on SQLite with merchant m1, and the token of till T1."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    yield engine, ledger.terminal("m1", "静安店", "T1")
    engine.dispose()


@pytest.fixture
def lan() -> str:
    address = lan_address()
    if address is None:
        pytest.skip("this machine has no network address")
    return address


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def connected_at(qtbot: QtBot, till: Till, url: str, token: str, authority: Path | None = None) -> LedgerPage:
    """The owner connects to ``url`` in Settings › Ledger (with the certificate authority file ``authority``)."""
    screen, page = ledger_page(qtbot, till)
    if authority is not None:
        qtbot.keyClicks(page.ca.edit, str(authority))
    connect(qtbot, page, url, token)
    assert screen.ctx.syncer is not None and screen.ctx.syncer.client.url == url
    settle(qtbot, screen.ctx)
    screen.ctx.close()
    return page


@pytest.mark.parametrize("host", ["lan address", "host name"])
def test_plain_http_to_another_machine_connects_with_the_command_lines_warning(
        qtbot: QtBot, till: Till, ledger: tuple[Engine, str], lan: str, host: str) -> None:
    engine, token = ledger
    name = lan if host == "lan address" else socket.gethostname()  # a name may stand for any machine
    with serve(engine, host="0.0.0.0") as local:
        page = connected_at(qtbot, till, f"http://{name}:{port_of(local)}", token)
    assert page.message.text() == f"{CONNECTED}\n{WARNING}"
    assert page.message.objectName() == "problem"  # in the problem colour: it needs doing something about


def test_in_chinese_the_warning_is_in_chinese(qtbot: QtBot, till: Till, ledger: tuple[Engine, str], lan: str,
                                              chinese: None) -> None:
    engine, token = ledger
    with serve(engine, host="0.0.0.0") as local:
        page = connected_at(qtbot, till, f"http://{lan}:{port_of(local)}", token)
    assert page.message.text() == f"{CONNECTED_ZH}\n{WARNING_ZH}"


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost"])
def test_plain_http_on_this_machine_is_silent(qtbot: QtBot, till: Till, ledger: tuple[Engine, str], host: str) -> None:
    engine, token = ledger
    with serve(engine, host="0.0.0.0") as local:
        page = connected_at(qtbot, till, f"http://{host}:{port_of(local)}", token)
    assert page.message.text() == CONNECTED and page.message.objectName() == "note"


def test_https_to_another_machine_is_silent(qtbot: QtBot, till: Till, ledger: tuple[Engine, str], lan: str,
                                            tmp_path: Path) -> None:
    engine, token = ledger
    certificates = private_ca(tmp_path, addresses=(lan,))
    with serve(engine, tls=certificates, host="0.0.0.0") as local:
        page = connected_at(qtbot, till, f"https://{lan}:{port_of(local)}", token, certificates.ca)
    assert page.message.text() == CONNECTED and page.message.objectName() == "note"
