"""`jifen-ledger` as an operator on Chinese Windows uses it: a rules file saved by Notepad (UTF-8 with a BOM) is taken,
one in GBK ('ANSI') or with a mistake is refused in the command line's language; its answers reach a console or a
file in GBK (or ASCII) whole, ¥ written ￥ where the encoding has no ¥."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ledger import db
from ledger.cli import main as ledger_main
from tests.helpers.cli import CLEAN_ENV
from tests.helpers.ledger import open_ledger, shop_till
from tests.helpers.store import sell

JIFEN_LEDGER = Path(sys.executable).with_name("jifen-ledger")

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def ledger_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert ledger_main(["--db", url, "migrate"]) == 0
    assert ledger_main(["--db", url, "merchant", "add", "m1", "--name", "静安连锁"]) == 0
    capsys.readouterr()
    return url


def _ledger_rules(db: str, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = ledger_main(["--db", db, "merchant", "rules", "m1", str(path)])
    return status, capsys.readouterr().err


def _rules(db: str) -> str | None:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        (rules,) = conn.execute("SELECT rules FROM merchants WHERE id = 'm1'").fetchone()
    conn.close()
    return None if rules is None else str(rules)


def test_the_ledger_takes_rules_saved_with_a_bom(ledger_db: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m1.toml"
    path.write_bytes(BOM + "# 静安连锁\npoints_per_yuan = 100\nsignup_bonus = 800\n".encode())
    assert _ledger_rules(ledger_db, path, capsys) == (0, "")
    assert '"signup_bonus": 800' in str(_rules(ledger_db))


def test_the_ledger_refuses_rules_in_gbk_or_mistaken_in_chinese(
        ledger_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    before = _rules(ledger_db)
    path = tmp_path / "m1.toml"
    path.write_bytes("# 静安连锁\npoints_per_yuan = 200\n".encode("gbk"))
    assert _ledger_rules(ledger_db, path, capsys) == (2, f"{path} 不是 UTF-8 编码：请用记事本“另存为”，编码选 UTF-8\n")
    path.write_text("points_per_yuan = 200\n[expiry\n", encoding="utf-8")
    assert _ledger_rules(ledger_db, path, capsys) == (2, f"{path} 不是有效的 TOML（第 2 行第 8 列格式有误）\n")
    assert _rules(ledger_db) == before


def _ledger_in(encoding: str, db: str, *words: str) -> subprocess.CompletedProcess[str]:
    """`jifen-ledger` in a real process writing in ``encoding``, with no locale set (as on Windows)."""
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV} | {"PYTHONIOENCODING": encoding}
    return subprocess.run([str(JIFEN_LEDGER), "--db", db, *words], env=env, capture_output=True, text=True,
                          encoding=encoding, timeout=60, check=False)


@pytest.fixture
def sold(tmp_path: Path) -> Iterator[str]:
    """A ledger on SQLite holding one synced sale of ¥199.99 at 静安店 on 2026-03-01; yields its URL."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = db.open_engine(url)
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    till = shop_till(tmp_path, "静安店", "T1")
    sell(till, None, ("general", 19999))
    ledger.sync(till, token)
    engine.dispose()
    yield url


@pytest.mark.parametrize(("encoding", "gross"), [("gbk", "￥199.99"), ("ascii", "?199.99")])
def test_a_day_report_into_a_gbk_or_ascii_file_is_written_whole(sold: str, encoding: str, gross: str) -> None:
    run = _ledger_in(encoding, sold, "report", "day", "--merchant", "m1", "--date", "2026-03-01")
    assert (run.returncode, run.stderr) == (0, "")
    assert [line.split() for line in run.stdout.splitlines() if line.strip().startswith("Gross")] == [["Gross", "sales", gross]]


def test_the_terminal_list_on_an_ascii_console(sold: str) -> None:
    run = _ledger_in("ascii", sold, "terminal", "list", "--merchant", "m1")
    assert (run.returncode, run.stderr) == (0, "")
    assert "T1" in run.stdout and "???" in run.stdout  # 静安店, which ASCII cannot show
