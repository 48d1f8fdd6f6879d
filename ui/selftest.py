"""`jifen --selftest`: one full checkout driven through the real screens, offscreen, on a throwaway
store — the camera reads a member card, a keyboard scanner finds another member, points are earned
and redeemed, the receipt prints to a ``file:`` printer, a refund is approved with the manager's PIN
and the day is closed with its Z report. One line per step; exit status 0 only when every step
worked, 1 otherwise, never a traceback (the details go to selftest.log in the work folder).

The work folder is a new temporary one, removed when it ends (after a failure but for its
selftest.log); ``$JIFEN_SELFTEST_DIR`` names another (kept). The installers run this from the installed bundle, so it needs nothing from tests/."""

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TextIO

from terminal import lang

log = logging.getLogger("jifen.selftest")


class StepFailed(Exception):
    """A step did not do what it should; the message says what happened instead."""


class Report:
    """Prints the step lines in the user's language, whatever language the app is then set to."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.chinese = lang.prefers_chinese()
        if stream is not None and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors=lang.REPLACE)  # a console that cannot show ✓ shows ? instead
            except (OSError, ValueError):
                pass

    def say(self, en: str, zh: str) -> str:
        return zh if self.chinese else en

    def line(self, text: str) -> None:
        """A console that went away (`jifen --selftest | head -1`) takes no more lines; the steps still run, and the
        exit status still says how they went."""
        if self.stream is None:
            return
        try:
            print(text, file=self.stream, flush=True)
        except OSError:
            try:  # what is still buffered goes to the null device when Python flushes at exit
                os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())
            except (OSError, ValueError):
                pass
            self.stream = None


def _work_folder() -> tuple[Path, bool]:
    given = os.environ.get("JIFEN_SELFTEST_DIR")
    if given:
        folder = Path(given).expanduser().absolute()
        folder.mkdir(parents=True, exist_ok=True)
        return folder, False
    return Path(tempfile.mkdtemp(prefix="jifen-selftest-")), True


def _log_to(folder: Path) -> logging.Handler:
    handler = logging.FileHandler(folder / "selftest.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


def _qt_messages_to_log() -> None:
    """Qt's own notices (offscreen platform limits and the like) go to the log, not the console."""
    from ui.qt import core

    qt_log = logging.getLogger("qt")
    levels = {core.QtMsgType.QtDebugMsg: logging.DEBUG, core.QtMsgType.QtInfoMsg: logging.INFO,
              core.QtMsgType.QtWarningMsg: logging.WARNING}

    def handler(kind: object, _context: object, message: str) -> None:
        qt_log.log(levels.get(kind, logging.ERROR), "%s", message)  # type: ignore[call-overload]

    core.qInstallMessageHandler(handler)


def run_selftest(stream: TextIO | None = None) -> int:
    """0 when every step worked, 1 otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = Report(stream if stream is not None else sys.stdout)
    try:
        folder, temporary = _work_folder()
    except OSError as problem:
        report.line("✗ " + report.say(f"self-test: cannot make its work folder ({problem})",
                                      f"自检：无法创建工作文件夹（{problem}）"))
        return 1
    status = 1
    try:
        status = _run_in(folder, report)
        return status
    finally:
        if temporary:
            _clear(folder, keep_log=status != 0)


def _run_in(folder: Path, report: Report) -> int:
    handler = _log_to(folder)
    started = time.monotonic()
    try:
        from ui.selftest_steps import SelfTest

        _qt_messages_to_log()
        test = SelfTest(folder, report)
        passed = test.run()
    except KeyboardInterrupt:
        return 130
    except BaseException as failure:  # whatever broke, one line and the log, never a traceback
        log.exception("the self-test failed to run")
        report.line("✗ " + report.say(f"self-test could not run: {type(failure).__name__}: {failure}",
                                      f"自检无法运行：{type(failure).__name__}：{failure}"))
        passed = False
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    seconds = time.monotonic() - started
    if passed:
        report.line(report.say(f"Self-test passed in {seconds:.1f} s: the app works on this computer.",
                               f"自检通过（{seconds:.1f} 秒）：本机可以正常使用 jifen。"))
        return 0
    report.line(report.say(f"Self-test FAILED: details are in {folder / 'selftest.log'}",
                           f"自检未通过：详情见 {folder / 'selftest.log'}"))
    return 1


def _clear(folder: Path, keep_log: bool) -> None:
    """The throwaway store goes, whatever happened; after a failure its log stays, where the last line said."""
    if not keep_log:
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        for path in folder.iterdir():
            if path.name == "selftest.log":
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
    except OSError:
        pass  # what cannot be removed stays in the temporary folder, for the system to clear

