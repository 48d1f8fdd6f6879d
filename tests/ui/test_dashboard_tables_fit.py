"""The dashboard's tables fit a 1024-pixel-wide window without a sideways scroll bar, in Chinese and in
English, with figures into the ￥100,000s: headings on up to three lines, broken only between words, and
every figure whole; in Chinese at 853 px (1280×720 at 150 %) the points by day fit as well."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_dashboard_fit import busy_month, cut_headings, owners_dashboard, show  # noqa: F401
from ui.qt import core, widgets
from ui.screens.dashboard import DashboardScreen
from ui.screens.dashboard_tables import FiguresTable

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.usefixtures("language")]
NARROW = core.QSize(853, 613)


def tables_shown(screen: DashboardScreen) -> list[FiguresTable]:
    page = screen.tabs.currentWidget()
    return [page] if isinstance(page, FiguresTable) else [t for t in page.findChildren(FiguresTable) if t.isVisible()]


def problems(table: FiguresTable) -> list[str]:
    """A sideways scroll bar, a figure cut short, a heading broken inside a word or wider than its column."""
    columns = range(table.figures.columnCount())
    found = [f"scrolls sideways: {sum(table.columnWidth(n) for n in columns)} px in {table.viewport().width()}"] \
        if table.horizontalScrollBar().isVisible() else []
    metrics = table.fontMetrics()
    for row in table.texts():
        found += [f"{text!r} in {table.columnWidth(n)} px" for n, text in enumerate(row)
                  if metrics.horizontalAdvance(text) > table.columnWidth(n)]
    return found + cut_headings(table)


def all_problems(counter: Counter, screen: DashboardScreen, tabs: list[int]) -> list[str]:
    found = []
    for period in ("week", "month"):
        for n in tabs:
            show(counter, screen, period, n)
            widgets.QApplication.processEvents()
            found += [f"{period} {screen.tabs.tabText(n)}: {problem}"
                      for table in tables_shown(screen) for problem in problems(table)]
    return found


def test_the_tables_fit_1024_pixels_wide(qtbot: QtBot, busy_month: Till, language: str) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, busy_month)  # 1024×768
    found = all_problems(counter, screen, list(range(screen.tabs.count())))
    assert not found, "\n".join(found)
    show(counter, screen, "month", screen.tabs.indexOf(screen.days_table))
    assert "￥596,049.32" in screen.days_table.texts()[0]  # the month's total, in view with every column
    counter.close()


@pytest.mark.parametrize("language", ["zh"], indirect=True)
def test_the_points_by_day_fit_853_pixels_wide_in_chinese(qtbot: QtBot, busy_month: Till, language: str) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, busy_month)
    counter.window.resize(NARROW)
    found = all_problems(counter, screen, [screen.tabs.indexOf(screen.points_days_table)])
    assert not found, "\n".join(found)
    headings = [screen.points_days_table.figures.headerData(n, core.Qt.Orientation.Horizontal)
                for n in range(screen.points_days_table.figures.columnCount())]
    assert [h for h in headings if "\n" in h] and all(h.endswith("\n积分") for h in headings if "\n" in h)
    counter.close()
