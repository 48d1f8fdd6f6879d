"""The dashboard's bar charts read whole at every window size, in Chinese and in English: each value label
(￥100,000, 1,500) and each date is drawn as written, never "…", and the axis has room for it: as wide as
the space left of the plot, a line of the labels' font between two ticks."""

import pytest
from pytestqt.qtbot import QtBot

from terminal.bootstrap import Till
from tests.helpers.store import MANAGER, hire_staff, member, move_clock, sell
from tests.helpers.ui_checkout import LOCALE_NOTICE
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language, font and style)
from tests.ui.test_dashboard_fit import CHARTS, ELIDED, busy_month, drawn, owners_dashboard, show  # noqa: F401
from ui.qt import charts, core, gui

pytestmark = [pytest.mark.gui, LOCALE_NOTICE, pytest.mark.usefixtures("language")]
LAID_OUT = 100  # ms: a chart lays out its new axes on a later turn of the event loop
SIZES = [core.QSize(1024, 768), core.QSize(853, 613), core.QSize(1536, 794)]  # 853×613: 1280×720 at 150 %


def axis(view: charts.QChartView, orientation: core.Qt.Orientation) -> charts.QCategoryAxis:
    found = view.chart().axes(orientation)
    assert len(found) == 1 and isinstance(found[0], charts.QCategoryAxis)
    return found[0]


def value_axis_problems(view: charts.QChartView) -> list[str]:
    """What stops the value axis's labels being read: a label drawn short, too wide for the room left of the
    plot, or ticks closer than a line of the font."""
    chart, values = view.chart(), axis(view, core.Qt.Orientation.Vertical)
    labels, plot = values.categoriesLabels(), chart.plotArea()
    metrics = gui.QFontMetricsF(values.labelsFont())
    found = [f"{label!r} not drawn" for label in labels if label not in drawn(view)]
    found += [f"{label!r} wider than {plot.left():.0f} px" for label in labels
              if metrics.horizontalAdvance(label) > plot.left()]
    between = plot.height() / (len(labels) - 1)
    if between < metrics.height():
        found.append(f"{len(labels)} labels {between:.0f} px apart, {metrics.height():.0f} px high")
    return found


@pytest.fixture
def shop_week(till: Till) -> Till:
    """A week like the demo store's: ￥1,600 to ￥4,300 a day, a sixth of it to a member."""
    hire_staff(till)
    someone = member(till)
    for day, yuan in zip(range(25, 32), (1_600, 4_000, 2_800, 2_400, 2_900, 4_300, 2_800)):
        move_clock(till, f"2026-03-{day} 10:00")
        sell(till, someone, ("general", yuan * 100 // 6))
        sell(till, None, ("general", yuan * 100 * 5 // 6), pay="card", cashier=MANAGER)
    return till


@pytest.mark.parametrize("shop", ["shop_week", "busy_month"])
def test_the_value_axes_read_whole_at_every_size(qtbot: QtBot, request: pytest.FixtureRequest, shop: str,
                                                  language: str) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, request.getfixturevalue(shop))
    found = []
    for size in SIZES:
        counter.window.resize(size)
        for period in ("week", "month"):
            show(counter, screen, period, CHARTS)
            qtbot.wait(LAID_OUT)
            for view in (screen.charts.sales, screen.charts.points):
                found += [f"{size.toTuple()} {period}: {problem}" for problem in value_axis_problems(view)]
                found += [f"{size.toTuple()} {period}: {text!r}" for text in drawn(view) if ELIDED.search(text)]
    assert not found, "\n".join(found)
    counter.close()


def test_the_sales_axis_reads_in_yuan_with_thousands(qtbot: QtBot, busy_month: Till) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, busy_month)
    show(counter, screen, "month", CHARTS)  # ￥149,012.33 on each of four days
    qtbot.wait(LAID_OUT)
    labels = axis(screen.charts.sales, core.Qt.Orientation.Vertical).categoriesLabels()
    assert labels[0] == "￥0" and labels[-1] in ("￥200,000", "￥150,000")
    assert all(label in drawn(screen.charts.sales) for label in labels)
    counter.close()


def test_a_narrow_chart_labels_fewer_dates_rather_than_cutting_them(qtbot: QtBot, busy_month: Till) -> None:  # noqa: F811
    counter, screen = owners_dashboard(qtbot, busy_month)
    counter.window.resize(SIZES[1])
    show(counter, screen, "week", CHARTS)
    qtbot.wait(LAID_OUT)
    dates = axis(screen.charts.sales, core.Qt.Orientation.Horizontal).categoriesLabels()
    assert 2 <= len(dates) < 7 and dates[0] == "03-25"
    assert all(date in drawn(screen.charts.sales) for date in dates)
    counter.window.resize(SIZES[2])
    qtbot.wait(LAID_OUT)
    assert axis(screen.charts.sales, core.Qt.Orientation.Horizontal).categoriesLabels() == [
        "03-25", "03-26", "03-27", "03-28", "03-29", "03-30", "03-31"]  # wide again: every day
    counter.close()
