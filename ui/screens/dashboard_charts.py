"""The dashboard's charts: sales per day over the period, money by method, points earned against
points redeemed per day."""

from typing import Any

from ui.qt import charts, core, gui, widgets
from ui.screens.dashboard_data import Figures
from ui.screens.dashboard_tables import money

CHART_HEIGHT = 260
MAX_BARS = 62  # a longer period is charted by month


def _view(title: str) -> charts.QChartView:
    chart = charts.QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(charts.QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(core.Qt.AlignmentFlag.AlignBottom)
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


def _label(day: str) -> str:
    return day[5:]  # 2026-03-01 → 03-01


def _months(days: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Days grouped by month (2026-03), for periods too long for a bar a day."""
    months: dict[str, list[dict[str, Any]]] = {}
    for day in days:
        months.setdefault(day["date"][:7], []).append(day)
    return list(months.items())


class DashboardCharts(widgets.QWidget):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.sales = _view(self.tr("Sales per day (￥)"))
        self.methods = _view(self.tr("Money by method"))
        self.points = _view(self.tr("Points earned and redeemed per day"))
        grid = widgets.QGridLayout(self)
        grid.addWidget(self.sales, 0, 0)
        grid.addWidget(self.methods, 0, 1)
        grid.addWidget(self.points, 1, 0, 1, 2)

    def show_figures(self, figures: Figures) -> None:
        by_month = len(figures.days) > MAX_BARS
        self.sales.chart().setTitle(self.tr("Sales per month (￥)") if by_month else self.tr("Sales per day (￥)"))
        self.points.chart().setTitle(self.tr("Points earned and redeemed per month") if by_month
                                     else self.tr("Points earned and redeemed per day"))
        periods = _months(figures.days) if by_month else [(_label(day["date"]), [day]) for day in figures.days]
        labels = [label for label, _ in periods]

        def total(days: list[dict[str, int]], *fields: str) -> float:
            return float(sum(day[field] for day in days for field in fields))

        self._bars(self.sales.chart(), labels, [(self.tr("Sales (￥)"), [total(d, "gross_fen") / 100 for _, d in periods])])
        self._bars(self.points.chart(), labels, [
            (self.tr("Earned"), [total(d, "points_earned", "points_bonus") for _, d in periods]),
            (self.tr("Redeemed"), [total(d, "points_redeemed") for _, d in periods]),
        ])
        self._methods(figures.totals)

    @staticmethod
    def _bars(chart: charts.QChart, categories: list[str], sets: list[tuple[str, list[float]]]) -> None:
        _clear(chart)
        series = charts.QBarSeries()
        for name, values in sets:
            bar_set = charts.QBarSet(name)
            bar_set.append([float(v) for v in values])
            series.append(bar_set)
        chart.addSeries(series)
        x_axis = charts.QBarCategoryAxis()
        x_axis.append(categories)
        chart.addAxis(x_axis, core.Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x_axis)
        y_axis = charts.QValueAxis()
        y_axis.setLabelFormat("%.0f")
        y_axis.setRange(0, max([1.0, *(v for _, values in sets for v in values)]) * 1.1)
        chart.addAxis(y_axis, core.Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y_axis)

    def _methods(self, totals: dict[str, int]) -> None:
        chart = self.methods.chart()
        _clear(chart)
        series = charts.QPieSeries()
        for name, fen in ((self.tr("Cash"), totals["cash_fen"]), (self.tr("Card"), totals["card_fen"]),
                          (self.tr("Points"), totals["points_paid_fen"])):
            if fen > 0:
                piece = series.append(f"{name} {money(fen)}", fen / 100)
                piece.setLabelVisible(True)
        chart.addSeries(series)
        chart.legend().setVisible(series.count() > 0)
