"""The first run: the store, the owner and their PIN, the printer, the camera and optionally the
ledger, then the store is created (terminal.bootstrap.init_store) with its config.toml. Nothing is
written before Finish, and a creation that fails takes away what it made: Cancel leaves nothing.

Enter goes to the next page, Esc back to the one before, Tab moves between fields. Quitting (Esc on
the first page, Cancel, closing the window) asks first: what was typed would be lost."""

import sys
import threading

from terminal.home import Home
from terminal.lang import say
from ui.first_run_create import Choices
from ui.first_run_ledger import LedgerSetupPage, ReadyPage
from ui.first_run_pages import (
    CameraSetupPage,
    CheckedPage,
    OwnerPage,
    PrinterSetupPage,
    StorePage,
)
from ui.qt import core, gui, widgets
from ui.screens.settings_widgets import TOUCH
from ui.tasks import Tasks
from ui.widgets.question import ask_before_losing
from ui.widgets.screen_room import fitting
from ui.widgets.vertical_scroll import VerticalScroll

Button = widgets.QWizard.WizardButton
CANCELLED = 130  # the exit status of the command line stopped by its user (Ctrl+C)
WANTED = core.QSize(760, 620)


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
        self.resize(fitting(WANTED))
        self.currentIdChanged.connect(lambda _: core.QTimer.singleShot(0, self._show_page_whole))
        self.quit_question: widgets.QMessageBox | None = None

    def _show_page_whole(self) -> None:
        """A page taller than the window makes it taller, as far as the screen allows; beyond that it scrolls."""
        page = self.currentPage()
        scroll = page.findChild(VerticalScroll) if page is not None else None
        body = scroll.widget() if scroll is not None else None
        if scroll is None or body is None:
            return
        missing = body.minimumSizeHint().height() - scroll.viewport().height()
        if missing > 0:
            self.resize(self.size().expandedTo(fitting(self.size() + core.QSize(0, missing))))

    @property
    def creating(self) -> bool:
        return self.ready.busy

    def page_now(self) -> CheckedPage:
        page = self.currentPage()
        assert isinstance(page, CheckedPage)
        return page

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        if not event.matches(gui.QKeySequence.StandardKey.Cancel):
            super().keyPressEvent(event)
        elif self.currentId() == self.startId():
            self.reject()
        elif not self.page_now().busy:  # a page waiting for an answer moves on by itself once it comes
            self.back()

    def reject(self) -> None:
        """Cancel, Esc on the first page and closing the window come here: ask before losing what was typed."""
        if self.creating or (self.quit_question is not None and self.quit_question.isVisible()):
            return
        self.quit_question = ask_before_losing(
            self, self.tr("Quit setup?"),
            self.tr("jifen is not set up yet. If you quit now, nothing you typed is kept, and setup starts "
                    "again the next time jifen starts."),
            self.tr("Continue setup  Enter"), self.tr("&Quit setup"), super().reject)

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


def set_up_till(home: Home) -> int | None:
    """The first-run wizard: None once the store is made; if the owner quits setup, the exit status to
    end with, said on the console when there is one (a windowed build has none)."""
    if FirstRunWizard(home).exec() == widgets.QDialog.DialogCode.Accepted:
        return None
    if sys.stderr is not None:
        print(say("jifen was not set up: setup was quit and nothing was saved. Start jifen again to set it up.",
                  "jifen 未设置：已退出设置，未保存任何内容。再次启动 jifen 即可设置。"), file=sys.stderr)
    return CANCELLED
