"""Fixtures shared by the UI tests: a fake network printer, and the app's context on the test store
with a cashier logged in."""

from collections.abc import Iterator

import pytest

from terminal.bootstrap import Till
from tests.helpers.fake_printer import FakePrinter, fake_printer
from tests.helpers.store import CASHIER
from tests.ui.test_members_support import app_context
from ui.context import AppContext


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
