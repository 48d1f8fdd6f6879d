"""Fixtures shared by the UI tests: a fake network printer, the app's context on the test store
with a cashier logged in, and the app's translations installed as it starts in English or Chinese."""

from collections.abc import Iterator

import pytest

from terminal import lang
from terminal.bootstrap import Till
from tests.helpers.store import hire_staff
from tests.helpers.fake_printer import FakePrinter, fake_printer
from tests.helpers.store import CASHIER
from tests.ui.test_members_support import app_context
from ui.app import install_translations
from ui.context import AppContext
from ui.qt import core, widgets


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    """A network printer on 127.0.0.1, ready, recording what it is sent."""
    with fake_printer() as printer:
        yield printer


@pytest.fixture
def ctx(till: Till, printer: FakePrinter) -> Iterator[AppContext]:
    context = app_context(till, printer.url, CASHIER)
    yield context
    context.tasks.shutdown()


def _app_in(qapp: widgets.QApplication, language: str) -> Iterator[None]:
    locale = core.QLocale()
    installed = install_translations(qapp, language)
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    lang.use(None)
    core.QLocale.setDefault(locale)


@pytest.fixture
def english(qapp: widgets.QApplication) -> Iterator[None]:
    """The app in English: its translations (plural forms) installed, its messages in English."""
    yield from _app_in(qapp, "en")


@pytest.fixture
def chinese(qapp: widgets.QApplication) -> Iterator[None]:
    """The app in Chinese: its translations and Qt's installed, its messages in Chinese."""
    yield from _app_in(qapp, "zh")


@pytest.fixture
def shop(till: Till) -> Till:
    """The test store with its staff hired: a manager and a cashier beside the owner."""
    hire_staff(till)
    return till
