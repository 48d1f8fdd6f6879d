"""The dashboard's first page: the period's figures in large type, and how syncing is going."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sync.client import MerchantReport
from sync.relay import SyncStatus
from terminal.lang import say
from terminal.ledger_link import SharedPhoneNote, shared_phone_words
from terminal.rules import RuleSet
from ui import sync_words
from ui.qt import core, widgets
from ui.screens.dashboard_data import Figures
from ui.screens.dashboard_tables import merchant_totals, money, with_mall_points
from ui.screens.settings_widgets import touch_button
from ui.widgets.echo import plain

COLUMNS = 4
NOTE = re.compile(r"\s*(?=[（(])")  # so that a Chinese heading never breaks inside a word: 钱箱现金/（含礼品加价…）


def _when(instant: str | None, tz: ZoneInfo) -> str | None:
    if not instant:
        return None
    return datetime.fromisoformat(instant).astimezone(tz).strftime("%Y-%m-%d %H:%M")


class DashboardOverview(widgets.QWidget):
    def __init__(self, tz: ZoneInfo, terminal: str = "", parent: widgets.QWidget | None = None) -> None:
        """``terminal``: this terminal's id, which the title of its own figures names."""
        super().__init__(parent)
        self.terminal = terminal
        self.figures: dict[str, widgets.QLabel] = {}
        self.headings: dict[str, widgets.QLabel] = {}
        self.merchant_figures: dict[str, widgets.QLabel] = {}  # every store's, from the ledger
        self.merchant_headings: dict[str, widgets.QLabel] = {}
        grid = widgets.QGridLayout()
        top = 0
        for group in self._groups():  # each on rows of its own, its last figure to the end of its row
            for i, (field, name) in enumerate(group):
                row, column = top + i // COLUMNS, i % COLUMNS
                grid.addLayout(self._cell(field, name), row, column, 1, COLUMNS - column if i == len(group) - 1 else 1)
            top += -(-len(group) // COLUMNS)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self.own = widgets.QGroupBox(self._own_title(False))  # whose every figure in it is
        self.own.setLayout(grid)
        self.merchant = self._merchant_box()
        self.health = SyncHealth(tz)
        page = widgets.QVBoxLayout(self)
        page.addWidget(self.own)
        page.addWidget(self.merchant)
        page.addWidget(self.health)
        page.addStretch()

    def _groups(self) -> list[list[tuple[str, str]]]:
        """Money, points in the order they add up (at the start, plus, less, at the end), members."""
        return [
            [("gross_fen", self.tr("Gross sales")), ("sales", self.tr("Sales")),
             ("cash_fen", self.tr("Cash")), ("card_fen", self.tr("Card")),
             ("drawer_cash_fen", self.tr("Cash in drawer (with gift top-ups, less refunded in cash)")),
             ("points_paid_fen", self.tr("Paid with points")), ("refunds_fen", self.tr("Refunded"))],
            [("liability_start", self._outstanding_headings(False)["liability_start"]),
             ("points_earned", self.tr("Points earned")), ("points_bonus", self.tr("Bonus points")),
             ("points_restored", self.tr("Points restored")), ("points_adjusted", self.tr("Points adjusted")),
             ("points_redeemed", self.tr("Points redeemed")),
             ("points_reversed", self.tr("Points taken back")), ("points_expired", self.tr("Points expired")),
             ("mall_points", self.tr("Points spent in the mall (gifts, coupons, codes)")),
             ("liability_points", self._outstanding_headings(False)["liability_points"])],
            [("members_served", self.tr("Members served")), ("new_members", self.tr("New members"))],
        ]

    def _cell(self, field: str, name: str, merchant: bool = False) -> widgets.QVBoxLayout:
        value = widgets.QLabel("—")
        value.setObjectName("big")
        value.setTextInteractionFlags(core.Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = widgets.QLabel(NOTE.sub("\n", name, count=1))  # what is in brackets on a line of its own
        heading.setWordWrap(True)
        value.setAccessibleName(name)  # a screen reader says what the figure is, not only "—" or "1,234"
        (self.merchant_figures if merchant else self.figures)[field] = value
        (self.merchant_headings if merchant else self.headings)[field] = heading
        cell = widgets.QVBoxLayout()
        cell.addWidget(heading)
        cell.addStretch()  # the figures of a row in line, under headings of one line or two
        cell.addWidget(value)
        return cell

    def _own_title(self, linked: bool) -> str:
        """Linked to a ledger, this terminal's figures are a part of the business's, which the box below has."""
        if linked:
            return self.tr("This terminal (%1) only: the whole business is under All stores below and on the "
                           "Per terminal tab").replace("%1", self.terminal)
        return self.tr("This terminal (%1)").replace("%1", self.terminal)

    def _merchant_box(self) -> widgets.QGroupBox:
        """The whole merchant's sales and points, every store's, as the ledger has them: beside this terminal's."""
        box = widgets.QGroupBox(self.tr("All stores (the whole business, as the ledger has them)"))
        money, points = widgets.QHBoxLayout(), widgets.QHBoxLayout()
        for field, name in (("gross_fen", self.tr("Gross sales (all stores)")),
                            ("cash_fen", self.tr("Cash (all stores)")), ("card_fen", self.tr("Card (all stores)"))):
            money.addLayout(self._cell(field, name, merchant=True), 1)
        for field, name in (("liability_points", self.tr("Points outstanding at the end (all stores: what members "
                                                         "hold)")),
                            ("points_expired", self.tr("Points expired (all stores)"))):
            points.addLayout(self._cell(field, name, merchant=True), 1)
        self.merchant_note = widgets.QLabel()
        self.merchant_note.setWordWrap(True)
        plain(self.merchant_note)
        column = widgets.QVBoxLayout(box)
        column.addLayout(money)
        column.addLayout(points)
        column.addWidget(self.merchant_note)
        box.setVisible(False)  # shown for a terminal linked to a ledger
        return box

    def _outstanding_headings(self, linked: bool) -> dict[str, str]:
        """Linked to a ledger, the points outstanding are this terminal's running net (every point given or given back
        here less every one used, taken or expired here, below zero where members spend points earned elsewhere), not
        what members hold."""
        if linked:
            return {"liability_start": self.tr("Net points at the start (this terminal's)"),
                    "liability_points": self.tr("Net points at the end (this terminal's: given or given back here "
                                                "less used, taken or expired here)")}
        return {"liability_start": self.tr("Points outstanding at the start"),
                "liability_points": self.tr("Points outstanding at the end (what members hold)")}

    def show_figures(self, figures: Figures, rules: RuleSet, linked: bool = False) -> None:
        """``linked``: the terminal is linked to a ledger."""
        self.own.setTitle(self._own_title(linked))
        for field, name in self._outstanding_headings(linked).items():
            self.headings[field].setText(NOTE.sub("\n", name, count=1))
            self.figures[field].setAccessibleName(name)
        totals = {**with_mall_points(figures.totals), "liability_points": figures.liability_points}
        for field, label in self.figures.items():
            value = int(totals[field])
            label.setText(money(value) if field.endswith("_fen") else f"{value:,}")
        self.figures["liability_points"].setText(self._points_worth(figures.liability_points, rules))

    def _points_worth(self, points: int, rules: RuleSet) -> str:
        return self.tr("%1 points (worth %2)", "", points).replace("%1", f"{points:,}").replace(
            "%2", money(points * 100 // rules.points_per_yuan))

    def clear_merchant(self) -> None:
        """While the ledger is asked for another period: not the last period's figures."""
        for label in self.merchant_figures.values():
            label.setText("—")

    def show_merchant(self, report: MerchantReport | None, rules: RuleSet, note: str = "") -> None:
        """The merchant's sales and points from the ledger's ``report``; without it, ``note`` says why they are not shown.
        Neither (a standalone terminal): none shown."""
        self.merchant.setVisible(report is not None or bool(note))
        if report is None:
            self.clear_merchant()
        else:
            shown = self.merchant_figures
            for field, fen in merchant_totals(report, ("gross_fen", "cash_fen", "card_fen")).items():
                shown[field].setText(money(fen))
            shown["liability_points"].setText(self._points_worth(report.liability_points, rules))
            shown["points_expired"].setText(f"{report.points_expired:,}")
        self.merchant_note.setText(note)
        self.merchant_note.setVisible(bool(note))

    def show_sync(self, status: SyncStatus | None) -> None:
        self.health.show_sync(status)


class SyncHealth(widgets.QGroupBox):
    """Online, offline, refused by the ledger or stopped (the status bar's words), entries waiting, the last success
    and the last problem; and the phones the ledger holds two members under, until the owner or manager looking says
    Noted (``seen``: the ledger's other members)."""

    seen = core.Signal(list)

    def __init__(self, tz: ZoneInfo, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._shared: list[str] = []
        self.setTitle(self.tr("Sync with the ledger"))
        self.state, self.pending, self.success, self.error, self.shared = (widgets.QLabel() for _ in range(5))
        plain(self.state, self.error, self.shared)
        for label in (self.state, self.error, self.shared):
            label.setWordWrap(True)
        self.noted = touch_button(self.tr("Noted"), lambda: self.seen.emit(self._shared))
        self._shared_row = widgets.QVBoxLayout()
        self._shared_row.addWidget(self.shared)
        self._shared_row.addWidget(self.noted, 0, core.Qt.AlignmentFlag.AlignLeft)
        self.form = widgets.QFormLayout(self)
        self.form.addRow(self.tr("State"), self.state)
        self.form.addRow(self.tr("Entries waiting to be sent"), self.pending)
        self.form.addRow(self.tr("Last successful sync"), self.success)
        self.form.addRow(self.tr("Last problem"), self.error)
        self.form.addRow(self.tr("Phones with two members"), self._shared_row)
        self.show_sync(None)

    def show_sync(self, status: SyncStatus | None) -> None:
        self._show_shared(status.shared_phones if status else ())
        if status is None:
            self.state.setText(self.tr("Standalone: this terminal keeps its own books (no ledger)"))
            for label in (self.pending, self.success, self.error):
                label.setText("—")
            return
        self.state.setText(f"{self._state(status)} · {status.url}")
        self.pending.setText(f"{status.pending:,}")
        self.success.setText(_when(status.last_success, self._tz) or self.tr("never"))
        self.error.setText(status.last_error or self.tr("none"))

    def _state(self, status: SyncStatus) -> str:
        """As the status bar says it: a ledger that answered, or a broken journal, is not offline."""
        if status.journal_broken_at is not None:
            return sync_words.broken(status.journal_broken_at)
        if status.online:
            return self.tr("Online")
        return sync_words.answered(status) or self.tr("Offline — sales go on; entries wait and are sent later")

    def _show_shared(self, shared: tuple[SharedPhoneNote, ...]) -> None:
        """In the app's language, as `jifen sync` says them."""
        self._shared = [note.other for note in shared]
        self.shared.setText("\n".join(say(*shared_phone_words(*each)) for each in shared))
        self.form.setRowVisible(self._shared_row, bool(shared))
