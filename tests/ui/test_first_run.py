"""The first-run wizard, driven from the keyboard: it creates a store that opens, logs the owner in,
prints and syncs; Cancel leaves nothing; mistakes are said and nothing is made."""

from pathlib import Path

import pytest
import qrcode
from pytestqt.qtbot import QtBot

from printing.settings import load_printer_settings
from sync.relay import syncer_for
from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.lang import say
from terminal.services.cashiers import authenticate
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import sell
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language)
from tests.ui.test_settings_support import buttons_too_small, ledger_net
from ui.first_run import CANCELLED, FirstRunWizard, set_up_till
from ui.qt import core, widgets
from ui.settings import load_app_settings

pytestmark = pytest.mark.gui
Key = core.Qt.Key


def wizard_for(qtbot: QtBot, home: Home) -> FirstRunWizard:
    wizard = FirstRunWizard(home)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    return wizard


def focused() -> widgets.QWidget:
    widget = widgets.QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_in(qtbot: QtBot, text: str) -> None:
    """Typed into whatever has the focus; Chinese arrives whole, as an input method commits it."""
    target = focused()
    if text.isascii():
        qtbot.keyClicks(target, text)
    else:
        assert isinstance(target, widgets.QLineEdit)
        target.insert(text)


def press(qtbot: QtBot, key: Key) -> None:
    qtbot.keyClick(focused(), key)


def on_page(qtbot: QtBot, wizard: FirstRunWizard, page: widgets.QWizardPage) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage() is page, timeout=10_000)


def fill_store_and_owner(qtbot: QtBot, wizard: FirstRunWizard, terminal: str = "T7") -> None:
    assert focused() is wizard.store.store
    type_in(qtbot, "静安店")
    press(qtbot, Key.Key_Tab)
    focused().selectAll()  # type: ignore[attr-defined]
    type_in(qtbot, terminal)
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.owner)
    assert focused() is wizard.owner.name
    type_in(qtbot, "王老板")
    for text in ("Tab", "2468", "Tab", "2468", "Return"):
        press(qtbot, getattr(Key, f"Key_{text}")) if text in ("Tab", "Return") else type_in(qtbot, text)
    on_page(qtbot, wizard, wizard.printer)


@pytest.mark.usefixtures("language")
def test_a_failed_test_print_is_said_in_the_owners_language_and_the_device_words_are_in_the_tooltip(
        qtbot: QtBot, tmp_path: Path, printer: FakePrinter, caplog: pytest.LogCaptureFixture) -> None:
    printer.refuse()
    wizard = wizard_for(qtbot, Home(tmp_path / "store"))
    fill_store_and_owner(qtbot, wizard)
    type_in(qtbot, printer.url)
    wizard.printer.test_button.click()
    message = wizard.printer.message
    refused = f"{printer.url}: Connection refused"
    qtbot.waitUntil(lambda: message.objectName() == "problem", timeout=10_000)
    assert message.text() == say("printer not reachable (switched off or unplugged?) — check it, then reprint "
                                 f"({refused})", "连接不上打印机（未开机或未连接？）——检查后重印")
    assert refused in message.toolTip() and refused in caplog.text  # for whoever looks into it


def test_the_wizard_creates_a_store_that_works(qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    receipts = tmp_path / "paper" / "receipts.bin"
    receipts.parent.mkdir()
    card = tmp_path / "card.png"
    qrcode.make("JIFEN-FIRST-RUN").save(card)
    with ledger_net(tmp_path) as net:
        token = net.ledger.terminal("m1", "静安店", "T7")
        wizard = wizard_for(qtbot, home)
        fill_store_and_owner(qtbot, wizard)

        assert focused() is wizard.printer.url
        type_in(qtbot, f"file://{receipts}")
        wizard.printer.paper.choose("58mm")
        wizard.printer.test_button.click()
        qtbot.waitUntil(lambda: "test page printed" in wizard.printer.message.text(), timeout=10_000)
        assert receipts.stat().st_size > 0
        wizard.printer.url.setFocus()
        press(qtbot, Key.Key_Return)
        on_page(qtbot, wizard, wizard.camera)

        setup = wizard.camera.setup
        setup.choice.choose(f"file:{card}")
        setup.toggle_preview()
        qtbot.waitUntil(lambda: setup.preview.codes_seen == ["JIFEN-FIRST-RUN"], timeout=10_000)
        press(qtbot, Key.Key_Return)
        on_page(qtbot, wizard, wizard.ledger)

        assert focused() is wizard.ledger.url
        type_in(qtbot, net.url)
        press(qtbot, Key.Key_Tab)
        type_in(qtbot, token)
        press(qtbot, Key.Key_Return)
        on_page(qtbot, wizard, wizard.ready)
        assert "Ledger: " + net.url + " (m1)" in wizard.ready.summary.text()
        assert not home.root.exists()  # nothing is written before Finish
        assert buttons_too_small(wizard) == []

        press(qtbot, Key.Key_Return)
        qtbot.waitUntil(lambda: wizard.result() == widgets.QDialog.DialogCode.Accepted, timeout=20_000)
        assert not wizard.isVisible()

        till = open_till(home)
        try:
            shop = till.shop
            assert (shop.store, shop.terminal_id, shop.merchant, str(shop.tz)) == ("静安店", "T7", "m1", "Asia/Shanghai")
            assert authenticate(till.uow(), shop, "王老板", "2468").role == "owner"
            printer = load_printer_settings(home.config)
            assert (printer.url, printer.profile) == (f"file://{receipts}", "58mm")
            app = load_app_settings(home.config)
            assert (app.camera, app.decoder) == (f"file:{card}", "zxing")
            sell(till, None, ("general", 1000))
            syncer = syncer_for(till)
            syncer.sync_once()
            assert syncer.status().online and syncer.status().pending == 0
            assert net.ledger.get("/v1/reports/day", merchant="m1", day=str(shop.today())).json()["gross_fen"] == 1000
        finally:
            till.close()


def answer_quit(qtbot: QtBot, wizard: FirstRunWizard, key: Key, alt: bool = False) -> widgets.QMessageBox:
    """Answer the question whether to quit setup with ``key``; back in the wizard, its window active again
    (as the window system makes it; the offscreen platform does not)."""
    question = wizard.quit_question
    assert question is not None
    qtbot.waitUntil(question.isActiveWindow)
    modifier = core.Qt.KeyboardModifier.AltModifier if alt else core.Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(question, key, modifier)
    qtbot.waitUntil(lambda: not question.isVisible())
    if wizard.isVisible():
        wizard.activateWindow()
        qtbot.waitUntil(wizard.isActiveWindow)
    return question


def quit_setup(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.reject()
    answer_quit(qtbot, wizard, Key.Key_Q, alt=True)
    assert not wizard.isVisible()


def test_esc_goes_back_a_page_and_on_the_first_asks_before_quitting(qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    wizard = wizard_for(qtbot, home)
    fill_store_and_owner(qtbot, wizard)
    press(qtbot, Key.Key_Escape)
    on_page(qtbot, wizard, wizard.owner)
    assert wizard.owner.name.text() == "王老板"
    press(qtbot, Key.Key_Escape)
    on_page(qtbot, wizard, wizard.store)
    assert wizard.isVisible() and wizard.quit_question is None

    press(qtbot, Key.Key_Escape)
    question = answer_quit(qtbot, wizard, Key.Key_Return)
    assert question.text() == ("jifen is not set up yet. If you quit now, nothing you typed is kept, and setup "
                               "starts again the next time jifen starts.")
    assert [button.text() for button in question.buttons()] == ["Continue setup  Enter", "&Quit setup"]
    assert wizard.currentPage() is wizard.store and wizard.store.store.text() == "静安店"
    press(qtbot, Key.Key_Escape)
    answer_quit(qtbot, wizard, Key.Key_Escape)  # Esc again keeps setting up
    assert wizard.isVisible()

    press(qtbot, Key.Key_Escape)
    answer_quit(qtbot, wizard, Key.Key_Q, alt=True)
    assert not wizard.isVisible() and wizard.result() == widgets.QDialog.DialogCode.Rejected
    assert not home.root.exists()


def test_closing_the_window_or_cancel_asks_too(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = wizard_for(qtbot, Home(tmp_path / "store"))
    fill_store_and_owner(qtbot, wizard)
    assert not wizard.close()
    answer_quit(qtbot, wizard, Key.Key_Return)
    assert wizard.isVisible() and wizard.currentPage() is wizard.printer
    wizard.button(widgets.QWizard.WizardButton.CancelButton).click()
    answer_quit(qtbot, wizard, Key.Key_Return)
    assert wizard.isVisible() and wizard.currentPage() is wizard.printer
    wizard.close()
    answer_quit(qtbot, wizard, Key.Key_Q, alt=True)
    assert not wizard.isVisible() and wizard.result() == widgets.QDialog.DialogCode.Rejected


def test_quitting_setup_says_so_on_the_console_and_ends_as_a_cancel(qtbot: QtBot, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    home = Home(tmp_path / "store")

    def quit_when_shown() -> None:
        wizard = widgets.QApplication.activeModalWidget()
        assert isinstance(wizard, FirstRunWizard)
        quit_setup(qtbot, wizard)

    core.QTimer.singleShot(0, quit_when_shown)
    assert set_up_till(home) == CANCELLED == 130
    assert capsys.readouterr().err == ("jifen was not set up: setup was quit and nothing was saved. "
                                       "Start jifen again to set it up.\n")
    assert not home.root.exists()


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen list pop-up
def test_one_enter_in_the_time_zone_goes_on_typed_or_chosen(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = wizard_for(qtbot, Home(tmp_path / "store"))
    type_in(qtbot, "静安店")
    press(qtbot, Key.Key_Tab)
    press(qtbot, Key.Key_Tab)
    assert focused() is wizard.store.timezone
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.owner)
    assert wizard.choices.timezone == "Asia/Shanghai"

    press(qtbot, Key.Key_Escape)
    on_page(qtbot, wizard, wizard.store)
    wizard.store.timezone.setFocus(core.Qt.FocusReason.TabFocusReason)
    type_in(qtbot, "Asia/Ho")  # completed to Asia/Hong_Kong as it is typed
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.owner)
    assert wizard.choices.timezone == "Asia/Hong_Kong"

    press(qtbot, Key.Key_Escape)
    on_page(qtbot, wizard, wizard.store)
    zones = wizard.store.timezone
    zones.setFocus()
    press(qtbot, Key.Key_F4)
    qtbot.waitUntil(zones.view().isVisible)
    qtbot.keyClick(zones.view(), Key.Key_Down)
    qtbot.keyClick(zones.view(), Key.Key_Return)
    qtbot.waitUntil(lambda: not zones.view().isVisible())
    assert zones.currentText() == "Asia/Macau" and focused() is zones
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.owner)
    assert wizard.choices.timezone == "Asia/Macau"


def test_mistakes_are_said_and_the_wizard_stays(qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    wizard = wizard_for(qtbot, home)
    press(qtbot, Key.Key_Return)
    assert wizard.currentPage() is wizard.store and "Type the store's name" in wizard.store.message.text()
    wizard.store.store.setText("静安店")
    wizard.store.timezone.setCurrentText("Mars/Olympus_Mons")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: "unknown time zone" in wizard.store.message.text())
    assert wizard.currentPage() is wizard.store and focused() is wizard.store.timezone
    wizard.store.timezone.setCurrentText("Asia/Shanghai")
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.owner)
    wizard.owner.name.setText("王老板")
    wizard.owner.pin.setText("2468")
    wizard.owner.again.setText("2469")
    press(qtbot, Key.Key_Return)
    assert "not the same" in wizard.owner.message.text() and focused() is wizard.owner.again
    wizard.owner.pin.setText("12")
    press(qtbot, Key.Key_Return)
    assert "4 to 12 digits" in wizard.owner.message.text() and focused() is wizard.owner.pin
    assert wizard.currentPage() is wizard.owner
    quit_setup(qtbot, wizard)
    assert not home.root.exists()


def test_another_tills_token_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    with ledger_net(tmp_path) as net:
        other = net.ledger.terminal("m1", "静安店", "T1")
        wizard = wizard_for(qtbot, home)
        fill_store_and_owner(qtbot, wizard, terminal="T7")
        wizard.next()
        on_page(qtbot, wizard, wizard.camera)
        wizard.next()
        on_page(qtbot, wizard, wizard.ledger)
        wizard.ledger.url.setText(net.url)
        wizard.ledger.token.setText(other)
        wizard.next()
        qtbot.waitUntil(lambda: "belongs to m1 / T1, not to till T7" in wizard.ledger.message.text(), timeout=10_000)
        assert wizard.currentPage() is wizard.ledger
        wizard.ledger.token.setText("jt_wrong")
        wizard.next()
        qtbot.waitUntil(lambda: "refused this token" in wizard.ledger.message.text(), timeout=10_000)
        quit_setup(qtbot, wizard)
    assert not home.root.exists()


def test_a_creation_that_fails_takes_away_what_it_made(qtbot: QtBot, tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    home.root.mkdir()
    (home.root / "notes.txt").write_text("the owner's own file", encoding="utf-8")
    home.config.mkdir()  # config.toml cannot be written: the store is made, then taken away again
    wizard = wizard_for(qtbot, home)
    fill_store_and_owner(qtbot, wizard)
    for page in (wizard.camera, wizard.ledger, wizard.ready):
        wizard.next()
        on_page(qtbot, wizard, page)
    wizard.accept()
    qtbot.waitUntil(lambda: "The store was not created" in wizard.ready.message.text(), timeout=10_000)
    assert wizard.isVisible() and wizard.currentPage() is wizard.ready
    assert sorted(path.name for path in home.root.iterdir()) == ["config.toml", "notes.txt"]
    quit_setup(qtbot, wizard)
    assert not wizard.isVisible()
