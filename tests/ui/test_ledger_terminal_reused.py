"""A till rebuilt without its backup, under the terminal id of one whose journal the ledger holds, is refused by
the app as by `jifen ledger connect` (already_exists): in Settings › Ledger, and in the first-run wizard before
the store is made. A real ledger over TCP, real stores."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ledger import service
from terminal import journal
from terminal.bootstrap import Till, init_store
from terminal.home import Home
from tests.helpers.store import OWNER, OWNER_PIN, at, sell
from tests.ui.test_first_run import fill_store_and_owner, on_page
from tests.ui.test_first_run_ledger import refused_with
from tests.ui.test_settings_ledger import connect, ledger_page, not_connected
from tests.ui.test_settings_support import LedgerNet, ledger_net, settle
from ui.first_run import FirstRunWizard
from ui.qt import widgets

pytestmark = pytest.mark.gui


def synced_elsewhere(net: LedgerNet, terminal: str) -> int:
    """The till that died: ``terminal``'s store elsewhere, synced; how many entries the ledger holds of it."""
    old = init_store(Home(net.root / f"died-{terminal}"), store="静安店", terminal_id=terminal, merchant="m1",
                     timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 09:00"))
    try:
        sell(old, None, ("general", 1000))
        syncer = net.connect(old, net.ledger.terminal("m1", "静安店", terminal))
        syncer.sync_once()
        assert syncer.status().pending == 0
        with old.reading() as uow:
            return journal.head_seq(uow.session)
    finally:
        old.close()


def refusal(held: int, terminal: str) -> str:
    return (f"the ledger already holds {held} entries of terminal {terminal} that this store does not have (it was not "
            f"restored from a backup of terminal {terminal}: its first entry is another), so connected it could send "
            "nothing and no member's balance would come here. Either restore this till from a backup of terminal "
            f"{terminal}: in a new store folder holding the saved keys/ and ledger.token of that terminal, jifen restore "
            "FILE --cashier NAME (see the README); or, with no backup, ask the ledger's owner to register this till "
            f"under a new terminal id (jifen-ledger terminal add --merchant m1 --store 静安店 --terminal NEW) and create "
            f"its store with that id in a new folder (jifen init --merchant m1 --terminal NEW …), not as {terminal}. "
            "Nothing was changed")


def new_token(net: LedgerNet, terminal: str) -> str:
    return str(net.ledger.do(lambda s: service.new_token(s, "m1", terminal)))


def test_settings_refuses_a_store_made_anew_under_a_terminal_id_the_ledger_holds(
        qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        held = synced_elsewhere(net, "T1")
        screen, page = ledger_page(qtbot, till)
        connect(qtbot, page, net.url, new_token(net, "T1"))
        assert page.message.text() == refusal(held, "T1") and page.message.objectName() == "problem"
        settle(qtbot, screen.ctx)
        assert not_connected(till, screen)
    screen.ctx.tasks.shutdown()


def test_the_wizard_refuses_a_till_number_the_ledger_holds_before_making_the_store(
        qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    with ledger_net(tmp_path) as net:
        held = synced_elsewhere(net, "T7")
        wizard = FirstRunWizard(home)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.activateWindow()
        qtbot.waitUntil(wizard.isActiveWindow)
        fill_store_and_owner(qtbot, wizard, "T7")
        for page in (wizard.camera, wizard.ledger):
            wizard.next()
            on_page(qtbot, wizard, page)
        wizard.ledger.url.setText(net.url)
        wizard.ledger.token.setText(new_token(net, "T7"))
        refused_with(qtbot, wizard, refusal(held, "T7") + ". To use a new till number, go Back to the first page "
                                                          "and change it there.")
        wizard.reject()
        assert wizard.result() == widgets.QDialog.DialogCode.Rejected
    assert not home.root.exists()
