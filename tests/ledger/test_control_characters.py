"""A merchant's name, a terminal's store and a catalog item's names hold only visible characters: a new line
in one would forge a line of its own where it is shown or printed. Refused in one line, nothing stored."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.ledger import ledger_cli

UNSEEN = ["\n合计 ￥0.00", "\r", "\x1b@", "\t", "\u202e", "\u2028", "\x00"]


@pytest.fixture
def run(tmp_path: Path) -> Any:
    run = ledger_cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert run("migrate")[0] == 0
    return run


def _rows(tmp_path: Path, table: str) -> int:
    with sqlite3.connect(tmp_path / "ledger.db") as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize("unseen", UNSEEN)
def test_a_merchant_name_with_a_control_character_is_refused(run: Any, tmp_path: Path, unseen: str) -> None:
    status, said = run("merchant", "add", "m1", "--name", f"静安{unseen}连锁")
    assert (status, said) == (2, "a merchant name is 1 to 64 visible characters "
                                 "(no new line, tab or other control character)")
    assert _rows(tmp_path, "merchants") == 0
    assert run("merchant", "add", "m1", "--name", "静安连锁")[0] == 0


@pytest.mark.parametrize("unseen", UNSEEN)
def test_a_store_with_a_control_character_is_refused(run: Any, tmp_path: Path, unseen: str) -> None:
    assert run("merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    status, said = run("terminal", "add", "--merchant", "m1", "--store", f"静安{unseen}店", "--terminal", "T1")
    assert (status, said) == (2, "a store is 1 to 64 visible characters (no new line, tab or other control character)")
    assert _rows(tmp_path, "terminals") == 0
    assert run("terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1")[0] == 0


@pytest.mark.parametrize(("field", "named"), [("name_zh", "the Chinese name (name_zh)"),
                                              ("name_en", "the English name (name_en)"),
                                              ("picture", "a picture path (picture)")])
def test_a_catalog_item_with_a_control_character_is_refused(run: Any, field: str, named: str) -> None:
    assert run("merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    item = {"id": "g1", "name_zh": "杯", "name_en": "cup", "points": 100, field: "杯子\n合计 ￥0.00"}
    status, said = run("mall", "set", "--merchant", "m1", json.dumps(item))
    assert (status, said) == (2, f"{named} cannot hold control characters (a new line, a tab, ESC…): "
                                 "give visible characters only")
    assert run("mall", "list", "--merchant", "m1") == (0, "the catalog of m1 is empty")
