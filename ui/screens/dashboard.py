"""The owner's dashboard (F5): today or any period — sales, money by method, points, what members
still hold, members, per cashier and per terminal, sync health — with charts and a CSV for Excel.

The terminal's own figures come from its journal on the database worker; the whole merchant's (its points
outstanding and expired, every terminal and every cashier of every store) from the ledger on the network pool,
when there is one. Either may arrive first."""

from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sync.client import MerchantReport
from sync.relay import SyncStatus
from terminal.errors import Refused
from ui.context import AppContext
from ui.csv_export import OpenElsewhere, save_file
from ui.qt import core, gui, widgets
from ui.screens.base import Screen
from ui.screens.dashboard_charts import DashboardCharts
from ui.screens.dashboard_data import (
    Figures,
    FiguresCollector,
    LedgerFigures,
    check_period,
    ledger_figures,
    period_totals,
    stretch_reports,
)
from ui.screens.dashboard_mall import DashboardMall
from ui.screens.dashboard_overview import DashboardOverview
from ui.screens.dashboard_tables import DashboardTables, FiguresTable
from ui.screens.settings_widgets import (
    TOUCH,
    message_label,
    tall,
    tell,
    touch_button,
)
from ui.widgets.echo import plain
from ui.widgets.lifetime import Lifetime


def _quick_dates(period: str, today: date) -> tuple[date, date]:
    yesterday = today - timedelta(days=1)
    return {"today": (today, today), "yesterday": (yesterday, yesterday),
            "week": (today - timedelta(days=6), today), "month": (today.replace(day=1), today)}[period]


def _qdate(day: date) -> core.QDate:
    return core.QDate(day.year, day.month, day.day)


class DashboardScreen(Screen):
    key = "F5"
    roles = ("manager", "owner")

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Dashboard"))
        self._life = Lifetime(self)
        self._asked = 0  # the latest request: older answers are dropped
        self.figures: Figures | None = None
        self.ledger: LedgerFigures | None = None
        self.sync_status: SyncStatus | None = None
        self.tables = DashboardTables(self)
        self.tables.terminal = ctx.till.shop.terminal_id
        today = ctx.till.shop.today()
        self.start, self.end = widgets.QDateEdit(_qdate(today)), widgets.QDateEdit(_qdate(today))
        # The quick period last chosen and the day it was chosen on: an app left open overnight shows the new day's.
        self._quick: tuple[str, date] = ("today", today)
        for edit in (self.start, self.end):
            tall(edit)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.message = message_label()
        plain(self.message)
        self.overview = DashboardOverview(ctx.till.shop.tz, ctx.till.shop.terminal_id)
        self.charts = DashboardCharts()
        self.mall = DashboardMall(ctx)
        self.days_table, self.points_days_table = FiguresTable(), FiguresTable()
        self.cashiers_table, self.cashier_points_table = FiguresTable(), FiguresTable()
        self.terminals_table = FiguresTable()
        self.terminals_note, self.cashiers_note = message_label(), message_label()
        self.tabs = widgets.QTabWidget()
        self._build()
        ctx.bus.sync.connect(self._life.guard(self._show_sync))
        self.overview.health.seen.connect(ctx.phones_noted)

    def _build(self) -> None:
        bar = widgets.QHBoxLayout()  # the periods on a row of their own: one row is wider than a 1024-pixel screen
        for words, field in ((self.tr("From"), self.start), (self.tr("to"), self.end)):
            label = widgets.QLabel(words)
            label.setBuddy(field)
            field.setAccessibleName(words)
            bar.addWidget(label)
            bar.addWidget(field)
        self.show_button = touch_button(self.tr("Show (Enter)"), self.refresh)
        bar.addWidget(self.show_button)
        bar.addStretch()
        self.export_button = touch_button(self.tr("&Export for Excel (CSV)…"), self.export)
        bar.addWidget(self.export_button)
        periods = widgets.QHBoxLayout()
        for text, period in ((self.tr("&Today"), "today"), (self.tr("&Yesterday"), "yesterday"),
                             (self.tr("Last &7 days"), "week"), (self.tr("This &month"), "month")):
            periods.addWidget(touch_button(text, partial(self.choose, period)))
        periods.addStretch()
        terminals = widgets.QWidget()
        column = widgets.QVBoxLayout(terminals)
        column.addWidget(self.terminals_note)
        column.addWidget(self.terminals_table)
        cashiers = widgets.QWidget()
        both = widgets.QVBoxLayout(cashiers)
        both.addWidget(self.cashiers_note)
        both.addWidget(self.cashiers_table)
        both.addWidget(self.cashier_points_table)
        for page, name in ((self.overview, self.tr("Overview")), (self.charts, self.tr("Charts")),
                           (self.mall, self.tr("Points mall"))):
            scroll = widgets.QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, name)
        self.tabs.addTab(self.days_table, self.tr("Day by day"))
        self.tabs.addTab(self.points_days_table, self.tr("Points by day"))
        self.tabs.addTab(cashiers, self.tr("Per cashier"))
        self.tabs.addTab(terminals, self.tr("Per terminal"))
        for table, name in ((self.days_table, self.tr("Day by day")), (self.points_days_table, self.tr("Points by day")),
                            (self.cashiers_table, self.tr("Per cashier")),
                            (self.cashier_points_table, self.tr("Points per cashier")),
                            (self.terminals_table, self.tr("Per terminal"))):
            table.setAccessibleName(name)
        self.tabs.tabBar().setMinimumHeight(TOUCH)
        layout = widgets.QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(periods)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)

    # --- choosing the period ---------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def set_period(self, start: date, end: date) -> None:
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))

    def choose(self, period: str) -> None:
        """Today, yesterday, the last seven days (today too) or this month so far."""
        today = self.ctx.till.shop.today()
        self._quick = (period, today)
        self.set_period(*_quick_dates(period, today))
        self.refresh()

    def entered(self) -> None:
        """A quick period chosen on an earlier day (and its dates not changed since) is shown for today."""
        period, day = self._quick
        today = self.ctx.till.shop.today()
        if day != today and self.period() == _quick_dates(period, day):
            self._quick = (period, today)
            self.set_period(*_quick_dates(period, today))
        self.refresh()
        self.start.setFocus()

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if event.key() in (core.Qt.Key.Key_Return, core.Qt.Key.Key_Enter):
            self.refresh()
        else:
            super().keyPressEvent(event)

    # --- asking for the figures -------------------------------------------------------------------

    def refresh(self) -> None:
        start, end = self.period()
        try:
            check_period(start, end)
        except Refused as refused:
            tell(self.message, self.tr("%1 — change the dates and press Enter.").replace("%1", refused.message), True)
            return
        self._asked += 1
        asked, till = self._asked, self.ctx.till
        self.ledger = None  # another period's: the figures wait for the ledger's answer for this one
        self.overview.clear_merchant()
        tell(self.message, self.tr("Adding up %1 to %2…").replace("%1", str(start)).replace("%2", str(end)))
        collector = FiguresCollector(start, end)
        self.mall.refresh(start, end)
        self._read_next(asked, collector)
        url = self.ctx.syncer.client.url if self.ctx.syncer is not None else None
        self.ctx.tasks.io(lambda: ledger_figures(url, till, start, end),
                          self._life.guard(lambda f: self._got_ledger(asked, f)), self._life.guard(self._refused))
        if self.ctx.syncer is not None:
            self.ctx.tasks.db(self.ctx.syncer.status, self._life.guard(self._show_sync))
        else:
            self._show_sync(None)

    def _read_next(self, asked: int, collector: FiguresCollector) -> None:
        """The period's next month on the reading worker, or its totals once every month is read: one task at a
        time, so that a period since changed (or a screen since left) stops after the month being read."""
        if asked != self._asked:
            return
        till, part = self.ctx.till, collector.next_part()
        if part is None:
            self.ctx.tasks.report(partial(period_totals, till, collector.start, collector.end, collector.period),
                                  self._life.guard(lambda totals: self._got_figures(asked, collector.figures(totals))),
                                  self._life.guard(self._refused))
            return
        if len(collector.parts) > 1:
            tell(self.message, self.tr("Adding up %1 to %2: %3, month %4 of %5…")
                 .replace("%1", str(collector.start)).replace("%2", str(collector.end))
                 .replace("%3", part[0].strftime("%Y-%m")).replace("%4", str(collector.done + 1))
                 .replace("%5", str(len(collector.parts))))
        self.ctx.tasks.report(partial(stretch_reports, till, part[0], part[1], collector.period),
                              self._life.guard(lambda days: self._got_month(asked, collector, days)),
                              self._life.guard(self._refused))

    def _got_month(self, asked: int, collector: FiguresCollector, days: list[dict[str, Any]]) -> None:
        collector.days(days)
        self._read_next(asked, collector)

    def hideEvent(self, event: gui.QHideEvent) -> None:
        if not event.spontaneous():  # another screen shown, not the window minimised: entering again asks again
            self._asked += 1
        super().hideEvent(event)

    def _refused(self, problem: Refused) -> None:
        tell(self.message, self.tr("The figures could not be counted: %1").replace("%1", problem.message), True)

    def _got_figures(self, asked: int, figures: Figures) -> None:
        if asked != self._asked:
            return
        self.figures = figures
        self.tables.linked = self.ctx.till.shop.ledger is not None
        self.overview.show_figures(figures, self.ctx.till.shop.rules, self.tables.linked)
        self.charts.show_figures(figures)
        self.mall.show_figures(figures)
        rows = self.tables.day_rows(figures)
        rows = rows[-1:] + rows[:-1]  # the total on top, in view
        self.days_table.show_rows(self.tables.day_money_columns(), rows)
        self.points_days_table.show_rows(self.tables.day_points_columns(), rows)
        if self._report() is None:
            self._show_cashiers()
            self._show_terminals()
        tell(self.message, self.tr("%1 to %2").replace("%1", str(figures.start)).replace("%2", str(figures.end)))

    def _got_ledger(self, asked: int, ledger: LedgerFigures) -> None:
        if asked != self._asked:
            return
        self.ledger = ledger
        self._show_cashiers()
        self._show_terminals()
        report = ledger.report
        self.overview.show_merchant(report, self.ctx.till.shop.rules, "" if report else self._not_from_ledger() or "")

    def _report(self) -> MerchantReport | None:
        """The ledger's answer for the period shown, when it gave one."""
        return self.ledger.report if self.ledger is not None else None

    def _not_from_ledger(self) -> str | None:
        """Why the ledger's figures are not shown, when the terminal is linked to one."""
        ledger = self.ledger
        if ledger is not None and ledger.problem == "offline":
            return self.tr("Only this terminal is shown: %1. Check the network, then press Enter to try again."
                           ).replace("%1", ledger.detail)
        if ledger is not None and ledger.problem == "refused":
            return self.tr("The ledger refused to give the figures (%1). Check the ledger token in Settings (Ctrl+F9)."
                           ).replace("%1", ledger.detail)
        return None

    def _show_cashiers(self) -> None:
        """Every cashier of the merchant from the ledger, each by store and terminal; else this terminal's own."""
        report, tables = self._report(), self.tables
        if report is not None:
            rows = tables.ledger_cashier_rows(report)
            self.cashiers_table.show_rows(tables.cashier_money_columns(True), rows)
            self.cashier_points_table.show_rows(tables.cashier_points_columns(True), rows)
            self._show_waiting()
            return
        if self.figures is None:
            return
        rows = tables.cashier_rows(self.figures)
        self.cashiers_table.show_rows(tables.cashier_money_columns(), rows)
        self.cashier_points_table.show_rows(tables.cashier_points_columns(), rows)
        problem = self._not_from_ledger()
        tell(self.cashiers_note, problem or "", problem is not None)

    def _show_terminals(self) -> None:
        report, figures, shop = self._report(), self.figures, self.ctx.till.shop
        if report is not None:
            self.terminals_table.show_rows(self.tables.terminal_columns(True), self.tables.terminal_rows(report))
            self._show_waiting()
            return
        own = [{"store": shop.store, "terminal": shop.terminal_id, **figures.totals}] if figures else []
        self.terminals_table.show_rows(self.tables.terminal_columns(), own)
        problem = self._not_from_ledger()
        if problem is not None:
            tell(self.terminals_note, problem, True)
        else:
            tell(self.terminals_note, self.tr("This terminal only. To see every terminal of the business, connect "
                                              "to a ledger in Settings (Ctrl+F9)."))

    def _show_waiting(self) -> None:
        """Under the ledger's cashiers and terminals: this terminal's entries it does not have yet."""
        waiting = self.sync_status.pending if self.sync_status else 0
        tell(self.terminals_note, self.tr("Every terminal of the business, as the ledger has them. %n entries of "
                                          "this terminal still wait to be sent and are not counted yet.", "", waiting))
        tell(self.cashiers_note, self.tr("Every cashier at every terminal of the business, as the ledger has them. "
                                         "%n entries of this terminal still wait to be sent and are not counted yet.",
                                         "", waiting))

    def _show_sync(self, status: SyncStatus | None) -> None:
        self.sync_status = status
        self.overview.show_sync(status)
        if self._report() is not None:  # the notes count what still waits
            self._show_waiting()

    # --- export ---------------------------------------------------------------------------------

    def export(self) -> None:
        if self.figures is None:
            tell(self.message, self.tr("Wait for the figures to appear, then export."), True)
            return
        folder = core.QStandardPaths.writableLocation(core.QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"jifen-{self.figures.start}-{self.figures.end}.csv"
        chosen, _ = widgets.QFileDialog.getSaveFileName(self, self.tr("Export for Excel"), str(Path(folder) / name),
                                                        self.tr("CSV for Excel (*.csv)"))
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> None:
        """Write the figures on screen to ``path`` as a CSV for Excel (in the background)."""
        if self.figures is None:
            return
        report = self._report()
        same_period = report is not None and (report.date, report.until) == (str(self.figures.start),
                                                                             str(self.figures.end))
        data = self.tables.csv(self.figures, self.ledger if same_period else None,
                               self.mall.csv_sections(self.figures.start, self.figures.end, self.tables.here))
        self.ctx.tasks.io(lambda: save_file(path, data),
                          self._life.guard(lambda _: tell(self.message, self.tr("Saved %1 — open it with Excel.")
                                                          .replace("%1", str(path)))),
                          self._life.guard(self._export_failed))

    def _export_failed(self, problem: Refused) -> None:
        if isinstance(problem, OpenElsewhere):
            tell(self.message, self.tr("The file could not be saved: %1.").replace("%1", problem.message), True)
            return
        tell(self.message, self.tr("The file could not be saved (%1). Choose another folder, such as Documents, "
                                   "and export again.").replace("%1", problem.message), True)
