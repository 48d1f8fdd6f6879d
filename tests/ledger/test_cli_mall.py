"""`jifen-ledger mall set / stock / list` as a merchant's operator types them: readable lines, the same
data with --json, and one line for a mistake with nothing changed."""

import json
from pathlib import Path

from tests.helpers.ledger import ledger_cli

TEA = {"id": "TEA", "name_zh": "茶杯", "name_en": "Tea cup", "points": 300, "topup_fen": 990}
C10 = {"id": "C10", "kind": "coupon", "name_zh": "十元券", "name_en": "Coupon", "points": 200, "value_fen": 1000,
       "min_spend_fen": 5000, "on_sale": False}


def test_the_catalog_reads_as_lines_and_as_json(tmp_path: Path) -> None:
    run = ledger_cli(f"sqlite:///{tmp_path / 'ledger.db'}")
    assert run("migrate")[0] == 0 and run("merchant", "add", "m1", "--name", "静安连锁")[0] == 0
    assert run("mall", "list", "--merchant", "m1") == (0, "the catalog of m1 is empty")
    assert run("mall", "set", "--merchant", "m1", json.dumps(TEA)) == (0, "item set for m1")
    assert run("mall", "set", "--merchant", "m1", json.dumps(C10))[0] == 0
    assert run("mall", "stock", "--merchant", "m1", "TEA", "--store", "静安店", "--stock", "5") == (0, (
        "stock set; no terminal of m1 is in store 静安店 yet: check the name against jifen-ledger terminal add --store"))
    assert run("terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1")[0] == 0
    assert run("mall", "stock", "--merchant", "m1", "TEA", "--store", "静安店", "--stock", "5") == (0, "stock set")
    assert run("mall", "list", "--merchant", "m1") == (0, (
        "C10  十元券 / Coupon  200 points, a coupon: ¥10.00 off from ¥50.00, off sale; stock: no limit\n"
        "TEA  茶杯 / Tea cup  300 points + ¥9.90; stock: 静安店 5"))
    status, text = run("--json", "mall", "list", "--merchant", "m1")
    items = {item["id"]: item for item in json.loads(text)["items"]}
    assert status == 0 and items["TEA"]["stock"] == {"静安店": 5} and items["C10"]["on_sale"] is False
    before = run("--json", "mall", "list", "--merchant", "m1")
    status, text = run("mall", "set", "--merchant", "m1", "{not json")
    assert status == 2 and text.startswith("not JSON") and "\n" not in text
    assert run("mall", "set", "--merchant", "m1", json.dumps({**TEA, "points": -1}))[0] == 2
    assert run("mall", "list", "--merchant", "m9")[0] == 2
    assert run("--json", "mall", "list", "--merchant", "m1") == before
    assert run("report", "coupon-clashes", "--merchant", "m1") == (0, "no coupon of m1 was used twice")
