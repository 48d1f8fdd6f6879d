"""Settings › Ledger: the central ledger's address, this terminal's token and the certificate authority of a
ledger with a private certificate (connected the way `jifen ledger connect` does it), and how syncing is going.
The words for a ledger's problems and the certificate authority field serve the first-run wizard too."""

import re

from sync.protocol import WhoAmI
from sync.link_files import trust_for
from sync.relay import Syncer
from terminal.errors import Refused
from ui.context import AppContext
from ui.qt import core, widgets
from ui.screens.dashboard_overview import SyncHealth
from ui.screens.settings_ledger_link import (
    Identity,
    LedgerProblem,
    ask_to_join,
    plain_http_warning,
    remember_link,
)
from ui.screens.settings_widgets import (
    message_label,
    tall,
    tell,
    touch_button,
)
from ui.widgets.input_method import CODE, NoImeEdit
from ui.widgets.lifetime import Lifetime

URL_EXAMPLE = "https://ledger.example.com"
_LOWER_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*[,:;]?")


def sentence(words: str) -> str:
    """``words`` (the link's, in the middle of a sentence) to begin one: a first lower-case word capitalised,
    never an address or a name ("http://…", "localhost:8000") nor Chinese."""
    first = words.split(maxsplit=1)[0] if words.strip() else ""
    return words[:1].upper() + words[1:] if _LOWER_WORD.fullmatch(first) else words


class LedgerWords(core.QObject):
    """What went wrong with a ledger, and what to do next, in the owner's words."""

    def problem(self, problem: Refused, expected: Identity | None = None) -> str:
        if not isinstance(problem, LedgerProblem):
            return problem.message
        kind, detail = problem.kind, problem.detail
        if kind == "bad_url":
            return self.tr("“%1” is not a ledger address. Type it like %2.").replace("%1", detail).replace("%2", URL_EXAMPLE)
        if kind == "no_token":
            return self.tr("Paste this terminal's token from the ledger's owner.")
        if kind == "offline":
            return self.tr("%1. Check the address and the network, then try again. Sales go on meanwhile.") \
                .replace("%1", sentence(detail))  # the link's own words: why it is down
        if kind == "untrusted":
            return self.tr("The ledger's certificate cannot be trusted (%1). If the ledger has a private certificate, "
                           "choose its certificate authority file in the Certificate authority field (ask whoever set "
                           "up the ledger for it); otherwise check the address.").replace("%1", detail)
        if kind == "tls":
            return self.tr("%1. Nothing was connected.").replace("%1", sentence(detail))
        if kind == "gifts_left":
            return self.tr("This shop's own gifts (%1) are not in the ledger's catalog, and the first sync replaces the "
                           "catalog here with the ledger's. Add them at the ledger first, or press Connect again to let "
                           "them go.").replace("%1", detail)
        if kind == "other_terminal":
            mine = f"{expected.merchant} / {expected.terminal}" if expected else ""
            return self.tr("This token belongs to %1, not to this terminal (%2). Ask the ledger's owner for this "
                           "terminal's token.").replace("%1", detail).replace("%2", mine)
        if kind == "other_zone":
            return self.tr("This store's time zone is %1, but the ledger keeps this business in %2, so the two would "
                           "put sales on different days. A time zone is set when the store or the business is created: "
                           "ask the ledger's owner to set this business up in %1.") \
                .replace("%1", expected.timezone if expected else "").replace("%2", detail)
        if kind == "bad_ca":
            return self.tr("“%1” is not a certificate authority file (a .pem file that begins with -----BEGIN "
                           "CERTIFICATE-----). Choose the file the ledger's owner gave you.").replace("%1", detail)
        return self.tr("The ledger refused this token (%1). Check that you copied all of it, or ask the ledger's "
                       "owner for a new one.").replace("%1", detail)


class AuthorityField(widgets.QWidget):
    """The certificate authority file of a ledger with a private certificate, typed or chosen; empty: the
    system's, or the one kept for this ledger."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = tall(widgets.QLineEdit())
        self.browse = touch_button(self.tr("C&hoose…"), self._browse)
        self.show_kept(False)
        row = widgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        self.setFocusProxy(self.edit)

    def path(self) -> str:
        return self.edit.text().strip()

    def show_kept(self, kept: bool) -> None:
        self.edit.setPlaceholderText(
            self.tr("A certificate authority is kept for this ledger: choose a file only to replace it") if kept
            else self.tr("Only if the ledger's owner gave you one (a .pem file)"))

    def point_at(self) -> None:
        """After a certificate the ledger's authority did not match, or a file that is not one."""
        self.edit.setFocus()
        self.edit.selectAll()

    def _browse(self) -> None:
        path, _ = widgets.QFileDialog.getOpenFileName(self, self.tr("The ledger's certificate authority"), "",
                                                      self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.edit.setText(path)


class LedgerPage(widgets.QWidget):
    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self.words = LedgerWords(self)
        self.url = tall(NoImeEdit(CODE))
        self.url.setPlaceholderText(URL_EXAMPLE)
        self.token = tall(NoImeEdit(CODE))
        self.token.setEchoMode(widgets.QLineEdit.EchoMode.Password)
        self.token.setPlaceholderText(self.tr("jt_… (from the ledger's owner)"))
        self.ca = AuthorityField()
        for edit in (self.url, self.token, self.ca.edit):
            edit.returnPressed.connect(self.connect_ledger)
        self.connect_button = touch_button(self.tr("C&onnect"), self.connect_ledger)
        self.refresh_button = touch_button(self.tr("Re&fresh the sync state"), self.refresh)
        self.message = message_label()
        self.health = SyncHealth(ctx.till.shop.tz)
        self._gifts_may_go: tuple[str, str] | None = None  # (url, token) the owner pressed Connect again for
        form = widgets.QFormLayout()
        form.addRow(self.tr("Ledger address"), self.url)
        form.addRow(self.tr("This terminal's token"), self.token)
        form.addRow(self.tr("Certificate authority"), self.ca)
        buttons = widgets.QHBoxLayout()
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch()
        column = widgets.QVBoxLayout(self)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.health)
        column.addStretch()
        if ctx.syncer is not None:
            self.url.setText(ctx.syncer.client.url)
        ctx.bus.sync.connect(self._life.guard(self.health.show_sync))
        self.health.seen.connect(ctx.phones_noted)

    def entered(self) -> None:
        self.refresh()
        (self.token if self.url.text() else self.url).setFocus()

    @property
    def identity(self) -> Identity:
        shop = self.ctx.till.shop
        return Identity(shop.merchant, shop.terminal_id, shop.tz.key)

    def refresh(self) -> None:
        if self.ctx.syncer is None:
            self.health.show_sync(None)
            self.ca.show_kept(False)
            return
        till = self.ctx.till
        self.ctx.tasks.db(self.ctx.syncer.status, self._life.guard(self.health.show_sync))
        self.ctx.tasks.io(lambda: trust_for(till) is not True, self._life.guard(self.ca.show_kept))

    def connect_ledger(self) -> None:
        url, token, identity = self.url.text(), self.token.text(), self.identity
        if not url.strip():
            tell(self.message, self.tr("Type the ledger's address first."), True)
            self.url.setFocus()
            return
        if not token.strip():
            tell(self.message, self.words.problem(LedgerProblem("no_token")), True)
            self.token.setFocus()
            return

        till, ca, gifts_may_go = self.ctx.till, self.ca.path(), self._gifts_may_go == (url.strip(), token.strip())

        def ask() -> tuple[WhoAmI, bytes | None]:
            return ask_to_join(till, url, token, ca, identity, gifts_may_go)

        self.connect_button.setEnabled(False)
        tell(self.message, self.tr("Asking the ledger…"))
        self.ctx.tasks.io(ask, self._life.guard(lambda answer: self._confirmed(answer, url, token)),
                          self._life.guard(lambda problem: self._refused(problem, url)))

    def _confirmed(self, answer: tuple[WhoAmI, bytes | None], url: str, token: str) -> None:
        (me, pem), till = answer, self.ctx.till
        self.ctx.tasks.db(lambda: remember_link(till, url, token, pem), self._life.guard(lambda s: self._connected(s, me)),
                          self._life.guard(lambda problem: self._refused(problem, url)))

    def _connected(self, syncer: Syncer, me: WhoAmI) -> None:
        if self.ctx.syncer is None:
            self.ctx.syncer = syncer
            self.ctx.start_sync()
        else:  # the sync thread already running takes the new address and token at its next round
            self.ctx.syncer.client = syncer.client
        self.connect_button.setEnabled(True)
        self.token.clear()
        self.ca.edit.clear()
        self.url.setText(syncer.client.url)
        connected = self.tr("Connected to the ledger as %1 / %2 / %3. Entries are sent in the background.") \
            .replace("%1", me.merchant).replace("%2", me.store).replace("%3", me.terminal)
        warning = plain_http_warning(syncer.client.url)
        tell(self.message, connected if warning is None else f"{connected}\n{warning}", warning is not None)
        self.refresh()

    def _refused(self, problem: Refused, url: str) -> None:
        self.connect_button.setEnabled(True)
        tell(self.message, self.words.problem(problem, self.identity), True)
        kind = problem.kind if isinstance(problem, LedgerProblem) else None
        if kind == "gifts_left":
            self._gifts_may_go = (url.strip(), self.token.text().strip())
            self.connect_button.setFocus()
            return
        if kind in ("untrusted", "bad_ca"):
            self.ca.point_at()
            return
        target = self.url if kind in ("bad_url", "offline", "tls") else self.token
        target.setFocus()
        target.selectAll()
