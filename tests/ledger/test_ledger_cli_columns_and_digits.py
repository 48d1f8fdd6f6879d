"""`jifen-ledger report day` keeps its cashier columns apart from ¥100,000,000 up; the ledger's command line reads
numbers in ASCII digits only (full-width ones as the till does), refusing Arabic-Indic digits int() would take."""

import json
import sqlite3
from pathlib import Path

import pytest

from ledger.cli_text import day_report_text
from tests.helpers.ledger import run


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run(capsys, url, "migrate")[0] == 0
    assert run(capsys, url, "merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    return url


def _fen_per_point(db: str, merchant: str) -> int | None:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        row = conn.execute("SELECT fen_per_point FROM merchants WHERE id = ?", (merchant,)).fetchone()
    return None if row is None else int(row[0])


def _cashiers(**takings: tuple[int, int, int]) -> dict[str, object]:
    return {"date": "2026-03-01", "until": "2026-03-01", "merchant": "m1", "store": None, "terminal": None,
            "behind": [], "cashiers": {name.replace("_", "/"): {"sales": sales, "gross_fen": gross, "drawer_cash_fen": cash}
                                       for name, (sales, gross, cash) in takings.items()}}


def test_cashier_columns_stay_apart_at_a_billion_and_line_up() -> None:
    _, text = day_report_text(_cashiers(G1_boss=(3, 40_100_000_000, 38_900_000_000),
                                        D1_boss=(7, 140_000_000_000, 140_000_000_000), T1_amy=(1, 2000, 0)), 0)
    assert text.split("Cashiers:\n")[1].splitlines() == [
        "  G1/boss                      3 sales    ¥401,000,000.00    ¥389,000,000.00 cash",
        "  D1/boss                      7 sales  ¥1,400,000,000.00  ¥1,400,000,000.00 cash",
        "  T1/amy                        1 sale             ¥20.00              ¥0.00 cash"]


def test_cashier_columns_keep_their_widths_for_everyday_amounts() -> None:
    _, text = day_report_text(_cashiers(T1_amy=(1, 2000, 0)), 0)
    assert text.split("Cashiers:\n")[1] == "  T1/amy                        1 sale          ¥20.00          ¥0.00 cash"


@pytest.mark.parametrize("words, option, typed", [
    (("merchant", "add", "m6", "--name", "x", "--fen-per-point", "١٢٣"), "--fen-per-point", "١٢٣"),
    (("mall", "stock", "--merchant", "m1", "g1", "--store", "静安店", "--stock", "١٠"), "--stock", "١٠"),
    (("offer", "add", "--merchant", "m1", "o1", "--title", "t", "--points", "۱۰۰", "--from", "2026-03-01T20:00:00+08:00",
      "--until", "2026-03-02T20:00:00+08:00", "--codes", "codes.txt"), "--points", "۱۰۰"),
    (("merchant", "add", "m6", "--name", "x", "--fen-per-point", "1.5"), "--fen-per-point", "1.5"),
])
def test_a_number_in_other_digits_is_refused_with_one_line(db: str, capsys: pytest.CaptureFixture[str],
                                                         words: tuple[str, ...], option: str, typed: str) -> None:
    assert run(capsys, db, *words) == (2, "", f"argument {option}: '{typed}' is not a whole number: write it in digits "
                                              "0 to 9, like 120 (see 'jifen-ledger --help')\n")
    status, out, _ = run(capsys, db, "--json", *words)
    assert status == 2 and json.loads(out)["error"] == "bad_input"
    assert _fen_per_point(db, "m6") is None


def test_a_number_in_other_digits_is_refused_in_chinese(db: str, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(capsys, db, "mall", "stock", "--merchant", "m1", "g1", "--store", "静安店", "--stock", "١٠") == (
        2, "", "--stock：“١٠”不是整数：请用数字 0 到 9 书写，如 120（见 jifen-ledger --help）\n")


def test_full_width_digits_are_read_as_the_till_reads_them(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, db, "merchant", "add", "m6", "--name", "x", "--fen-per-point", "１２")[0] == 0
    assert _fen_per_point(db, "m6") == 12


def test_a_very_long_number_is_refused_without_repeating_it_all(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, db, "merchant", "add", "m6", "--name", "x", "--fen-per-point", "9" * 5000)
    assert (status, err) == (2, "argument --fen-per-point: '99999999999999999999… (5,000 characters)' is too large "
                                "(see 'jifen-ledger --help')\n")
