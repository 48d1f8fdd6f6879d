"""The status bar: online or offline and pending entries, printer state, camera state — always."""

from sync.relay import SyncStatus
from ui.context import StatusBus
from ui.qt import widgets


class StatusBar(widgets.QStatusBar):
    def __init__(self, bus: StatusBus, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync_label, self.printer_label, self.camera_label = widgets.QLabel(), widgets.QLabel(), widgets.QLabel()
        for label in (self.sync_label, self.printer_label, self.camera_label):
            self.addPermanentWidget(label)
        bus.sync.connect(self.show_sync)
        bus.printer.connect(self.printer_label.setText)
        bus.camera.connect(self.camera_label.setText)
        self.show_sync(None)
        self.printer_label.setText(self.tr("Printer: checking…"))
        self.camera_label.setText(self.tr("Camera: off"))

    def show_sync(self, status: SyncStatus | None) -> None:
        if status is None:
            self.sync_label.setText(self.tr("Standalone (no ledger)"))
        elif status.online:
            self.sync_label.setText(self.tr("Online · %n entries to send", "", status.pending))
        else:
            self.sync_label.setText(self.tr("Offline · %n entries waiting · sales go on", "", status.pending))
        self.sync_label.setToolTip(status.last_error or "" if status else "")
