"""`jifen-ledger` as an operator on Chinese Windows uses it: a rules file saved by Notepad (UTF-8 with a BOM) is taken,
one in GBK ('ANSI') or with a mistake is refused in the command line's language; its answers reach a console or a
file in GBK (or ASCII) whole, ¥ written ￥ where the encoding has no ¥."""

import sqlite3
from pathlib import Path

import pytest

from ledger.cli import main as ledger_main

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
