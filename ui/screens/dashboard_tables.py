"""The dashboard's tables, one definition for the screen and for the CSV export: the column
headings (translated), which figure each column shows, and whether it is money or a count."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

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
    if kind == "money":
        return money(int(value))
    if kind == "count":
        return f"{int(value):,}"
    return str(value)


def exported(value: Any, kind: Kind) -> Cell:
    if kind == "money":
        return yuan(int(value))
    return int(value) if kind == "count" else str(value)


DAY_MONEY_COLUMNS = 8  # the date, then sales and money; the points and members follow


class DashboardTables(core.QObject):
    def day_columns(self) -> list[Column]:
        return [
            Column(self.tr("Date"), "date", "text"),
            Column(self.tr("Sales"), "sales", "count"),
            Column(self.tr("Sales amount (yuan)"), "gross_fen", "money"),
            Column(self.tr("Cash (yuan)"), "cash_fen", "money"),
            Column(self.tr("Card (yuan)"), "card_fen", "money"),
            Column(self.tr("Paid with points (yuan)"), "points_paid_fen", "money"),
            Column(self.tr("Refunds"), "refunds", "count"),
            Column(self.tr("Refunded (yuan)"), "refunds_fen", "money"),
            Column(self.tr("Points earned"), "points_earned", "count"),
            Column(self.tr("Bonus points"), "points_bonus", "count"),
            Column(self.tr("Points redeemed"), "points_redeemed", "count"),
            Column(self.tr("Points expired"), "points_expired", "count"),
            Column(self.tr("Members served"), "members_served", "count"),
            Column(self.tr("New members"), "new_members", "count"),
            Column(self.tr("Points outstanding"), "liability_points", "count"),
        ]

    def day_money_columns(self) -> list[Column]:
        """The day table on screen in two: all fifteen columns are wider than a 1024-pixel screen."""
        return self.day_columns()[:DAY_MONEY_COLUMNS]

    def day_points_columns(self) -> list[Column]:
        columns = self.day_columns()
        return columns[:1] + columns[DAY_MONEY_COLUMNS:]

    def cashier_columns(self) -> list[Column]:
        return [
            Column(self.tr("Cashier"), "name", "text"),
            Column(self.tr("Sales"), "sales", "count"),
            Column(self.tr("Sales amount (yuan)"), "gross_fen", "money"),
            Column(self.tr("Cash (yuan)"), "cash_fen", "money"),
            Column(self.tr("Card (yuan)"), "card_fen", "money"),
            Column(self.tr("Refunds"), "refunds", "count"),
            Column(self.tr("Refunded (yuan)"), "refunds_fen", "money"),
            Column(self.tr("Points earned"), "points_earned", "count"),
            Column(self.tr("Points redeemed"), "points_redeemed", "count"),
            Column(self.tr("Members served"), "members_served", "count"),
            Column(self.tr("New members"), "new_members", "count"),
        ]

    def terminal_columns(self) -> list[Column]:
        return [
            Column(self.tr("Store"), "store", "text"),
            Column(self.tr("Terminal"), "terminal", "text"),
            Column(self.tr("Sales"), "sales", "count"),
            Column(self.tr("Sales amount (yuan)"), "gross_fen", "money"),
            Column(self.tr("Cash (yuan)"), "cash_fen", "money"),
            Column(self.tr("Card (yuan)"), "card_fen", "money"),
            Column(self.tr("Refunded (yuan)"), "refunds_fen", "money"),
            Column(self.tr("Points earned"), "points_earned", "count"),
            Column(self.tr("Points redeemed"), "points_redeemed", "count"),
            Column(self.tr("Members served"), "members_served", "count"),
            Column(self.tr("New members"), "new_members", "count"),
        ]

    def day_rows(self, figures: Figures) -> list[Mapping[str, Any]]:
        """A row per day, then the period's total (members served counted once over the period)."""
        total = {**figures.totals, "date": self.tr("Total"), "liability_points": figures.liability_points}
        return [*figures.days, total]

    @staticmethod
    def cashier_rows(figures: Figures) -> list[Mapping[str, Any]]:
        return [{"name": name, **totals} for name, totals in figures.totals["cashiers"].items()]

    @staticmethod
    def terminal_rows(ledger: LedgerFigures) -> list[Mapping[str, Any]]:
        return [row.model_dump() for row in ledger.report.terminals] if ledger.report else []

    def csv(self, figures: Figures, ledger: LedgerFigures | None,
            more: Sequence[Sequence[Sequence[Cell]]] = ()) -> bytes:
        sections = [section(self.day_columns(), self.day_rows(figures)),
                    section(self.cashier_columns(), self.cashier_rows(figures))]
        if ledger is not None and ledger.report is not None:
            sections.append(section(self.terminal_columns(), self.terminal_rows(ledger)))
        return csv_bytes([*sections, *more])


def section(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> list[list[Cell]]:
    return [[c.heading for c in columns], *([exported(row[c.field], c.kind) for c in columns] for row in rows)]


class RowsModel(core.QAbstractTableModel):
    """Rows of figures for a table view, formatted only when shown: a year of days fills at once."""

    def __init__(self, parent: core.QObject | None = None) -> None:
        super().__init__(parent)
        self.columns: list[Column] = []
        self.rows: list[Mapping[str, Any]] = []

    def show(self, columns: list[Column], rows: list[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self.columns, self.rows = columns, rows
        self.endResetModel()

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
            return self.columns[section].heading
        return None


FIT_ROWS = 40  # column widths follow this many rows: a year of days shows at once
HEADING_LINES = 2
WRAP = int(core.Qt.AlignmentFlag.AlignCenter | core.Qt.TextFlag.TextWordWrap)


class WrappedHeader(widgets.QHeaderView):
    """Column headings on up to two lines, so that a column is as wide as its figures, not its heading."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(core.Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(core.Qt.AlignmentFlag(WRAP))
        self.setTextElideMode(core.Qt.TextElideMode.ElideNone)

    def sectionSizeFromContents(self, logical: int) -> core.QSize:
        one_line = super().sectionSizeFromContents(logical)
        text = str(self.model().headerData(logical, self.orientation()) or "")
        metrics = self.fontMetrics()
        width = self._narrowest(text, metrics)
        height = metrics.boundingRect(core.QRect(0, 0, width, 10_000), WRAP, text).height()
        return core.QSize(one_line.width() - metrics.horizontalAdvance(text) + width,
                          one_line.height() - metrics.height() + height)

    @staticmethod
    def _narrowest(text: str, metrics: gui.QFontMetrics) -> int:
        """The least width at which ``text`` takes at most HEADING_LINES lines."""
        low, high = 1, metrics.horizontalAdvance(text)
        most = metrics.lineSpacing() * (HEADING_LINES - 1) + metrics.height()
        while low < high:
            middle = (low + high) // 2
            shown = metrics.boundingRect(core.QRect(0, 0, middle, 10_000), WRAP, text)
            if shown.height() <= most and shown.width() <= middle:
                high = middle
            else:
                low = middle + 1
        return high


class FiguresTable(widgets.QTableView):
    """A read-only table of figures; its columns fit the first rows and the headings (on two lines)."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = RowsModel(self)
        self.setModel(self.figures)
        self.setHorizontalHeader(WrappedHeader(self))
        self.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(36)
        self.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)

    def show_rows(self, columns: list[Column], rows: list[Any]) -> None:
        self.figures.show(columns, rows)
        self.resizeColumnsToContents()

    def texts(self) -> list[list[str]]:
        """What the table shows, row by row."""
        model = self.figures
        return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]
