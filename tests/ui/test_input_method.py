"""The input method (IME) is off on every field that takes digits, amounts, points, phone numbers, PINs,
codes or sale numbers, so that with Pinyin on a keyboard scanner's keys reach the field and the scan
filter; fields for Chinese text (a member's name, the reason for an adjustment) keep it. The question
asked is the one Windows asks the focus widget to decide whether the IME is on."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_members_support import settle
from tests.ui.test_settings_support import owner_context
from terminal.bootstrap import Till
from terminal.home import Home
from ui.context import AppContext
from ui.first_run import FirstRunWizard
from ui.qt import core, gui, widgets
from ui.screens.checkout import CheckoutScreen
from ui.screens.gifts import GiftsScreen
from ui.screens.login import LoginScreen
from ui.screens.members import MembersScreen
from ui.screens.refunds import RefundsScreen
from ui.screens.settings import SettingsScreen
from ui.screens.shift import ShiftScreen

pytestmark = pytest.mark.gui
ENABLED = core.Qt.InputMethodQuery.ImEnabled


def takes_input_method(field: widgets.QWidget) -> bool:
    query = gui.QInputMethodQueryEvent(ENABLED)
    widgets.QApplication.sendEvent(field, query)
    return bool(query.value(ENABLED))


def fields(screen: widgets.QWidget) -> list[widgets.QWidget]:
    """What takes typing: line edits, and combo boxes one can type in (which hold the focus for their line edit)."""
    edits = [edit for edit in screen.findChildren(widgets.QLineEdit) if not isinstance(edit.parent(), widgets.QComboBox)]
    return edits + [box for box in screen.findChildren(widgets.QComboBox) if box.isEditable()]


def with_input_method(qtbot: QtBot, ctx: AppContext, screen: widgets.QWidget) -> set[widgets.QWidget]:
    qtbot.addWidget(screen)
    settle(qtbot, ctx)  # the approval dialog's list of managers, read while the screen is made
    found = fields(screen)
    assert found
    return {field for field in found if takes_input_method(field)}


@pytest.mark.parametrize("screen_class", [CheckoutScreen, RefundsScreen, GiftsScreen, ShiftScreen])
def test_no_field_of_the_screen_takes_the_input_method(qtbot: QtBot, ctx: AppContext, screen_class: type) -> None:
    assert with_input_method(qtbot, ctx, screen_class(ctx)) == set()


def test_the_login_pin_does_not_take_the_input_method(qtbot: QtBot, ctx: AppContext) -> None:
    assert with_input_method(qtbot, ctx, LoginScreen(ctx, lambda actor: None)) == set()


def test_on_the_members_screen_only_the_names_and_the_reason_take_the_input_method(qtbot: QtBot,
                                                                                  ctx: AppContext) -> None:
    screen = MembersScreen(ctx)
    assert with_input_method(qtbot, ctx, screen) == {screen.register_form.name, screen.adjust_form.reason,
                                                    screen.edit_dialog.name}


def test_in_the_first_run_wizard_only_the_names_and_a_certificate_path_take_the_input_method(qtbot: QtBot,
                                                                                       tmp_path: Path) -> None:
    wizard = FirstRunWizard(Home(tmp_path / "store"))
    qtbot.addWidget(wizard)
    assert {field for field in fields(wizard) if takes_input_method(field)} == {
        wizard.store.store, wizard.owner.name, wizard.ledger.ca.edit}


def test_in_the_settings_only_a_cashier_name_and_a_certificate_path_take_the_input_method(qtbot: QtBot,
                                                                                          till: Till) -> None:
    ctx = owner_context(till)
    screen = SettingsScreen(ctx)
    assert with_input_method(qtbot, ctx, screen) == {screen.staff.name, screen.ledger.ca.edit}
