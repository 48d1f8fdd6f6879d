"""What a background task is given and what it returns are let go of on the main thread, never on a worker: a
widget's wrapper freed on a worker is deleted later by PySide6 on the main thread, which crashed the app's
tests now and then (Shiboken's runDeletionInMainThread on a widget Qt had already deleted)."""

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from printing.problems import PrintProblem
from terminal.errors import Refused
from terminal.lang import say
from tests.ui.test_checkout_layout import language  # noqa: F401  (the fixture: the app's language)
from ui.tasks import Tasks

pytestmark = pytest.mark.gui


class Watched:
    """Records the thread it is freed on, as a widget's wrapper would be."""

    def __init__(self, freed_on: list[str]) -> None:
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


@pytest.fixture
def tasks() -> Iterator[Tasks]:
    made = Tasks()
    yield made
    made.shutdown()


def holding(freed_on: list[str]) -> Callable[[], None]:
    """Work whose closure holds the only reference to what it was given, as ``lambda: self.…`` holds a widget."""
    held = Watched(freed_on)
    return lambda: time.sleep(0.05) if held else None  # still running when the main thread has moved on


def finished(qtbot: QtBot, tasks: Tasks, freed_on: list[str]) -> None:
    qtbot.waitUntil(lambda: tasks.running == 0 and bool(freed_on))
    qtbot.wait(50)  # a worker letting go late would show here


@pytest.mark.parametrize("submit", ["db", "io"])
def test_the_work_and_what_it_holds_are_freed_on_the_main_thread(qtbot: QtBot, tasks: Tasks, submit: str) -> None:
    freed_on: list[str] = []
    getattr(tasks, submit)(holding(freed_on))
    finished(qtbot, tasks, freed_on)
    assert freed_on == ["MainThread"]


def test_a_refusal_reaches_on_error_and_the_work_is_still_freed_on_the_main_thread(qtbot: QtBot,
                                                                                 tasks: Tasks) -> None:
    freed_on: list[str] = []
    refusals: list[Refused] = []

    def refusing(held: Watched) -> Callable[[], None]:
        def work() -> None:
            time.sleep(0.05)
            raise Refused("bad_input", f"no {held}", "不")
        return work

    tasks.db(refusing(Watched(freed_on)), None, refusals.append)
    finished(qtbot, tasks, freed_on)
    assert [refusal.code for refusal in refusals] == ["bad_input"]
    assert refusals[0].__traceback__ is None  # the worker's frames are not kept alive with the refusal
    assert freed_on == ["MainThread"]


@pytest.mark.usefixtures("language")
def test_a_printer_problem_is_refused_in_the_cashiers_words_and_its_detail_logged(
        qtbot: QtBot, tasks: Tasks, caplog: pytest.LogCaptureFixture) -> None:
    refusals: list[Refused] = []

    def unplugged() -> None:
        raise PrintProblem("unreachable", "tcp://192.0.2.1:9100: Connection refused")

    tasks.io(unplugged, None, refusals.append)
    qtbot.waitUntil(lambda: bool(refusals))
    assert [refusal.message for refusal in refusals] == [say(
        "printer not reachable (switched off or unplugged?) — check it, then reprint "
        "(tcp://192.0.2.1:9100: Connection refused)",
        "连接不上打印机（未开机或未连接？）——检查后重印")]
    assert "unreachable: tcp://192.0.2.1:9100: Connection refused" in caplog.text
