"""One member on screen: balance, tier and the way to the next one, next expiry, debt said plainly,
and the history of their sales, refunds and bonuses."""

from printing.words import money, tier_name
from terminal.lang import prefers_chinese, say
from terminal.rules import Tier
from terminal.services.members import MemberView, mask_phone
from ui.qt import core, widgets
from ui.screens.members_data import HistoryItem, MemberPage
from ui.widgets.balance_note import BalanceNote
from ui.widgets.echo import plain

COLUMNS = 5


class MemberPanel(widgets.QWidget):
    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.who = widgets.QLabel()
        self.who.setObjectName("title")
        self.balance = widgets.QLabel()
        self.balance.setObjectName("big")
        self.as_of = BalanceNote()  # the balance as of the last sync with the ledger, when that is a while ago
        self.debt = widgets.QLabel()
        self.debt.setObjectName("problem")
        self.debt.setWordWrap(True)
        self.shared = widgets.QLabel()
        self.shared.setObjectName("problem")
        self.shared.setWordWrap(True)
        self.tier = widgets.QLabel()
        self.tier.setWordWrap(True)
        self.expiry = widgets.QLabel()
        plain(self.who, self.balance, self.debt, self.shared, self.tier, self.expiry)
        self.history = widgets.QTableWidget(0, COLUMNS)
        self.history.setHorizontalHeaderLabels([self.tr("When"), self.tr("What"), self.tr("Money"),
                                                self.tr("Points in"), self.tr("Points out")])
        self.history.setAccessibleName(self.tr("Member's history"))
        self.history.setEditTriggers(widgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(widgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setFocusPolicy(core.Qt.FocusPolicy.ClickFocus)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setSectionResizeMode(1, widgets.QHeaderView.ResizeMode.Stretch)
        layout = widgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.who, self.balance, self.as_of, self.debt, self.shared, self.tier, self.expiry):
            layout.addWidget(label)
        layout.addWidget(widgets.QLabel(self.tr("History (latest first)")))
        layout.addWidget(self.history, 1)

    def show_page(self, page: MemberPage) -> None:
        view = page.view
        name = view.name or self.tr("(no name)")
        self.who.setText(f"{name}  ·  {mask_phone(view.phone)}  ·  {view.id}")
        self.balance.setText(self.tr("Balance: %1 points", "", view.balance).replace("%1", f"{view.balance:,}"))
        self.as_of.show_for(view)
        self.debt.setVisible(view.debt_points > 0)
        self.debt.setText(self.tr("Owes %1 points: a refund took back points the member had already spent. "
                                  "They cannot pay with points until the debt is cleared by new points or an "
                                  "adjustment.", "", view.debt_points).replace("%1", f"{view.debt_points:,}"))
        shared = view.shared_phone_notice  # worded as `jifen member show` says it
        self.shared.setVisible(shared is not None)
        self.shared.setText("" if shared is None else say(*shared))
        self.tier.setText(self._tier_text(view))
        expiry = view.next_expiry
        self.expiry.setText(self.tr("No points waiting to expire") if expiry is None else
                            self.tr("Next expiry: %1 points on %2", "", expiry[0]).replace("%1", f"{expiry[0]:,}")
                            .replace("%2", expiry[1].isoformat()))
        self.history.setRowCount(len(page.history))
        for row, item in enumerate(page.history):
            cells = (item.at.strftime("%Y-%m-%d %H:%M"), self._what(item),
                     "" if item.money_fen is None else money(item.money_fen),
                     f"+{item.points_in:,}" if item.points_in else "",  # earned and paid with apart, as on the receipt
                     f"-{item.points_out:,}" if item.points_out else "")
            for column, text in enumerate(cells):
                cell = widgets.QTableWidgetItem(text)
                if column >= 2:
                    cell.setTextAlignment(core.Qt.AlignmentFlag.AlignRight | core.Qt.AlignmentFlag.AlignVCenter)
                self.history.setItem(row, column, cell)
        self.history.resizeColumnToContents(0)

    def _tier_text(self, view: MemberView) -> str:
        text = self.tr("Tier: %1 · spent %2 in the last 365 days").replace("%1", _tier(view.tier)) \
            .replace("%2", money(view.growth_fen))
        if view.next_tier is None:
            return text + "\n" + self.tr("Top tier")
        needed = max(0, view.next_tier.from_yuan * 100 - view.growth_fen)
        return text + "\n" + self.tr("%1 more to reach %2").replace("%1", money(needed)) \
            .replace("%2", _tier(view.next_tier))

    def _what(self, item: HistoryItem) -> str:
        if item.kind == "sale":
            return self.tr("Sale %1").replace("%1", item.ref or "")
        if item.kind == "sale_member":
            return self._given_after(item)
        if item.kind == "refund":
            return self.tr("Refund %1 of sale %2").replace("%1", item.ref or "").replace("%2", item.note or "")
        if item.kind == "bonus":
            return {"signup": self.tr("Sign-up bonus"), "referral": self.tr("Referral bonus")}.get(
                item.note or "", self.tr("Bonus"))
        if item.kind == "adjust":
            return self.tr("Adjusted: %1").replace("%1", item.note or "")
        if item.kind == "expire":
            return self.tr("Points expired")
        if item.kind == "code_revoke":
            return self.tr("Member codes revoked")
        if item.kind == "code_reinstate":
            return self.tr("Member codes reinstated")
        if item.kind == "member_edit":  # what changed stays out: the new phone is masked everywhere else
            return self.tr("Details changed")
        return self.tr("Registered")


    def _given_after(self, item: HistoryItem) -> str:
        """补积分 with who gave it, and who approved it: points given after the fact are what the owner checks."""
        words = self.tr("Points for sale %1").replace("%1", item.ref or "")
        if item.cashier is not None:
            words += " · " + self.tr("cashier %1").replace("%1", item.cashier)
        if item.approver is not None:
            words += " · " + self.tr("approved by %1").replace("%1", item.approver)
        return words


def _tier(tier: Tier) -> str:
    return tier_name("zh" if prefers_chinese() else "en", tier.name, tier.label)
