"""A receipt that may already be on the paper prints again as a copy (重印), even when the program
was killed while sending it and never recorded how the print went (once its claim on the job ran out); one that never reached the printer
prints again as the original."""

import os
import signal
import subprocess
import time
from datetime import datetime, timedelta

from terminal.journal import format_instant
from tests.helpers.cli import CLEAN_ENV, JIFEN, PINS, Jifen
from tests.helpers.fake_printer import FakePrinter
from tests.printing.conftest import write_printer_config


def _sale_killed_once_its_receipt_reached_the_printer(cli: Jifen, printer: FakePrinter) -> None:
    """`jifen sale` in a real process, killed (SIGKILL) while it waits for the printer to confirm the receipt."""
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env = {**base, "JIFEN_HOME": str(cli.home), "JIFEN_NOW": str(cli.now), "JIFEN_PIN": PINS["amy"]}
    process = subprocess.Popen([str(JIFEN), "sale", "--line", "general:21", "--cashier", "amy", "--json"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not printer.printout().lines:  # only status queries so far
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the receipt never reached the printer"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate()


def _claimed_longer_ago_than_a_print_takes(cli: Jifen, job: int) -> None:
    """As if the claim was made three minutes ago (by the computer's clock: the claim's lease is 2 minutes)."""
    [(claimed_at,)] = cli.query("SELECT printed_at FROM print_jobs WHERE id = ?", job)
    earlier = datetime.fromisoformat(claimed_at) - timedelta(minutes=3)
    cli.query("UPDATE print_jobs SET printed_at = ? WHERE id = ?", format_instant(earlier), job)


def test_a_receipt_whose_sending_was_cut_short_by_a_kill_prints_again_as_a_copy(cli: Jifen,
                                                                                printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, profile="58mm", answer_timeout_ms=10_000)
    printer.mode = "no_confirm"  # takes the receipt, then keeps the till waiting for its answer
    _sale_killed_once_its_receipt_reached_the_printer(cli, printer)
    [job] = cli.ok("print", "queue")["jobs"]
    assert (job["status"], job["attempts"], job["copy"]) == ("sending", 1, True)  # claimed by the program killed
    assert "(copy) — being printed" in cli("print", "queue").out
    printer.mode = "ready"
    printer.forget()
    assert "being printed" in cli("print", "retry", str(job["job"])).out  # as far as anyone knows, it still is
    assert not printer.printout().lines
    _claimed_longer_ago_than_a_print_takes(cli, job["job"])
    assert "(copy) — waiting: its printing stopped halfway" in cli("print", "queue").out
    retried = cli("print", "retry", str(job["job"]))
    assert retried.status == 0 and "(copy) — printed" in retried.out
    out = printer.printout()
    assert out.find(job["ref"]) and len(out.find("** 重印 **")) == 2
    [done] = cli.ok("print", "queue", "--all")["jobs"]
    assert (done["status"], done["copy"]) == ("printed", True)


def test_a_receipt_that_never_reached_the_printer_prints_again_as_the_original(cli: Jifen,
                                                                               printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, profile="58mm", answer_timeout_ms=300)
    printer.refuse()  # switched off: connecting is refused, nothing is sent
    assert cli("sale", "--line", "general:21", by="amy").status == 0
    [job] = cli.ok("print", "queue")["jobs"]
    assert (job["status"], job["error"], job["copy"]) == ("queued", "unreachable", False)
    printer.accept()
    retried = cli("print", "retry")
    assert retried.status == 0 and "copy" not in retried.out
    out = printer.printout()
    assert out.find(job["ref"]) and not out.find("重印") and not out.find("COPY")


def test_an_original_that_printed_is_not_listed_as_a_copy(cli: Jifen, printer: FakePrinter) -> None:
    write_printer_config(cli.home, url=printer.url, profile="58mm", answer_timeout_ms=300)
    assert cli("sale", "--line", "general:21", by="amy").status == 0
    [job] = cli.ok("print", "queue", "--all")["jobs"]
    assert (job["status"], job["copy"]) == ("printed", False)
    assert "copy" not in cli("print", "queue", "--all").out
    assert not printer.printout().find("重印")
