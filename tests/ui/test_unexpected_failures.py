"""A bug nobody foresaw, in the app's own code on the main thread, is said in one box naming the log that holds its
traceback, and the app goes on, the keyboard back where it was once the box is closed. A sale the store recorded whose
showing fails is said recorded on the checkout itself (no box: the cashier types the next sale at once), a fresh sale
begun with what arrived meanwhile, so that nobody takes its payment again. A bug while the app opens the store is said
in the cannot-start box. Most tests run the app itself (ui.app.run_app, or `jifen` in a process of its own) on a real
store."""

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from terminal.bootstrap import open_till
from terminal.clock import Clock
from terminal.home import Home
from terminal.bootstrap import Till
from terminal.models import Sale
from tests.helpers.escpos_reader import read_escpos
from tests.helpers.store import member
from tests.helpers.ui_checkout import Counter, Key, member_code, open_counter
from tests.ui.test_app_cannot_start import START
from tests.ui.test_app_log import (  # noqa: F401 - app_put_back and store are fixtures
    app_put_back,
    failing_once,
    log_in,
    run_driving,
    store,
)
from ui.main_window import MainWindow
from ui.qt import core, widgets
from ui.screens import checkout
from ui.screens.checkout import CheckoutScreen
from ui.widgets.scan_filter import ScanFilter

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]  # as in test_app_log: the app's hooks are tested
ROOT = Path(__file__).resolve().parents[2]
CONTROL = core.Qt.KeyboardModifier.ControlModifier


def boxes_shown() -> list[str]:
    return [widget.text() for widget in widgets.QApplication.topLevelWidgets()
            if isinstance(widget, widgets.QMessageBox) and widget.isVisible()]


def close_boxes(qtbot: QtBot) -> None:
    """Enter on each box shown, as the cashier closes it: the keyboard goes back by itself."""
    for widget in widgets.QApplication.topLevelWidgets():
        if isinstance(widget, widgets.QMessageBox) and widget.isVisible():
            qtbot.keyClick(widget, Key.Key_Return)
    qtbot.wait(50)


def at_checkout(qtbot: QtBot, window: MainWindow) -> Counter:
    log_in(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.current(), CheckoutScreen), timeout=10_000)
    scan_filter = window.findChild(ScanFilter)
    assert scan_filter is not None
    return Counter(window.ctx, window, scan_filter, qtbot)


def ring(counter: Counter, amount: str) -> None:
    """The amount, Enter, F9 (cash) and Enter to the question, typed where the keyboard is: the sale is sent."""
    counter.type(amount)
    counter.press(Key.Key_Return)
    counter.press(Key.Key_F9)
    counter.press(Key.Key_Return)


def sales_in(home: Home) -> list[tuple[str, int]]:
    till = open_till(home, Clock.from_env())
    try:
        with till.reading() as uow:
            return [(sale.id, sale.total_fen) for sale in uow.session.scalars(select(Sale).order_by(Sale.seq))]
    finally:
        till.close()


def test_a_bug_after_the_sale_is_recorded_says_it_is_recorded_and_begins_a_fresh_sale(
        qtbot: QtBot, store: Home, app_put_back: None, monkeypatch: pytest.MonkeyPatch) -> None:
    words = CheckoutScreen._sale_words
    monkeypatch.setattr(CheckoutScreen, "_sale_words", failing_once(words, KeyError("a bug after the sale")))
    receipts = store.root / "receipts.bin"
    with store.config.open("a", encoding="utf-8") as config:
        config.write(f'\n[printer]\nurl = "file://{receipts.as_posix()}"\n')
    seen: dict[str, object] = {}

    def script(window: MainWindow) -> None:
        counter = at_checkout(qtbot, window)
        screen = counter.screen
        ring(counter, "100")
        qtbot.waitUntil(lambda: "is recorded" in screen.message.text(), timeout=10_000)
        counter.idle()
        qtbot.wait(100)
        seen.update(boxes=boxes_shown(), said=screen.message.text(), lines=list(screen.draft.lines),
                    busy=screen.busy, can_log_out=not screen.keep_logged_in())
        counter.press(Key.Key_F9)  # the cashier tries to take the payment again: there is no sale to take it for
        seen["again"] = screen.message.text()
        ring(counter, "50")
        qtbot.waitUntil(lambda: "recorded:" in screen.message.text(), timeout=10_000)
        seen["next"] = screen.message.text()

    assert run_driving(qtbot, store, script) == 0
    sales = sales_in(store)
    assert [total for _, total in sales] == [10000, 5000]  # the first sale once, the next one as usual
    first, second = sales[0][0], sales[1][0]
    assert seen["boxes"] == []  # the checkout says it: a box would take the keyboard from the next sale
    assert seen["said"] == (f"Sale {first} is recorded (￥100.00). Something went wrong showing it: do not take payment "
                            "again. Type an amount or scan to start the next sale.")
    assert (seen["lines"], seen["busy"], seen["can_log_out"]) == ([], False, True)
    assert seen["again"] == "Add a line first: type the amount and press Enter."
    assert seen["next"] == (f"Sale {second} recorded: ￥50.00 by cash. Type an amount or scan to start the next sale.")
    written = store.log.read_text(encoding="utf-8")
    assert (f"ERROR jifen.ui: sale {first} is recorded (10000 fen by cash), but showing it failed\n"
            "Traceback (most recent call last):") in written
    assert "KeyError: 'a bug after the sale'" in written
    printout = read_escpos(receipts.read_bytes())  # the first sale's receipt too, once, and no copy
    assert (first in printout.text, second in printout.text, len(printout.cuts), "COPY" in printout.text) == \
        (True, True, 2, False), printout.text


def test_a_shortcut_whose_slot_raises_says_so_in_a_box(
        qtbot: QtBot, store: Home, app_put_back: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not a task's callback: Qt calls the slot, and the app's excepthook gets what it raised.
    monkeypatch.setattr(checkout.CheckoutScreen, "reprint",
                        failing_once(CheckoutScreen.reprint, RuntimeError("a bug in reprinting")))
    seen: list[list[str]] = []

    def script(window: MainWindow) -> None:
        counter = at_checkout(qtbot, window)
        counter.press(Key.Key_P, CONTROL)
        qtbot.waitUntil(lambda: bool(boxes_shown()), timeout=10_000)
        seen.append(boxes_shown())
        close_boxes(qtbot)
        counter.type("20")  # where the keyboard was before the box: the amount
        seen.append([counter.screen.lines.amount.text()])
        counter.press(Key.Key_P, CONTROL)  # works the second time: no box, the screen says there is no receipt
        seen.append(boxes_shown())
        seen.append([counter.screen.message.text()])

    assert run_driving(qtbot, store, script) == 0
    assert seen == [[f"something went wrong (RuntimeError); details are in {store.log}"], ["20"], [],
                    ["No receipt to reprint here: open the sale in Refunds (F3) and press Ctrl+P."]]
    assert "RuntimeError: a bug in reprinting" in store.log.read_text(encoding="utf-8")


# `jifen` as test_app_cannot_start starts it, with a bug in opening the store put in first.
BROKEN_START = """
import ui.app

def broken(*args, **kwargs):
    raise RuntimeError("a bug in opening the store")

ui.app.build_context = broken
""" + START


@pytest.mark.parametrize(("lang", "title", "words"), [
    ("en_US.UTF-8", "jifen cannot start", "something unexpected happened while opening the store (RuntimeError); "
                                          "details are in {log}"),
    ("zh_CN.UTF-8", "jifen 无法启动", "打开门店时发生意外错误（RuntimeError），详情见 {log}")])
def test_a_bug_while_opening_the_store_is_said_in_the_cannot_start_box(
        store: Home, lang: str, title: str, words: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIFEN_", "LC_", "LANG"))}
    env.update({"QT_QPA_PLATFORM": "offscreen", "LANG": lang, "JIFEN_NOW": "2026-03-01T10:05:00+08:00",
                "PYTHONPATH": str(ROOT)})
    started = subprocess.run([sys.executable, "-c", BROKEN_START, "--home", str(store.root)], cwd=ROOT, env=env,
                             capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert (started.returncode, started.stdout.splitlines()) == (1, [title, words.format(log=store.log)]), started
    assert "Traceback" not in started.stderr
    written = store.log.read_text(encoding="utf-8")
    assert "the app cannot start: unexpected failure while opening the store\nTraceback" in written
    assert "RuntimeError: a bug in opening the store" in written


@pytest.fixture
def disk() -> Iterator[threading.Event]:
    """A slow disk: what the checkout sends the database worker waits until this is set."""
    gate = threading.Event()
    yield gate
    gate.set()


def test_a_card_read_while_the_sale_is_recorded_joins_the_next_sale_though_showing_the_sale_failed(
        qtbot: QtBot, shop: Till, english: None, disk: threading.Event, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CheckoutScreen, "_sale_words",
                        failing_once(CheckoutScreen._sale_words, KeyError("a bug after the sale")))
    buyer = member(shop, "13800138001")
    counter = open_counter(qtbot, shop)
    screen = counter.screen
    counter.ctx.tasks.db(lambda: disk.wait(10))  # the store held up: the sale is being recorded a while
    ring(counter, "100")
    counter.scan(member_code(shop, buyer))  # the next customer's card, while the sale is being recorded
    assert screen.message.text() == "Recording the sale… The member will join the next sale."
    disk.set()
    qtbot.waitUntil(lambda: screen.draft.member is not None, timeout=10_000)
    counter.idle()
    assert screen.draft.member is not None and screen.draft.member.id == buyer and not screen.draft.lines
    assert screen.member.card.text() != "No member"
    with shop.reading() as uow:
        assert list(uow.session.scalars(select(Sale.total_fen))) == [10000]
    counter.close()
