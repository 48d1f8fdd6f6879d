"""The status bar: online, offline, refused by the ledger or stopped (the last error in its tooltip), and pending
entries, printer state, camera state — always."""

from sync import clock_skew
from sync.relay import STORE_BUSY, STORE_UNUSABLE, SyncStatus
from ui import sync_words
from ui.context import StatusBus
from ui.qt import core, gui, widgets
from ui.screens.unconfirmed_receipts import LIST_KEY
from ui.widgets.camera_view import Caption

SHORTEST = 96  # pixels: how narrow a label may get, shortened with "…", when the window is narrow


class UnconfirmedReceipts(core.QObject):
    """Today's receipts the printer took but never confirmed: they may be missing from the paper, and nothing
    prints them again unasked. A QObject for its tr(): lupdate reads plural forms only from tr() with a count."""

    def said(self, unconfirmed: int) -> tuple[str, str]:
        """A few words for the bar, and for its tooltip where the cashier sees them (none when there are none)."""
        if not unconfirmed:
            return "", ""
        why = self.tr("The printer never confirmed %n of today's receipts: they may not have printed. Click here or "
                      "press %1 to see them, then print each again (as a copy) or say it printed.", "", unconfirmed)
        return self.tr("%n receipts not confirmed", "", unconfirmed), why.replace("%1", LIST_KEY)


class StatusLabel(Caption):
    """Its whole sentence when there is room, else shortened with "…": a long printer problem does not
    widen the window past a 1024-pixel screen."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(widgets.QSizePolicy.Policy.Preferred, widgets.QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(SHORTEST)

    def say(self, text: str, more: str = "") -> None:
        """``text``; in the tooltip, ``more`` when there is more to say, else all of ``text``."""
        self.setText(text)
        self.setToolTip(more or text)


class PrinterLabel(StatusLabel):
    """The printer's words: a click on them opens the list of today's receipts the printer never confirmed."""

    clicked = core.Signal()

    def mouseReleaseEvent(self, event: gui.QMouseEvent) -> None:
        if event.button() == core.Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class StatusBar(widgets.QStatusBar):
    def __init__(self, bus: StatusBus, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync_label, self.printer_label, self.camera_label = StatusLabel(), PrinterLabel(), StatusLabel()
        for label in (self.sync_label, self.printer_label, self.camera_label):
            self.addPermanentWidget(label)
        self._sync: SyncStatus | None = None
        self._connecting = False
        self._owner_work = False  # an owner or manager is logged in: say what is theirs to sort out
        self._pending = 0
        self._printer, self._printer_more, self._print_waiting, self._unconfirmed = "", "", 0, 0
        bus.sync.connect(self.show_sync)
        bus.connecting.connect(self.show_connecting)
        bus.waiting.connect(self.show_waiting)
        bus.printer.connect(self.show_printer)
        bus.print_waiting.connect(self.show_print_waiting)
        bus.unconfirmed.connect(self.show_unconfirmed)
        bus.camera.connect(self.camera_label.say)
        bus.said.connect(self.showMessage)
        self.show_sync(None)
        self.show_printer(self.tr("Printer: checking…"))
        self.camera_label.say(self.tr("Camera: off"))

    def show_printer(self, words: str, more: str = "") -> None:
        """``words`` on the bar (a few: sync and the queue's count need the room), ``more`` in its tooltip."""
        self._printer, self._printer_more = words, more
        self._show_printer()

    def show_print_waiting(self, count: int) -> None:
        self._print_waiting = count
        self._show_printer()

    def show_unconfirmed(self, count: int) -> None:
        self._unconfirmed = count
        self.printer_label.setCursor(core.Qt.CursorShape.PointingHandCursor if count else core.Qt.CursorShape.ArrowCursor)
        self._show_printer()

    def _show_printer(self) -> None:
        waiting = self.tr("%n waiting to print", "", self._print_waiting) if self._print_waiting else ""
        unconfirmed, why = UnconfirmedReceipts().said(self._unconfirmed)
        words = " · ".join(part for part in (self._printer, unconfirmed, waiting) if part)
        more = "\n".join(part for part in (self._printer_more, why) if part)
        self.printer_label.say(words, more)

    def show_sync(self, status: SyncStatus | None) -> None:
        """What the last sync round found (None: no ledger)."""
        self._sync, self._connecting = status, False
        if status is None or status.failing not in (STORE_BUSY, STORE_UNUSABLE):  # else the count is the last known
            self._pending = status.pending if status else 0
        rules = sync_words.rules_unreadable(status) if status else None
        self.sync_label.setToolTip("\n".join(filter(None, (status.last_error, _clock(status), rules and rules[1])))
                                   if status else "")
        self._show()

    def show_owner_work(self, shown: bool) -> None:
        """Whether the one logged in is an owner or a manager (a cashier is not alarmed with their work)."""
        self._owner_work = shown
        self._show()

    def show_connecting(self) -> None:
        self._connecting = True
        self._show()

    def show_waiting(self, pending: int) -> None:
        self._pending = pending
        self._show()

    def _show(self) -> None:
        status = self._sync
        if self._connecting:
            self.sync_label.setText(self.tr("Connecting to the ledger… · %n entries to send", "", self._pending))
        elif status is None:
            self.sync_label.setText(self.tr("Standalone (no ledger)"))
        elif status.journal_broken_at is not None:
            self.sync_label.setText(sync_words.broken(status.journal_broken_at))
        elif status.online:
            self.sync_label.setText(self.tr("Online · %n entries to send", "", self._pending))
        elif (answered := sync_words.answered(status)) is not None:  # not offline: it will not take these as they are
            self.sync_label.setText(f"{answered} · " + self.tr("%n entries waiting", "", self._pending))
        else:
            self.sync_label.setText(self.tr("Offline · %n entries waiting · sales go on", "", self._pending))
        clock = _clock(status) if status is not None and not self._connecting else ""
        if clock:
            self.sync_label.setText(f"{self.sync_label.text()} · {clock}")
        rules = sync_words.rules_unreadable(status) if status is not None and not self._connecting else None
        if rules is not None:
            self.sync_label.setText(f"{self.sync_label.text()} · {rules[0]}")
        if status is not None and status.shared_phones and self._owner_work:
            self.sync_label.setText(f"{self.sync_label.text()} · " + self.tr(
                "%n phones with two members at the ledger: see the Dashboard (F5)", "", len(status.shared_phones)))


def _clock(status: SyncStatus) -> str:
    """This till's clock off the ledger's, in the app's language (the words of sync/clock_skew.py)."""
    return "" if status.clock_ahead is None else clock_skew.advice(status.clock_ahead)
