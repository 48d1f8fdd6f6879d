"""Fixtures for the printing tests: a fake network printer, the command line with the printing
commands, and a store to print from."""

from collections.abc import Iterator
from pathlib import Path

import pytest

import printing.cli
from terminal.cli.main import main as run_command
from tests.helpers.cli import Jifen
from tests.helpers.fake_printer import FakePrinter
from tests.sync.conftest import network  # noqa: F401  (a ledger over TCP and its stores, for reprints after a sync)


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    """A network printer on 127.0.0.1, ready, recording what it is sent."""
    fake = FakePrinter()
    yield fake
    fake.close()


@pytest.fixture
def cli(jifen: Jifen, monkeypatch: pytest.MonkeyPatch) -> Jifen:
    """`jifen` with the printing commands, as ui/entry.py puts it together."""
    monkeypatch.setattr("tests.helpers.cli.main", lambda argv: run_command(argv, [printing.cli.register]))
    return jifen


def write_printer_config(home: Path, **settings: object) -> None:
    """Write the store's config.toml with a [printer] table of these settings."""
    lines = ["[printer]"]
    for key, value in settings.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{key} = {value}")
        else:
            lines.append(f'{key} = "{value}"')
    (home / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
