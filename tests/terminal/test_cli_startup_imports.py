"""A shop's script starts one `jifen` process per sale, so each command loads only what it uses: the app's Qt, the
camera's OpenCV and decoders, the printer's python-escpos and Pillow, and the ledger's client come with the commands
that use them, and `--version` and `--help` do not even load the store's database layer. Checked on the installed
console scripts in real processes, from the modules Python says it imported (PYTHONPROFILEIMPORTTIME, as -X importtime
does), without timing anything."""

import json
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.helpers.cli import MORNING, PINS, Jifen, run_jifen

# Never needed by a sale, a lookup or a report on a store without a printer.
NOT_FOR_A_SALE = ("PySide6", "shiboken6", "cv2", "numpy", "zxingcpp", "pyzbar", "escpos", "PIL", "qrcode", "usb",
                  "serial", "requests", "urllib3", "pydantic", "fastapi", "uvicorn", "psycopg")
NOT_FOR_WORDS = (*NOT_FOR_A_SALE, "sqlalchemy", "alembic", "cryptography")


def imported(stderr: str) -> set[str]:
    """The top-level packages of every module the process imported (PYTHONPROFILEIMPORTTIME's lines)."""
    names = [line.split("|")[2].strip() for line in stderr.splitlines() if line.startswith("import time:")]
    return {name.split(".")[0] for name in names if name != "imported package"}


def said(stderr: str) -> str:
    return "\n".join(line for line in stderr.splitlines() if not line.startswith("import time:"))


def run_counted(jifen: Jifen, *words: str, by: str | None = None) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    env = {"JIFEN_HOME": str(jifen.home), "JIFEN_NOW": MORNING, "JIFEN_BACKUP_WAIT": "1",
           "PYTHONPROFILEIMPORTTIME": "1"}
    if by is not None:
        words, env = (*words, "--cashier", by), env | {"JIFEN_PIN": PINS[by]}
    done = run_jifen(*words, env=env)
    assert done.returncode == 0, f"{words}: exit {done.returncode}\n{said(done.stderr)}"
    return done, imported(done.stderr)


@pytest.mark.parametrize("words", [("--version",), ("--help",), ("member", "--help")])
def test_version_and_help_load_no_database_printer_camera_app_or_ledger_client(jifen: Jifen,
                                                                               words: tuple[str, ...]) -> None:
    done, modules = run_counted(jifen, *words)
    assert done.stdout.startswith(f"jifen {version('jifen')}\n" if words == ("--version",) else "usage: jifen")
    assert said(done.stderr) == ""
    assert sorted(modules & set(NOT_FOR_WORDS)) == []
    assert "terminal" in modules  # the count is real: the command's own package is listed


def test_a_lookup_a_sale_and_a_day_report_load_no_printer_camera_app_or_ledger_client(jifen: Jifen) -> None:
    member = jifen.member("13800138000", "--name", "张三")
    done, shown = run_counted(jifen, "member", "show", "13800138000", "--json")
    assert json.loads(done.stdout)["id"] == member
    done, sold = run_counted(jifen, "sale", "--member", member, "--line", "general:199.99", "--json", by="amy")
    sale = json.loads(done.stdout)
    done, reported = run_counted(jifen, "report", "day", "--json")
    assert json.loads(done.stdout)["gross_fen"] == 19999
    assert {"sqlalchemy"} <= shown & sold & reported  # the store was opened each time
    assert sorted((shown | sold | reported) & set(NOT_FOR_A_SALE)) == []
    assert jifen.balance(member) == sale["member"]["balance"]


def test_ledger_version_and_help_load_no_database_driver_or_web_server(tmp_path: Path) -> None:
    ledger = shutil.which("jifen-ledger", path=str(Path(sys.executable).parent))
    assert ledger is not None
    for words in (["--version"], ["--help"]):
        done = subprocess.run([ledger, *words], capture_output=True, text=True, timeout=60, cwd=tmp_path,
                              env={"HOME": str(tmp_path), "PYTHONPROFILEIMPORTTIME": "1"})
        assert done.returncode == 0, said(done.stderr)
        assert done.stdout.startswith(f"jifen-ledger {version('jifen')}\n" if words == ["--version"] else "usage: jifen-ledger")
        assert sorted(imported(done.stderr) & set(NOT_FOR_WORDS)) == []
