"""Settings › Printer: where the receipt printer is, its paper width, whether it has Chinese characters, the
language receipts print in, a test page and its state."""

from dataclasses import replace

from printing.printer_url import parse_printer_url
from printing.problems import PrintProblem, about_printer
from printing.service import Outcome, Printing
from printing.settings import ChineseMode, PrinterSettings, load_printer_settings
from printing.status import PrinterState
from printing.words import Lang
from terminal.errors import Refused
from ui.context import AppContext
from ui.qt import core, widgets
from ui.screens.settings_config import update_config
from ui.screens.settings_widgets import (
    message_label,
    tall,
    tell,
    touch_button,
)
from ui.widgets.echo import plain
from ui.widgets.input_method import CODE, NoImeEdit
from ui.widgets.lifetime import Lifetime

PAPER_WIDTHS = ("58mm", "80mm")
URL_EXAMPLE = "tcp://192.168.1.50:9100"


class PaperWidth(widgets.QComboBox):
    """58 mm or 80 mm; a printer model named in config.toml stays a choice too."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        tall(self)
        self.addItem(self.tr("58 mm (32 characters a line)"), "58mm")
        self.addItem(self.tr("80 mm (48 characters a line)"), "80mm")

    def choose(self, profile: str) -> None:
        key = {"58": "58mm", "80": "80mm"}.get(profile.strip().lower(), profile.strip())
        at = self.findData(key if key.lower() not in PAPER_WIDTHS else key.lower())
        if at < 0:
            self.addItem(self.tr("Model %1").replace("%1", key), key)
            at = self.count() - 1
        self.setCurrentIndex(at)

    def profile(self) -> str:
        return str(self.currentData())


class ReceiptLanguage(widgets.QComboBox):
    """The language receipts, Z reports and member cards print in; each named in itself."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        tall(self)
        self.addItem("中文", "zh")
        self.addItem("English", "en")

    def choose(self, language: Lang) -> None:
        self.setCurrentIndex(max(self.findData(language), 0))

    def language(self) -> Lang:
        return "en" if self.currentData() == "en" else "zh"


class ChineseCharacters(widgets.QComboBox):
    """Whether the printer has Chinese characters; one without prints everything in English."""

    def __init__(self, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        tall(self)
        self.addItem(self.tr("Yes"), "switch")
        self.addItem(self.tr("No (receipts print in English)"), "none")

    def choose(self, mode: ChineseMode) -> None:
        if mode == "none":
            self.setCurrentIndex(1)
        else:
            self.setItemData(0, mode)  # "always", set by hand in config.toml, stays as it is
            self.setCurrentIndex(0)

    def mode(self) -> ChineseMode:
        return "none" if self.currentData() == "none" else ("always" if self.currentData() == "always" else "switch")

    @property
    def has_chinese(self) -> bool:
        return self.mode() != "none"


def follow_chinese(chinese: ChineseCharacters, language: ReceiptLanguage) -> None:
    """A printer without Chinese characters prints in English: the language is English and cannot be changed."""

    def shown() -> None:
        if not chinese.has_chinese:
            language.choose("en")
        language.setEnabled(chinese.has_chinese)

    chinese.currentIndexChanged.connect(lambda _: shown())
    shown()


def words_after_test_page(language: Lang) -> str:
    """What to look at on the test page, in the words of the language it printed in."""
    translate = core.QCoreApplication.translate
    if language == "en":
        return translate("TestPage", "The test page printed. Check that the text and the QR code are clear.")
    return translate("TestPage", "The test page printed. Check that the Chinese and the QR code are clear.")


def printer_url_problem(url: str) -> str | None:
    """None for a usable address, else the reason (parsing needs no device)."""
    try:
        parse_printer_url(url)
    except Refused as refused:
        return refused.message
    return None


class PrinterPage(widgets.QWidget):
    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._life = Lifetime(self)
        self.url = tall(NoImeEdit(CODE))
        self.url.setPlaceholderText(URL_EXAMPLE)
        self.url.returnPressed.connect(self.save)
        self.paper = PaperWidth()
        self.chinese = ChineseCharacters()
        self.language = ReceiptLanguage()
        self.message = message_label()
        plain(self.message)
        form = widgets.QFormLayout()
        form.addRow(self.tr("Printer address"), self.url)
        example = widgets.QLabel(self.tr("For example %1 (network), win32://POS-80 (a printer installed in Windows, "
                                         "USB ones too), serial://COM3, usb://0416:5011 (Linux) or "
                                         "file:///C:/receipts.bin").replace("%1", URL_EXAMPLE))
        example.setWordWrap(True)
        form.addRow("", example)
        form.addRow(self.tr("Paper width"), self.paper)
        form.addRow(self.tr("Chinese characters"), self.chinese)
        form.addRow(self.tr("Receipt language"), self.language)
        buttons = widgets.QHBoxLayout()
        self.save_button = touch_button(self.tr("&Save"), self.save)
        self.test_button = touch_button(self.tr("&Test print"), self.test_print)
        self.state_button = touch_button(self.tr("Printer st&atus"), self.check)
        for button in (self.save_button, self.test_button, self.state_button):
            buttons.addWidget(button)
        buttons.addStretch()
        column = widgets.QVBoxLayout(self)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addStretch()
        self.show_settings(ctx.printing.settings)
        follow_chinese(self.chinese, self.language)

    def show_settings(self, settings: PrinterSettings) -> None:
        self.url.setText(settings.url or "")
        self.paper.choose(settings.profile)
        self.language.choose(settings.language)
        self.chinese.choose(settings.chinese)

    def entered(self) -> None:
        self.url.setFocus()

    def _form(self) -> tuple[str, str] | None:
        url = self.url.text().strip()
        problem = printer_url_problem(url) if url else None
        if problem:
            tell(self.message, self.tr("%1 — correct the address and try again.").replace("%1", problem), True)
            self.url.setFocus()
            return None
        return url, self.paper.profile()

    def save(self) -> None:
        form = self._form()
        if form is None:
            return
        url, profile = form
        config = self.ctx.till.home.config
        values = {"url": url or None, "profile": profile, "chinese": self.chinese.mode(),
                  "language": self.language.language()}

        def write() -> PrinterSettings:
            update_config(config, "printer", values)
            return load_printer_settings(config)

        tell(self.message, self.tr("Saving…"))
        self.ctx.tasks.io(write, self._life.guard(self._saved), self._life.guard(self._refused))

    def _saved(self, settings: PrinterSettings) -> None:
        self.ctx.printing.settings = settings  # receipts from now on go to the new printer
        if settings.url:
            tell(self.message, self.tr("Saved. Receipts print on %1.").replace("%1", settings.url))
        else:
            tell(self.message, self.tr("Saved. No printer: sales go on, and receipts can be printed later."))

    def _trial(self) -> Printing | None:
        form = self._form()
        if form is None:
            return None
        url, profile = form
        if not url:
            tell(self.message, self.tr("Type the printer's address first."), True)
            self.url.setFocus()
            return None
        trial = self.ctx.printing.with_overrides(url=url, profile=profile, language=self.language.language())
        trial.settings = replace(trial.settings, chinese=self.chinese.mode())
        return trial

    def test_print(self) -> None:
        trial = self._trial()
        if trial is not None:
            tell(self.message, self.tr("Printing a test page…"))
            self.ctx.tasks.io(lambda: trial.print("test", ""), self._life.guard(self._printed),
                              self._life.guard(self._refused))

    def _printed(self, outcome: Outcome) -> None:
        if outcome.problem is None:
            tell(self.message, words_after_test_page(self.language.language()))
        else:
            tell(self.message, outcome.problem.message, True)

    def check(self) -> None:
        trial = self._trial()
        if trial is not None:
            tell(self.message, self.tr("Asking the printer…"))
            self.ctx.tasks.io(lambda: _state(trial), self._life.guard(self._state_shown), self._life.guard(self._refused))

    def _state_shown(self, state: PrinterState | PrintProblem) -> None:
        if isinstance(state, PrintProblem):  # nothing waits to print: what to do about the printer, not "reprint"
            tell(self.message, state.about_printer, True)
            return
        words = {
            PrinterState.READY: self.tr("The printer is ready."),
            PrinterState.PAPER_LOW: self.tr("Paper is running low — have a new roll ready."),
            PrinterState.UNKNOWN: self.tr("This printer does not say how it is; print a test page to check it."),
        }
        tell(self.message, words.get(state) or about_printer(state.value), state.stops_printing)

    def _refused(self, problem: Refused) -> None:
        tell(self.message, problem.message, True)


def _state(printing: Printing) -> PrinterState | PrintProblem:
    try:
        return printing.state()
    except PrintProblem as problem:
        return problem
