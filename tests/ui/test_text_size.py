"""The app's text size ([app] text_size): every text size of the style sheet and the application's font grow with it
(the plain text, the titles, the big amounts, the small note under a balance); it is chosen in Settings › Language and
text size, saved in config.toml for the next start; a value the app cannot use stops it with the file's words."""

import tomllib
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.home import Home
from tests.ui.test_settings_support import owner_context, settle, shown
from ui.app import _open, _text_size_setting, cannot_start_box, use_text_size
from ui.qt import core, widgets
from ui.screens.settings import SettingsScreen
from ui.store_problems import store_problem
from ui.widgets.balance_note import BalanceNote

pytestmark = pytest.mark.gui
# The pixel size of the plain text, a title, a big amount and the note under a balance at each text size.
SIZES = {100: (16, 28, 24, 13), 125: (20, 35, 30, 16), 150: (24, 42, 36, 20)}


@pytest.fixture
def restored(qapp: widgets.QApplication) -> Iterator[widgets.QApplication]:
    font, style = qapp.font(), qapp.styleSheet()
    yield qapp
    qapp.setStyleSheet(style)
    qapp.setFont(font)


def text_heights(qtbot: QtBot) -> tuple[int, ...]:
    """The pixel sizes the labels are drawn at, on screen."""
    page = widgets.QWidget()
    qtbot.addWidget(page)
    plain, title, big = widgets.QLabel("应付 ¥128.00"), widgets.QLabel("收银"), widgets.QLabel("¥128.00")
    title.setObjectName("title")
    big.setObjectName("big")
    note = BalanceNote()
    note.setText("截至上次同步")
    column = widgets.QVBoxLayout(page)
    for label in (plain, title, big, note):
        column.addWidget(label)
    page.show()
    qtbot.waitExposed(page)
    return tuple(label.fontInfo().pixelSize() for label in (plain, title, big, note))


@pytest.mark.parametrize("size", SIZES)
def test_every_text_grows_with_the_text_size(qtbot: QtBot, restored: widgets.QApplication, size: int) -> None:
    use_text_size(restored, size)
    assert text_heights(qtbot) == SIZES[size]
    assert restored.font().pointSizeF() == 12 * size / 100


def test_the_app_starts_at_the_size_in_config_toml(till: Till) -> None:
    till.home.config.write_text('[app]\nlanguage = "en"\ntext_size = 150\n', encoding="utf-8")
    assert _text_size_setting(till.home) == 150
    till.home.config.write_text("[app]\ntext_size = 200\n", encoding="utf-8")
    assert _text_size_setting(till.home) == 100  # until the store is opened, which says why it cannot be


def test_a_size_the_app_cannot_use_is_said_in_the_box(till: Till, english: None) -> None:
    till.close()
    home = Home(till.home.root)
    home.config.write_text("[app]\ntext_size = 200\n", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        _open(home)
    said = store_problem(home, refused.value)
    assert said is not None
    box = cannot_start_box(said)
    assert (box.windowTitle(), box.text()) == ("jifen cannot start", "config.toml: app.text_size must be 100, 125 or 150")


def test_the_text_size_is_chosen_beside_the_language_for_the_next_start(qtbot: QtBot, till: Till) -> None:
    till.home.config.write_text('# our shop\n[app]\nlanguage = "zh"\n', encoding="utf-8")
    screen = SettingsScreen(owner_context(till))
    shown(qtbot, screen)
    screen.tabs.setCurrentWidget(screen.language)
    page = screen.language
    settle(qtbot, screen.ctx)
    assert page.text_size.currentText() == "Usual (100%)"
    assert [page.text_size.itemText(n) for n in range(page.text_size.count())] == \
        ["Usual (100%)", "Bigger (125%)", "Bigger (150%)"]
    assert "language or text size is used from the next time the app starts" in page.message.text()
    page.text_size.choose(150)
    qtbot.keyClick(page.choice, core.Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "start it again to use the new language and text size" in page.message.text())
    assert tomllib.loads(till.home.config.read_text(encoding="utf-8"))["app"] == {"language": "zh", "text_size": 150}
    assert till.home.config.read_text(encoding="utf-8").startswith("# our shop\n")
    settle(qtbot, screen.ctx)
    screen.close()
    screen.ctx.tasks.shutdown()
    again = SettingsScreen(owner_context(till))
    shown(qtbot, again)
    settle(qtbot, again.ctx)
    assert again.language.text_size.currentText() == "Bigger (150%)"
    again.close()
    again.ctx.tasks.shutdown()


def test_a_size_edited_into_config_toml_that_cannot_be_used_is_said_on_the_page(qtbot: QtBot, till: Till) -> None:
    till.home.config.write_text("[app]\ntext_size = 175\n", encoding="utf-8")
    screen = SettingsScreen(owner_context(till))
    shown(qtbot, screen)
    screen.tabs.setCurrentWidget(screen.language)
    settle(qtbot, screen.ctx)
    assert "app.text_size must be 100, 125 or 150" in screen.language.message.text()
    assert screen.language.save_button.isEnabled()  # a size chosen and saved here mends it
    screen.close()
    screen.ctx.tasks.shutdown()


def test_save_waits_for_the_saved_size_so_it_never_writes_100_over_it(qtbot: QtBot, till: Till) -> None:
    till.home.config.write_text("[app]\ntext_size = 150\n", encoding="utf-8")
    screen = SettingsScreen(owner_context(till))
    page = screen.language
    assert not page.save_button.isEnabled()  # the size is still being read
    page.save()
    shown(qtbot, screen)
    settle(qtbot, screen.ctx)
    assert page.save_button.isEnabled() and page.text_size.currentText() == "Bigger (150%)"
    assert tomllib.loads(till.home.config.read_text(encoding="utf-8"))["app"] == {"text_size": 150}
    screen.close()
    screen.ctx.tasks.shutdown()
