"""The dashboard reads whole on a 1024×768 screen, in Chinese and in English: the charts' dates as 03-28
(every day of a week, fewer on a month), each method's money whole in the legend, the points chart's
legend in view without scrolling; table headings on one line when there is room, else on two or three
broken between words, before a unit in brackets or before the 积分 ending a heading, never inside a word, and
each line as wide as its column allows."""

import re

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import (
    MANAGER,
    OWNER,
    OWNER_PIN,
    hire_staff,
    member,
    move_clock,
    sell,
)
from tests.helpers.ui_checkout import LOCALE_NOTICE, Counter, open_counter
from tests.ui.test_checkout_layout import SCREEN, language  # noqa: F401  (the fixture: the app's language, font and style)
from ui.qt import charts, core, gui, widgets
from ui.screens.catalog import SCREENS
from ui.screens.dashboard import DashboardScreen
from ui.screens.dashboard_tables import FiguresTable

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.usefixtures("language")]
WEEK = ["03-25", "03-26", "03-27", "03-28", "03-29", "03-30", "03-31"]
MONTH = ["03-01", "03-06", "03-11", "03-16", "03-21", "03-26", "03-31"]  # every fifth day
ELIDED = re.compile(r"…|\.\.\.")
CHARTS = 1  # the tab after the overview


@pytest.fixture
def busy_month(till: Till) -> Till:
    """A month of sales in the tens of thousands, paid in cash, by card and with points."""
    hire_staff(till)
    someone = member(till)
    for day in (1, 11, 21, 31):
        move_clock(till, f"2026-03-{day:02d} 10:00")
        sell(till, someone, ("general", 7_123_456), redeem=300)
        sell(till, None, ("general", 7_777_777), pay="card", cashier=MANAGER)
    return till


def owners_dashboard(qtbot: QtBot, till: Till) -> tuple[Counter, DashboardScreen]:
    counter = open_counter(qtbot, till, SCREENS, log_in=False)
    counter.window.resize(SCREEN)
    counter.log_in(OWNER.name, OWNER_PIN)
    qtbot.waitUntil(lambda: len(counter.window.screens) == len(SCREENS))
    screen = next(screen for screen in counter.window.screens if isinstance(screen, DashboardScreen))
    counter.window.show_screen(screen)
    return counter, screen


def show(counter: Counter, screen: DashboardScreen, period: str, tab: int) -> None:
    screen.choose(period)
    counter.idle()
    screen.tabs.setCurrentIndex(tab)
    widgets.QApplication.processEvents()


def drawn(view: charts.QChartView) -> list[str]:
    """The texts the chart shows: titles, axis labels, legend entries. PySide6 6.11 hands Qt Charts' text items
    back as plain QGraphicsItem: each is read through the text document it holds."""
    objects = [item.toGraphicsObject() for item in view.scene().items() if item.isVisible()]
    documents = [shown.findChild(gui.QTextDocument) for shown in objects if shown is not None]
    return [document.toPlainText() for document in documents if document is not None and document.toPlainText()]


def dates(view: charts.QChartView) -> list[str]:
    """The labels under the bars, as drawn."""
    return sorted(text for text in drawn(view) if "-" in text)


def legend_in_view(view: charts.QChartView, scroll: widgets.QScrollArea) -> bool:
    legend = view.chart().legend()
    where = view.mapFromScene(legend.sceneBoundingRect()).boundingRect()
    where.moveTopLeft(view.mapTo(scroll.viewport(), where.topLeft()))
    return legend.isVisible() and scroll.viewport().rect().contains(where)


def test_the_charts_read_whole(qtbot: QtBot, busy_month: Till, language: str) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, busy_month)
    for period, labels in (("week", WEEK), ("month", MONTH)):
        show(counter, screen, period, CHARTS)
        assert dates(screen.charts.sales) == dates(screen.charts.points) == labels
        for view in (screen.charts.sales, screen.charts.methods, screen.charts.points):
            assert not [text for text in drawn(view) if ELIDED.search(text)], (period, drawn(view))
        pie = screen.charts.methods.chart().series()[0]
        assert isinstance(pie, charts.QPieSeries)
        assert all(piece.label() in drawn(screen.charts.methods) for piece in pie.slices())
        assert [piece.label().split()[1] for piece in pie.slices()] == (
            ["￥284,926.24", "￥311,111.08", "￥12.00"] if period == "month" else ["￥71,231.56", "￥77,777.77", "￥3.00"])
        scroll = screen.tabs.currentWidget()
        assert isinstance(scroll, widgets.QScrollArea) and scroll.verticalScrollBar().value() == 0
        assert legend_in_view(screen.charts.points, scroll)
    counter.close()


def cut_headings(table: FiguresTable) -> list[str]:
    """Headings broken inside a word, or a line wider than its column."""
    header, metrics = table.horizontalHeader(), table.horizontalHeader().fontMetrics()
    found = []
    for n, column in enumerate(table.figures.columns):
        shown = str(table.model().headerData(n, core.Qt.Orientation.Horizontal))
        between_words = shown.replace("\n", " ") == column.heading
        before_brackets_or_points = shown.replace("\n", "") == column.heading and all(
            re.match(r"[（(]|积分$", after) for after in shown.split("\n")[1:])
        if shown.count("\n") > 2 or ("\n" in shown and not (between_words or before_brackets_or_points)):
            found.append(repr(shown))
        elif max(metrics.horizontalAdvance(line) for line in shown.split("\n")) > header.sectionSize(n):
            found.append(f"{shown!r} in {header.sectionSize(n)} px")
    return found


def test_table_headings_break_only_between_words(qtbot: QtBot, busy_month: Till, language: str) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, busy_month)
    found = []
    for period in ("week", "month"):
        for n in range(screen.tabs.count()):
            show(counter, screen, period, n)
            page = screen.tabs.currentWidget()
            for table in [page] if isinstance(page, FiguresTable) else page.findChildren(FiguresTable):
                found += [f"{screen.tabs.tabText(n)}: {problem}" for problem in cut_headings(table)]
    assert not found, "\n".join(found)
    if language == "zh":  # short Chinese headings: room for all of them on one line
        model = screen.points_days_table.model()
        assert [n for n in range(model.columnCount()) if "\n" in model.headerData(n, core.Qt.Orientation.Horizontal)] == []
    counter.close()
