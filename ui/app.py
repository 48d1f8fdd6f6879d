"""Starting the desktop app: Qt, the language and a CJK font, the store (or the first-run
wizard), the main window, background sync and the printer watch."""

import gc
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import shiboken6

from printing.problems import WORDS, PrintProblem
from printing.service import Printing
from printing.status import PrinterState
from terminal import lang
from terminal.bootstrap import open_till
from terminal.clock import Clock
from terminal.config import app_text_size
from terminal.errors import Refused
from terminal.home import Home
from terminal.logfile import log_started, log_to, written_to
from terminal.version import running_version
from ui.context import AppContext, build_context
from ui.guide_window import guide_text
from ui.qt import core, gui, widgets
from ui.settings import load_app_settings
from ui.store_problems import store_problem
from ui.tasks import Tasks, unexpected

log = logging.getLogger("jifen.ui")
TRANSLATIONS = Path(__file__).parent / "translations"
CJK_FONTS = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei")
APP_FONT_PT = 12  # the application's font at 100 %; the style sheet's sizes below win wherever they apply
PLAIN_PX, TITLE_PX, BIG_PX, SMALL_PX = 16, 28, 24, 13  # text sizes at 100 %
PRINTER_WATCH_MS = 30_000
REFUSED = 2  # the exit status of a refusal, as on the command line
UNEXPECTED = 1  # and of a failure nobody foresaw
UNEXPECTED_BOX = "unexpected"  # the object name of the box that says something went wrong
# What a look at the printer found (its state, or why it cannot be reached), the print jobs that printed then,
# and how many still wait (None: the queue was not tried).
Checked = tuple[PrinterState | PrintProblem, list[int], int | None]
ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def style_sheet(scale: float = 1.0) -> str:
    """The app's style sheet with every text size times ``scale`` (1.25 for [app] text_size = 125)."""
    def px(size: int) -> str:
        return f"{round(size * scale)}px"

    return f"""
QWidget {{ font-size: {px(PLAIN_PX)}; }}
QLabel#title {{ font-size: {px(TITLE_PX)}; font-weight: bold; }}
QLabel#problem {{ color: #b00020; }}
QLabel#big {{ font-size: {px(BIG_PX)}; }}
QLabel[small="true"] {{ font-size: {px(SMALL_PX)}; }}
QPushButton {{ min-height: 44px; padding: 0 12px; }}
QLineEdit, QComboBox {{ min-height: 40px; }}
"""


STYLE = style_sheet()


def chosen_language(setting: str) -> str:
    """'zh' or 'en': the setting, or the system's language when it is 'auto'."""
    if setting in ("zh", "en"):
        return setting
    return "zh" if core.QLocale.system().language() == core.QLocale.Language.Chinese else "en"


def app_locale(language: str) -> core.QLocale:
    """Simplified Chinese for 'zh'; for 'en' the system's locale if it is English (en_GB stays), else en_US."""
    if language == "zh":
        return core.QLocale("zh_CN")
    system = core.QLocale.system()
    return system if system.language() == core.QLocale.Language.English else core.QLocale("en_US")


def install_translations(app: widgets.QApplication, language: str) -> list[core.QTranslator]:
    """Our own strings, and Qt's own dialogs (OK, Cancel, …), in Chinese when chosen; in English, only
    our plural forms (1 point, 2 points). Returns the translators installed, to remove them again."""
    lang.use(language)
    core.QLocale.setDefault(app_locale(language))  # the calendar pop-ups name months and days in it
    qt_folder = core.QLibraryInfo.path(core.QLibraryInfo.LibraryPath.TranslationsPath)
    files = ((("jifen_zh_CN", str(TRANSLATIONS)), ("qtbase_zh_CN", qt_folder)) if language == "zh"
             else (("jifen_en", str(TRANSLATIONS)),))
    installed = []
    for name, folder in files:
        translator = core.QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed


def cjk_font() -> str | None:
    """The first installed font of CJK_FONTS, for Chinese text in either language (member names)."""
    families = set(gui.QFontDatabase.families())
    return next((name for name in CJK_FONTS if name in families), None)


def make_application(argv: list[str], language: str, text_size: int = 100) -> widgets.QApplication:
    """The QApplication in ``language``, its text at ``text_size`` percent of the usual size."""
    app = widgets.QApplication.instance() or widgets.QApplication(argv)
    assert isinstance(app, widgets.QApplication)
    app.setApplicationName("jifen")
    install_translations(app, language)
    use_text_size(app, text_size)
    return app


def use_text_size(app: widgets.QApplication, text_size: int) -> None:
    """The application's font (a CJK one where installed) and style sheet, their sizes scaled to ``text_size`` %."""
    scale = text_size / 100
    font = app.font()
    family = cjk_font()
    if family:
        font.setFamily(family)
    if family or scale != 1:
        font.setPointSizeF(APP_FONT_PT * scale)
        app.setFont(font)
    app.setStyleSheet(style_sheet(scale))


def start(ctx: AppContext) -> widgets.QMainWindow:
    """The main window on an opened store, with sync, the rules watch and the printer watch running."""
    from ui.main_window import MainWindow
    from ui.rules_watch import RulesWatch
    from ui.screens.catalog import SCREENS
    from ui.widgets.scan_filter import install_scan_filter

    window = MainWindow(ctx, SCREENS)
    app = widgets.QApplication.instance()
    if isinstance(app, widgets.QApplication):  # keyboard scanners work on every screen, wherever the focus is
        install_scan_filter(app, window.scanned).setParent(window)
    window.show()
    ctx.tasks.tell = say_unexpected
    ctx.expire_each_day(window)
    ctx.start_sync()
    RulesWatch(ctx, window)  # rules.toml edited while the app runs, or adopted by a command run beside it
    watch = core.QTimer(window)
    watch.timeout.connect(lambda: watch_printer(ctx))
    watch.start(PRINTER_WATCH_MS)
    watch_printer(ctx)
    return window


def quiet_collector() -> None:
    """Python's full garbage collections stop every thread, the counter's too: 70-180 ms each on a big store while
    a sync catches up. What the app made to start (Qt's wrappers, the modules) is kept out of them, and they run
    less often: with it frozen a full pass took 0 ms instead of 70-180."""
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


def watch_printer(ctx: AppContext) -> None:
    """Ask the printer how it is, for the status bar, with today's receipts it never confirmed; a printer ready
    again prints what waits in the queue."""
    translate = core.QCoreApplication.translate
    if ctx.printing.settings.url is None:
        ctx.bus.printer.emit(translate("StatusBar", "No printer set up"), "")
        return

    def checked(found: tuple[Checked, int]) -> None:
        (state, printed, waiting), unconfirmed = found
        words = (state.short, state.in_full) if isinstance(state, PrintProblem) else _state_words(state, ctx.printing)
        ctx.bus.printer.emit(*words)
        ctx.bus.unconfirmed.emit(unconfirmed)
        if printed:
            ctx.bus.printed.emit(printed)
        if waiting is not None:
            ctx.bus.print_waiting.emit(waiting)

    ctx.tasks.io(lambda: (check_and_catch_up(ctx.printing), ctx.printing.unconfirmed_today()), checked)


def _state_words(state: PrinterState, printing: Printing) -> tuple[str, str]:
    """A few words for the status bar, and the whole sentence for its tooltip. No answer is "connected" only
    from a printer that cannot say how it is; one that can (a network printer) is not answering."""
    translate = core.QCoreApplication.translate
    if state.value in WORDS:  # paper out, cover open, offline: the printing core's words, in the app's language
        problem = PrintProblem(state.value)
        return problem.short, problem.message
    if state == PrinterState.READY:
        return translate("StatusBar", "Printer: ready"), ""
    if state == PrinterState.PAPER_LOW:
        return translate("StatusBar", "Printer: paper low"), translate("StatusBar", "Paper low — have a new roll ready.")
    if _reports_status(printing):
        return (translate("StatusBar", "Printer: not answering"),
                translate("StatusBar", "The printer takes the connection but does not answer when asked how it is: "
                          "check it (power, paper, cover)."))
    return (translate("StatusBar", "Printer: connected"),
            translate("StatusBar", "The printer is connected; it does not report its state."))


def _reports_status(printing: Printing) -> bool:
    try:
        return printing.reports_status()
    except Refused:  # its address was changed meanwhile, to one that is wrong: the next look says so
        return False


def check_and_catch_up(printing: Printing) -> Checked:
    """The printer's state (or why it cannot be reached); a printer ready again prints what waits in the queue:
    the jobs that printed then, and how many still wait."""
    try:
        state = printing.state()
    except PrintProblem as problem:
        return problem, [], None
    except Refused as refused:  # the printer's address is wrong
        return PrintProblem("bad_printer", refused.message), [], None
    if state not in (PrinterState.READY, PrinterState.PAPER_LOW) or not printing.waiting():
        return state, [], None
    printed = [outcome.job.id for outcome in printing.retry() if outcome.printed]
    return state, printed, printing.waiting()


def say_unexpected(refused: Refused) -> None:
    """A failure nobody foresaw, in a slot or a task's callback, said in one box over the main window (one box: a
    second failure while it shows changes its words). Nothing is said before the window shows."""
    window = _shown_window()
    if window is None:
        return
    box = window.findChild(UnexpectedBox, UNEXPECTED_BOX)
    if box is None:
        box = UnexpectedBox(window)
    if not box.isVisible():
        box.had_focus = widgets.QApplication.focusWidget() or window.focusWidget()
    box.setText(refused.message)
    box.show()


class UnexpectedBox(widgets.QMessageBox):
    """Modal, so it takes the keyboard: closed, it gives it back to the widget that had it (a cashier typing the next
    amount goes on typing), as nothing else would on every platform."""

    def __init__(self, window: widgets.QWidget) -> None:
        super().__init__(widgets.QMessageBox.Icon.Warning, core.QCoreApplication.translate("App", "Something went wrong"),
                         "", widgets.QMessageBox.StandardButton.Ok, window)
        self.setObjectName(UNEXPECTED_BOX)
        self.setTextInteractionFlags(core.Qt.TextInteractionFlag.TextSelectableByMouse)  # the log's folder, to copy
        self.had_focus: widgets.QWidget | None = None
        self.finished.connect(self._give_focus_back)

    def _give_focus_back(self) -> None:
        had, self.had_focus = self.had_focus, None
        window = self.parentWidget()
        if window is None or not window.isVisible():
            return
        window.activateWindow()
        if had is not None and shiboken6.isValid(had) and had.isVisible() and had.window() is window:
            had.setFocus(core.Qt.FocusReason.ActiveWindowFocusReason)


def _shown_window() -> widgets.QWidget | None:
    from ui.main_window import MainWindow

    return next((widget for widget in widgets.QApplication.topLevelWidgets()
                 if isinstance(widget, MainWindow) and widget.isVisible()), None)


def keep_a_log(home: Home) -> None:
    """The app logs to the store's log, as the command line does; a failure in a Qt slot or in a thread of its
    own goes there with its traceback, the user is told so (see say_unexpected), and the app goes on."""
    log_to(home)
    sys.excepthook = _logged(sys.excepthook)
    threading.excepthook = _thread_logged(threading.excepthook)


def _logged(then: ExceptHook) -> ExceptHook:
    def hook(kind: type[BaseException], failure: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected failure in the app", exc_info=(kind, failure, trace))
        then(kind, failure, trace)  # printed too, for whoever started the app from a console
        if isinstance(failure, Exception) and threading.current_thread() is threading.main_thread():
            _tell(failure)

    return hook


def _tell(failure: Exception) -> None:
    try:
        say_unexpected(unexpected(failure))
    except Exception:  # noqa: BLE001 - the hook itself must not fail; the first failure is logged already
        log.exception("could not say the unexpected failure")


def _thread_logged(then: Callable[[threading.ExceptHookArgs], object]) -> Callable[[threading.ExceptHookArgs], None]:
    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.error("unexpected failure in the thread %s", getattr(args.thread, "name", "?"),
                      exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        then(args)

    return hook


def run_app(home: Home, argv: list[str] | None = None) -> int:
    keep_a_log(home)
    app = make_application(argv or sys.argv[:1], chosen_language(_language_setting(home)), _text_size_setting(home))
    try:
        opened = _open(home)
    except Exception as problem:  # noqa: BLE001 - a store that cannot be used is said in a box, never a traceback
        refused = store_problem(home, problem)
        if refused is None:
            return show_cannot_start(_unexpected_at_start(problem), UNEXPECTED)
        return show_cannot_start(refused)
    if isinstance(opened, int):
        return opened
    log_started(opened.till.shop.merchant, opened.till.shop.store, opened.till.shop.terminal_id)
    guide_text()
    window = start(opened)
    say_at_start(opened)
    quiet_collector()
    try:
        return int(app.exec())
    finally:
        window.close()
        opened.close()


def say_at_start(ctx: AppContext) -> None:
    """Once, in the status bar, what this start changed: an upgrade, rules.toml's edited rules put in force."""
    from ui.rules_watch import rules_changed_words

    adopted = ctx.till.rules_adopted
    said = [upgraded_words(ctx), rules_changed_words(adopted) if adopted is not None else ""]
    if any(said):
        ctx.bus.said.emit(" ".join(words for words in said if words))


def upgraded_words(ctx: AppContext) -> str:
    """On the start that migrated the store: the version it now runs, and where the copy from before is."""
    copy = ctx.till.upgrade_copy
    if copy is None:
        return ""
    return (core.QCoreApplication.translate("App", "Upgraded to jifen %1; the data from before the upgrade is backed up in %2.")
            .replace("%1", running_version()).replace("%2", f"{copy.parent.name}/{copy.name}"))


def _language_setting(home: Home) -> str:
    try:
        return load_app_settings(home.config).language
    except (Refused, OSError):
        return "auto"  # the store's own problem is said once it is opened


def _text_size_setting(home: Home) -> int:
    try:
        return app_text_size(home.config)
    except (Refused, OSError):
        return 100  # said once the store is opened


def _open(home: Home) -> AppContext | int:
    """The app's context on the store (made first by the first-run wizard where there is none), or the exit status
    of a wizard that was quit."""
    if not home.db.exists():
        from ui.first_run import set_up_till

        quit_status = set_up_till(home)
        if quit_status is not None:
            return quit_status
        log_to(home)  # the log went to the temp folder while there was no store folder
    app_text_size(home.config)  # a text size it cannot use is refused before the store opens, as a bad language is
    till = open_till(home, Clock.from_env())
    try:
        return build_context(till, Tasks())
    except BaseException:
        till.close()
        raise


def cannot_start_box(refused: Refused) -> widgets.QMessageBox:
    """The box that says why the app cannot start, in the words of the command line."""
    translate = core.QCoreApplication.translate
    box = widgets.QMessageBox(widgets.QMessageBox.Icon.Critical, translate("App", "jifen cannot start"),
                              refused.message, widgets.QMessageBox.StandardButton.Ok)
    box.setTextInteractionFlags(core.Qt.TextInteractionFlag.TextSelectableByMouse)  # a folder to copy
    return box


def show_cannot_start(refused: Refused, status: int = REFUSED) -> int:
    """Show why the app cannot start, until the user closes the box: ``status``, by default that of a refusal."""
    cannot_start_box(refused).exec()
    return status


def _unexpected_at_start(failure: Exception) -> Refused:
    """A failure nobody foresaw while opening the store: its traceback in the log, the box names the log."""
    log.error("the app cannot start: unexpected failure while opening the store", exc_info=failure)
    name, where = type(failure).__name__, written_to()
    return Refused("internal", f"something unexpected happened while opening the store ({name}); "
                               f"details are in {where or 'the log'}",
                   f"打开门店时发生意外错误（{name}），详情见{f' {where}' if where else '日志'}")
