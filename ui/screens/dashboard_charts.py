"""The dashboard's charts: sales per day over the period, points earned against points redeemed per
day, money by method. Sized for a 1024×768 screen: both rows of charts in view, dates as 03-28 (fewer
of them on a long period or a narrow chart), as many values up the side as are read whole (￥2,000), and
the money of each method whole in a legend beside a chart the width of the page (a million yuan is wider
than a half-width chart leaves its legend)."""

from math import ceil, floor, log10
from typing import Any

from ui.qt import charts, core, gui, widgets
from ui.screens.dashboard_data import Figures
from ui.screens.dashboard_tables import money

CHART_HEIGHT = 200  # two rows of charts in view at 1024×768
MAX_BARS = 62  # a longer period is charted by month
MAX_DAY_LABELS, MAX_MONTH_LABELS = 7, 5  # on a half-width chart: 03-28 and 2026-03 are read whole
MAX_Y_STEPS = 5  # six values up the side of a tall chart
LABEL_COLUMN = 1.25  # widths of a date from one labelled bar to the next
LABEL_ROW = 1.5  # lines of the labels' font between two ticks: Qt Charts elides a label with less (measured)


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


def _set_categories(axis: charts.QCategoryAxis, labels: list[str], values: list[int]) -> bool:
    """``axis`` labelled ``labels`` at ``values``; False, touching nothing, when it already is (no new layout,
    no new plotAreaChanged)."""
    if labels == axis.categoriesLabels():
        return False
    for label in axis.categoriesLabels():
        axis.remove(label)
    for label, value in zip(labels, values):
        axis.append(label, value)
    return True


class DateAxis(charts.QCategoryAxis):
    """The bars' labels under the bars chosen by ``labelled`` (the bars are at 0, 1, 2…): at most ``most``, and
    fewer on a chart too narrow for them (Qt Charts elides a label wider than its share to "11…")."""

    def __init__(self, labels: list[str], most: int) -> None:
        super().__init__()
        self.labels, self.most = labels, most
        self.setLabelsPosition(charts.QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.setGridLineVisible(False)
        self.setRange(-0.5, len(labels) - 0.5)
        self.fit(most)

    def fit(self, most: int) -> None:
        bars = labelled(len(self.labels), most)
        _set_categories(self, [self.labels[bar] for bar in bars], bars)

    def fit_width(self, plot: core.QRectF) -> None:
        metrics = gui.QFontMetricsF(self.labelsFont())
        widest = max((metrics.horizontalAdvance(label) for label in self.labels), default=1.0)
        self.fit(max(2, min(self.most, int(plot.width() / (LABEL_COLUMN * widest)))))


def _step(top: float, steps: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ (at least 1: points and yuan are whole) reaching ``top`` in ``steps``."""
    power = 10 ** max(0, floor(log10(top / steps)))
    return next(power * m for m in (1, 2, 5, 10) if power * m * steps >= top)


class ValueAxis(charts.QCategoryAxis):
    """From 0 to ``top`` rounded up, its ticks labelled as the app writes numbers: ￥150,000 and 1,500 (a value
    axis's printf format has no thousands separator). Only as many ticks as the chart's height has room for:
    Qt Charts elides a label taller than its share of the axis to "…"."""

    def __init__(self, top: float, symbol: str) -> None:
        super().__init__()
        self.top, self.symbol = top, symbol
        self.setLabelsPosition(charts.QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.setStartValue(0)
        self.fit(MAX_Y_STEPS)

    def fit(self, steps: int) -> None:
        step = _step(self.top, steps)
        values = [tick * step for tick in range(ceil(self.top / step) + 1)]
        labels = [f"{self.symbol}{value:,}" for value in values]
        if _set_categories(self, labels, values):
            self.setRange(0, values[-1])

    def fit_height(self, plot: core.QRectF) -> None:
        room = plot.height() / (LABEL_ROW * gui.QFontMetricsF(self.labelsFont()).height())
        self.fit(max(1, min(MAX_Y_STEPS, int(room))))


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
                   [(self.tr("Gross sales (￥)"), [total(d, "gross_fen") / 100 for _, d in periods])], "￥")
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
        x_axis = DateAxis(labels, most)
        chart.addAxis(x_axis, core.Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x_axis)
        chart.plotAreaChanged.connect(x_axis.fit_width)
        y_axis = ValueAxis(max([1.0, *(v for _, values in sets for v in values)]) * 1.1, symbol)
        chart.addAxis(y_axis, core.Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y_axis)
        chart.plotAreaChanged.connect(y_axis.fit_height)
        x_axis.fit_width(chart.plotArea())
        y_axis.fit_height(chart.plotArea())

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
