"""The printing commands of `jifen`, driven as a user does, with a real store and a network printer
on 127.0.0.1."""

import os
from pathlib import Path

import pytest
from PIL import Image
from pyzbar import pyzbar  # type: ignore[import-untyped]

from printing.service import Printing
from tests.helpers.cli import Jifen
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.fake_printer import FakePrinter
from tests.printing.conftest import write_printer_config

ZHANG = "13800138000"


def _sale(cli: Jifen, *lines: str, member: str | None = ZHANG, **how: str) -> dict[str, object]:
    words = ["sale", *(w for line in lines for w in ("--line", line))]
    if member:
        words += ["--member", member]
    for option, value in how.items():
        words += [f"--{option}", value]
    return cli.ok(*words, by="amy")


@pytest.fixture
def sale(cli: Jifen) -> dict[str, object]:
    cli.member(ZHANG)
    return _sale(cli, "general:60", "general:40", redeem="500")


def test_receipt_prints_to_the_configured_printer(cli: Jifen, printer: FakePrinter, sale: dict[str, object]) -> None:
    write_printer_config(cli.home, url=printer.url, profile="58mm", answer_timeout_ms=300)
    printed = cli.ok("receipt", str(sale["sale_id"]))
    assert (printed["status"], printed["copy"], printed["kind"], printed["ref"]) == ("printed", False, "receipt", sale["sale_id"])
    assert isinstance(printed["job"], int)
    out = printer.printout()
    assert out.widest <= 32 and out.junk == []
    assert out.find("积分抵扣 500 积分") and out.find("￥95.00")
    again = cli.ok("receipt", str(sale["seq"]))  # by its number too
    assert again["copy"] is True and again["job"] != printed["job"]
    assert len(printer.printout().find("** 重印 **")) == 2
    text = cli("receipt", str(sale["sale_id"]))
    assert text.status == 0 and "printed (marked COPY)" in text.out and "重印" not in text.out


def test_receipt_to_a_printer_given_on_the_command_line(cli: Jifen, printer: FakePrinter, sale: dict[str, object]) -> None:
    assert cli.ok("receipt", str(sale["sale_id"]), "--printer", printer.url, "--profile", "80mm", "--lang", "en")[
        "status"] == "printed"
    out = printer.printout()
    assert out.widest <= 48 and out.find("Paid with 500 points") and out.cuts == ["partial"]


def test_a_printer_out_of_paper_keeps_the_receipt_in_the_queue(cli: Jifen, printer: FakePrinter,
                                                                sale: dict[str, object]) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    printer.mode = "paper_out"
    entries = cli.entries()
    run = cli("receipt", str(sale["sale_id"]), "--json")
    assert run.status == 2
    assert (run.json["error"], run.json["status"]) == ("paper_out", "queued")
    assert run.json["message"] == "printer out of paper — reprint when loaded"
    human = cli("receipt", str(sale["sale_id"]))
    assert human.status == 2 and human.err == (f"Receipt {sale['sale_id']} NOT printed: printer out of paper — reprint "
                                                f"when loaded. It waits in the print queue as job {run.json['job']} "
                                                "('jifen print retry').\n")  # a reprint: no word of the sale
    zh = cli("print", "queue", env={"LANG": "zh_CN.UTF-8"})
    assert "打印机缺纸——装好纸后重印" in zh.out
    queue = cli.ok("print", "queue")
    assert queue["queued"] == 1 and queue["jobs"][0]["error"] == "paper_out" and queue["jobs"][0]["attempts"] == 2
    assert cli.entries() == entries and cli.ok("member", "show", ZHANG)["balance"] == 47  # the sale is as it was
    printer.mode = "ready"
    retried = cli.ok("print", "retry")
    assert retried["queued"] == [] and retried["printed"] == [queue["jobs"][0]["job"]]
    assert printer.printout().find(str(sale["sale_id"]))
    assert cli.ok("print", "queue")["queued"] == 0
    assert [job["status"] for job in cli.ok("print", "queue", "--all")["jobs"]] == ["printed"]


def test_an_unreachable_printer(cli: Jifen, printer: FakePrinter, sale: dict[str, object]) -> None:
    printer.refuse()
    run = cli("receipt", str(sale["sale_id"]), "--printer", printer.url, "--json")
    assert run.status == 2 and run.json["error"] == "unreachable" and run.json["status"] == "not_printed"
    assert "switched off or unplugged" in run.json["message"]
    status = cli("printer", "status", "--printer", printer.url, "--json")
    assert status.status == 2 and status.json["status"] == "unreachable"
    printer.accept()
    assert cli.ok("print", "queue")["queued"] == 0


def test_a_print_to_a_printer_given_once_that_fails_is_not_left_for_the_shop_printer(
        cli: Jifen, printer: FakePrinter, sale: dict[str, object], tmp_path: Path) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    elsewhere = f"file://{tmp_path}/no/such/folder/out.bin"
    run = cli("receipt", str(sale["sale_id"]), "--printer", elsewhere)
    assert run.status == 2 and run.out == "" and run.err.count("\n") == 1
    assert run.err.startswith(f"Receipt {sale['sale_id']} NOT printed: ")
    assert "queue" not in run.err and "saved" not in run.err and "Traceback" not in run.err
    assert cli.ok("print", "queue")["queued"] == 0
    _sale(cli, "general:10", member=None)  # the next customer: only their receipt comes out of the shop's printer
    assert printer.printout().find(str(sale["sale_id"])) == []


@pytest.mark.parametrize(("words", "fragment"), [
    (["--printer", "http://printer"], "is not a printer address"),
    (["--printer", "tcp://:9100"], "is not a printer address"),
    (["--printer", "tcp://127.0.0.1:0"], "the port is not a number from 1 to 65535"),
    (["--printer", "usb://printer"], "usb://VID:PID"),
    (["--printer", "serial:///dev/ttyUSB0?baud=1234"], "baud"),
    (["--printer", "file://relative/path"], "file:///"),
    (["--profile", "XP-9999", "--printer", "file:///tmp/x.bin"], "unknown printer profile 'XP-9999'"),
    (["--profile", "AF-240", "--printer", "file:///tmp/x.bin"], "not a receipt printer"),
])
def test_a_bad_printer_address_or_profile_is_one_clear_message_and_nothing_changes(
        cli: Jifen, sale: dict[str, object], words: list[str], fragment: str) -> None:
    before = cli.dump()
    run = cli("receipt", str(sale["sale_id"]), *words)
    assert (run.status, run.out) == (2, "")
    assert fragment in run.err and run.err.count("\n") == 1 and "Traceback" not in run.err
    assert cli.refused("receipt", str(sale["sale_id"]), *words) == "bad_printer"
    assert cli.dump() == before


def test_without_a_printer_set_up_the_message_says_how(cli: Jifen, sale: dict[str, object]) -> None:
    run = cli("receipt", str(sale["sale_id"]))
    assert run.status == 2 and "the app's Settings › Printer" in run.err and "config.toml" in run.err


def test_a_bad_printer_table_names_the_setting(cli: Jifen, sale: dict[str, object]) -> None:
    write_printer_config(cli.home, url="file:///tmp/x.bin", charset="big5")
    run = cli("receipt", str(sale["sale_id"]))
    assert run.status == 2 and "printer.charset" in run.err
    write_printer_config(cli.home, url="file:///tmp/x.bin", colour="red")
    assert '[printer] has no setting "colour"' in cli("receipt", str(sale["sale_id"])).err


def test_preview_writes_a_png_of_the_paper(cli: Jifen, sale: dict[str, object], tmp_path: Path) -> None:
    target = tmp_path / "receipt.png"
    made = cli.ok("receipt", str(sale["sale_id"]), "--preview", str(target), "--profile", "80mm")
    assert made["file"] == str(target)
    image = Image.open(target)
    assert image.width == 576
    assert [found.data.decode() for found in pyzbar.decode(image)] == made["codes"]
    assert cli.ok("print", "queue", "--all")["jobs"] == []  # a preview is not a print


def test_preview_to_a_folder_that_does_not_exist(cli: Jifen, sale: dict[str, object], tmp_path: Path) -> None:
    run = cli("receipt", str(sale["sale_id"]), "--preview", str(tmp_path / "nowhere" / "r.png"))
    assert run.status == 2 and "cannot write" in run.err


def test_a_missing_preview_font_is_named(cli: Jifen, sale: dict[str, object], tmp_path: Path) -> None:
    write_printer_config(cli.home, preview_font=str(tmp_path / "nofont.ttc"))
    assert cli.refused("receipt", str(sale["sale_id"]), "--preview", str(tmp_path / "r.png")) == "no_font"


def test_text_shows_the_receipt(cli: Jifen, sale: dict[str, object]) -> None:
    run = cli("receipt", str(sale["sale_id"]), "--text")
    assert run.status == 0
    lines = run.out.splitlines()
    assert lines[0].strip() == "静安店" and "[QR]" in run.out
    assert any(line.startswith("合计") and line.endswith("￥100.00") for line in lines)
    shown = cli.ok("receipt", str(sale["sale_id"]), "--text", "--lang", "en")
    assert "Points earned" in shown["text"] and shown["codes"][0].startswith("JFR1/S/T1/")


def _code(cli: Jifen, ref: str) -> str:
    return str(cli.ok("receipt", ref, "--text")["codes"][0])


def test_verify_a_receipt_code(cli: Jifen, sale: dict[str, object]) -> None:
    code = _code(cli, str(sale["sale_id"]))
    checked = cli.ok("receipt", "verify", code)
    assert (checked["ok"], checked["terminal"], checked["seq"], checked["id"]) == (True, "T1", sale["seq"], sale["sale_id"])
    assert checked["in_store"] is True and checked["sale"]["member"] == "138****8000"
    assert [line["amount_fen"] for line in checked["sale"]["lines"]] == [6000, 4000]
    human = cli("receipt", "verify", code)
    assert human.status == 0 and f"Genuine receipt: sale {sale['sale_id']}" in human.out and "1. General goods ￥60.00" in human.out


@pytest.mark.parametrize(("change", "error"), [
    (lambda c: c.replace("/10000/", "/1000/"), "forged_code"),
    (lambda c: c.replace("/47/", "/470/"), "forged_code"),
    (lambda c: c[:-2], "forged_code"),
    (lambda c: c.replace("/T1/", "/T7/"), "unknown_key"),
    (lambda c: "hello", "not_a_receipt_code"),
])
def test_an_altered_code_fails_and_says_which_entry_it_claims(cli: Jifen, sale: dict[str, object], change: object,
                                                              error: str) -> None:
    code = change(_code(cli, str(sale["sale_id"])))  # type: ignore[operator]
    run = cli("receipt", "verify", code, "--json")
    assert run.status == 2
    assert (run.json["ok"], run.json["error"]) == (False, error) and run.json["message"]
    if error != "not_a_receipt_code":
        assert run.json["seq"] == sale["seq"]


def test_verify_notices_a_store_changed_after_printing(cli: Jifen, sale: dict[str, object]) -> None:
    code = _code(cli, str(sale["sale_id"]))
    cli.query("UPDATE sales SET earned_points = 470 WHERE id = ?", sale["sale_id"])
    run = cli("receipt", "verify", code, "--json")
    assert run.status == 2 and run.json["error"] == "receipt_mismatch"


def test_a_refund_starts_from_the_scanned_receipt_and_gets_its_own(cli: Jifen, sale: dict[str, object],
                                                                   printer: FakePrinter) -> None:
    code = _code(cli, str(sale["sale_id"]))
    refund = cli.ok("refund", code, "--line", "2", by="amy", approver="max")
    assert (refund["sale_id"], refund["refunded_fen"], refund["restored_points"]) == (sale["sale_id"], 4000, 200)
    printed = cli.ok("receipt", str(refund["refund_id"]), "--printer", printer.url)
    assert printed["kind"] == "refund"
    out = printer.printout()
    assert out.find("退款单") and out.find("扣回已得积分")
    checked = cli.ok("receipt", "verify", out.qr_codes[0])
    assert (checked["kind"], checked["id"], checked["refund"]["sale_id"]) == ("refund", refund["refund_id"], sale["sale_id"])
    assert cli.ok("receipt", code, "--text")["text"] == cli.ok("receipt", str(sale["sale_id"]), "--text")["text"]


def test_print_the_day_totals_and_a_z_report(cli: Jifen, printer: FakePrinter, sale: dict[str, object]) -> None:
    write_printer_config(cli.home, url=printer.url, profile="80mm")
    assert cli.ok("print", "day")["ref"] == "2026-03-01"
    assert printer.printout().find("2026-03-01 当日汇总")
    assert cli.refused("print", "z", "1") == "not_found"
    cli.ok("day", "close", by="boss")
    printer.forget()
    assert cli.ok("print", "z", "1", "--lang", "en")["kind"] == "z"
    out = printer.printout()
    assert out.find("Z1 END OF DAY") and [line.text.split()[-1] for line in out.find("Gross sales")] == ["￥100.00"]
    assert cli.refused("print", "day", "--date", "yesterday") == "bad_input"


def test_print_a_member_card(cli: Jifen, printer: FakePrinter) -> None:
    member_id = cli.member(ZHANG, "--name", "张三")
    printed = cli.ok("print", "card", ZHANG, "--code", "JFM1-TEST-CODE", "--printer", printer.url)
    assert printed["ref"] == member_id
    out = printer.printout()
    assert out.qr_codes == ["JFM1-TEST-CODE"] and out.find("张三") and out.find("138****8000")


def test_a_member_card_carries_a_freshly_issued_signed_code(cli: Jifen, printer: FakePrinter) -> None:
    member_id = cli.member(ZHANG)
    cli.ok("print", "card", ZHANG, "--printer", printer.url)
    [code] = printer.printout().qr_codes
    assert code.startswith("JF1")
    assert cli.ok("member", "show", code)["id"] == member_id  # the printed code is genuine and names the member


def test_printer_test_and_status(cli: Jifen, printer: FakePrinter) -> None:
    assert cli.ok("printer", "test", "--printer", printer.url, "--profile", "58mm")["kind"] == "test"
    assert printer.printout().find("12345678901234567890123456789012")
    status = cli.ok("printer", "status", "--printer", printer.url)
    assert (status["status"], status["message"]) == ("ready", "printer ready")
    printer.mode = "cover_open"
    run = cli("printer", "status", "--printer", printer.url, "--json")
    assert run.status == 2 and run.json["status"] == "cover_open"
    printer.mode = "silent"
    write_printer_config(cli.home, answer_timeout_ms=100)
    assert cli.ok("printer", "status", "--printer", printer.url)["status"] == "unknown"


def test_retry_one_job_and_not_one_that_printed(cli: Jifen, printer: FakePrinter, sale: dict[str, object]) -> None:
    printed = cli.ok("receipt", str(sale["sale_id"]), "--printer", printer.url)
    assert cli.refused("print", "retry", str(printed["job"]), "--printer", printer.url) == "bad_input"
    assert cli.refused("print", "retry", "99", "--printer", printer.url) == "not_found"
    assert cli.ok("print", "retry", "--printer", printer.url)["jobs"] == []


def test_no_such_receipt(cli: Jifen) -> None:
    assert cli.refused("receipt", "T1-999", "--text") == "not_found"
    assert cli.refused("receipt", "verify") == "bad_input"
    assert cli.refused("receipt", "T1-1", "extra") == "bad_input"
    assert cli.refused("receipt", "1", "--text", "--printer", "file:///tmp/x.bin") == "bad_input"


def test_file_printer_for_the_demo(cli: Jifen, sale: dict[str, object], tmp_path: Path) -> None:
    target = tmp_path / "paper.bin"
    write_printer_config(cli.home, url=f"file://{target}", drawer=True)
    cli.ok("receipt", str(sale["sale_id"]))
    out = read_escpos(target.read_bytes())
    assert out.drawer_kicks == 1 and out.find(str(sale["sale_id"]))


def test_with_a_printer_set_up_a_sale_and_its_refund_print_at_once(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    cli.member(ZHANG)
    sale = _sale(cli, "general:60", "general:40")
    [job] = sale["printed"]
    assert (job["kind"], job["ref"], job["status"], job["copy"]) == ("receipt", sale["sale_id"], "printed", False)
    assert printer.printout().find(str(sale["sale_id"])) and printer.printout().cuts
    refund = cli.ok("refund", str(sale["sale_id"]), "--line", "2", by="max")
    assert [(j["kind"], j["ref"], j["status"]) for j in refund["printed"]] == [("refund", refund["refund_id"], "printed")]
    assert printer.printout().find("退款单")
    assert cli.ok("print", "queue")["queued"] == 0
    human = cli("sale", "--line", "general:5", by="amy")
    assert human.status == 0 and "printed (job 3)" in human.out
    assert cli.ok("receipt", str(sale["sale_id"]))["copy"] is True  # the sale's receipt printed once already


def test_a_sale_whose_receipt_does_not_print_is_recorded_all_the_same(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    cli.member(ZHANG)
    printer.mode = "paper_out"
    entries = cli.entries()
    run = cli("sale", "--line", "general:100", "--member", ZHANG, by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert run.status == 0, run  # the sale stands: a script must not ring it up again
    assert "小票" in run.out and "未打印：打印机缺纸" in run.out and "jifen print retry" in run.out
    assert cli.entries() == entries + 1 and cli.balance(ZHANG) == 550
    printer.refuse()
    sale = cli.ok("sale", "--line", "general:5", by="amy")
    assert [(j["status"], j["error"]) for j in sale["printed"]] == [("queued", "unreachable")]
    printer.accept()
    printer.mode = "ready"
    assert len(cli.ok("print", "retry")["printed"]) == 2
    assert printer.printout().find(str(sale["sale_id"]))


def test_a_gift_exchange_prints_its_slip(cli: Jifen, tmp_path: Path) -> None:
    paper = tmp_path / "paper.bin"
    write_printer_config(cli.home, url=f"file://{paper}")
    cli.member(ZHANG)
    cli.ok("gift", "add", "TEA", "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", "300", by="boss")
    done = cli.ok("gift", "exchange", "TEA", "--member", ZHANG, by="amy")
    assert [(j["kind"], j["ref"], j["status"]) for j in done["printed"]] == [("gift", done["exchange_id"], "printed")]
    assert read_escpos(paper.read_bytes()).find("茶杯")


def test_a_broken_printer_setting_leaves_the_receipt_queued_and_the_sale_recorded(cli: Jifen, tmp_path: Path) -> None:
    write_printer_config(cli.home, url=f"file://{tmp_path / 'paper.bin'}", charset="big5")
    run = cli("sale", "--line", "general:5", by="amy")
    assert run.status == 0 and "print queue" in run.out and "printer.charset" in run.out
    assert cli.ok("print", "queue")["queued"] == 1


def test_the_mall_slips_print_again_as_copies(cli: Jifen, printer: FakePrinter) -> None:
    cli.member(ZHANG)
    cli.ok("gift", "add", "TEA", "--name-zh", "茶杯", "--name-en", "Tea cup", "--points", "100", by="boss")
    cli.ok("gift", "add", "C10", "--coupon", "--name-zh", "十元券", "--name-en", "Coupon", "--points", "200",
           "--value", "10", "--min-spend", "50", by="boss")
    exchange = str(cli.ok("gift", "exchange", "TEA", "--member", ZHANG, by="amy")["exchange_id"])
    coupon = str(cli.ok("coupon", "issue", "C10", "--member", ZHANG, by="amy")["coupon_id"])
    cancel = str(cli.ok("gift", "cancel", exchange, by="amy", approver="max")["cancel_id"])
    assert "茶杯" in cli.ok("receipt", exchange, "--text")["text"]
    assert "满 ￥50.00 减 ￥10.00" in cli.ok("receipt", coupon.split("-")[1], "--text")["text"]  # by its number too
    assert "取消兑换" in cli.ok("receipt", cancel, "--text")["text"]
    write_printer_config(cli.home, url=printer.url)
    for ref, kind in ((exchange, "gift"), (coupon, "coupon"), (cancel, "gift_cancel")):
        first = cli.ok("receipt", ref)
        assert (first["kind"], first["ref"], first["copy"]) == (kind, ref, False)
        assert cli.ok("receipt", ref)["copy"] is True
    out = printer.printout()
    assert len(out.find("** 重印 **")) == 3 and len(out.find("** 已取消 **")) == 2
    assert cli.refused("receipt", "T1-999") == "not_found"
    assert "gift exchange, cancel or coupon issued here" in cli("receipt", "T1-999").err


def test_a_fault_while_printing_never_fails_the_recorded_sale(cli: Jifen, printer: FakePrinter,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    write_printer_config(cli.home, url=printer.url)

    def broken(*_: object, **__: object) -> None:
        raise KeyError("a bug in a layout")
    monkeypatch.setattr(Printing, "attempt", broken)
    run = cli("sale", "--line", "general:5", "--json", by="amy")
    assert run.status == 0 and run.json["sale_id"] == "T1-6" and "printed" not in run.json
    assert "done and saved" in run.err and "jifen.log" in run.err and "Traceback" not in run.err
    assert "a bug in a layout" in (cli.home / "jifen.log").read_text(encoding="utf-8")
    assert cli.ok("print", "queue")["queued"] == 1


def test_a_refund_prints_its_own_receipt_not_a_sale_receipt_still_waiting(cli: Jifen, printer: FakePrinter,
                                                                          sale: dict[str, object]) -> None:
    write_printer_config(cli.home, url=printer.url)
    cli.query("INSERT INTO print_jobs (kind, ref, copy, status, attempts, created_at) "
              "VALUES ('receipt', ?, 0, 'queued', 0, '2026-03-01T02:00:00.000Z')", sale["sale_id"])
    refund = cli.ok("refund", str(sale["sale_id"]), "--line", "1", by="max")
    assert [(j["kind"], j["ref"]) for j in refund["printed"]] == [("refund", refund["refund_id"])]
    assert [(j["kind"], j["ref"]) for j in refund["earlier_printed"]] == [("receipt", sale["sale_id"])]  # after it
    text = printer.printout().text
    assert 0 <= text.index("退款单") < text.index("积分抵扣 500 积分")


def test_a_printer_device_that_cannot_take_the_data_keeps_the_receipt_queued(cli: Jifen) -> None:
    write_printer_config(cli.home, url="file:///dev/full")
    run = cli("sale", "--line", "general:5", "--json", by="amy")
    assert run.status == 0 and [(j["status"], j["error"], j["attempts"]) for j in run.json["printed"]] == [
        ("queued", "offline", 1)]
    assert "No space left on device" in run.json["printed"][0]["message"] and run.err == ""
    human = cli("sale", "--line", "general:5", by="amy")
    assert human.status == 0 and "NOT printed" in human.out and "The sale itself is saved." in human.out


def test_a_receipt_that_waited_prints_after_the_next_customers_own(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    printer.mode = "paper_out"
    first = cli.ok("sale", "--line", "general:11", by="amy")
    assert [j["status"] for j in first["printed"]] == ["queued"] and first["print_queue"] == 1
    printer.mode = "ready"
    run = cli("sale", "--line", "general:12", by="amy")
    assert run.status == 0
    second = cli.ok("print", "queue", "--all")["jobs"][-1]["ref"]
    assert f"Receipt {second} printed" in run.out
    assert f"Printed after it, waiting from before: Receipt {first['sale_id']}" in run.out
    assert cli.ok("print", "queue")["queued"] == 0
    sale_numbers = [line.text.split()[-1] for line in printer.printout().find("单号")]
    assert sale_numbers == [second, first["sale_id"]]  # the customer at the counter first


def test_receipts_still_waiting_are_counted_after_the_sale(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    printer.mode = "paper_out"
    cli.ok("sale", "--line", "general:11", by="amy")
    run = cli("sale", "--line", "general:12", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert run.status == 0 and "打印队列中仍有 2 项待打印" in run.out


def test_a_print_the_printer_did_not_confirm_may_have_printed(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    printer.mode = "no_confirm"
    run = cli("sale", "--line", "general:21", "--pay", "card", by="amy")
    sale_id = cli.ok("print", "queue", "--all")["jobs"][-1]["ref"]
    assert run.status == 0 and f"Receipt {sale_id} may have printed — check the paper" in run.out
    assert "prints it again, marked COPY." in run.out and "重印" not in run.out  # as the English paper marks it
    assert "NOT printed" not in run.out and printer.printout().find(sale_id)  # all of it arrived
    [job] = cli.ok("print", "queue", "--all")["jobs"]
    assert job["status"] == "sent" and cli.ok("print", "queue")["queued"] == 0
    assert cli.ok("print", "retry")["jobs"] == []  # not printed a second time unasked
    printer.mode = "ready"
    printer.forget()
    again = cli("print", "retry", str(job["job"]))  # nothing came out after all
    assert again.status == 0 and "(copy)" in again.out
    assert len(printer.printout().find("** 重印 **")) == 2


def test_an_unconfirmed_print_to_a_printer_named_once_is_not_left_for_the_shop_printer(
        cli: Jifen, printer: FakePrinter, sale: dict[str, object]) -> None:
    write_printer_config(cli.home, answer_timeout_ms=300)
    printer.mode = "silent"
    run = cli("receipt", str(sale["sale_id"]), "--printer", printer.url)
    assert run.status == 2 and run.err == (f"Receipt {sale['sale_id']} may have printed — check the paper: the printer "
                                           "took it but did not confirm it. If it did not come out, print it again the "
                                           "same way.\n")
    assert cli.ok("print", "queue", "--all")["jobs"] == []  # nothing for `print retry` to send to the shop's printer


def test_a_printer_that_never_answers_prints_the_cash_sale_and_opens_the_drawer(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, drawer=True, answer_timeout_ms=200)
    printer.mode = "silent"
    run = cli("sale", "--line", "general:22", by="amy")
    sale_id = cli.ok("print", "queue", "--all")["jobs"][-1]["ref"]
    assert run.status == 0 and "may have printed — check the paper" in run.out
    out = printer.printout()
    assert out.find(sale_id) and out.drawer_kicks == 1


def test_a_queued_member_card_prints_on_retry(cli: Jifen, printer: FakePrinter) -> None:
    member_id = cli.member(ZHANG)
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=300)
    printer.mode = "paper_out"
    run = cli("print", "card", ZHANG, "--json")
    assert run.status == 2 and run.json["status"] == "queued"
    printer.mode = "ready"
    retried = cli("print", "retry")
    assert retried.status == 0 and "Member card" in retried.out and "printed" in retried.out
    [code] = printer.printout().qr_codes
    assert cli.ok("member", "show", code)["id"] == member_id
    assert cli.ok("print", "queue")["queued"] == 0


def test_a_test_page_that_failed_is_not_printed_by_the_next_retry(cli: Jifen, printer: FakePrinter) -> None:
    printer.mode = "paper_out"
    run = cli("printer", "test", "--printer", printer.url)
    assert run.status == 2 and "Test page NOT printed: printer out of paper" in run.err and "queue" not in run.err
    printer.mode = "ready"
    assert cli.ok("print", "retry", "--printer", printer.url)["jobs"] == []
    assert printer.printout().lines == []


def test_a_preview_into_a_pipe_is_refused_clearly(cli: Jifen, sale: dict[str, object], tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    run = cli("receipt", str(sale["sale_id"]), "--preview", str(pipe))
    assert run.status == 2 and "is not a file: give a file name like receipt.png" in run.err
    assert "Traceback" not in run.err and run.err.count("\n") == 1


def test_a_bad_printer_address_is_said_in_chinese_without_english_words(cli: Jifen, sale: dict[str, object]) -> None:
    run = cli("receipt", str(sale["sale_id"]), "--printer", "http://printer", env={"LANG": "zh_CN.UTF-8"})
    assert "“http://printer”不是有效的打印机地址（未知的连接方式）" in run.err
    assert "请用 tcp://HOST:9100、usb://VID:PID、" in run.err and "cups://QUEUE 或 file:///PATH" in run.err
    assert " or " not in run.err


def test_the_day_totals_say_when_the_day_is_closed_and_in_which_z(cli: Jifen, sale: dict[str, object]) -> None:
    def heading(*more: str) -> str:
        text = cli.ok("print", "day", "--date", "2026-03-01", "--text", "--profile", "80mm", *more)["text"]
        return str(text.splitlines()[2].strip())

    assert heading() == "终端 T1（未日结）"
    cli.ok("day", "close", by="boss")
    assert (heading(), heading("--lang", "en")) == ("终端 T1（已日结 Z1）", "Terminal T1 (closed in Z1)")
    _sale(cli, "general:10", member=None)
    assert heading() == "终端 T1（部分已日结 Z1，其余未日结）"
    cli.ok("day", "close", by="boss")
    assert heading() == "终端 T1（已日结 Z1、Z2）"


def test_a_z_report_printed_again_is_marked_as_a_copy(cli: Jifen, printer: FakePrinter, sale: dict[str, object]) -> None:
    write_printer_config(cli.home, url=printer.url, profile="58mm", answer_timeout_ms=300)
    cli.ok("day", "close", by="boss")
    printer.forget()
    assert cli.ok("print", "z", "1")["copy"] is False and not printer.printout().find("重印")
    printer.forget()
    assert cli.ok("print", "z", "1")["copy"] is True
    assert [line.text.strip() for line in printer.printout().find("重印")] == ["** 重印 **"]


def test_the_print_queue_shows_times_in_the_stores_time_zone(cli: Jifen, printer: FakePrinter,
                                                             sale: dict[str, object]) -> None:
    cli.now = "2026-03-02T09:30:00+08:00"  # 01:30 in UTC
    cli.ok("receipt", str(sale["sale_id"]), "--printer", printer.url)
    shown = cli("print", "queue", "--all")
    assert f"Receipt {sale['sale_id']} — printed 2026-03-02 09:30" in shown.out and "Z" not in shown.out


def test_printer_status_says_a_printer_without_chinese_prints_in_english(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, chinese="none", answer_timeout_ms=300)
    run = cli("printer", "status")
    assert run.status == 0 and run.out.count("receipts print in English, amounts as RMB388.00") == 1
    assert cli.ok("printer", "status")["language"] == "en"
    zh = cli("printer", "status", env={"LANG": "zh_CN.UTF-8"})
    assert "小票以英文打印，金额印作 RMB388.00" in zh.out


def test_a_reprint_on_a_printer_without_chinese_is_marked_copy_in_english(cli: Jifen, printer: FakePrinter,
                                                                         sale: dict[str, object]) -> None:
    write_printer_config(cli.home, url=printer.url, chinese="none", answer_timeout_ms=300)
    cli.ok("receipt", str(sale["sale_id"]))
    cli.ok("receipt", str(sale["sale_id"]))
    out = printer.printout()
    assert [line.text.strip() for line in out.find("COPY")] == ["** COPY **"] * 2  # top and bottom, not ** ?? COPY **
