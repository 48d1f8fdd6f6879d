"""Totals as the shift close and the Z record count them (``terminal.totals``), laid out for the
counter: money first, then points, then members."""

from typing import Any

from printing.words import money
from terminal.totals import worth_showing
from ui.qt import core, widgets

MONEY, COUNT, GIVEN = "money", "count", "given"
GAP = 48  # px between the left column's amounts and the right column's labels, the divider in the middle


class TotalsView(widgets.QWidget):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        # field, kind, label: terminal.report_words's names, as the command line and the paper say them
        self._rows: list[tuple[str, str, str]] = [
            ("sales", COUNT, self.tr("Sales")),
            ("gross_fen", MONEY, self.tr("Gross sales")),
            ("cash_fen", MONEY, self.tr("Cash")),
            ("card_fen", MONEY, self.tr("Card")),
            ("points_paid_fen", MONEY, self.tr("Paid with points")),
            ("refunds", COUNT, self.tr("Refunds")),
            ("refunds_fen", MONEY, self.tr("Refunded")),
            ("refund_cash_fen", MONEY, self.tr("Refunded in cash")),
            ("refund_card_fen", MONEY, self.tr("Refunded to card")),
            ("topup_cash_fen", MONEY, self.tr("Gift top-ups, cash")),
            ("topup_card_fen", MONEY, self.tr("Gift top-ups, card")),
            ("drawer_cash_fen", MONEY, self.tr("Cash in drawer (with gift top-ups, less refunded in cash)")),
            ("points_earned", COUNT, self.tr("Points earned")),
            ("sales_given_member", GIVEN, self.tr("Points given to paid sales")),
            ("points_bonus", COUNT, self.tr("Bonus points")),
            ("points_redeemed", COUNT, self.tr("Points redeemed")),
            ("points_restored", COUNT, self.tr("Points restored")),
            ("points_reversed", COUNT, self.tr("Points taken back")),
            ("points_adjusted", COUNT, self.tr("Points adjusted")),
            ("points_expired", COUNT, self.tr("Points expired")),
            ("liability_points", COUNT, self.tr("Points outstanding")),
            ("new_members", COUNT, self.tr("New members")),
            ("members_served", COUNT, self.tr("Members served")),
        ]
        self.values: dict[str, widgets.QLabel] = {}
        self._labels: dict[str, widgets.QLabel] = {}
        grid = widgets.QGridLayout(self)
        half = (len(self._rows) + 1) // 2
        for index, (name, _kind, label) in enumerate(self._rows):
            column, row = divmod(index, half)
            caption, value = widgets.QLabel(label), widgets.QLabel()
            value.setAlignment(core.Qt.AlignmentFlag.AlignRight | core.Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(caption, row, column * 3)
            grid.addWidget(value, row, column * 3 + 1)
            self._labels[name], self.values[name] = caption, value
        divider = widgets.QFrame()  # between the columns: a left amount is not read as the right column's row
        divider.setFrameShape(widgets.QFrame.Shape.VLine)
        divider.setFrameShadow(widgets.QFrame.Shadow.Sunken)
        grid.addWidget(divider, 0, 2, half, 1, core.Qt.AlignmentFlag.AlignHCenter)
        grid.setColumnMinimumWidth(2, GAP)

    def show_totals(self, totals: dict[str, Any], linked: bool = False) -> None:
        """``linked``: the terminal is linked to a ledger, where the points outstanding are its own running net (every
        point given or given back here less every one used, taken or expired here, below zero where members spend
        points earned elsewhere)."""
        self._labels["liability_points"].setText(
            self.tr("This terminal's net points (given or given back here less used, taken or expired here)") if linked
            else self.tr("Points outstanding"))
        data = worth_showing(totals)  # a shop without the mall sees no top-up rows
        for name, kind, _label in self._rows:
            present = name in data and (kind != GIVEN or bool(data[name]))  # no 补积分 row of zeros
            self._labels[name].setVisible(present)
            self.values[name].setVisible(present)
            if present:
                self.values[name].setText(self._figure(kind, name, data))

    def _figure(self, kind: str, name: str, data: dict[str, Any]) -> str:
        value = int(data[name])
        if kind == GIVEN:  # how many paid sales were given their member afterwards (补积分), and their points
            points = int(data.get("points_given_later", 0))
            sales = self.tr("%1 sales", "", value).replace("%1", f"{value:,}")
            return self.tr("%1, %2 points", "", abs(points)).replace("%1", sales).replace("%2", f"{points:+,}")
        return money(value) if kind == MONEY else f"{value:,}"

    def text(self, name: str) -> str:
        return self.values[name].text()

    def caption(self, name: str) -> str:
        return self._labels[name].text()
