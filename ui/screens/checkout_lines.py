"""The lines of the sale: a category, an amount typed on the keyboard or the keypad, Enter to add.

Up and Down in the amount field change the category; Delete in an empty amount field removes the
last line (or the line chosen in the table)."""

from collections.abc import Sequence

from printing.words import shown_category_name
from terminal.lang import prefers_chinese
from terminal.rules import RuleSet
from ui.qt import core, gui, widgets
from ui.screens.checkout_sale import SaleLine
from ui.widgets.input_method import NUMBER, NoImeEdit
from ui.widgets.keypad import Keypad
from ui.widgets.marks import CHOSEN_MARK, CHOSEN_STYLE, bold_when_checked
from ui.widgets.money import points, yuan

TOUCH = 44
AMOUNT_CHARS = 16  # ¥1,000,000.00, the most of a line, with room for spaces
DEFAULT_CATEGORY = "general"


def category_order(rules: RuleSet) -> list[str]:
    """General goods first, then the highest earn rate first (the default rules file's own order:
    general, digital, vehicle, excluded); the store hands categories back sorted by name."""
    return sorted(rules.categories, key=lambda name: (name != DEFAULT_CATEGORY, -rules.categories[name], name))


class CategoryButton(widgets.QPushButton):
    """A category's button: a label longer than the button's share of a 1024-pixel screen is shortened with "…"
    (all of it in the tooltip); it never makes the window wider."""

    def __init__(self, text: str, parent: widgets.QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(widgets.QSizePolicy.Policy.Preferred, widgets.QSizePolicy.Policy.Fixed)
        self.setCheckable(True)
        self.setStyleSheet(CHOSEN_STYLE)
        bold_when_checked(self)
        self.toggled.connect(lambda _: self._tip())

    def option(self) -> widgets.QStyleOptionButton:
        option = widgets.QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def label(self) -> str:
        return self.text().replace("&&", "&")

    def marked_label(self) -> str:
        """The label, with a tick in front while the category is the chosen one."""
        return (CHOSEN_MARK if self.isChecked() else "") + self.label()

    def shown_text(self) -> str:
        room = self.style().subElementRect(widgets.QStyle.SubElement.SE_PushButtonContents, self.option(), self)
        return self.fontMetrics().elidedText(self.marked_label(), core.Qt.TextElideMode.ElideRight, room.width())

    def sizeHint(self) -> core.QSize:
        return core.QSize(TOUCH * 4, super().sizeHint().height())  # the same for every category: columns alike

    def minimumSizeHint(self) -> core.QSize:  # (QPushButton's own is its sizeHint)
        return core.QSize(TOUCH * 2, widgets.QPushButton.sizeHint(self).height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self._tip()

    def resizeEvent(self, event: gui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._tip()

    def _tip(self) -> None:
        self.setToolTip(self.label() if self.shown_text() != self.marked_label() else "")

    def paintEvent(self, event: gui.QPaintEvent) -> None:
        painter = widgets.QStylePainter(self)
        option = self.option()
        option.text = self.shown_text().replace("&", "&&")
        painter.drawControl(widgets.QStyle.ControlElement.CE_PushButton, option)
        painter.end()


class LinesTable(widgets.QTableWidget):
    """The sale's lines: never narrower than its amounts and points (the category gives way, cut with "…"), and
    taller sales scroll up and down, so that the table never needs a sideways scroll bar however big the text."""

    def minimumSizeHint(self) -> core.QSize:
        header = self.horizontalHeader()
        money = sum(max(self.sizeHintForColumn(column), header.sectionSizeHint(column)) for column in (1, 2))
        width = (2 * self.frameWidth() + self.verticalHeader().sizeHint().width() + money
                 + header.minimumSectionSize() + self.verticalScrollBar().sizeHint().width())
        return core.QSize(width, super().minimumSizeHint().height())


class AmountEdit(NoImeEdit):
    category_step = core.Signal(int)
    remove_last = core.Signal()

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        key = event.key()
        if key in (core.Qt.Key.Key_Up, core.Qt.Key.Key_Down):
            self.category_step.emit(-1 if key == core.Qt.Key.Key_Up else 1)
            return
        if key == core.Qt.Key.Key_Delete and not self.text():
            self.remove_last.emit()
            return
        super().keyPressEvent(event)


class LinesPanel(widgets.QWidget):
    add_requested = core.Signal(str, str)  # category, the amount as typed
    remove_requested = core.Signal(int)  # the line's index

    def __init__(self, rules: RuleSet, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories: list[str] = []
        self.labels: dict[str, str] = {}
        self.category_buttons = widgets.QButtonGroup(self)
        self.category_grid = widgets.QGridLayout()
        self.table = LinesTable(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Category"), self.tr("Amount"), self.tr("Points")])
        self.table.setAccessibleName(self.tr("Lines of the sale"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, widgets.QHeaderView.ResizeMode.Stretch)
        header.setTextElideMode(core.Qt.TextElideMode.ElideRight)  # "Categ…" in a narrow column, not "ategor"
        for money in (1, 2):  # the amount and the points are never cut short; the category gives way
            header.setSectionResizeMode(money, widgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH)
        self.table.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(widgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(widgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.amount = AmountEdit(NUMBER)
        self.amount.setObjectName("amount")
        self.amount.setAccessibleName(self.tr("Amount in yuan"))
        self.amount.setMinimumHeight(TOUCH + 8)
        self.amount.setMaxLength(AMOUNT_CHARS)
        self.amount.returnPressed.connect(self.submit)
        self.amount.category_step.connect(self.step_category)
        self.amount.remove_last.connect(self._remove_chosen)
        self.category_buttons.idClicked.connect(lambda _: self.amount.setFocus())
        self.category_buttons.idToggled.connect(self._category_toggled)
        add = widgets.QPushButton(self.tr("Add line"))
        add.setMinimumSize(TOUCH * 2, TOUCH + 8)
        add.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
        add.clicked.connect(self.submit)
        entry = widgets.QHBoxLayout()
        entry.addWidget(self.amount, 1)
        entry.addWidget(add)
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.category_grid)
        column.addWidget(self.table, 1)
        column.addLayout(entry)
        self.keypad = Keypad(self.amount, self.submit, decimal=True)  # the screen places it: see CheckoutScreen._lay_out
        self.show_categories(rules)

    def show_categories(self, rules: RuleSet) -> None:
        """A button per category of ``rules``; the category chosen stays chosen while it exists."""
        names = category_order(rules)
        self.labels = rules.category_labels
        if names == self.categories:  # the same categories; a label may have changed
            for index, name in enumerate(names):
                self.category_buttons.button(index).setText(self.button_text(name))
            self._name_category()
            return
        chosen = self.category if self.categories else DEFAULT_CATEGORY
        for button in self.category_buttons.buttons():
            self.category_buttons.removeButton(button)
            button.deleteLater()
        self.categories = names
        columns = 2 if len(names) <= 4 else 3  # in rows, so that long names fit a 1024-pixel screen
        for index, name in enumerate(names):
            button = CategoryButton(self.button_text(name))
            button.setMinimumHeight(TOUCH)
            button.setFocusPolicy(core.Qt.FocusPolicy.NoFocus)
            self.category_buttons.addButton(button, index)
            self.category_grid.addWidget(button, index // columns, index % columns)
        self.choose_category(names.index(chosen) if chosen in names else 0)

    def category_label(self, name: str) -> str:
        """A merchant's own categories by the labels the rules give them, in English too."""
        return shown_category_name("zh" if prefers_chinese() else "en", name, self.labels.get(name))

    def button_text(self, name: str) -> str:
        return self.category_label(name).replace("&", "&&")  # "&" is not a shortcut here

    @property
    def category(self) -> str:
        return self.categories[max(0, self.category_buttons.checkedId())]

    def choose_category(self, index: int) -> None:
        button = self.category_buttons.button(index)
        if button is not None:
            button.setChecked(True)

    def _category_toggled(self, _: int, checked: bool) -> None:
        if checked:
            self._name_category()

    def _name_category(self) -> None:
        """The amount field names the category its amount goes into: the wrong one earns the wrong points."""
        self.amount.setPlaceholderText(self.tr("Amount — %1")
                                       .replace("%1", self.category_label(self.category)))

    def step_category(self, step: int) -> None:
        self.choose_category((self.category_buttons.checkedId() + step) % len(self.categories))

    def submit(self) -> None:
        if self.amount.text().strip():
            self.add_requested.emit(self.category, self.amount.text())

    def show_lines(self, lines: Sequence[SaleLine], line_points: Sequence[int | None]) -> None:
        self.table.setRowCount(len(lines))
        for row, (line, earned) in enumerate(zip(lines, line_points, strict=True)):
            amount = widgets.QTableWidgetItem(yuan(line.amount_fen))
            amount.setTextAlignment(core.Qt.AlignmentFlag.AlignRight | core.Qt.AlignmentFlag.AlignVCenter)
            earn = widgets.QTableWidgetItem("" if earned is None else points(earned))
            earn.setTextAlignment(core.Qt.AlignmentFlag.AlignRight | core.Qt.AlignmentFlag.AlignVCenter)
            label = self.category_label(line.category)
            category = widgets.QTableWidgetItem(label)
            category.setToolTip(label)  # a long label is cut with "…" in its column
            self.table.setItem(row, 0, category)
            self.table.setItem(row, 1, amount)
            self.table.setItem(row, 2, earn)
        self.table.updateGeometry()  # wider amounts widen its least size
        if lines:
            self.table.scrollToBottom()

    def _remove_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0].row() if rows else self.table.rowCount() - 1
        if index >= 0:
            self.remove_requested.emit(index)
            self.table.clearSelection()

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if event.key() == core.Qt.Key.Key_Delete and self.table.hasFocus():
            self._remove_chosen()
            self.amount.setFocus()
            return
        super().keyPressEvent(event)
