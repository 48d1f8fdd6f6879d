"""`jifen-ledger mall set` and `offer add` given what they cannot take: one line naming the field, exit 2,
nothing stored (tests/mall/test_catalog_checked.py: the terminal checks the catalog it pulls the same way). A
failure nobody foresaw is one line and a log with its traceback, exit 1."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ledger.cli import main
from tests.helpers.ledger import ledger_cli

CUP = {"id": "g1", "name_zh": "杯", "name_en": "cup", "points": 100}
BAD = [
    ({"tiers": 5}, 'tiers is a list of tier names, like ["gold"]'),
    ({"tiers": "gold"}, 'tiers is a list of tier names, like ["gold"]'),
    ({"tiers": [5]}, "'5' is not a tier name (tiers)"),
    ({"valid_days": "x"}, "the days of validity (valid_days) must be a whole number from 1 to 3,660"),
    ({"points": 1.5}, "the price in points (points) must be a whole number from 1 to 10,000,000"),
    ({"per_day": True}, "the limit per day (per_day) must be a whole number from 1 to 10,000"),
    ({"id": 7}, "an item id (id) is 1 to 32 letters, digits, '.', '_' or '-'"),
    ({"kind": ["gift"]}, "an item's kind (kind) is gift or coupon"),
    ({"name_en": {"en": "cup"}}, "the English name (name_en) is 1 to 64 characters"),
    ({"picture": 3}, "a picture path (picture) is 1 to 256 characters"),
    ({"starts_on": 20260301}, "starts_on is a date like 2026-03-01"),
    ({"ends_on": "soon"}, "ends_on: 'soon' is not a date like 2026-03-01"),
    ({"on_sale": "yes"}, "on_sale is true or false"),
    ({"colour": "red"}, ("an item has no field colour: its fields are ends_on, id, kind, min_spend_fen, name_en, "
                         "name_zh, on_sale, per_day, per_member, picture, points, starts_on, tiers, topup_fen, "
                         "valid_days, value_fen")),
]


@pytest.fixture
def run(tmp_path: Path) -> Any:
    run = ledger_cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert run("migrate")[0] == 0 and run("merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    return run


@pytest.mark.parametrize(("change", "message"), BAD)
def test_a_bad_field_is_named_in_one_line_and_nothing_is_stored(run: Any, change: dict[str, Any], message: str) -> None:
    assert run("mall", "set", "--merchant", "m1", json.dumps(CUP | change)) == (2, message)
    assert json.loads(run("--json", "mall", "set", "--merchant", "m1", json.dumps(CUP | change))[1]) == {
        "error": "bad_input", "message": message}
    assert run("mall", "list", "--merchant", "m1") == (0, "the catalog of m1 is empty")


def test_a_missing_field_is_named(run: Any) -> None:
    assert run("mall", "set", "--merchant", "m1", json.dumps({"id": "g1", "name_en": "cup"})) == (
        2, "an item needs name_zh, points")


def test_an_offer_dated_past_the_calendar_is_refused_in_one_line(run: Any, tmp_path: Path) -> None:
    codes = tmp_path / "codes.txt"
    codes.write_text("A1\n", encoding="utf-8")
    end = "9999-12-31T23:59:59-12:00"
    assert run("offer", "add", "--merchant", "m1", "o6", "--title", "T", "--points", "100", "--from", end,
               "--until", end, "--codes", str(codes)) == (2, f"'{end}' is out of range: give a time from 1970 to 2999")
    assert run("offer", "add", "--merchant", "m1", "o6", "--title", "T", "--points", "100", "--from",
               "2026-03-01T00:00:00+08:00", "--until", "2027-03-01T00:00:00+08:00", "--codes", str(codes))[0] == 0


def test_an_unexpected_failure_is_one_line_and_its_traceback_is_in_the_log(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "data" / "jifen-ledger").mkdir(parents=True)
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert main(["--db", url, "migrate"]) == 0 and main(["--db", url, "merchant", "add", "m1", "--name", "X"]) == 0
    with sqlite3.connect(tmp_path / "ledger.db") as damaged:  # a row hand-edited in the database
        damaged.execute("INSERT INTO mall_items (merchant_id, id, kind, body) VALUES ('m1', 'g1', 'gift', '{not json')")
    capsys.readouterr()
    log = tmp_path / "data" / "jifen-ledger" / "jifen-ledger-error.log"
    assert main(["--db", url, "mall", "list", "--merchant", "m1"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"unexpected failure; details are in {log}\n")
    assert "Traceback" in log.read_text(encoding="utf-8") and "JSONDecodeError" in log.read_text(encoding="utf-8")
    assert main(["--db", url, "--json", "mall", "list", "--merchant", "m1"]) == 1
    assert json.loads(capsys.readouterr().out) == {"error": "internal", "message": f"unexpected failure; details are in {log}"}
