"""Settings › Ledger says why a ledger's certificate is not trusted, in the link's words: an expired certificate, or
one made for another name, is said so with the cursor in the address, and only a certificate of an authority the
terminal does not know sends the owner to the Certificate authority field. Messages that begin with an address
keep it as typed ("http://…", never "Http://…"). Real ledgers and a real web page over TCP and TLS."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.ledger_server import serve
from tests.sync.test_captive_portal import _LoginPage
from tests.sync.test_wrong_address_words import made_certificates
from tests.ui.test_settings_ledger import connect, ledger_page, not_connected
from tests.ui.test_settings_ledger_ca import UNTRUSTED, ledger_engine
from tests.ui.test_settings_support import settle
from ui.screens.settings import SettingsScreen
from ui.screens.settings_ledger import LedgerPage, sentence

pytestmark = pytest.mark.gui
EXPIRED = "The ledger's certificate has expired: renew it on the ledger's server. Nothing was connected."
OTHER_NAME = ("The ledger's certificate is not made for localhost: connect with the name the certificate was made "
              "for, or renew it for this name. Nothing was connected.")


def refused_at(qtbot: QtBot, till: Till, url: str, token: str, authority: Path | None) -> tuple[SettingsScreen, LedgerPage]:
    """The owner gives the authority file (if any) and connects to ``url``; nothing is connected."""
    screen, page = ledger_page(qtbot, till)
    if authority is not None:
        page.ca.edit.setText(str(authority))
    connect(qtbot, page, url, token)
    settle(qtbot, screen.ctx)
    assert not_connected(till, screen) and page.message.objectName() == "problem"
    return screen, page


@pytest.mark.parametrize(("names", "expired", "words"), [(("localhost",), True, EXPIRED),
                                                         (("ledger.example.com",), False, OTHER_NAME)],
                         ids=["expired", "another name"])
def test_a_certificate_no_authority_would_help_is_said_why(qtbot: QtBot, till: Till, tmp_path: Path,
                                                           names: tuple[str, ...], expired: bool, words: str) -> None:
    certificates = made_certificates(tmp_path / "ledger", names, expired=expired)
    with ledger_engine(tmp_path) as (engine, token), serve(engine, tls=certificates) as url:
        screen, page = refused_at(qtbot, till, url.replace("127.0.0.1", "localhost"), token, certificates.ca)
        assert page.message.text() == words
        assert page.url.hasFocus() and not page.ca.edit.hasFocus()
    screen.ctx.tasks.shutdown()


def test_in_chinese_an_expired_certificate_is_said_in_chinese(qtbot: QtBot, till: Till, tmp_path: Path,
                                                              chinese: None) -> None:
    certificates = made_certificates(tmp_path / "ledger", ("localhost",), expired=True)
    with ledger_engine(tmp_path) as (engine, token), serve(engine, tls=certificates) as url:
        screen, page = refused_at(qtbot, till, url.replace("127.0.0.1", "localhost"), token, certificates.ca)
        assert page.message.text() == "总账的证书已过期：请在总账服务器上更新证书。未连接总账。"
    screen.ctx.tasks.shutdown()


def test_an_unknown_authority_still_points_at_the_authority_field(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    certificates = made_certificates(tmp_path / "ledger", ("localhost",))
    with ledger_engine(tmp_path) as (engine, token), serve(engine, tls=certificates) as url:
        screen, page = refused_at(qtbot, till, url.replace("127.0.0.1", "localhost"), token, None)
        assert page.message.text() == UNTRUSTED
        assert page.ca.edit.hasFocus()
    screen.ctx.tasks.shutdown()


def test_https_to_a_plain_ledger_keeps_the_address_as_typed(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    with ledger_engine(tmp_path) as (engine, token), serve(engine) as url:
        secure = url.replace("http://", "https://")
        screen, page = refused_at(qtbot, till, secure, token, None)
        assert page.message.text() == (f"{secure} does not speak TLS (https): check the address, maybe {url}. "
                                       "Nothing was connected.")
        assert "Certificate authority" not in page.message.text() and page.url.hasFocus()
    screen.ctx.tasks.shutdown()


@contextmanager
def web_page() -> Iterator[str]:
    site = ThreadingHTTPServer(("127.0.0.1", 0), _LoginPage)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()


def test_a_web_page_at_the_address_keeps_the_address_as_typed(qtbot: QtBot, till: Till) -> None:
    with web_page() as url:
        screen, page = refused_at(qtbot, till, url, "jt_anything", None)
        assert page.message.text().startswith(f"{url} answers (HTTP 200), but it is not a jifen ledger"), \
            page.message.text()
    screen.ctx.tasks.shutdown()


@pytest.mark.parametrize(("words", "begun"), [("cannot reach it", "Cannot reach it"),
                                              ("the ledger's answer", "The ledger's answer"),
                                              ("http://a:1 answers", "http://a:1 answers"),
                                              ("localhost:8000 is down", "localhost:8000 is down"),
                                              ("总账有应答", "总账有应答"), ("", "")])
def test_only_a_lower_case_word_is_capitalised(words: str, begun: str) -> None:
    assert sentence(words) == begun
