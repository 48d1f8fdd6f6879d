"""Settings › Rules on a real store: a bad edit is refused naming the field and changes nothing; a
good one is saved to rules.toml and in force at once; a terminal on a ledger shows, not edits."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from terminal.bootstrap import Till, open_till
from terminal.models import RuleSetRow
from tests.helpers.store import member, sell
from tests.ui.test_settings_support import ledger_net, owner_context, settle, shown
from ui.qt import core
from ui.screens.settings import SettingsScreen
from ui.screens.settings_rules import RulesPage

pytestmark = pytest.mark.gui


def rules_page(qtbot: QtBot, till: Till) -> tuple[SettingsScreen, RulesPage]:
    screen = SettingsScreen(owner_context(till))
    shown(qtbot, screen)
    screen.tabs.setCurrentWidget(screen.rules)
    page = screen.rules
    qtbot.waitUntil(lambda: page.editor.toPlainText() != "")
    return screen, page


def adopted(till: Till) -> int:
    with till.reading() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(RuleSetRow)) or 0)


def edit(page: RulesPage, old: str, new: str) -> None:
    text = page.editor.toPlainText()
    assert old in text
    page.editor.setPlainText(text.replace(old, new, 1))


def test_a_bad_edit_is_refused_naming_the_field_and_nothing_changes(qtbot: QtBot, till: Till) -> None:
    screen, page = rules_page(qtbot, till)
    assert page.editor.hasFocus() and "Rules in force: version " + till.shop.rules.version in page.in_force.text()
    file_before, rules_before, rows_before = till.home.rules.read_bytes(), till.shop.rules, adopted(till)
    edit(page, "from_yuan = 2000", "from_yuan = 0")
    qtbot.keyClick(page.editor, core.Qt.Key.Key_S, core.Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message.text().startswith("Not saved"))
    assert "tiers[2].from_yuan" in page.message.text() and "rules in force stay" in page.message.text()
    assert page.message.objectName() == "problem" and page.editor.hasFocus()
    settle(qtbot, screen.ctx)
    assert till.home.rules.read_bytes() == file_before
    assert till.shop.rules == rules_before and adopted(till) == rows_before
    assert "from_yuan = 0" in page.editor.toPlainText()  # the owner's edit stays on screen to be corrected
    screen.ctx.tasks.shutdown()


def test_a_file_that_is_not_toml_is_refused_and_the_cursor_goes_to_the_line(qtbot: QtBot, till: Till) -> None:
    screen, page = rules_page(qtbot, till)
    file_before = till.home.rules.read_bytes()
    edit(page, "signup_bonus = 500", "signup_bonus = = 500")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("Not saved"))
    assert "rules.toml: is not valid TOML" in page.message.text()
    assert page.editor.toPlainText().splitlines()[page.editor.textCursor().blockNumber()].startswith("signup_bonus = =")
    settle(qtbot, screen.ctx)
    assert till.home.rules.read_bytes() == file_before
    screen.ctx.tasks.shutdown()


def test_a_good_edit_is_saved_and_in_force_at_once(qtbot: QtBot, till: Till) -> None:
    screen, page = rules_page(qtbot, till)
    rows_before = adopted(till)
    edit(page, "signup_bonus = 500", "signup_bonus = 800")
    page.check_button.click()
    qtbot.waitUntil(lambda: page.message.text() == "The rules are correct. Save them to put them in force.")
    assert till.shop.rules.signup_bonus == 500
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("Saved"))
    assert till.shop.rules.signup_bonus == 800 and adopted(till) == rows_before + 1
    assert "signup_bonus = 800" in till.home.rules.read_text(encoding="utf-8")
    assert "Sign-up bonus 800 points" in page.in_force.text()
    member_id = member(till, "13700137000")
    assert sell(till, member_id, ("general", 100)).member.balance == 800  # type: ignore[union-attr]
    settle(qtbot, screen.ctx)
    screen.ctx.tasks.shutdown()
    reopened = open_till(till.home, till.shop.clock)
    assert reopened.shop.rules.version == till.shop.rules.version and adopted(reopened) == rows_before + 1
    reopened.close()


def test_a_terminal_on_a_ledger_shows_the_rules_but_does_not_edit_them(qtbot: QtBot, till: Till, tmp_path: Path) -> None:
    with ledger_net(tmp_path) as net:
        net.connect(till, net.ledger.terminal("m1", "静安店", "T1"))
        screen, page = rules_page(qtbot, till)
        assert page.editor.isReadOnly() and not page.save_button.isEnabled()
        assert "takes its rules from the ledger" in page.message.text()
        page.editor.setFocus()
        qtbot.keyClick(page.editor, core.Qt.Key.Key_S, core.Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, screen.ctx)
        assert "takes its rules from the ledger" in page.message.text()
        screen.ctx.tasks.shutdown()

