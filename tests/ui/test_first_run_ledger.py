"""The first-run wizard's ledger page: a ledger whose merchant keeps another time zone than the one chosen
for the store is refused until the owner goes Back and chooses it; a ledger behind a private certificate
authority is joined with that authority's file, kept where `jifen ledger connect --ca` keeps it."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sync.relay import syncer_for
from terminal.bootstrap import open_till
from terminal.home import Home
from tests.helpers.store import sell
from tests.helpers.tls import private_ca
from tests.sync.test_connect_timezone import ledger_in
from tests.ui.test_first_run import Key, fill_store_and_owner, focused, on_page, press, type_in, wizard_for
from ui.first_run import FirstRunWizard
from ui.qt import widgets

pytestmark = pytest.mark.gui


def to_the_ledger_page(qtbot: QtBot, wizard: FirstRunWizard, url: str, token: str) -> None:
    fill_store_and_owner(qtbot, wizard)
    for page in (wizard.camera, wizard.ledger):
        wizard.next()
        on_page(qtbot, wizard, page)
    wizard.ledger.url.setText(url)
    wizard.ledger.token.setText(token)


def refused_with(qtbot: QtBot, wizard: FirstRunWizard, words: str) -> None:
    wizard.ledger.setFocus()
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: words in wizard.ledger.message.text(), timeout=10_000)
    assert wizard.currentPage() is wizard.ledger and wizard.ledger.message.objectName() == "problem"


def test_a_ledger_in_another_time_zone_is_refused_until_the_store_takes_it(qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    with ledger_in(tmp_path, "Asia/Urumqi") as (ledger, url):
        wizard = wizard_for(qtbot, home)
        to_the_ledger_page(qtbot, wizard, url, ledger.terminal("m1", "静安店", "T7"))
        refused_with(qtbot, wizard, "The ledger keeps this business in time zone Asia/Urumqi, but you chose "
                                    "Asia/Shanghai for this store, so the two would put sales on different days. "
                                    "Go Back and choose Asia/Urumqi, or ask the ledger's owner.")
        for page in (wizard.camera, wizard.printer, wizard.owner, wizard.store):
            wizard.back()
            on_page(qtbot, wizard, page)
        wizard.store.timezone.setCurrentText("Asia/Urumqi")
        for page in (wizard.owner, wizard.printer, wizard.camera, wizard.ledger, wizard.ready):
            wizard.next()
            on_page(qtbot, wizard, page)
        assert f"Ledger: {url} (m1)" in wizard.ready.summary.text()
        wizard.reject()
    assert not home.root.exists()


def test_a_ledger_behind_a_private_certificate_authority(qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    certificates = private_ca(tmp_path)
    not_a_ca = tmp_path / "not-a-ca.pem"
    not_a_ca.write_text("hello", encoding="utf-8")
    with ledger_in(tmp_path, "Asia/Shanghai", tls=certificates) as (ledger, url):
        wizard = wizard_for(qtbot, home)
        to_the_ledger_page(qtbot, wizard, url, ledger.terminal("m1", "静安店", "T7"))
        refused_with(qtbot, wizard, "The ledger's certificate cannot be trusted (unable to get local issuer "
                                    "certificate). If the ledger has a private certificate, choose its certificate "
                                    "authority file in the Certificate authority field (ask whoever set up the ledger "
                                    "for it); otherwise check the address.")
        assert "--ca" not in wizard.ledger.message.text()
        assert focused() is wizard.ledger.ca.edit
        type_in(qtbot, str(not_a_ca))
        refused_with(qtbot, wizard, f"“{not_a_ca}” is not a certificate authority file (a .pem file that begins "
                                    "with -----BEGIN CERTIFICATE-----). Choose the file the ledger's owner gave you.")
        assert focused() is wizard.ledger.ca.edit and wizard.ledger.ca.edit.selectedText() == str(not_a_ca)
        type_in(qtbot, str(certificates.ca))
        press(qtbot, Key.Key_Return)
        on_page(qtbot, wizard, wizard.ready)
        press(qtbot, Key.Key_Return)
        qtbot.waitUntil(lambda: wizard.result() == widgets.QDialog.DialogCode.Accepted, timeout=20_000)

        assert (home.root / "ledger-ca.pem").read_bytes() == certificates.ca.read_bytes()
        certificates.ca.unlink()  # kept with the store: the file given is not needed again
        till = open_till(home)
        try:
            sell(till, None, ("general", 1000))
            syncer = syncer_for(till)
            syncer.sync_once()
            assert syncer.status().online and syncer.status().pending == 0
        finally:
            till.close()
