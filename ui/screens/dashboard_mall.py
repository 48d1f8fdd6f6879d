"""The dashboard's points mall page: the period's exchanges, coupons and codes (the day report's
fields), the gifts exchanged most, and the stock running low now; and the same as CSV sections."""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from terminal.errors import Refused
from terminal.lang import say
from terminal.mall.report import LOW_STOCK, TOP_GIFTS, MallReport, mall_report
from ui.context import AppContext
from ui.csv_export import Cell
from ui.qt import core, widgets
from ui.screens.dashboard_data import Figures
from ui.screens.dashboard_tables import Column, FiguresTable, section, shown, titled
from ui.screens.settings_widgets import message_label, tell
from ui.widgets.lifetime import Lifetime

Section = list[list[Cell]]


def _name(row: Any) -> str:
    return say(str(row.name_en), str(row.name_zh))


def period_figures(figures: Figures) -> dict[str, int]:
    """The mall's fields over the period: the totals', and the coupons that expired on each day."""
    totals = dict(figures.totals)
    totals["coupons_expired"] = sum(int(day.get("coupons_expired", 0)) for day in figures.days)
    return totals


class DashboardMall(widgets.QWidget):
    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self._asked = 0
        self.report: MallReport | None = None
        self.totals: dict[str, int] | None = None
        self.totals_period: tuple[date, date] | None = None
        self.figures: dict[str, widgets.QLabel] = {}
        grid = widgets.QGridLayout()
        for i, figure in enumerate(self.figure_columns()):
            value = widgets.QLabel("—")
            value.setObjectName("big")
            value.setTextInteractionFlags(core.Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figures[figure.field] = value
            heading = widgets.QLabel(figure.heading)
            heading.setWordWrap(True)
            value.setAccessibleName(figure.heading)
            cell = widgets.QVBoxLayout()
            cell.addWidget(heading)
            cell.addWidget(value)
            grid.addLayout(cell, i // 4, i % 4)
        self.top_table, self.low_table = FiguresTable(), FiguresTable()
        for table in (self.top_table, self.low_table):
            table.setMinimumHeight(200)
        self.note = message_label()
        top_box = widgets.QGroupBox(self.tr("Most exchanged gifts (top %1)").replace("%1", str(TOP_GIFTS)))
        widgets.QVBoxLayout(top_box).addWidget(self.top_table)
        low_box = widgets.QGroupBox(self.tr("Stock running low (%1 or fewer left)").replace("%1", str(LOW_STOCK)))
        widgets.QVBoxLayout(low_box).addWidget(self.low_table)
        for box, table in ((top_box, self.top_table), (low_box, self.low_table)):
            table.setAccessibleName(box.title())
        tables = widgets.QHBoxLayout()
        tables.addWidget(top_box)
        tables.addWidget(low_box)
        page = widgets.QVBoxLayout(self)
        page.addLayout(grid)
        page.addWidget(self.note)
        page.addLayout(tables)
        page.addStretch()

    def figure_columns(self) -> list[Column]:
        return [
            Column(self.tr("Gift exchanges"), "exchanges", "count"),
            Column(self.tr("Points for gifts"), "exchange_points", "count"),
            Column(self.tr("Gift top-ups (yuan)"), "exchange_topup_fen", "money"),
            Column(self.tr("Top-ups in cash (yuan)"), "topup_cash_fen", "money"),
            Column(self.tr("Top-ups by card (yuan)"), "topup_card_fen", "money"),
            Column(self.tr("Exchanges cancelled"), "exchanges_cancelled", "count"),
            Column(self.tr("Coupons issued"), "coupons_issued", "count"),
            Column(self.tr("Points for coupons"), "coupon_points", "count"),
            Column(self.tr("Coupons used"), "coupons_used", "count"),
            Column(self.tr("Coupon discounts (yuan)"), "coupon_discount_fen", "money"),
            Column(self.tr("Coupons expired"), "coupons_expired", "count"),
            Column(self.tr("Codes claimed"), "codes_claimed", "count"),
            Column(self.tr("Points for codes"), "claim_points", "count"),
        ]

    def top_columns(self) -> list[Column]:
        return [Column(self.tr("Gift"), "name", "text"), Column(self.tr("Item"), "item_id", "text"),
                Column(self.tr("Exchanges"), "exchanges", "count"), Column(self.tr("Points"), "points", "count")]

    def low_columns(self) -> list[Column]:
        return [Column(self.tr("Item"), "item_id", "text"), Column(self.tr("Name"), "name", "text"),
                Column(self.tr("Stock left"), "stock", "count")]

    # --- the figures ------------------------------------------------------------------------------

    def refresh(self, start: date, end: date) -> None:
        """The gifts exchanged most in the period and the stock low now, from the database worker."""
        self._asked += 1
        asked, till = self._asked, self.ctx.till
        self.ctx.tasks.db(lambda: mall_report(till.reading(), start, end),
                          self._life.guard(lambda report: self._got_report(asked, report)),
                          self._life.guard(self._refused))

    def _refused(self, problem: Refused) -> None:
        tell(self.note, self.tr("The points mall figures could not be read: %1").replace("%1", problem.message), True)

    def _got_report(self, asked: int, report: MallReport) -> None:
        if asked != self._asked:
            return
        self.report = report
        self.top_table.show_rows(self.top_columns(), self.top_rows(report))
        self.low_table.show_rows(self.low_columns(), self.low_rows(report))
        if not report.catalog_items:
            tell(self.note, self.tr("No gifts or coupons in the catalog yet. The manager adds them with "
                                    "“jifen gift add”, or they arrive from the ledger with sync."))
        elif not report.low_stock:
            tell(self.note, self.tr("No item is running low."))
        else:
            tell(self.note, self.tr("%n items are running low: order more or take them off sale.", "",
                                    len(report.low_stock)), True)

    def show_figures(self, figures: Figures) -> None:
        self.totals, self.totals_period = period_figures(figures), (figures.start, figures.end)
        for column in self.figure_columns():
            self.figures[column.field].setText(shown(self.totals[column.field], column.kind))

    @staticmethod
    def top_rows(report: MallReport) -> list[Mapping[str, Any]]:
        return [{"name": _name(row), "item_id": row.item_id, "exchanges": row.exchanges, "points": row.points}
                for row in report.top_gifts]

    @staticmethod
    def low_rows(report: MallReport) -> list[Mapping[str, Any]]:
        return [{"item_id": row.item_id, "name": _name(row), "stock": row.stock} for row in report.low_stock]

    # --- CSV -------------------------------------------------------------------------------------------

    def csv_sections(self, start: date, end: date, here: Callable[[str], str]) -> list[Section]:
        """The mall's sections for the export of ``start``–``end``, each titled by ``here`` as this terminal's (the
        ledger's report has no mall figures): none for a shop without a catalog or mall activity, or while the
        figures of that period have not all arrived."""
        report, totals = self.report, self.totals
        if report is None or totals is None or (report.start, report.end) != (start, end) \
                or self.totals_period != (start, end):
            return []
        columns = self.figure_columns()
        if not report.catalog_items and not any(totals[c.field] for c in columns):
            return []
        return [titled(here(self.tr("Points mall — this terminal (%1)")), section(columns, [totals])),
                titled(here(self.tr("Most exchanged gifts — this terminal (%1)")),
                       section(self.top_columns(), self.top_rows(report))),
                titled(here(self.tr("Stock running low now — this terminal (%1)")),
                       section(self.low_columns(), self.low_rows(report)))]
