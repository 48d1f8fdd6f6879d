"""A merchant with two stores: the CSV's cashiers' and terminals' titles name both stores, joined as the language
joins a list (", " in English, "、" in Chinese)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_dashboard import exported
from tests.ui.test_dashboard_scopes import exported_in_chinese, synced_dashboard, titles
from ui.screens.dashboard import DashboardScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def two_stores(qtbot: QtBot, tmp_path: Path) -> Iterator[DashboardScreen]:
    """T1 at 静安店 and T2 at 徐汇店."""
    yield from synced_dashboard(qtbot, tmp_path, "徐汇店")


def test_in_english_the_stores_are_joined_with_a_comma(qtbot: QtBot, tmp_path: Path,
                                                        two_stores: DashboardScreen) -> None:
    data = exported(qtbot, two_stores, tmp_path / "all.csv")
    assert titles(data)[1:] == ["By cashier — all terminals of 静安店, 徐汇店 the ledger knows",
                                "By terminal — all terminals of 静安店, 徐汇店 the ledger knows"]


def test_in_chinese_the_stores_are_joined_with_a_dun_comma(qtbot: QtBot, tmp_path: Path, chinese: None,
                                                           two_stores: DashboardScreen) -> None:
    data = exported_in_chinese(qtbot, two_stores, tmp_path / "全部.csv")
    assert titles(data)[1:] == ["按收银员 — 总账所知的静安店、徐汇店全部终端",
                                "按终端 — 总账所知的静安店、徐汇店全部终端"]
