"""A config.toml that cannot be read does not silently stop receipts: each sale's receipt is queued,
the cashier is told it did not print and why, and it prints once config.toml is mended."""

from pathlib import Path

from tests.helpers.cli import Jifen
from tests.printing.conftest import write_printer_config

BROKEN = "[printer\nurl = "
WHY = "config.toml is not valid TOML (Expected ']' at the end of a table declaration (at line 1, column 9))"


def test_a_sale_says_its_receipt_did_not_print_and_why(cli: Jifen) -> None:
    (cli.home / "config.toml").write_text(BROKEN, encoding="utf-8")
    run = cli("sale", "--line", "general:10", by="amy")
    assert run.status == 0
    assert run.out.splitlines()[-1] == (f"Receipt T1-6 NOT printed: {WHY}. It waits in the print queue as job 1 "
                                        "('jifen print retry'). The sale itself is saved.")
    sale = cli.ok("sale", "--line", "general:20", by="amy")
    assert [(p["ref"], p["status"], p["error"], p["message"]) for p in sale["printed"]] == [
        ("T1-7", "queued", "bad_printer", WHY)]


def test_the_queued_receipt_prints_once_config_is_mended(cli: Jifen, tmp_path: Path) -> None:
    (cli.home / "config.toml").write_text(BROKEN, encoding="utf-8")
    cli.ok("sale", "--line", "general:10", by="amy")
    assert [job["ref"] for job in cli.ok("print", "queue")["jobs"]] == ["T1-6"]
    paper = tmp_path / "paper.bin"
    write_printer_config(cli.home, url=f"file://{paper}")
    assert cli.ok("print", "retry")["printed"] == [1]
    assert paper.stat().st_size > 0
