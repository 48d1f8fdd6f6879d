"""`jifen sale` with a printer set up prints the receipt it recorded; the app's printer watch (or another program
printing the queue) may take that receipt between the sale's commit and the command's print. The command then says
how that print went, in its text and its JSON: printed by the other program, being printed by it, or not printed
(tried once more here), never nothing."""

import os
import subprocess
from collections.abc import Callable, Iterator

import pytest

import printing.cli
from terminal.cli.main import main as run_command
from terminal.cli.registry import CommandLine, Context, Output
from tests.helpers.cli import CLEAN_ENV, JIFEN, MORNING, Jifen
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.held_printer import HeldPrinter, meanwhile
from tests.printing.conftest import write_printer_config

Between = Callable[[Context], None]


def _other_program(home: str, *words: str) -> subprocess.Popen[str]:
    """The installed `jifen`, in a process of its own, on the same store."""
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    return subprocess.Popen([str(JIFEN), *words], env={**base, "JIFEN_HOME": home, "JIFEN_NOW": MORNING},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def print_retry_to_the_end(ctx: Context) -> None:
    other = _other_program(str(ctx.home.root), "print", "retry")
    out, err = other.communicate(timeout=60)
    assert "Receipt" in out + err and "Traceback" not in err, (out, err)  # printed, or said why not (exit 2)


@pytest.fixture
def between(cli: Jifen, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Between]]:
    """What another program does once the sale is saved, before `jifen sale` prints its receipt."""
    done: list[Between] = []

    def first(ctx: Context, out: Output) -> Output:
        for step in done:
            step(ctx)
        return out

    def extensions(line: CommandLine) -> None:
        line.after_write.append(first)
        printing.cli.register(line)
    monkeypatch.setattr("tests.helpers.cli.main", lambda argv: run_command(argv, [extensions]))
    yield done


def receipts_of(printer: FakePrinter, sale_id: str) -> int:
    return sum(1 for line in printer.printout().find("单号") if line.text.split()[-1] == sale_id)


def test_a_receipt_the_other_program_printed_first_is_said_printed_by_it(
        cli: Jifen, printer: FakePrinter, between: list[Between]) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=3000, drawer=True)
    between.append(print_retry_to_the_end)
    run = cli("sale", "--line", "general:10", by="amy")
    assert run.status == 0, run
    sale_id = cli.ok("print", "queue", "--all")["jobs"][-1]["ref"]
    assert f"Receipt {sale_id} printed by another window or command of this till (job " in run.out
    assert receipts_of(printer, sale_id) == 1 and printer.printout().drawer_kicks == 1

    data = cli.ok("sale", "--line", "general:20", by="amy")
    [job] = data["printed"]
    assert (job["ref"], job["status"], job["copy"], job["printed_by"]) == (data["sale_id"], "printed", False, "other")
    assert receipts_of(printer, data["sale_id"]) == 1 and printer.printout().drawer_kicks == 2

    zh = cli("sale", "--line", "general:30", by="amy", env={"LANG": "zh_CN.UTF-8"})
    assert "已由本终端的另一个窗口或命令打印（任务 " in zh.out


def test_a_receipt_the_other_program_is_printing_is_said_being_printed(cli: Jifen, between: list[Between]) -> None:
    held = HeldPrinter()
    try:
        write_printer_config(cli.home, url=held.url, answer_timeout_ms=3000)
        others: list[subprocess.Popen[str]] = []

        def start_printing(ctx: Context) -> None:
            others.append(_other_program(str(ctx.home.root), "print", "retry"))
            meanwhile(lambda: held.connections == 1, "the other program never reached the printer")
        between.append(start_printing)
        data = cli.ok("sale", "--line", "general:10", by="amy")
        [job] = data["printed"]
        assert (job["ref"], job["status"], job["printed_by"]) == (data["sale_id"], "sending", "other")
        held.gate.set()
        others[0].communicate(timeout=60)
        assert receipts_of(held, data["sale_id"]) == 1 and held.connections == 1
    finally:
        held.close()


def test_a_receipt_the_other_program_could_not_print_is_tried_again_and_said_not_printed(
        cli: Jifen, printer: FakePrinter, between: list[Between]) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=3000, drawer=True)
    printer.mode = "paper_out"
    between.append(print_retry_to_the_end)
    run = cli("sale", "--line", "general:10", by="amy")
    assert run.status == 0, run
    assert "NOT printed: printer out of paper" in run.out and "The sale itself is saved." in run.out
    [job] = cli.ok("print", "queue")["jobs"]
    assert (job["status"], job["attempts"], job["error"]) == ("queued", 2, "paper_out")
    assert printer.printout().drawer_kicks == 1  # the other program's try kicked it; this one did not


def test_a_receipt_the_other_program_printed_is_said_printed_when_this_command_cannot_read_the_printer_settings(
        cli: Jifen, printer: FakePrinter, between: list[Between]) -> None:
    write_printer_config(cli.home, url=printer.url, answer_timeout_ms=3000)

    def printed_then_config_broken(ctx: Context) -> None:
        print_retry_to_the_end(ctx)
        (ctx.home.config).write_text("[printer\n", encoding="utf-8")
    between.append(printed_then_config_broken)
    data = cli.ok("sale", "--line", "general:10", by="amy")
    [job] = data["printed"]
    assert (job["ref"], job["status"], job["printed_by"]) == (data["sale_id"], "printed", "other")
    assert receipts_of(printer, data["sale_id"]) == 1
