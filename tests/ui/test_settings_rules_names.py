"""Settings › Rules names the categories in the rules in force as the app speaks, not by their keys."""

import pytest
from pytestqt.qtbot import QtBot

from terminal import lang
from terminal.bootstrap import Till
from tests.ui.test_settings_support import owner_context, shown
from ui.screens.settings import SettingsScreen

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("language", "named"), [
    ("en", "General goods 0.5, Digital goods 0.1, Vehicle 0.001, Goods without points 0"),
    ("zh", "普通商品 0.5, 数码产品 0.1, 整车 0.001, 不积分商品 0"),
])
def test_the_rules_in_force_name_the_categories_in_the_apps_language(qtbot: QtBot, till: Till, language: str,
                                                                      named: str) -> None:
    lang.use(language)
    try:
        screen = SettingsScreen(owner_context(till))
        shown(qtbot, screen)
        screen.tabs.setCurrentWidget(screen.rules)
        summary = screen.rules.in_force.text()
    finally:
        lang.use(None)
    assert named in summary
    assert "general" not in summary and "excluded" not in summary
    screen.ctx.tasks.shutdown()
