"""A merchant's own category carries a label in rules.toml: receipts, refund receipts, `receipt verify` and
`rules show` name it by the label, while `sale --line` still takes its id."""

from pathlib import Path
from typing import Any

from printing.render_text import to_text
from printing.service import Printing
from printing.settings import PrinterSettings
from terminal.home import Home
from terminal.rules import DEFAULT_CATEGORIES, RuleSet
from tests.helpers.cli import Jifen
from tests.helpers.store import new_till, sell

ZH = {"LANG": "zh_CN.UTF-8"}


def with_category(cli: Jifen, line: str) -> None:
    """Add one line to the [categories] table of the store's rules.toml."""
    lines = cli.rules_file.read_text(encoding="utf-8").splitlines()
    at = next(i for i, old in enumerate(lines) if old.startswith("excluded = "))
    cli.rules_file.write_text("\n".join([*lines[:at + 1], line, *lines[at + 1:]]) + "\n", encoding="utf-8")


def printed(cli: Jifen, ref: str) -> dict[str, Any]:
    return cli.ok("receipt", ref, "--text", "--lang", "zh")


def test_a_labelled_category_is_sold_by_its_id_and_printed_by_its_label(cli: Jifen) -> None:
    with_category(cli, 'imported_baby_formula = { rate_bp = 3000, label = "进口奶粉" }')
    cli.member("13800138000")
    sale = cli.ok("sale", "--line", "imported_baby_formula:388", "--line", "general:100", "--member", "13800138000",
                  by="amy")
    receipt = printed(cli, str(sale["sale_id"]))
    lines = receipt["text"].splitlines()
    assert any("进口奶粉 " in line and line.endswith("￥388.00") for line in lines), receipt["text"]
    assert any("普通商品 " in line and line.endswith("￥100.00") for line in lines), receipt["text"]
    assert "imported_baby_formula" not in receipt["text"]

    refund = cli.ok("refund", str(sale["sale_id"]), "--line", "1", by="max")
    refunded = printed(cli, str(refund["refund_id"]))["text"]
    assert any("进口奶粉 " in line and line.endswith("￥388.00") for line in refunded.splitlines()), refunded

    checked = cli("receipt", "verify", receipt["codes"][0], "--json", env=ZH)
    assert checked.status == 0, str(checked)
    assert [(line["category"], line["name"]) for line in checked.json["sale"]["lines"]] == [
        ("imported_baby_formula", "进口奶粉"), ("general", "普通商品")]
    shown = cli("rules", "show", env=ZH)
    assert "进口奶粉（imported_baby_formula） 0.3" in shown.out, shown.out


def test_a_bad_label_is_refused_in_one_line_and_changes_nothing(cli: Jifen) -> None:
    before = cli.ok("rules", "show")
    stored = cli.dump()
    with_category(cli, 'fresh = { rate_bp = 3000, label = "生\\n鲜" }')
    run = cli("rules", "check", "--json")
    assert run.status == 2 and run.json["error"] == "bad_rules"
    assert run.json["message"] == ("rules: categories.fresh.label: must be text of 1 to 20 characters, "
                                   "without control characters")
    human = cli("rules", "check", env=ZH)
    assert human.status == 2 and human.err.count("\n") == 1 and "categories.fresh.label" in human.err, str(human)
    assert cli.ok("rules", "show") == before
    assert cli.refused("sale", "--line", "fresh:10", by="amy") == "unknown_category"
    assert cli.dump() == stored


def test_a_chinese_id_is_told_where_a_chinese_name_goes(cli: Jifen) -> None:
    with_category(cli, '"生鲜" = 3000')
    run = cli("rules", "check", "--json")
    assert run.status == 2 and run.json["message"] == (
        "rules: categories.生鲜: must be a lower-case id such as fresh; a Chinese name goes in its label")


def test_two_stores_open_in_one_process_print_each_its_own_label(tmp_path: Path) -> None:
    labels = ("生鲜", "鲜果")
    tills = [new_till(Home(tmp_path / f"store{n}"), rules=RuleSet(categories={**DEFAULT_CATEGORIES, "fresh": 3000},
                                                                  category_labels={"fresh": label}))
             for n, label in enumerate(labels)]
    for till, label in zip(tills, labels, strict=True):
        printing = Printing(till, PrinterSettings(language="zh"))
        receipt = to_text(printing.page(printing.document("receipt", sell(till, None, ("fresh", 10000)).sale_id)))
        assert any(f"{label} " in line and line.endswith("￥100.00") for line in receipt.splitlines()), receipt
        till.close()


def test_a_reprint_names_a_category_as_the_rules_of_its_sale_did(cli: Jifen) -> None:
    with_category(cli, 'fresh = { rate_bp = 3000, label = "生鲜" }')
    sale = cli.ok("sale", "--line", "fresh:10", by="amy")
    cli.set_rule("signup_bonus = 600")  # rules change (a ledger's would replace them whole) ...
    lines = cli.rules_file.read_text(encoding="utf-8").replace('label = "生鲜"', 'label = "果蔬"')
    cli.rules_file.write_text(lines, encoding="utf-8")  # ... and name the category otherwise from now on
    assert "果蔬" in cli("rules", "show", env=ZH).out
    receipt = printed(cli, str(sale["sale_id"]))["text"]
    assert any("生鲜 " in line and line.endswith("￥10.00") for line in receipt.splitlines()), receipt


def test_an_english_receipt_and_its_check_name_a_shops_own_category_by_its_label(cli: Jifen) -> None:
    with_category(cli, 'kaya_toast = { rate_bp = 3000, label = "Kaya toast" }')
    sale = cli.ok("sale", "--line", "kaya_toast:8.50", by="amy")
    receipt = cli.ok("receipt", str(sale["sale_id"]), "--text", "--lang", "en")
    assert any(line.startswith("1. Kaya toast ") and line.endswith("￥8.50") for line in receipt["text"].splitlines())
    assert "kaya_toast" not in receipt["text"], receipt["text"]
    checked = cli("receipt", "verify", receipt["codes"][0], env={"LANG": "en_US.UTF-8"})
    assert checked.status == 0 and "  1. Kaya toast ￥8.50" in checked.out, str(checked)
