"""The print queue against a real network printer on 127.0.0.1: a sale is committed before its
receipt prints; a print that fails (off, out of paper, cover open, hanging) keeps the job, never
touches the sale, says what is wrong, and prints when retried."""

import sqlite3
from pathlib import Path

import pytest

from printing.connections import FileConnection, TcpConnection
from printing.print_queue import add_job, list_jobs
from printing.printer_url import parse_printer_url
from printing.problems import PrintProblem
from printing.service import Printing
from printing.settings import PrinterSettings
from printing.status import PrinterState
from terminal.bootstrap import Till, open_till
from terminal.home import Home
from terminal.journal import verify
from terminal.lang import say
from terminal.models import PrintJob
from terminal.services.codes import read_member_code
from terminal.services.refunds import record_refund
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.fake_printer import FakePrinter, unanswering_port
from tests.helpers.serial_printer import serial_printer
from tests.helpers.store import MANAGER, at, member, move_clock, new_till, sell


def printing_to(till: Till, url: str, **settings: object) -> Printing:
    options: dict[str, object] = {"profile": "58mm", "answer_timeout_ms": 200, **settings}
    return Printing(till, PrinterSettings(url=url, **options))  # type: ignore[arg-type]


def stored(till: Till) -> list[str]:
    """Everything but the print queue: a print, failed or not, must leave it as it was."""
    with sqlite3.connect(till.home.db) as conn:
        return [row for row in conn.iterdump() if "print_jobs" not in row]


def journal_ok(till: Till) -> bool:
    with till.reading() as uow:
        return verify(uow.session).ok


@pytest.mark.parametrize(("mode", "code", "words"), [
    ("paper_out", "paper_out", "printer out of paper — reprint when loaded"),
    ("cover_open", "cover_open", "printer cover open — close it, then reprint"),
])
def test_a_failed_print_keeps_the_job_and_the_sale(till: Till, printer: FakePrinter, mode: str, code: str,
                                                   words: str) -> None:
    sale = sell(till, member(till), ("general", 10000))  # committed: the receipt comes after
    before = stored(till)
    printer.mode = mode  # type: ignore[assignment]
    outcome = printing_to(till, printer.url).print("receipt", sale.sale_id)
    assert not outcome.printed and outcome.problem is not None
    assert outcome.problem.code == code and outcome.problem.message.startswith(words)
    assert outcome.job.status == "queued" and outcome.job.attempts == 1
    assert outcome.as_json()["error"] == code
    assert stored(till) == before and journal_ok(till)
    assert read_escpos(printer.data).lines == []  # nothing was printed

    printer.mode = "ready"
    (again,) = printing_to(till, printer.url).retry()
    assert again.printed and again.job.id == outcome.job.id and again.job.attempts == 2
    assert again.job.status == "printed" and not again.job.copy
    out = read_escpos(printer.data)
    assert out.find(sale.sale_id) and not out.find("重印")
    assert stored(till) == before and journal_ok(till)
    assert list_jobs(till.reading()) == []


def test_a_printer_switched_off_then_on(till: Till, printer: FakePrinter) -> None:
    sale = sell(till, None, ("general", 10000))
    printer.refuse()
    outcome = printing_to(till, printer.url).print("receipt", sale.sale_id)
    assert outcome.problem is not None and outcome.problem.code == "unreachable"
    assert "switched off or unplugged" in outcome.problem.message
    printer.accept()
    assert [o.printed for o in printing_to(till, printer.url).retry()] == [True]
    assert len(printer.printout().qr_codes) == 1


def test_printing_again_reuses_the_waiting_job(till: Till, printer: FakePrinter) -> None:
    sale = sell(till, None, ("general", 10000))
    printer.mode = "paper_out"
    first = printing_to(till, printer.url).print("receipt", sale.sale_id)
    second = printing_to(till, printer.url).print("receipt", sale.sale_id)
    assert second.job.id == first.job.id and second.job.attempts == 2
    assert len(list_jobs(till.reading())) == 1


def test_a_reprint_of_a_printed_receipt_is_a_copy(till: Till, printer: FakePrinter) -> None:
    sale = sell(till, None, ("general", 10000))
    p = printing_to(till, printer.url, drawer=True)
    assert p.print("receipt", sale.sale_id).printed
    printer.forget()
    copy = p.print("receipt", sale.sale_id)
    assert copy.printed and copy.job.copy
    out = printer.printout()
    assert [line.text.strip() for line in out.find("重印")] == ["** 重印 **", "** 重印 **"]
    assert out.drawer_kicks == 0  # a copy does not open the cash drawer


def test_the_drawer_opens_on_a_cash_sale_even_when_the_paper_is_out(till: Till, printer: FakePrinter) -> None:
    sale = sell(till, None, ("general", 10000))
    printer.mode = "paper_out"
    p = printing_to(till, printer.url, drawer=True)
    assert not p.print("receipt", sale.sale_id).printed
    assert printer.printout().drawer_kicks == 1 and printer.printout().lines == []
    printer.mode = "ready"
    printer.forget()
    assert p.retry()[0].printed
    assert printer.printout().drawer_kicks == 0  # the drawer was opened at the sale, not again now


def test_retry_stops_at_the_first_printer_problem(till: Till, printer: FakePrinter) -> None:
    sales = [sell(till, None, ("general", 100 * n)) for n in range(1, 4)]
    printer.refuse()
    p = printing_to(till, printer.url)
    for sale in sales:
        p.print("receipt", sale.sale_id)
    outcomes = p.retry()
    assert len(outcomes) == 1 and len(list_jobs(till.reading())) == 3  # no waiting on a dead printer three times
    printer.accept()
    assert [o.job.ref for o in p.retry()] == [s.sale_id for s in sales]
    assert [line.text.split()[-1] for line in printer.printout().find("单号")] == [s.sale_id for s in sales]


def test_a_job_whose_sale_is_gone_does_not_hold_up_the_others(till: Till, printer: FakePrinter) -> None:
    """A store restored from an older backup may lack a sale still in the queue of a later copy."""
    add_job(till.uow(), "receipt", "T1-999", False, till.shop.now())
    sale = sell(till, None, ("general", 100))
    add_job(till.uow(), "receipt", sale.sale_id, False, till.shop.now())
    gone, printed = printing_to(till, printer.url).retry()
    assert gone.problem is not None and gone.problem.code == "gone" and gone.job.status == "queued"
    assert printed.printed and printer.printout().find(sale.sale_id)


def test_a_queued_card_prints_with_a_code_issued_when_it_is_retried(till: Till, printer: FakePrinter) -> None:
    m = member(till)
    printer.mode = "paper_out"
    given = Printing(till, PrinterSettings(url=printer.url, answer_timeout_ms=200), member_code=lambda _: "CODE")
    assert given.print("card", m).problem is not None
    printer.mode = "ready"
    (retried,) = printing_to(till, printer.url).retry()  # as `jifen print retry` does: no code given
    assert retried.printed and retried.job.kind == "card"
    [code] = printer.printout().qr_codes
    assert code.startswith("JF1") and read_member_code(till.reading(), code, till.shop).code.member_id == m


@pytest.mark.parametrize("mode", ["silent", "hang"])
def test_a_printer_that_never_answers_is_sent_the_receipt_and_the_drawer_kick(till: Till, printer: FakePrinter,
                                                                              mode: str) -> None:
    sale = sell(till, None, ("general", 10000))
    printer.mode = mode  # type: ignore[assignment]
    outcome = printing_to(till, printer.url, drawer=True).print("receipt", sale.sale_id)
    assert outcome.problem is not None and outcome.problem.code == "no_answer" and outcome.unsure
    assert outcome.problem.message.startswith("printer did not confirm the print — it may have printed: check the paper")
    assert outcome.job.status == "sent" and list_jobs(till.reading()) == []  # not printed again unasked
    if mode == "silent":  # a hung printer reads nothing
        out = printer.printout()
        assert out.find(sale.sale_id) and out.drawer_kicks == 1 and not out.find("重印")


def test_a_print_the_printer_did_not_confirm_prints_again_as_a_copy(till: Till, printer: FakePrinter) -> None:
    sale = sell(till, None, ("general", 10000))
    printer.mode = "no_confirm"  # answers before the data, never after
    p = printing_to(till, printer.url, drawer=True)
    first = p.print("receipt", sale.sale_id)
    assert first.unsure and first.problem is not None and first.problem.code == "no_answer"
    out = printer.printout()
    assert out.find(sale.sale_id) and out.drawer_kicks == 1 and not out.find("重印")  # all of it arrived
    assert p.retry() == []
    printer.mode = "ready"
    printer.forget()
    (again,) = p.retry(first.job.id)  # the cashier found nothing on the paper
    assert again.printed and again.job.copy and again.job.id != first.job.id
    out = printer.printout()
    assert len(out.find("** 重印 **")) == 2 and out.drawer_kicks == 0
    assert p.print("receipt", sale.sale_id).job.copy


def test_a_print_cut_short_by_the_paper_running_out_prints_again_as_a_copy(till: Till, printer: FakePrinter,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    sale = sell(till, None, ("general", 10000))
    p = printing_to(till, printer.url)
    sent = TcpConnection.write

    def runs_out(self: TcpConnection, data: bytes) -> None:
        sent(self, data)
        if len(data) > 100:  # the receipt itself, not a query
            printer.mode = "paper_out"
    monkeypatch.setattr(TcpConnection, "write", runs_out)
    outcome = p.print("receipt", sale.sale_id)
    assert outcome.problem is not None and outcome.problem.code == "paper_out"
    assert outcome.job.status == "queued" and outcome.job.copy
    monkeypatch.undo()
    printer.mode = "ready"
    printer.forget()
    (again,) = p.retry()
    assert again.printed and len(printer.printout().find("** 重印 **")) == 2


def test_the_drawer_opens_when_the_receipt_at_the_counter_first_reaches_the_printer(till: Till,
                                                                                   printer: FakePrinter) -> None:
    first, second = sell(till, None, ("general", 10000)), sell(till, None, ("general", 2000))
    p = printing_to(till, printer.url, drawer=True)
    printer.refuse()  # unplugged: the drawer, which hangs on the printer, cannot open either
    assert p.print("receipt", first.sale_id).problem is not None
    assert p.print("receipt", second.sale_id).problem is not None
    printer.accept()
    assert p.print("receipt", second.sale_id).printed  # Ctrl+P at the counter: the change is still due
    assert printer.printout().drawer_kicks == 1
    printer.forget()
    move_clock(till, "2026-03-01 10:11")  # the customer before is long gone: no drawer
    assert [o.printed for o in p.retry()] == [True]
    assert printer.printout().find(first.sale_id) and printer.printout().drawer_kicks == 0


def test_a_test_page_that_does_not_print_is_not_kept_for_later(till: Till, printer: FakePrinter) -> None:
    printer.mode = "paper_out"
    outcome = printing_to(till, printer.url).print("test", "")
    assert outcome.problem is not None and outcome.problem.code == "paper_out"
    assert list_jobs(till.reading()) == []
    printer.mode = "ready"
    assert printing_to(till, printer.url).retry() == [] and printer.printout().lines == []


@pytest.mark.parametrize(("mode", "state"), [
    ("ready", PrinterState.READY), ("paper_low", PrinterState.PAPER_LOW), ("paper_out", PrinterState.PAPER_OUT),
    ("cover_open", PrinterState.COVER_OPEN), ("silent", PrinterState.UNKNOWN), ("hang", PrinterState.UNKNOWN),
])
def test_status_no_answer_is_unknown_never_no_paper(till: Till, printer: FakePrinter, mode: str,
                                                    state: PrinterState) -> None:
    printer.mode = mode  # type: ignore[assignment]
    assert printing_to(till, printer.url).state() is state


def test_connecting_to_a_printer_that_never_answers_gives_up() -> None:
    with unanswering_port() as port:
        connection = TcpConnection(parse_printer_url(f"tcp://127.0.0.1:{port}"), connect_timeout_s=0.3)
        with pytest.raises(PrintProblem) as problem:
            connection.open()
    assert problem.value.code == "unreachable" and "no connection within 0.3 s" in problem.value.detail


def test_status_of_a_printer_that_is_off(till: Till, printer: FakePrinter) -> None:
    printer.refuse()
    with pytest.raises(PrintProblem) as problem:
        printing_to(till, printer.url).state()
    assert problem.value.code == "unreachable"


def test_paper_running_low_still_prints(till: Till, printer: FakePrinter) -> None:
    sale = sell(till, member(till), ("general", 10000))
    printer.mode = "paper_low"
    printing = printing_to(till, printer.url)
    assert printing.state() is PrinterState.PAPER_LOW
    outcome = printing.print("receipt", sale.sale_id)
    assert outcome.printed and outcome.problem is None
    out = printer.printout()
    assert out.find(sale.sale_id) and out.find("￥100.00") and out.find("138****8000") and out.find("谢谢惠顾")
    assert len(out.qr_codes) == 1 and out.junk == []
    assert list_jobs(till.reading()) == []  # nothing left waiting


def test_the_file_connection_appends_every_print(till: Till, tmp_path: Path) -> None:
    target = tmp_path / "receipts.bin"
    sales = [sell(till, None, ("general", 100)), sell(till, None, ("general", 200))]
    p = printing_to(till, f"file://{target}")
    assert all(p.print("receipt", sale.sale_id).printed for sale in sales)
    assert read_escpos(target.read_bytes()).resets == 2
    assert not FileConnection(parse_printer_url(f"file://{target}")).reports_status


def test_a_file_in_a_missing_folder_is_not_reachable(till: Till, tmp_path: Path) -> None:
    sale = sell(till, None, ("general", 100))
    outcome = printing_to(till, f"file://{tmp_path}/no/such/folder/r.bin").print("receipt", sale.sale_id)
    assert outcome.problem is not None and outcome.problem.code == "unreachable"


@pytest.mark.parametrize(("url", "package"), [("cups://receipts", "pycups"), ("win32://POS-58 Printer", "pywin32")])
def test_a_connection_whose_library_is_missing_says_what_to_install(till: Till, url: str, package: str) -> None:
    sale = sell(till, None, ("general", 100))
    outcome = printing_to(till, url).print("receipt", sale.sale_id)
    assert outcome.problem is not None and outcome.problem.code == "bad_printer"
    assert package in outcome.problem.detail
    assert outcome.job.status == "queued"


def test_a_receipt_prints_on_a_serial_printer_and_its_status_is_read(till: Till) -> None:
    sale = sell(till, None, ("general", 100))
    with serial_printer() as printer:
        outcome = printing_to(till, printer.url).print("receipt", sale.sale_id)
        assert outcome.problem is None and outcome.job.status == "printed"
        assert printer.printout().find("￥1.00")
        printer.mode = "paper_out"
        again = printing_to(till, printer.url).print("receipt", sale.sale_id)
        assert again.problem is not None and again.problem.code == "paper_out" and again.job.status == "queued"


@pytest.mark.parametrize(("url", "codes"), [
    ("usb://0416:5011", ("unreachable", "offline", "bad_printer")),  # bad_printer on a computer without libusb
    ("serial:///dev/ttyUSB-nothing-here?baud=19200", ("unreachable", "offline")),
])
def test_an_unplugged_usb_or_serial_printer_is_said_plainly_and_the_job_waits(till: Till, url: str,
                                                                              codes: tuple[str, ...]) -> None:
    sale = sell(till, None, ("general", 100))
    outcome = printing_to(till, url).print("receipt", sale.sale_id)
    assert outcome.problem is not None and outcome.problem.code in codes
    assert outcome.job.status == "queued" and outcome.problem.message


def test_a_bad_printer_setting_keeps_the_job_for_later(till: Till, printer: FakePrinter) -> None:
    sale = sell(till, None, ("general", 100))
    for bad in (printing_to(till, "tcp://"), printing_to(till, printer.url, profile="XP-9999")):
        outcome = bad.print("receipt", sale.sale_id)
        assert outcome.problem is not None and outcome.problem.code == "bad_printer"
    assert printing_to(till, printer.url).retry()[0].printed


def test_what_the_cashier_reads_is_in_their_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert PrintProblem("paper_out").message == "打印机缺纸——装好纸后重印"
    assert say("a", "乙") == "乙"


def test_in_chinese_the_devices_english_is_left_to_the_tooltip_and_the_log(monkeypatch: pytest.MonkeyPatch) -> None:
    unplugged = PrintProblem("unreachable", "tcp://127.0.0.1:9100: Connection refused")
    wrong = PrintProblem("bad_printer", "未知的打印机型号 XP-9999")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert unplugged.message == "连接不上打印机（未开机或未连接？）——检查后重印"
    assert unplugged.happened == "连接不上打印机（未开机或未连接？）" and unplugged.short == "打印机：连接不上"
    assert unplugged.in_full == "连接不上打印机（未开机或未连接？）——检查后重印\ntcp://127.0.0.1:9100: Connection refused"
    assert wrong.message == "打印机设置有误——改正后重印（未知的打印机型号 XP-9999）"  # said for the cashier: kept
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert unplugged.message == ("printer not reachable (switched off or unplugged?) — check it, then reprint "
                                 "(tcp://127.0.0.1:9100: Connection refused)")


def test_a_sale_with_a_printer_set_up_queues_its_receipt_in_the_same_transaction(tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    new_till(home).close()
    (tmp_path / "store" / "config.toml").write_text('[printer]\nurl = "tcp://127.0.0.1:9"\n', encoding="utf-8")
    till = open_till(home, at("2026-03-01 10:00"))
    sale = sell(till, None, ("general", 100))
    refund = record_refund(till.uow(), till.shop, MANAGER, sale.sale_id)
    with till.reading() as uow:
        jobs = [(j.kind, j.ref, j.status, j.copy) for j in uow.session.query(PrintJob).order_by(PrintJob.id)]
    assert jobs == [("receipt", sale.sale_id, "queued", False), ("refund", refund.refund_id, "queued", False)]
    till.close()
