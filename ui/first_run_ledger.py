"""The first-run wizard's last pages: the ledger (optional, checked with the ledger before going
on, with the certificate authority of a ledger with a private certificate if there is one), and the
summary, where Finish creates the store in the background; under it, in the problem colour, the warning of
`jifen ledger connect` for a ledger on another machine over plain http://."""

from collections.abc import Callable
from typing import Any

from sync.protocol import WhoAmI
from sync.relay import refuse_another_store
from terminal.errors import Refused
from terminal.home import Home
from ui.first_run_create import Choices, create_store
from ui.first_run_pages import CheckedPage
from ui.qt import widgets
from ui.screens.settings_ledger import URL_EXAMPLE, AuthorityField, LedgerWords
from ui.screens.settings_ledger_link import (
    LedgerProblem,
    ask_ledger,
    check_zone,
    plain_http_warning,
    read_authority,
)
from ui.screens.settings_widgets import message_label, tall, tell
from ui.tasks import Tasks
from ui.widgets.echo import plain
from ui.widgets.input_method import CODE, NoImeEdit

Joined = tuple[WhoAmI, bytes | None]  # the ledger's answer, and the certificate authority to keep


def ask_for_till(url: str, token: str, ca: str, terminal: str, zone: str) -> Joined:
    """The ledger's answer for this till's token, refused for another till, a till whose journal the ledger
    already holds (the store made here would be another under its number: `jifen ledger connect` refuses it
    too), or a merchant in another time zone than ``zone``; ``ca``: a certificate authority file to trust, read
    to be kept (empty: the system's)."""
    pem = read_authority(ca) if ca else None
    me = ask_ledger(url, token, ca or True, at=1)
    if me.terminal != terminal:
        raise LedgerProblem("other_terminal", f"{me.merchant} / {me.terminal}")
    refuse_another_store(me, 1, None, terminal)  # the store is not made yet: its first entry will be its own
    check_zone(me, zone)
    return me, pem


class LedgerSetupPage(CheckedPage):
    def __init__(self, tasks: Tasks, choices: Choices, parent: widgets.QWidget | None = None) -> None:
        super().__init__(tasks, choices, parent)
        self.setTitle(self.tr("The central ledger (optional)"))
        self.setSubTitle(self.tr("If your business runs a ledger for all its stores, type its address and this "
                                 "till's token. Otherwise leave both empty and press Next."))
        self.words = LedgerWords(self)
        self.url = tall(NoImeEdit(CODE))
        self.url.setPlaceholderText(URL_EXAMPLE)
        self.token = tall(NoImeEdit(CODE))
        self.token.setEchoMode(widgets.QLineEdit.EchoMode.Password)
        self.ca = AuthorityField()
        form = widgets.QFormLayout(self)
        form.addRow(self.tr("Ledger address"), self.url)
        form.addRow(self.tr("This till's token"), self.token)
        form.addRow(self.tr("Certificate authority"), self.ca)
        form.addRow(self.message)

    def first_field(self) -> widgets.QWidget:
        return self.url

    def problem(self) -> str | None:
        url, token = self.url.text().strip(), self.token.text().strip()
        if url and not token:
            self.token.setFocus()
            return self.words.problem(LedgerProblem("no_token"))
        if token and not url:
            self.url.setFocus()
            return self.tr("Type the ledger's address too, or clear the token.")
        return None

    def background(self) -> Callable[[], Joined] | None:
        url, token, ca = self.url.text().strip(), self.token.text().strip(), self.ca.path()
        if not url:
            return None
        terminal, zone = self.choices.terminal_id, self.choices.timezone
        return lambda: ask_for_till(url, token, ca, terminal, zone)

    def take(self, result: Any) -> None:
        if result is None:
            self.choices.ledger_url = self.choices.ledger_token = self.choices.ledger_ca = None
            self.choices.merchant = "local"
            return
        me, self.choices.ledger_ca = result
        self.choices.ledger_url, self.choices.ledger_token = self.url.text().strip(), self.token.text().strip()
        self.choices.merchant = me.merchant

    def failed(self, problem: Refused) -> str:
        kind, detail = (problem.kind, problem.detail) if isinstance(problem, LedgerProblem) else (None, "")
        if kind == "other_terminal":
            return self.tr("This token belongs to %1, not to till %2. Ask the ledger's owner for till %2's token, "
                           "or go Back and change the till number.").replace("%1", detail) \
                .replace("%2", self.choices.terminal_id)
        if kind == "other_zone":
            return self.tr("The ledger keeps this business in time zone %1, but you chose %2 for this store, so the two "
                           "would put sales on different days. Go Back and choose %1, or ask the ledger's owner.") \
                .replace("%1", detail).replace("%2", self.choices.timezone)
        if kind in ("untrusted", "bad_ca"):
            self.ca.point_at()
            return self.words.problem(problem)
        if problem.code == "already_exists":
            return self.tr("%1. To use a new till number, go Back to the first page and change it there.") \
                .replace("%1", problem.message)
        field = self.url if kind in ("bad_url", "offline", "tls") else self.token
        field.setFocus()
        field.selectAll()
        return self.words.problem(problem)


class ReadyPage(CheckedPage):
    on_database_worker = True

    def __init__(self, home: Home, tasks: Tasks, choices: Choices, parent: widgets.QWidget | None = None) -> None:
        super().__init__(tasks, choices, parent)
        self.home = home
        self.setTitle(self.tr("Ready"))
        self.setSubTitle(self.tr("Press Finish to create the store. Nothing is saved until then."))
        self.summary = widgets.QLabel()
        self.summary.setWordWrap(True)
        plain(self.summary)
        self.warning = message_label()  # a ledger on another machine over plain http://, under the summary
        plain(self.warning)
        self.warning.hide()
        column = widgets.QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.warning)
        column.addWidget(self.message)
        column.addStretch()

    def initializePage(self) -> None:
        c = self.choices
        none = self.tr("none")
        lines = [
            self.tr("Store: %1, till %2, time zone %3").replace("%1", c.store).replace("%2", c.terminal_id)
            .replace("%3", c.timezone),
            self.tr("Owner: %1").replace("%1", c.owner),
            self.tr("Printer: %1 (%2)").replace("%1", c.printer_url or none).replace("%2", c.paper),
            self.tr("Camera: %1 (reader %2)").replace("%1", c.camera or none).replace("%2", c.decoder),
            self.tr("Ledger: %1").replace("%1", f"{c.ledger_url} ({c.merchant})" if c.ledger_url else none),
            self.tr("Data folder: %1").replace("%1", str(self.home.root)),
        ]
        self.summary.setText("\n".join(lines))
        warning = plain_http_warning(c.ledger_url) if c.ledger_url else None
        tell(self.warning, warning or "", True)
        self.warning.setVisible(warning is not None)
        self.message.clear()

    def background(self) -> Callable[[], None]:
        home, choices = self.home, self.choices
        return lambda: create_store(home, choices)

    def busy_words(self) -> str:
        return self.tr("Creating the store…")

    def failed(self, problem: Refused) -> str:
        return self.tr("The store was not created: %1. Go Back to change it, then Finish again.") \
            .replace("%1", problem.message)
