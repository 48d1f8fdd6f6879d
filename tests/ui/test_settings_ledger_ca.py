"""Settings › Ledger joins a ledger behind a private certificate authority, as the first-run wizard and
`jifen ledger connect --ca` do: without the authority the certificate is not trusted (said in the owner's words,
not the command line's), a file that is not one is refused, the right one is kept with the store; a kept one is
shown and can be replaced."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from ledger import db
from sync.relay import syncer_for
from terminal.bootstrap import Till
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import free_port, serve
from tests.helpers.store import sell
from tests.helpers.tls import private_ca
from tests.ui.test_settings_ledger import connect, ledger_page, not_connected
from tests.ui.test_settings_support import settle
from ui.qt import core
from ui.screens.settings_ledger import LedgerPage

pytestmark = pytest.mark.gui
UNTRUSTED = ("The ledger's certificate cannot be trusted (unable to get local issuer certificate). If the ledger has a "
             "private certificate, choose its certificate authority file in the Certificate authority field (ask "
             "whoever set up the ledger for it); otherwise check the address.")
KEPT = "A certificate authority is kept for this ledger: choose a file only to replace it"


@contextmanager
def ledger_engine(tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    """A ledger on SQLite with merchant m1, and a token for till T1 (to serve over TLS, once or twice)."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    try:
        yield engine, ledger.terminal("m1", "静安店", "T1")
    finally:
        engine.dispose()


def with_authority(qtbot: QtBot, page: LedgerPage, path: Path | str) -> None:
    """The owner types the file's path in the field the refusal pointed at, and presses Enter."""
    assert page.ca.edit.hasFocus()
    qtbot.keyClicks(page.ca.edit, str(path))
    qtbot.keyClick(page.ca.edit, core.Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.connect_button.isEnabled() and not page.message.text().endswith("…"), timeout=15_000)


def synced(till: Till) -> bool:
    sell(till, None, ("general", 1000))
    syncer = syncer_for(till)
    syncer.sync_once()
    return syncer.status().online and syncer.status().pending == 0


def test_a_ledger_behind_a_private_certificate_authority(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    certificates = private_ca(tmp_path)
    not_a_ca = tmp_path / "not-a-ca.pem"
    not_a_ca.write_text("hello", encoding="utf-8")
    with ledger_engine(tmp_path) as (engine, token), serve(engine, tls=certificates) as url:
        screen, page = ledger_page(qtbot, till)
        assert page.ca.edit.placeholderText() == "Only if the ledger's owner gave you one (a .pem file)"
        connect(qtbot, page, url, token)
        assert page.message.text() == UNTRUSTED and page.message.objectName() == "problem"
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)

        with_authority(qtbot, page, not_a_ca)
        assert page.message.text() == (f"“{not_a_ca}” is not a certificate authority file (a .pem file that begins "
                                       "with -----BEGIN CERTIFICATE-----). Choose the file the ledger's owner gave you.")
        assert page.ca.edit.selectedText() == str(not_a_ca)
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen) and not (till.home.root / "ledger-ca.pem").exists()

        with_authority(qtbot, page, certificates.ca)
        assert page.message.text() == ("Connected to the ledger as m1 / 静安店 / T1. Entries are sent in the "
                                       "background.")
        assert (till.home.root / "ledger-ca.pem").read_bytes() == certificates.ca.read_bytes()
        qtbot.waitUntil(lambda: page.ca.edit.placeholderText() == KEPT)
        assert page.ca.edit.text() == ""
        certificates.ca.unlink()  # kept with the store: the file given is not needed again
        assert synced(till)
        screen.ctx.close()


def test_a_kept_authority_is_replaced_when_the_ledger_gets_a_new_one(qtbot: QtBot, till: Till,
                                                                     tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old, new = private_ca(tmp_path / "old"), private_ca(tmp_path / "new")
    port = free_port()
    with ledger_engine(tmp_path) as (engine, token):
        with serve(engine, port, tls=old) as url:
            screen, page = ledger_page(qtbot, till)
            connect(qtbot, page, url, token)
            with_authority(qtbot, page, old.ca)
            assert page.message.text().startswith("Connected to the ledger")
        screen.ctx.close()
        with serve(engine, port, tls=new) as url:  # the ledger's certificate, renewed by another authority
            screen, page = ledger_page(qtbot, till)
            qtbot.waitUntil(lambda: page.ca.edit.placeholderText() == KEPT)
            connect(qtbot, page, url, token)
            assert page.message.text() == UNTRUSTED
            assert (till.home.root / "ledger-ca.pem").read_bytes() == old.ca.read_bytes()
            with_authority(qtbot, page, new.ca)
            assert page.message.text().startswith("Connected to the ledger")
            assert (till.home.root / "ledger-ca.pem").read_bytes() == new.ca.read_bytes()
            assert synced(till)
            screen.ctx.close()
