"""The app started on a store whose config.toml names a table or a setting the till does not read (a typo): the box
that says why the app cannot start names the file, the table and the setting, in the command line's words, as it does
for a bad [printer] value. It never starts as though the setting were set, nor crashes."""

from pathlib import Path

import pytest

from terminal.bootstrap import Till
from terminal.errors import Refused
from terminal.home import Home
from tests.terminal.test_config_names import TYPOS
from tests.ui.test_app_cannot_start import assert_one_box, cli_words, start_app
from ui.app import _open, cannot_start_box
from ui.store_problems import store_problem

pytestmark = pytest.mark.gui


@pytest.fixture
def store(till: Till) -> Path:
    """The test store, closed, as between two runs of the app."""
    till.close()
    return till.home.root


@pytest.mark.parametrize(("text", "en", "zh"), TYPOS)
def test_a_typo_in_each_table_is_said_in_the_box(store: Path, english: None, text: str, en: str, zh: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIFEN_NOW", "2026-03-01T10:05:00+08:00")
    home = Home(store)
    home.config.write_text(text, encoding="utf-8")
    with pytest.raises(Refused) as refused:
        _open(home)
    said = store_problem(home, refused.value)
    assert said is not None
    box = cannot_start_box(said)
    assert (box.windowTitle(), box.text()) == ("jifen cannot start", en)
    assert said.zh == zh


def test_the_app_shows_a_misspelt_backup_setting_and_ends(store: Path) -> None:
    (store / "config.toml").write_text("[backup]\nkeeps = 30\n", encoding="utf-8")
    words = cli_words(store)
    assert words == 'config.toml: [backup] has no setting "keeps" (known: daily, keep)'
    assert_one_box(start_app(store), "jifen cannot start", words)


def test_the_app_shows_a_misspelt_language_setting_in_chinese(store: Path) -> None:
    (store / "config.toml").write_text('[app]\nlangauge = "en"\n', encoding="utf-8")
    words = cli_words(store, "zh_CN.UTF-8")
    assert words == 'config.toml：[app] 没有设置项 "langauge"（可用：language、text_size）'
    assert_one_box(start_app(store, "zh_CN.UTF-8"), "jifen 无法启动", words)
