"""After a paper-out, the queue is caught up by one loop at a time in the app (a second returns at once rather
than hold a thread of the app's pool), and the receipt of the sale just rung prints before the old ones left."""

import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest

from printing import service
from printing.print_queue import jobs_for
from printing.service import Outcome, Printing
from printing.settings import PrinterSettings
from terminal.bootstrap import Till
from tests.helpers.held_printer import HeldPrinter
from tests.helpers.store import sell
from tests.printing.test_drawer_whoever_prints import receipts_of, sending, wait_for


@pytest.fixture
def recording(till: Till) -> Till:
    till.shop = replace(till.shop, print_receipts=True)  # each sale's receipt job is written with the sale
    return till


@pytest.fixture
def held() -> Iterator[HeldPrinter]:
    printer = HeldPrinter()
    yield printer
    printer.gate.set()
    printer.close()


def printing_to(till: Till, printer: HeldPrinter) -> Printing:
    return Printing(till, PrinterSettings(url=printer.url, profile="58mm", answer_timeout_ms=3000))


def sale_ids_on_paper(printer: HeldPrinter) -> list[str]:
    return [line.text.split()[-1] for line in printer.printout().find("单号")]


def test_a_second_catch_up_while_one_runs_returns_at_once_and_prints_nothing(recording: Till,
                                                                             held: HeldPrinter) -> None:
    old = [sell(recording, None, ("general", 1000)).sale_id for _ in range(2)]  # queued while the paper was out
    p = printing_to(recording, held)
    first: list[Outcome] = []
    loop = threading.Thread(target=lambda: first.extend(p.retry()))
    loop.start()
    wait_for(lambda: sending(recording, old[0]) and held.connections == 1, "the first loop never claimed a job")
    second: list[list[Outcome]] = []
    other = threading.Thread(target=lambda: second.append(p.retry()))
    other.start()
    other.join(timeout=2)
    assert not other.is_alive() and second == [[]]  # it did not wait for the first loop's print
    held.gate.set()
    loop.join(timeout=30)
    assert [o.job.ref for o in first] == old and all(o.printed for o in first)
    assert sale_ids_on_paper(held) == old and held.connections == 2


def test_the_sale_just_rung_prints_before_the_old_receipts_still_waiting(recording: Till, held: HeldPrinter) -> None:
    old = [sell(recording, None, ("general", 1000)).sale_id for _ in range(3)]
    p = printing_to(recording, held)
    caught_up: list[Outcome] = []
    loop = threading.Thread(target=lambda: caught_up.extend(p.retry()))
    loop.start()
    wait_for(lambda: sending(recording, old[0]) and held.connections == 1, "the loop never claimed a job")
    new = sell(recording, None, ("general", 2000)).sale_id
    at_counter: list[Outcome] = []
    screen = threading.Thread(target=lambda: at_counter.append(p.print_recorded("receipt", new)))
    screen.start()
    wait_for(asking_for_its_turn, "the screen's print never asked for its turn")
    held.gate.set()
    loop.join(timeout=30)
    screen.join(timeout=30)
    assert not loop.is_alive() and not screen.is_alive()
    assert sale_ids_on_paper(held) == [old[0], new, old[1], old[2]]  # the customer at the counter first
    assert at_counter[0].printed and [o.job.ref for o in caught_up] == old
    assert all(receipts_of(held, sale) == 1 for sale in [*old, new])
    assert [job.status for job in jobs_for(recording.reading(), "receipt", new)] == ["printed"]


def test_receipts_asked_for_while_the_queue_catches_up_print_in_the_order_they_were_asked(
        recording: Till, held: HeldPrinter) -> None:
    old = [sell(recording, None, ("general", 1000)).sale_id for _ in range(2)]
    p = printing_to(recording, held)
    loop = threading.Thread(target=p.retry)
    loop.start()
    wait_for(lambda: sending(recording, old[0]) and held.connections == 1, "the loop never claimed a job")
    screens: list[threading.Thread] = []
    new: list[str] = []
    for waiting in (1, 2, 3):  # three customers in a row, each served while the first old receipt prints
        sale = sell(recording, None, ("general", 2000 + waiting)).sale_id
        screens.append(threading.Thread(target=lambda sale=sale: p.print_recorded("receipt", sale)))
        screens[-1].start()
        new.append(sale)
        wait_for(lambda waiting=waiting: service._turns.asked_now == waiting, "a print never asked for its turn")
    held.gate.set()
    for thread in (loop, *screens):
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in (loop, *screens))
    assert sale_ids_on_paper(held) == [old[0], *new, old[1]]


def asking_for_its_turn() -> bool:
    return service._turns.asked_now == 1  # the screen's print waits for the loop's print to end
