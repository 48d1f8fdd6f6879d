"""The first-run wizard's pages: the store, the owner, the printer and the camera. A page may ask
something in the background before the wizard moves on (a time zone's file, the ledger); Next
stays off meanwhile, and the wizard moves on by itself when the answer is good."""

import logging
from collections.abc import Callable
from typing import Any

from printing.problems import PrintProblem
from printing.words import Lang
from terminal.errors import Refused
from terminal.pins import check_new_pin
from terminal.services.cashiers import check_name
from ui.first_run_create import TERMINAL_ID, Choices, check_timezone, print_test_page
from ui.qt import core, gui, widgets
from ui.screens.settings_camera import CameraSetup
from ui.screens.settings_printer import (
    URL_EXAMPLE,
    ChineseCharacters,
    PaperWidth,
    ReceiptLanguage,
    follow_chinese,
    printer_url_problem,
    words_after_test_page,
)
from ui.screens.settings_widgets import (
    message_label,
    tall,
    tell,
    touch_button,
)
from ui.tasks import Tasks
from ui.widgets.echo import plain
from ui.widgets.input_method import CODE, DIGITS, NoImeEdit
from ui.widgets.lifetime import Lifetime
from ui.widgets.vertical_scroll import VerticalScroll

SHORTEST_PAGE = 160  # pixels: a page needing more height scrolls (a 1366×768 laptop at 125 % leaves the page ~220)
TIME_ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "Asia/Singapore", "Asia/Kuala_Lumpur",
              "Asia/Tokyo", "Asia/Seoul", "Europe/London", "Europe/Berlin", "America/New_York",
              "America/Los_Angeles", "Australia/Sydney", "UTC")
log = logging.getLogger("jifen.ui")


class ZoneEdit(NoImeEdit):
    """The time zone as typed: Enter goes on to the next page, as in every other field. A line edit keeps
    the Enter that takes an inline completion, and after Tab the whole zone is selected, as if offered."""

    def keyPressEvent(self, event: gui.QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (core.Qt.Key.Key_Return, core.Qt.Key.Key_Enter):
            event.ignore()


class CheckedPage(widgets.QWizardPage):
    on_database_worker = False  # the background work writes the store: on the database worker, else the pool

    def __init__(self, tasks: Tasks, choices: Choices, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks, self.choices = tasks, choices
        self.message = message_label()
        plain(self.message)
        self._life = Lifetime(self)
        self._busy = self._passed = False

    def scrolled_body(self) -> widgets.QWidget:
        """What the page lays its fields out in: scrolled up and down when the screen is too short for it."""
        body = widgets.QWidget()
        column = widgets.QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(VerticalScroll(body, SHORTEST_PAGE))
        return body

    # --- what a page says about itself -----------------------------------------------------------

    def first_field(self) -> widgets.QWidget | None:
        return None

    def problem(self) -> str | None:
        """What is wrong with the page as filled in (quick checks, no disk, no network)."""
        return None

    def background(self) -> Callable[[], Any] | None:
        """Work to do away from the UI thread before moving on, if any."""
        return None

    def take(self, result: Any) -> None:
        """Keep what the page found in the owner's choices."""

    def failed(self, problem: Refused) -> str:
        return problem.message

    def busy_words(self) -> str:
        return self.tr("A moment…")

    # --- the mechanics ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        field = self.first_field()
        if field is not None:
            field.setFocus()

    def isComplete(self) -> bool:
        return not self._busy

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.completeChanged.emit()

    def validatePage(self) -> bool:
        if self._passed:
            self._passed = False
            return True
        if self._busy:
            return False
        problem = self.problem()
        if problem:
            tell(self.message, problem, True)
            return False
        work = self.background()
        if work is None:
            self.take(None)
            return True
        self._set_busy(True)
        tell(self.message, self.busy_words())
        submit = self.tasks.db if self.on_database_worker else self.tasks.io
        submit(work, self._life.guard(self._checked), self._life.guard(self._refused))
        return False

    def _checked(self, result: Any) -> None:
        self._set_busy(False)
        self.message.clear()  # "A moment…" is over: back on this page, it would say the check is still going
        self.take(result)
        self._passed = True
        wizard = self.wizard()
        if self.isFinalPage():
            wizard.accept()
        else:
            wizard.next()

    def _refused(self, problem: Refused) -> None:
        self._set_busy(False)
        tell(self.message, self.failed(problem), True)


class StorePage(CheckedPage):
    def __init__(self, tasks: Tasks, choices: Choices, parent: widgets.QWidget | None = None) -> None:
        super().__init__(tasks, choices, parent)
        self.setTitle(self.tr("Your store"))
        self.setSubTitle(self.tr("The name on receipts, this till's number, and the store's time zone."))
        self.store = tall(widgets.QLineEdit())
        self.store.setPlaceholderText(self.tr("e.g. 静安店"))
        self.store.setMaxLength(64)
        self.terminal = tall(NoImeEdit(CODE))
        self.terminal.setText(choices.terminal_id)
        self.terminal.setMaxLength(32)
        self.timezone = tall(widgets.QComboBox())
        self.timezone.setEditable(True)
        self.timezone.setLineEdit(ZoneEdit(CODE))
        self.timezone.addItems(list(TIME_ZONES))
        self.timezone.setCurrentText(choices.timezone)
        form = widgets.QFormLayout(self.scrolled_body())
        form.addRow(self.tr("Store name"), self.store)
        form.addRow(self.tr("Till number"), self.terminal)
        form.addRow(self.tr("Time zone"), self.timezone)
        form.addRow(self.message)

    def first_field(self) -> widgets.QWidget:
        return self.store

    def problem(self) -> str | None:
        if not self.store.text().strip():
            self.store.setFocus()
            return self.tr("Type the store's name, as customers should see it on receipts.")
        if not TERMINAL_ID.fullmatch(self.terminal.text().strip()):
            self.terminal.setFocus()
            return self.tr("A till number is 1 to 32 letters, digits, '.', '_' or '-', such as T1.")
        return None

    def background(self) -> Callable[[], str]:
        name = self.timezone.currentText().strip()
        return lambda: check_timezone(name)

    def take(self, result: Any) -> None:
        self.choices.store, self.choices.terminal_id = self.store.text().strip(), self.terminal.text().strip()
        self.choices.timezone = str(result)

    def failed(self, problem: Refused) -> str:
        self.timezone.setFocus()
        typed = self.timezone.lineEdit()
        if typed is not None:
            typed.selectAll()
        return self.tr("%1 — choose one from the list, such as Asia/Shanghai.").replace("%1", problem.message)


class OwnerPage(CheckedPage):
    def __init__(self, tasks: Tasks, choices: Choices, parent: widgets.QWidget | None = None) -> None:
        super().__init__(tasks, choices, parent)
        self.setTitle(self.tr("The owner"))
        self.setSubTitle(self.tr("Your name and PIN. You log in with them, and only you can change settings."))
        self.name = tall(widgets.QLineEdit())
        self.pin, self.again = tall(NoImeEdit(DIGITS)), tall(NoImeEdit(DIGITS))
        for edit in (self.pin, self.again):
            edit.setEchoMode(widgets.QLineEdit.EchoMode.Password)
            edit.setMaxLength(12)
        form = widgets.QFormLayout(self.scrolled_body())
        form.addRow(self.tr("Your name"), self.name)
        form.addRow(self.tr("PIN (4 to 12 digits)"), self.pin)
        form.addRow(self.tr("The PIN again"), self.again)
        form.addRow(self.message)

    def first_field(self) -> widgets.QWidget:
        return self.name

    def problem(self) -> str | None:
        try:
            check_name(self.name.text().strip())
        except Refused:
            self.name.setFocus()
            return self.tr("Type your name (up to 32 characters).")
        try:
            check_new_pin(self.pin.text())
        except Refused:
            self.pin.setFocus()
            return self.tr("A PIN is 4 to 12 digits. Type it again.")
        if self.again.text() != self.pin.text():
            self.again.clear()
            self.again.setFocus()
            return self.tr("The two PINs are not the same. Type the PIN again.")
        return None

    def take(self, result: Any) -> None:
        self.choices.owner, self.choices.pin = self.name.text().strip(), self.pin.text()


class PrinterSetupPage(CheckedPage):
    def __init__(self, tasks: Tasks, choices: Choices, parent: widgets.QWidget | None = None) -> None:
        super().__init__(tasks, choices, parent)
        self.setTitle(self.tr("The receipt printer"))
        self.setSubTitle(self.tr("Leave the address empty if there is no printer yet: sales work without one."))
        self.url = tall(NoImeEdit(CODE))
        self.url.setPlaceholderText(URL_EXAMPLE)
        self.paper = PaperWidth()
        self.chinese = ChineseCharacters()
        self.chinese.choose(choices.chinese)
        self.language = ReceiptLanguage()
        self.language.choose(choices.receipt_language)
        follow_chinese(self.chinese, self.language)
        self.test_button = touch_button(self.tr("&Test print"), self.test_print)
        form = widgets.QFormLayout(self.scrolled_body())
        form.addRow(self.tr("Printer address"), self.url)
        form.addRow(self.tr("Paper width"), self.paper)
        form.addRow(self.tr("Chinese characters"), self.chinese)
        form.addRow(self.tr("Receipt language"), self.language)
        form.addRow("", self.test_button)
        form.addRow(self.message)

    def first_field(self) -> widgets.QWidget:
        return self.url

    def problem(self) -> str | None:
        url = self.url.text().strip()
        reason = printer_url_problem(url) if url else None
        if reason:
            self.url.setFocus()
            return self.tr("%1 — correct the address, or leave it empty.").replace("%1", reason)
        return None

    def take(self, result: Any) -> None:
        self.choices.printer_url, self.choices.paper = self.url.text().strip() or None, self.paper.profile()
        self.choices.chinese, self.choices.receipt_language = self.chinese.mode(), self.language.language()

    def test_print(self) -> None:
        self.message.setToolTip("")
        problem = self.problem()
        url, paper = self.url.text().strip(), self.paper.profile()
        language, chinese = self.language.language(), self.chinese.mode()
        if problem or not url:
            tell(self.message, problem or self.tr("Type the printer's address first."), True)
            self.url.setFocus()
            return
        tell(self.message, self.tr("Printing a test page…"))
        self.tasks.io(lambda: print_test_page(url, paper, language, chinese),
                      self._life.guard(lambda problem: self._printed(problem, language)),
                      self._life.guard(lambda refused: tell(self.message, refused.message, True)))

    def _printed(self, problem: PrintProblem | None, language: Lang) -> None:
        if problem is None:
            tell(self.message, words_after_test_page(language))
            return
        log.warning("the test page did not print: %s", problem.stored())
        tell(self.message, problem.message, True)  # in Chinese, without the device's (English) words:
        self.message.setToolTip(problem.in_full)  # those are here, for whoever looks into it


class CameraSetupPage(CheckedPage):
    def __init__(self, tasks: Tasks, choices: Choices, parent: widgets.QWidget | None = None) -> None:
        super().__init__(tasks, choices, parent)
        self.setTitle(self.tr("The camera"))
        self.setSubTitle(self.tr("A camera reads members' codes from their phones or cards. Without one, the "
                                 "barcode scanner and phone numbers work."))
        self.setup = CameraSetup(lambda work: tasks.io(work))
        self.setup.choice.choose(choices.camera, choices.decoder)
        column = widgets.QVBoxLayout(self.scrolled_body())
        column.addWidget(self.setup)
        column.addWidget(self.message)

    def first_field(self) -> widgets.QWidget:
        return self.setup.choice.source

    def take(self, result: Any) -> None:
        self.setup.stop_preview()
        self.choices.camera, self.choices.decoder = self.setup.choice.spec(), self.setup.choice.decoder_name()
