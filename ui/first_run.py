"""The first run: the store, the owner and their PIN, the printer, the camera and optionally the
ledger, then the store is created (terminal.bootstrap.init_store) with its config.toml. Nothing is
written before Finish, and a creation that fails takes away what it made: Cancel leaves nothing.

Enter goes to the next page, Esc cancels, Tab moves between fields."""

import threading

from terminal.home import Home
from ui.first_run_create import Choices
from ui.first_run_ledger import LedgerSetupPage, ReadyPage
from ui.first_run_pages import (
    CameraSetupPage,
    CheckedPage,
    OwnerPage,
    PrinterSetupPage,
    StorePage,
)
from ui.qt import widgets
from ui.screens.settings_widgets import TOUCH
from ui.tasks import Tasks

Button = widgets.QWizard.WizardButton


class FirstRunWizard(widgets.QWizard):
    def __init__(self, home: Home, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.choices = Choices()
        self.tasks = Tasks()  # its own: there is no store, so no app context, yet
        self.setWindowTitle(self.tr("jifen — set up this till"))
        self.setWizardStyle(widgets.QWizard.WizardStyle.ClassicStyle)
        self.setOption(widgets.QWizard.WizardOption.NoBackButtonOnStartPage)
        self.store = StorePage(self.tasks, self.choices)
        self.owner = OwnerPage(self.tasks, self.choices)
        self.printer = PrinterSetupPage(self.tasks, self.choices)
        self.camera = CameraSetupPage(self.tasks, self.choices)
        self.ledger = LedgerSetupPage(self.tasks, self.choices)
        self.ready = ReadyPage(home, self.tasks, self.choices)
        for page in (self.store, self.owner, self.printer, self.camera, self.ledger, self.ready):
            self.addPage(page)
        for which in (Button.BackButton, Button.NextButton, Button.FinishButton, Button.CancelButton):
            self.button(which).setMinimumSize(96, TOUCH)
        self.resize(760, 620)

    @property
    def creating(self) -> bool:
        return self.ready.busy

    def page_now(self) -> CheckedPage:
        page = self.currentPage()
        assert isinstance(page, CheckedPage)
        return page

    def done(self, result: int) -> None:
        if result != widgets.QDialog.DialogCode.Accepted and self.creating:
            return  # the store is being made: it finishes, or takes itself away, in a moment
        super().done(result)
        if self.result() == result:  # closed (a refused Finish stays open)
            self.camera.setup.stop_preview()
            self._let_go()

    def _let_go(self) -> None:
        """Stop the background pools without the UI waiting on a printer that is slow to answer."""
        if self.tasks.running == 0:
            self.tasks.shutdown()
        else:
            threading.Thread(target=self.tasks.shutdown, name="first-run shutdown", daemon=True).start()
