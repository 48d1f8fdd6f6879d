"""A sale's lines to choose from: Space ticks the line under the cursor, Enter refunds what is ticked.
Lines already refunded are listed with their refund and cannot be ticked."""

from printing.words import money, shown_category_name
from terminal.lang import prefers_chinese
from ui.qt import core, gui, widgets
from ui.screens.refunds_data import LineView, SaleView

CHECK, CATEGORY, AMOUNT, STATE = range(4)
ROW_HEIGHT = 48


class SaleLinesTable(widgets.QTableWidget):
    confirmed = core.Signal()  # Enter
    changed = core.Signal()  # the ticks changed

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(["", self.tr("Goods"), self.tr("Amount"), ""])
        self.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(widgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(widgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.horizontalHeader().setSectionResizeMode(CATEGORY, widgets.QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(STATE, widgets.QHeaderView.ResizeMode.ResizeToContents)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        self._lines: list[LineView] = []

    def show_sale(self, sale: SaleView) -> None:
        self._lines = list(sale.lines)
        self.blockSignals(True)
        self.setRowCount(len(sale.lines))
        for row, line in enumerate(sale.lines):
            check = widgets.QTableWidgetItem(str(line.line_no))
            state = widgets.QTableWidgetItem()
            if line.refund_id is None:
                check.setFlags(core.Qt.ItemFlag.ItemIsEnabled | core.Qt.ItemFlag.ItemIsSelectable
                               | core.Qt.ItemFlag.ItemIsUserCheckable)
                check.setCheckState(core.Qt.CheckState.Unchecked)
            else:
                check.setFlags(core.Qt.ItemFlag.NoItemFlags)
                state.setText(self.tr("Refunded (%1)").replace("%1", line.refund_id))
            amount = widgets.QTableWidgetItem(money(line.amount_fen))
            amount.setTextAlignment(core.Qt.AlignmentFlag.AlignRight | core.Qt.AlignmentFlag.AlignVCenter)
            category = shown_category_name("zh" if prefers_chinese() else "en", line.category, line.label)  # as at the till
            cells = (check, widgets.QTableWidgetItem(category), amount, state)
            for column, cell in enumerate(cells):
                if line.refund_id is not None:
                    cell.setFlags(core.Qt.ItemFlag.NoItemFlags)  # shown, greyed, not selectable
                self.setItem(row, column, cell)
        self.blockSignals(False)
        self.resizeColumnToContents(CHECK)
        first_open = next((row for row, line in enumerate(sale.lines) if line.refund_id is None), None)
        if first_open is not None:
            self.setCurrentCell(first_open, CHECK)
        self.changed.emit()

    def chosen(self) -> list[LineView]:
        return [line for row, line in enumerate(self._lines)
                if line.refund_id is None and self._item(row).checkState() == core.Qt.CheckState.Checked]

    def choose_all(self) -> None:
        self.blockSignals(True)
        for row, line in enumerate(self._lines):
            if line.refund_id is None:
                self._item(row).setCheckState(core.Qt.CheckState.Checked)
        self.blockSignals(False)
        self.changed.emit()

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self._lines) and self._lines[row].refund_id is None:
            item = self._item(row)
            checked = item.checkState() == core.Qt.CheckState.Checked
            item.setCheckState(core.Qt.CheckState.Unchecked if checked else core.Qt.CheckState.Checked)

    def _item(self, row: int) -> widgets.QTableWidgetItem:
        item = self.item(row, CHECK)
        assert item is not None
        return item

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        key = event.key()
        if key in (core.Qt.Key.Key_Return, core.Qt.Key.Key_Enter):
            self.confirmed.emit()
        elif key == core.Qt.Key.Key_Space:
            self.toggle(self.currentRow())
        else:
            super().keyPressEvent(event)
