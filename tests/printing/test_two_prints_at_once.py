"""Two programs printing the queue at once (the app's printer watch and a `jifen sale`, or two commands):
each waiting receipt comes out once. A job is claimed in the store before its first byte goes out; a claim
left by a program killed while printing runs out, and the job prints again (as a copy, if it may be on the
paper already)."""

import os
import socket
import sqlite3
import subprocess
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from printing.print_queue import list_jobs
from printing.service import Outcome, Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import Till
from terminal.journal import format_instant

from tests.helpers.cli import CLEAN_ENV, JIFEN, MORNING, PINS, Jifen
from tests.helpers.escpos_reader import Printout
from tests.helpers.fake_printer import FakePrinter
from tests.helpers.store import sell
from tests.printing.conftest import write_printer_config

ANSWER_DELAY_S = 0.1  # each status answer: a print of the queue takes long enough for the two to overlap


class _SlowAnswers:
    """A printer's side of a connection that answers each status query after a pause, or once ``gate`` opens."""

    def __init__(self, client: socket.socket, gate: threading.Event | None) -> None:
        self._client = client
        self._gate = gate

    def sendall(self, data: bytes) -> None:
        if self._gate is not None:
            self._gate.wait(timeout=30)
        time.sleep(ANSWER_DELAY_S)
        self._client.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


class SlowPrinter(FakePrinter):
    """Answers status queries after a pause; with ``gate``, its first connection is answered once the gate opens."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        super().__init__()

    def _serve(self, client: socket.socket, index: int) -> None:
        super()._serve(_SlowAnswers(client, self.gate if index == 0 else None), index)  # type: ignore[arg-type]


def _receipts_of(paper: Printout, sale_id: str) -> int:
    """How many receipts of this sale are on the paper: its number ends a line (单号 T1-11)."""
    return sum(1 for line in paper.lines if line.text.split()[-1:] == [sale_id])


def _jifen_process(cli: Jifen | Path, *words: str) -> subprocess.Popen[str]:
    base = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    home = cli if isinstance(cli, Path) else cli.home
    env = {**base, "JIFEN_HOME": str(home), "JIFEN_NOW": MORNING, "JIFEN_PIN": PINS["amy"]}
    return subprocess.Popen([str(JIFEN), *words], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _queued_sales(cli: Jifen, printer: FakePrinter, count: int) -> list[str]:
    """``count`` sales whose receipts wait in the queue: the printer was off."""
    printer.refuse()
    sales = [cli.ok("sale", "--line", f"general:{10 + n}", by="amy")["sale_id"] for n in range(count)]
    assert len(cli.ok("print", "queue")["jobs"]) == count
    printer.accept()
    return sales


def test_two_commands_printing_the_queue_at_once_print_each_receipt_once(cli: Jifen) -> None:
    printer = SlowPrinter()
    try:
        write_printer_config(cli.home, url=printer.url, profile="58mm", answer_timeout_ms=3000)
        sales = _queued_sales(cli, printer, 6)
        retries = [_jifen_process(cli, "print", "retry") for _ in range(2)]
        for process in retries:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, (out, err)
        paper = printer.printout()
        assert [_receipts_of(paper, sale) for sale in sales] == [1] * len(sales), paper.text
        assert not paper.find("重印") and not paper.find("COPY")
    finally:
        printer.close()
    jobs = cli.ok("print", "queue", "--all")["jobs"]
    assert [(job["status"], job["copy"], job["attempts"]) for job in jobs] == [("printed", False, 2)] * len(sales)  # the sale tried once


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def _age_claim(till: Till, job: int) -> None:
    """As if the job was claimed three minutes ago: longer than a print takes (the lease is 2 minutes)."""
    with sqlite3.connect(till.home.db) as conn:
        [(claimed_at,)] = conn.execute("SELECT printed_at FROM print_jobs WHERE id = ? AND status = 'sending'", (job,))
        earlier = format_instant(datetime.fromisoformat(claimed_at) - timedelta(minutes=3))
        conn.execute("UPDATE print_jobs SET printed_at = ? WHERE id = ?", (earlier, job))
    conn.close()


def test_a_program_whose_claim_ran_out_before_it_sent_anything_leaves_the_job_to_the_one_that_took_it(
        till: Till) -> None:
    """A program slow past its claim's lease (the printer took minutes to answer) and one that took the job
    over: the receipt is printed once, as the original, by the one that took it."""
    gate = threading.Event()
    printer = SlowPrinter(gate)
    try:
        sale = sell(till, None, ("general", 1500))
        slow = Printing(till, PrinterSettings(url=printer.url, profile="58mm", answer_timeout_ms=10_000))
        outcomes: list[Outcome] = []
        attempt = threading.Thread(target=lambda: outcomes.append(slow.print("receipt", sale.sale_id)))
        attempt.start()
        _wait_for(lambda: printer.connections == 1, "the slow program never reached the printer")
        [job] = [job.id for job in list_jobs(till.reading())]
        _age_claim(till, job)
        write_printer_config(till.home.root, url=printer.url, profile="58mm", answer_timeout_ms=3000)
        other = _jifen_process(till.home.root, "print", "retry")
        out, err = other.communicate(timeout=60)
        assert other.returncode == 0 and "printed" in out, (out, err)
        gate.set()  # the slow program hears from the printer at last
        attempt.join(timeout=30)
        paper = printer.printout()
        assert _receipts_of(paper, sale.sale_id) == 1 and not paper.find("重印"), paper.text
        [outcome] = outcomes
        assert outcome.printed and outcome.job.status == "printed" and not outcome.job.copy
    finally:
        gate.set()
        printer.close()
