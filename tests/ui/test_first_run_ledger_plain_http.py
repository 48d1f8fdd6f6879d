"""The first-run wizard, joined to a ledger on another machine over plain http://, warns on its last page, under
the summary and before Finish, as `jifen ledger connect` and Settings › Ledger do, in their words: the till's
token and the members' data cross the network unencrypted. https://, http:// on this machine and no ledger stay
silent. Against a real ledger listening on every address of this machine, reached by its network address as
another till would reach it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from ledger import db, service
from terminal.bootstrap import open_till
from terminal.home import Home
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.tls import private_ca
from tests.ui.test_first_run import Key, on_page, press, wizard_for
from tests.ui.test_first_run_ledger import to_the_ledger_page
from tests.ui.test_settings_ledger_plain_http import WARNING, WARNING_ZH, lan, port_of  # noqa: F401  (lan: a fixture)
from ui.first_run import FirstRunWizard
from ui.qt import widgets

pytestmark = pytest.mark.gui


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[tuple[Engine, str]]:
    """A ledger on SQLite with merchant m1 (Asia/Shanghai, the wizard's zone), and the token of till T7."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.do(lambda s: service.add_merchant(s, "m1", "商户 m1", None, 1, "Asia/Shanghai"))
    yield engine, ledger.terminal("m1", "静安店", "T7")
    engine.dispose()


def ready_after(qtbot: QtBot, tmp_path: Path, url: str, token: str, authority: Path | None = None) -> FirstRunWizard:
    """The owner fills in the wizard, joins the ledger at ``url`` and reaches the last page."""
    wizard = wizard_for(qtbot, Home(tmp_path / "store"))
    to_the_ledger_page(qtbot, wizard, url, token)
    if authority is not None:
        wizard.ledger.ca.edit.setText(str(authority))
    wizard.ledger.setFocus()
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.ready)
    assert f"{url} (m1)" in wizard.ready.summary.text()
    return wizard


def warned(wizard: FirstRunWizard) -> list[str]:
    """What the last page shows in the problem colour (it needs doing something about)."""
    return [label.text() for label in wizard.ready.findChildren(widgets.QLabel)
            if label.isVisible() and label.objectName() == "problem" and label.text()]


def test_plain_http_to_another_machine_is_warned_of_before_finish(qtbot: QtBot, tmp_path: Path,
                                                                  ledger: tuple[Engine, str], lan: str) -> None:
    engine, token = ledger
    with serve(engine, host="0.0.0.0") as local:
        url = f"http://{lan}:{port_of(local)}"
        wizard = ready_after(qtbot, tmp_path, url, token)
        assert warned(wizard) == [WARNING]
        press(qtbot, Key.Key_Return)  # the warning does not stop the owner: Finish creates the store
        qtbot.waitUntil(lambda: wizard.result() == widgets.QDialog.DialogCode.Accepted, timeout=20_000)
    till = open_till(Home(tmp_path / "store"))
    till.close()


def test_in_chinese_the_warning_is_in_chinese(qtbot: QtBot, tmp_path: Path, ledger: tuple[Engine, str], lan: str,
                                              chinese: None) -> None:
    engine, token = ledger
    with serve(engine, host="0.0.0.0") as local:
        wizard = ready_after(qtbot, tmp_path, f"http://{lan}:{port_of(local)}", token)
        assert warned(wizard) == [WARNING_ZH]
        wizard.reject()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_plain_http_on_this_machine_is_silent(qtbot: QtBot, tmp_path: Path, ledger: tuple[Engine, str],
                                              host: str) -> None:
    engine, token = ledger
    with serve(engine, host="0.0.0.0") as local:
        wizard = ready_after(qtbot, tmp_path, f"http://{host}:{port_of(local)}", token)
        assert warned(wizard) == []
        wizard.reject()


def test_https_to_another_machine_is_silent(qtbot: QtBot, tmp_path: Path, ledger: tuple[Engine, str],
                                            lan: str) -> None:
    engine, token = ledger
    certificates = private_ca(tmp_path, addresses=(lan,))
    with serve(engine, tls=certificates, host="0.0.0.0") as local:
        wizard = ready_after(qtbot, tmp_path, f"https://{lan}:{port_of(local)}", token, certificates.ca)
        assert warned(wizard) == []
        wizard.reject()


def test_going_back_to_no_ledger_takes_the_warning_away(qtbot: QtBot, tmp_path: Path, ledger: tuple[Engine, str],
                                                         lan: str) -> None:
    engine, token = ledger
    with serve(engine, host="0.0.0.0") as local:
        wizard = ready_after(qtbot, tmp_path, f"http://{lan}:{port_of(local)}", token)
        assert warned(wizard) == [WARNING]
    wizard.back()
    on_page(qtbot, wizard, wizard.ledger)
    wizard.ledger.url.clear()
    wizard.ledger.token.clear()
    wizard.ledger.setFocus()
    press(qtbot, Key.Key_Return)
    on_page(qtbot, wizard, wizard.ready)
    assert "Ledger: none" in wizard.ready.summary.text() and warned(wizard) == []
    wizard.reject()
