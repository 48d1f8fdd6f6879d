"""A printer whose paper sensor says the roll is nearly done (DLE EOT 4, bits 2-3) still prints, and
`jifen printer status` says the paper is running low, in English or in Chinese. (The print queue's
side: tests/printing/test_print_queue.py::test_paper_running_low_still_prints.)"""

from tests.helpers.cli import Jifen
from tests.helpers.fake_printer import FakePrinter

LOW = {"en": "paper running low — have a roll ready", "zh": "纸将用完——请备好纸卷"}
ZH = {"LANG": "zh_CN.UTF-8"}


def test_printer_status_says_the_paper_is_running_low(cli: Jifen, printer: FakePrinter) -> None:
    printer.mode = "paper_low"
    run = cli("printer", "status", "--printer", printer.url)
    assert run.status == 0, str(run)
    assert run.out.splitlines()[0] == f"{printer.url}: {LOW['en']}"
    assert LOW["zh"] not in run.out
    status = cli.ok("printer", "status", "--printer", printer.url)
    assert (status["status"], status["message"]) == ("paper_low", LOW["en"])
    assert 4 in printer.printout().status_queries  # it asked the paper sensor


def test_printer_status_says_the_paper_is_running_low_in_chinese(cli: Jifen, printer: FakePrinter) -> None:
    printer.mode = "paper_low"
    run = cli("printer", "status", "--printer", printer.url, env=ZH)
    assert run.status == 0, str(run)
    assert run.out.splitlines()[0] == f"{printer.url}: {LOW['zh']}"
    assert LOW["en"] not in run.out
    status = cli.ok("printer", "status", "--printer", printer.url, env=ZH)
    assert (status["status"], status["message"]) == ("paper_low", LOW["zh"])


def test_a_ready_printer_is_not_said_to_be_low(cli: Jifen, printer: FakePrinter) -> None:
    run = cli("printer", "status", "--printer", printer.url)
    assert run.status == 0 and LOW["en"] not in run.out and "printer ready" in run.out


def test_a_receipt_prints_whole_on_paper_running_low(cli: Jifen, printer: FakePrinter) -> None:
    cli.member("13800138000")
    sale = cli.ok("sale", "--member", "13800138000", "--line", "general:100", by="amy")
    printer.mode = "paper_low"
    printer.forget()
    printed = cli.ok("receipt", str(sale["sale_id"]), "--printer", printer.url)
    assert printed["status"] == "printed", printed
    out = printer.printout()
    assert out.find(str(sale["sale_id"])) and out.find("￥100.00") and out.find("138****8000")
    assert len(out.qr_codes) == 1 and out.resets >= 1
    assert cli.ok("printer", "status", "--printer", printer.url)["status"] == "paper_low"

