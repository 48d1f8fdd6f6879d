"""The dashboard's charts: sales per day over the period, points earned against points redeemed per
day, money by method. Sized for a 1024×768 screen: both rows of charts in view, dates as 03-28 (fewer
of them on a long period), and the money of each method whole in a legend beside a chart the width of
the page (a million yuan is wider than a half-width chart leaves its legend)."""

from math import ceil
from typing import Any

from ui.qt import charts, core, gui, widgets
from ui.screens.dashboard_data import Figures
from ui.screens.dashboard_tables import money

CHART_HEIGHT = 200  # two rows of charts in view at 1024×768
MAX_BARS = 62  # a longer period is charted by month
MAX_DAY_LABELS, MAX_MONTH_LABELS = 7, 5  # on a half-width chart: 03-28 and 2026-03 are read whole


def _view(title: str) -> charts.QChartView:
    chart = charts.QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(charts.QChart.AnimationOption.NoAnimation)
    chart.setMargins(core.QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(core.Qt.AlignmentFlag.AlignTop)  # under the title, in view with it
    view = charts.QChartView(chart)
    view.setRenderHint(gui.QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)
    view.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
    return view


def _clear(chart: charts.QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
        axis.deleteLater()


def _months(days: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Days grouped by month (2026-03), for periods too long for a bar a day."""
    months: dict[str, list[dict[str, Any]]] = {}
    for day in days:
        months.setdefault(day["date"][:7], []).append(day)
    return list(months.items())


def labelled(count: int, most: int) -> list[int]:
    """Which of ``count`` bars are labelled: every one, or evenly spaced from the first, at most ``most``."""
    return list(range(0, count, ceil(count / most))) if count else []


def _x_axis(labels: list[str], most: int) -> charts.QCategoryAxis:
    """The bars' labels under the bars chosen by ``labelled`` (the bars are at 0, 1, 2…)."""
    axis = charts.QCategoryAxis()
    axis.setLabelsPosition(charts.QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setGridLineVisible(False)
    axis.setRange(-0.5, len(labels) - 0.5)
    for bar in labelled(len(labels), most):
        axis.append(labels[bar], bar)
    return axis


def _y_axis(top: float, symbol: str) -> charts.QCategoryAxis:
    """From 0 to ``top`` rounded up, its ticks labelled as the app writes numbers: ￥150,000 and 1,500 (a value
    axis's printf format has no thousands separator)."""
    nice = charts.QValueAxis()
    nice.setRange(0, top)
    nice.applyNiceNumbers()
    low, high, ticks = nice.min(), nice.max(), max(2, nice.tickCount())
    step = (high - low) / (ticks - 1)
    places = next((n for n in (0, 1) if abs(step * 10 ** n - round(step * 10 ** n)) < 1e-6), 2)
    axis = charts.QCategoryAxis()
    axis.setLabelsPosition(charts.QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(low, high)
    axis.setStartValue(low)
    for tick in range(ticks):
        value = low + tick * step
        axis.append(f"{symbol}{value:,.{places}f}", value)
    return axis


class DashboardCharts(widgets.QWidget):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.sales = _view(self.tr("Sales per day (￥)"))
        self.sales.chart().legend().setVisible(False)  # one series: the title says what it is
        self.points = _view(self.tr("Points earned and redeemed per day"))
        self.methods = _view(self.tr("Money by method"))
        self.methods.chart().legend().setAlignment(core.Qt.AlignmentFlag.AlignRight)  # a method a line
        grid = widgets.QGridLayout(self)
        grid.addWidget(self.sales, 0, 0)
        grid.addWidget(self.points, 0, 1)
        grid.addWidget(self.methods, 1, 0, 1, 2)

    def show_figures(self, figures: Figures) -> None:
        by_month = len(figures.days) > MAX_BARS
        self.sales.chart().setTitle(self.tr("Sales per month (￥)") if by_month else self.tr("Sales per day (￥)"))
        self.points.chart().setTitle(self.tr("Points earned and redeemed per month") if by_month
                                     else self.tr("Points earned and redeemed per day"))
        periods = _months(figures.days) if by_month else [(day["date"][5:], [day]) for day in figures.days]
        labels = [label for label, _ in periods]
        most = MAX_MONTH_LABELS if by_month else MAX_DAY_LABELS

        def total(days: list[dict[str, int]], *fields: str) -> float:
            return float(sum(day[field] for day in days for field in fields))

        self._bars(self.sales.chart(), labels, most,
                   [(self.tr("Sales (￥)"), [total(d, "gross_fen") / 100 for _, d in periods])], "￥")
        self._bars(self.points.chart(), labels, most, [
            (self.tr("Earned"), [total(d, "points_earned", "points_bonus") for _, d in periods]),
            (self.tr("Redeemed"), [total(d, "points_redeemed") for _, d in periods]),
        ])
        self._methods(figures.totals)

    @staticmethod
    def _bars(chart: charts.QChart, labels: list[str], most: int, sets: list[tuple[str, list[float]]],
              symbol: str = "") -> None:
        _clear(chart)
        series = charts.QBarSeries()
        for name, values in sets:
            bar_set = charts.QBarSet(name)
            bar_set.append([float(v) for v in values])
            series.append(bar_set)
        chart.addSeries(series)
        x_axis = _x_axis(labels, most)
        chart.addAxis(x_axis, core.Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x_axis)
        y_axis = _y_axis(max([1.0, *(v for _, values in sets for v in values)]) * 1.1, symbol)
        chart.addAxis(y_axis, core.Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y_axis)

    def _methods(self, totals: dict[str, int]) -> None:
        chart = self.methods.chart()
        _clear(chart)
        series = charts.QPieSeries()
        for name, fen in ((self.tr("Cash"), totals["cash_fen"]), (self.tr("Card"), totals["card_fen"]),
                          (self.tr("Points"), totals["points_paid_fen"])):
            if fen > 0:
                series.append(f"{name} {money(fen)}", fen / 100)
        chart.addSeries(series)
        chart.legend().setVisible(series.count() > 0)
