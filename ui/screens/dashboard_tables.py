"""The dashboard's tables, one definition for the screen and for the CSV export: the column
headings (translated), which figure each column shows, and whether it is money or a count."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, groupby, pairwise
from typing import Any, Literal

from sync.client import MerchantReport, TerminalTotals
from terminal.money import format_fen
from ui.csv_export import Cell, csv_bytes, yuan
from ui.qt import core, gui, widgets
from ui.screens.dashboard_data import Figures, LedgerFigures

Kind = Literal["money", "count", "text"]


@dataclass(frozen=True)
class Column:
    heading: str
    field: str
    kind: Kind


def money(fen: int) -> str:
    """Money as the app shows it: ￥1,234.56."""
    return format_fen(fen, "￥")


def shown(value: Any, kind: Kind) -> str:
    if value is None:  # a figure the row does not have: the ledger's expiry is the merchant's, not a terminal's
        return "—"
    if kind == "money":
        return money(int(value))
    if kind == "count":
        return f"{int(value):,}"
    return str(value)


def exported(value: Any, kind: Kind) -> Cell:
    if value is None:
        return ""
    if kind == "money":
        return yuan(int(value))
    return int(value) if kind == "count" else str(value)


def mall_points(figures: Mapping[str, Any]) -> int:
    """Points members spent in the points mall: on gifts (less those cancelled), coupons and codes."""
    return int(figures["exchange_points"]) + int(figures["coupon_points"]) + int(figures["claim_points"])


def with_mall_points(figures: Mapping[str, Any]) -> dict[str, Any]:
    return {**figures, "mall_points": mall_points(figures)}


class DashboardTables(core.QObject):
    """Money and points apart, on screen (all the columns are wider than a 1024-pixel screen) and in the
    CSV, one after the other. The points columns in the order they add up: what members held the day
    before, plus earned, bonus, returned and adjusted, less redeemed, taken back, expired and spent in
    the mall, is what they hold at the end of the day."""

    linked = False  # the terminal is linked to a ledger: its points outstanding are its share, not what members hold
    terminal = ""  # this terminal's id, which the CSV's section titles name

    def day_money_columns(self) -> list[Column]:
        return [
            Column(self.tr("Date"), "date", "text"),
            Column(self.tr("Sales"), "sales", "count"),
            Column(self.tr("Gross sales (yuan)"), "gross_fen", "money"),
            Column(self.tr("Cash (yuan)"), "cash_fen", "money"),
            Column(self.tr("Card (yuan)"), "card_fen", "money"),
            Column(self.tr("Paid with points (yuan)"), "points_paid_fen", "money"),
            Column(self.tr("Refunds"), "refunds", "count"),
            Column(self.tr("Refunded (yuan)"), "refunds_fen", "money"),
            Column(self.tr("Cash in drawer (yuan)"), "drawer_cash_fen", "money"),
            Column(self.tr("Members served"), "members_served", "count"),
            Column(self.tr("New members"), "new_members", "count"),
        ]

    def points_columns(self) -> list[Column]:
        """The points a day, a period or a cashier moved (all but the first heading)."""
        return [
            Column(self.tr("Points earned"), "points_earned", "count"),
            Column(self.tr("Bonus points"), "points_bonus", "count"),
            Column(self.tr("Points restored"), "points_restored", "count"),
            Column(self.tr("Points adjusted"), "points_adjusted", "count"),
            Column(self.tr("Points redeemed"), "points_redeemed", "count"),
            Column(self.tr("Points taken back"), "points_reversed", "count"),
            Column(self.tr("Points expired"), "points_expired", "count"),
            Column(self.tr("Points spent in the mall"), "mall_points", "count"),
        ]

    def day_points_columns(self) -> list[Column]:
        return [Column(self.tr("Date"), "date", "text"), *self.points_columns(),
                Column(self.tr("This terminal's net points") if self.linked
                       else self.tr("Points outstanding"), "liability_points", "count")]

    def day_columns(self) -> list[Column]:
        """Every column of a day, for the CSV."""
        return [*self.day_money_columns(), *self.day_points_columns()[1:]]

    def where_columns(self, merchant: bool) -> list[Column]:
        """``merchant``: rows from the ledger, of every terminal of the merchant, say whose they are."""
        return [Column(self.tr("Store"), "store", "text"), Column(self.tr("Terminal"), "terminal", "text")] \
            if merchant else []

    def cashier_money_columns(self, merchant: bool = False) -> list[Column]:
        return [
            *self.where_columns(merchant),
            Column(self.tr("Cashier"), "name", "text"),
            Column(self.tr("Sales"), "sales", "count"),
            Column(self.tr("Gross sales (yuan)"), "gross_fen", "money"),
            Column(self.tr("Cash (yuan)"), "cash_fen", "money"),
            Column(self.tr("Card (yuan)"), "card_fen", "money"),
            Column(self.tr("Refunds"), "refunds", "count"),
            Column(self.tr("Refunded (yuan)"), "refunds_fen", "money"),
            Column(self.tr("Cash in drawer (yuan)"), "drawer_cash_fen", "money"),
            Column(self.tr("Members served"), "members_served", "count"),
            Column(self.tr("New members"), "new_members", "count"),
        ]

    def cashier_points_columns(self, merchant: bool = False) -> list[Column]:
        """Expiry is no cashier's doing: the points of each cashier's own entries."""
        return [*self.where_columns(merchant), Column(self.tr("Cashier"), "name", "text"),
                *(c for c in self.points_columns() if c.field != "points_expired")]

    def cashier_columns(self, merchant: bool = False) -> list[Column]:
        """Every column of a cashier, for the CSV."""
        who = len(self.where_columns(merchant)) + 1
        return [*self.cashier_money_columns(merchant), *self.cashier_points_columns(merchant)[who:]]

    def terminal_columns(self, merchant: bool = False) -> list[Column]:
        """``merchant``: the ledger's, with the merchant's points expired on its total row."""
        expired = [Column(self.tr("Points expired"), "points_expired", "count")] if merchant else []
        return [
            *self.where_columns(True),
            Column(self.tr("Sales"), "sales", "count"),
            Column(self.tr("Gross sales (yuan)"), "gross_fen", "money"),
            Column(self.tr("Cash (yuan)"), "cash_fen", "money"),
            Column(self.tr("Card (yuan)"), "card_fen", "money"),
            Column(self.tr("Refunded (yuan)"), "refunds_fen", "money"),
            Column(self.tr("Points earned"), "points_earned", "count"),
            Column(self.tr("Points redeemed"), "points_redeemed", "count"),
            *expired,
            Column(self.tr("Members served"), "members_served", "count"),
            Column(self.tr("New members"), "new_members", "count"),
        ]

    def day_rows(self, figures: Figures) -> list[Mapping[str, Any]]:
        """A row per day, then the period's total (members served counted once over the period)."""
        total = {**figures.totals, "date": self.tr("Total"), "liability_points": figures.liability_points}
        return [with_mall_points(day) for day in (*figures.days, total)]

    @staticmethod
    def cashier_rows(figures: Figures) -> list[Mapping[str, Any]]:
        return [{"name": name, **with_mall_points(totals)} for name, totals in figures.totals["cashiers"].items()]

    @staticmethod
    def ledger_cashier_rows(report: MerchantReport) -> list[Mapping[str, Any]]:
        """Every cashier of every terminal of the merchant, by store and terminal."""
        return [{"store": t.store, "terminal": t.terminal, "name": name, **with_mall_points(totals)}
                for t in by_store(report.terminals) for name, totals in t.cashiers.items()]

    def terminal_rows(self, report: MerchantReport) -> list[Mapping[str, Any]]:
        """Each terminal, store by store, with each store's subtotal when there is more than one store, then the
        merchant's total: members served counted once in a store and over the merchant, and the merchant's
        points expired (the ledger expires a merchant's points, not a terminal's or a store's)."""
        stores = {row.store: row for row in report.stores}
        rows: list[Mapping[str, Any]] = []
        for store, terminals in groupby(by_store(report.terminals), key=lambda t: t.store):
            rows.extend({**t.model_dump(exclude={"cashiers"}), "points_expired": None} for t in terminals)
            if len(stores) > 1 and store in stores:
                rows.append({**stores[store].model_dump(), "terminal": self.tr("Subtotal"), "points_expired": None})
        rows.append({**merchant_totals(report, TERMINAL_FIGURES), "store": self.tr("Total"), "terminal": "", "members_served": report.members_served,
                     "points_expired": report.points_expired})
        return rows

    def here(self, what: str) -> str:
        """``what`` (a translated "… — this terminal (%1)") naming this terminal."""
        return what.replace("%1", self.terminal)

    def known(self, what: str, report: MerchantReport) -> str:
        """``what`` (a translated "… all terminals of %1 …") naming the stores the ledger's ``report`` has."""
        stores = dict.fromkeys(t.store for t in by_store(report.terminals))
        return what.replace("%1", self.tr(", ").join(stores))

    @staticmethod
    def cashier_total(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], label: Mapping[str, str],
                      members_served: int) -> dict[str, Any]:
        """The cashiers' ``rows`` added up, labelled with its scope (``label``): a member served by two cashiers
        counted once."""
        added = {c.field: sum(int(row[c.field]) for row in rows) for c in columns if c.kind != "text"}
        return {"store": "", "terminal": "", "name": "", **added, "members_served": members_served, **label}

    def csv(self, figures: Figures, ledger: LedgerFigures | None,
            more: Sequence[Sequence[Sequence[Cell]]] = ()) -> bytes:
        """``ledger``: its answer for the same period, whose cashiers and terminals the screen shows. Each section
        titled with what it is and whose: the days are this terminal's, the cashiers and terminals every terminal's
        the ledger knows (else this terminal's)."""
        report = ledger.report if ledger is not None else None
        sections = [titled(self.here(self.tr("Day by day — this terminal (%1)")),
                           section(self.day_columns(), self.day_rows(figures)))]
        if report is None:
            columns, rows = self.cashier_columns(), self.cashier_rows(figures)
            total = self.cashier_total(columns, rows, {"name": self.here(self.tr("Total — this terminal (%1)"))},
                                       int(figures.totals["members_served"]))
            sections.append(titled(self.here(self.tr("By cashier — this terminal (%1)")),
                                   section(columns, [*rows, total])))
        else:
            columns, rows = self.cashier_columns(True), self.ledger_cashier_rows(report)
            total = self.cashier_total(columns, rows, {"store": self.tr("Total — all terminals")},
                                       report.members_served)
            sections.append(titled(self.known(self.tr("By cashier — all terminals of %1 the ledger knows"), report),
                                   section(columns, [*rows, total])))
            sections.append(titled(self.known(self.tr("By terminal — all terminals of %1 the ledger knows"), report),
                                   section(self.terminal_columns(True), self.terminal_rows(report))))
        return csv_bytes([*sections, *more])


TERMINAL_FIGURES = ("sales", "gross_fen", "cash_fen", "card_fen", "refunds_fen", "points_earned", "points_redeemed",
                    "new_members")  # a terminal's that add up to the merchant's


def merchant_totals(report: MerchantReport, fields: Sequence[str]) -> dict[str, int]:
    """The merchant's ``fields`` as its terminals add them up."""
    return {field: sum(int(getattr(t, field)) for t in report.terminals) for field in fields}


def by_store(terminals: Sequence[TerminalTotals]) -> list[TerminalTotals]:
    """Store by store, the stores in the order of their first terminal (T1's store first), each store's by terminal."""
    ordered = sorted(terminals, key=lambda t: t.terminal)
    first = {t.store: n for n, t in reversed(list(enumerate(ordered)))}
    return sorted(ordered, key=lambda t: first[t.store])


def section(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> list[list[Cell]]:
    return [[c.heading for c in columns], *([exported(row[c.field], c.kind) for c in columns] for row in rows)]


def titled(title: str, rows: list[list[Cell]]) -> list[list[Cell]]:
    """A CSV section with its title on a line above its headings: what it is, and whose figures they are."""
    return [[title], *rows]


class RowsModel(core.QAbstractTableModel):
    """Rows of figures for a table view, formatted only when shown: a year of days fills at once."""

    def __init__(self, parent: core.QObject | None = None) -> None:
        super().__init__(parent)
        self.columns: list[Column] = []
        self.rows: list[Mapping[str, Any]] = []
        self.headings: list[str] = []  # as shown: one line, or two where the table needs the room

    def show(self, columns: list[Column], rows: list[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self.columns, self.rows = columns, rows
        self.headings = [column.heading for column in columns]
        self.endResetModel()

    def set_headings(self, headings: list[str]) -> None:
        self.headings = headings
        if headings:
            self.headerDataChanged.emit(core.Qt.Orientation.Horizontal, 0, len(headings) - 1)

    def rowCount(self, parent: Any = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def data(self, index: Any, role: int = core.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == core.Qt.ItemDataRole.DisplayRole:
            return shown(self.rows[index.row()][column.field], column.kind)
        if role == core.Qt.ItemDataRole.TextAlignmentRole and column.kind != "text":
            return int(core.Qt.AlignmentFlag.AlignRight | core.Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: core.Qt.Orientation,
                   role: int = core.Qt.ItemDataRole.DisplayRole) -> Any:
        if role == core.Qt.ItemDataRole.DisplayRole and orientation == core.Qt.Orientation.Horizontal:
            return self.headings[section]
        return None


FIT_ROWS = 40  # column widths follow this many rows: a year of days shows at once
MOST_LINES = 3  # a heading's lines: "Paid with / points / (yuan)"
# Where a heading may break: between words, before a unit in brackets (销售额/（元）), and before the 积分
# that ends a Chinese heading (获得/积分); Chinese words are not spaced, so a heading stays whole elsewhere
# rather than break inside a word.
BREAK = re.compile(r" (?=\S)|(?=[（(])|(?<=\S)(?=积分$)")


def width(text: str, metrics: gui.QFontMetrics) -> int:
    """The widest line of ``text``."""
    return max(metrics.horizontalAdvance(line) for line in text.split("\n"))


def on_lines(heading: str, lines: int, metrics: gui.QFontMetrics) -> str | None:
    """``heading`` on ``lines`` lines broken where they come out narrowest, or None if it has too few places to
    break."""
    places = [m.start() for m in BREAK.finditer(heading) if m.start() > 0]
    splits = [(0, *cut, len(heading)) for cut in combinations(places, lines - 1)]
    if not splits:
        return None
    best = min(splits, key=lambda ends: width(joined(heading, ends), metrics))
    return joined(heading, best)


def joined(heading: str, ends: tuple[int, ...]) -> str:
    return "\n".join(heading[start:end].strip() for start, end in pairwise(ends))


class FiguresTable(widgets.QTableView):
    """A read-only table of figures, each column as wide as its first rows and its heading: headings on
    one line when there is room, and the table as wide as the view puts those that gain most on two or three
    (no sideways scroll bar on a 1024-pixel screen)."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = RowsModel(self)
        self.setModel(self.figures)
        header = self.horizontalHeader()
        header.setDefaultAlignment(core.Qt.AlignmentFlag.AlignCenter)
        header.setTextElideMode(core.Qt.TextElideMode.ElideNone)
        header.setResizeContentsPrecision(FIT_ROWS)
        self.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(36)

    def show_rows(self, columns: list[Column], rows: list[Any]) -> None:
        self.figures.show(columns, rows)
        self.fit_columns()

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Headings on one line; while the columns are wider than the view, the heading whose column
        narrows most goes on one line more."""
        model, header = self.figures, self.horizontalHeader()
        headings = [column.heading for column in model.columns]
        model.set_headings(list(headings))
        self.resizeColumnsToContents()
        metrics, count = header.fontMetrics(), len(headings)
        figures = [self.sizeHintForColumn(n) for n in range(count)]
        padding = [header.sectionSizeFromContents(n).width() - metrics.horizontalAdvance(headings[n]) for n in range(count)]
        widths = [self.columnWidth(n) for n in range(count)]
        shown, lines = list(headings), [1] * count
        while sum(widths) > self.viewport().width():
            narrower = {}
            for n, heading in enumerate(headings):
                wrapped = on_lines(heading, lines[n] + 1, metrics) if lines[n] < MOST_LINES else None
                if wrapped is not None:
                    narrower[n] = (max(figures[n], padding[n] + width(wrapped, metrics)), wrapped)
            best = max(narrower, key=lambda n: widths[n] - narrower[n][0], default=None)
            if best is None or narrower[best][0] >= widths[best]:
                return
            widths[best], shown[best] = narrower[best]
            lines[best] += 1
            model.set_headings(list(shown))
            self.setColumnWidth(best, widths[best])

    def texts(self) -> list[list[str]]:
        """What the table shows, row by row."""
        model = self.figures
        return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]
