"""The gifts and coupons members can take now, as a table the keyboard walks: ↑ ↓ choose, Enter takes.
Each row has the item's picture (a neutral square until it has loaded, or when there is none),
its name, its price in points with any top-up, and what is left of the stock."""

from typing import Any

from terminal.lang import say
from ui.qt import core, gui, widgets
from ui.screens.gifts_work import PICTURE_PX
from ui.widgets.money import points, yuan

NAME, PRICE, STOCK = range(3)
ROW_HEIGHT = 84


def item_name(item: dict[str, Any]) -> str:
    return say(str(item["name_en"]), str(item["name_zh"]))


class GiftTable(widgets.QTableWidget):
    chosen = core.Signal(object)  # the item's dictionary, on Enter or a double click
    wants_picture = core.Signal(str)  # a picture path not loaded yet

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Gift"), self.tr("Price"), self.tr("Stock left")])
        self.setAccessibleName(self.tr("Gifts to take"))
        self.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(widgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(widgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(core.QSize(PICTURE_PX, PICTURE_PX))
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, widgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PRICE, widgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STOCK, widgets.QHeaderView.ResizeMode.ResizeToContents)
        self.cellDoubleClicked.connect(lambda row, _column: self._choose(row))
        self.entries: list[dict[str, Any]] = []
        self._pictures: dict[str, gui.QIcon] = {}
        self._placeholder: gui.QIcon | None = None

    def set_placeholder(self, image: gui.QImage) -> None:
        self._placeholder = gui.QIcon(gui.QPixmap.fromImage(image))

    def show_items(self, items: list[dict[str, Any]]) -> None:
        """The catalog as it is now; the cursor stays on the same item when it is still there."""
        current = self.current()
        keep = current["id"] if current else None
        self.entries = list(items)
        self.setRowCount(len(self.entries))
        for row, item in enumerate(self.entries):
            name = widgets.QTableWidgetItem(self._name_text(item))
            name.setData(core.Qt.ItemDataRole.UserRole, item["id"])
            icon = self._icon(item.get("picture"))
            if icon is not None:
                name.setIcon(icon)
            price = widgets.QTableWidgetItem(self.price_text(item))
            stock = widgets.QTableWidgetItem(self.stock_text(item))
            for cell in (price, stock):
                cell.setTextAlignment(core.Qt.AlignmentFlag.AlignRight | core.Qt.AlignmentFlag.AlignVCenter)
            for column, cell in ((NAME, name), (PRICE, price), (STOCK, stock)):
                self.setItem(row, column, cell)
        rows = [row for row, item in enumerate(self.entries) if item["id"] == keep]
        if self.entries:
            self.setCurrentCell(rows[0] if rows else 0, NAME)

    def _name_text(self, item: dict[str, Any]) -> str:
        if item["kind"] != "coupon":
            return item_name(item)
        offer = self.tr("Coupon: %1 off a spend of %2 or more, good for %3 days", "", item["valid_days"]) \
            .replace("%1", yuan(item["value_fen"])).replace("%2", yuan(item["min_spend_fen"])) \
            .replace("%3", str(item["valid_days"]))
        return f"{item_name(item)}\n{offer}"

    def price_text(self, item: dict[str, Any]) -> str:
        text = self.tr("%1 points", "", item["points"]).replace("%1", points(item["points"]))
        if item["topup_fen"]:
            text += " + " + yuan(item["topup_fen"])
        return text

    def stock_text(self, item: dict[str, Any]) -> str:
        if item["stock"] is None:
            return self.tr("no limit")
        return points(item["stock"])

    def _icon(self, path: str | None) -> gui.QIcon | None:
        if path and path in self._pictures:
            return self._pictures[path]
        if path:
            self.wants_picture.emit(path)
        return self._placeholder

    def show_picture(self, path: str, image: gui.QImage | None) -> None:
        """A picture loaded in the background (None: missing or unreadable, the placeholder stays)."""
        icon = gui.QIcon(gui.QPixmap.fromImage(image)) if image is not None else self._placeholder
        if icon is None:
            return
        self._pictures[path] = icon
        for row, item in enumerate(self.entries):
            cell = self.item(row, NAME)
            if item.get("picture") == path and cell is not None:
                cell.setIcon(icon)

    def has_picture(self, row: int) -> bool:
        """Whether the row shows the item's own picture (not the placeholder)."""
        path = self.entries[row].get("picture")
        return bool(path) and path in self._pictures and self._pictures[path] is not self._placeholder

    def current(self) -> dict[str, Any] | None:
        row = self.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.chosen.emit(self.entries[row])

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if event.key() in (core.Qt.Key.Key_Return, core.Qt.Key.Key_Enter):
            self._choose(self.currentRow())
            return
        super().keyPressEvent(event)
