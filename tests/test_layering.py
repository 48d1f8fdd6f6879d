"""The arrows of architecture.md point one way: Qt only in ui/, no network or devices in terminal/."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
NETWORK_AND_DEVICES = ("socket", "requests", "urllib.request", "http.client", "httpx", "serial", "usb", "escpos",
                       "ssl", "ftplib", "smtplib")
MAY_IMPORT = {
    "terminal": set(),
    "printing": {"terminal"},
    "sync": {"terminal"},
    "ledger": {"sync"},
}
# The ledger shares the protocol through sync.protocol; of the terminal it may use only these
# utilities, never the terminal's store, services or command line. points_math is the points arithmetic itself,
# which the ledger works out again to check what a till sent: one copy, so the two never disagree. lang: its
# command line speaks the language the till's does, chosen the same way;
# argparse_zh: argparse's words in Chinese, the same for both command lines; money: amounts and digits read and
# written as the till does; report_words: the day's figures named as the till names them.
LEDGER_MAY_USE = {"terminal.argparse_zh", "terminal.clock", "terminal.home", "terminal.lang", "terminal.money",
                  "terminal.phones", "terminal.points_math", "terminal.report_words", "terminal.textwidth",
                  "terminal.toml_file", "terminal.totals", "terminal.version", "terminal.visible_text"}


def _imports(package: str) -> list[tuple[str, str]]:
    found = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((str(path.relative_to(ROOT)), node.module))
    return found


def _is(module: str, names: tuple[str, ...]) -> bool:
    return any(module == n or module.startswith(n + ".") for n in names)


@pytest.mark.parametrize("package", ["terminal", "printing", "sync", "ledger"])
def test_no_qt_outside_ui(package: str) -> None:
    assert [f"{f}: {m}" for f, m in _imports(package) if _is(m, QT)] == []


def test_terminal_does_no_network_or_device_io() -> None:
    assert [f"{f}: {m}" for f, m in _imports("terminal") if _is(m, NETWORK_AND_DEVICES)] == []


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_packages_import_only_what_they_may(package: str) -> None:
    ours = {"terminal", "printing", "sync", "ledger", "ui"}
    allowed = MAY_IMPORT[package] | {package}
    wrong = [f"{f}: {m}" for f, m in _imports(package)
             if m.split(".")[0] in ours and m.split(".")[0] not in allowed and not (package == "ledger" and m in LEDGER_MAY_USE)]
    assert wrong == []


def test_the_command_line_runs_without_loading_qt() -> None:
    code = "import sys, ui.entry; sys.exit(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
