"""Does the UI thread ever wait? A timer ticks every 5 ms on the main thread and the gaps between its
ticks are kept while a whole checkout is driven from the keyboard: the camera reads a member card,
a keyboard scanner and a phone number find members, points are redeemed, cash and card are taken,
and every receipt goes to a printer behind a slow link, while the till syncs with a real ledger (in
its own process) behind another. Used by tests/ui/test_checkout_stalls.py and bench/ui_bench.py."""

import faulthandler
import gc
import sys
import tempfile
import threading
import time
import typing
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from sync.link_files import save_token
from terminal import ledger_link
from terminal.bootstrap import Till
from terminal.home import Home
from tests.helpers.fake_printer import FakePrinter, fake_printer
from tests.helpers.slow_server import SlowProxy, ledger_process
from tests.helpers.store import hire_staff, member, new_till
from tests.helpers.ui_checkout import Bot, Counter, Key, member_card, member_code, open_counter, write_config
from ui.context import AppContext
from ui.qt import core, widgets
from ui.screens.base import Screen
from ui.screens.checkout import CheckoutScreen

TICK_MS = 5
SLOW_LINK_S = 0.3  # each way, for every chunk: a printer and a ledger a long way off
PHONES = ("13800138000", "13900139000", "13700137000")  # camera, scanner, phone: one member each


@dataclass
class StallRecorder:
    """Ticks every ``interval_ms`` on the main thread and keeps the gaps between ticks (and when each
    ended): a gap much longer than the interval is the event loop stalled that long.

    So that a long stall says why, the main thread's stack is written down whenever a tick is
    ``explain_after_s`` late (faulthandler's own thread does it, even while the main thread holds the
    GIL), and every garbage collection over 20 ms is kept: ``stall_stacks`` and ``gc_pauses_ms``."""

    interval_ms: int = TICK_MS
    explain_after_s: float = 0.2
    gaps_ms: list[float] = field(default_factory=list)
    ended_at: list[float] = field(default_factory=list)
    gc_pauses_ms: list[tuple[int, float]] = field(default_factory=list)  # (generation, how long)
    stall_stacks: list[str] = field(default_factory=list)
    clock: Callable[[], float] = time.perf_counter
    _last: float | None = None
    _timer: core.QTimer | None = None
    _stacks: typing.IO[str] | None = None
    _gc_started: float = 0.0

    def start(self) -> None:
        self._stacks = tempfile.TemporaryFile("w+")
        gc.callbacks.append(self._gc)
        self._timer = core.QTimer()
        self._timer.setTimerType(core.Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._last = self.clock()
        self._timer.start(self.interval_ms)

    def _tick(self) -> None:
        now = self.clock()
        if self._stacks is not None:
            faulthandler.dump_traceback_later(self.explain_after_s, file=self._stacks)
        if self._last is not None:
            self.gaps_ms.append((now - self._last) * 1000)
            self.ended_at.append(now)
        self._last = now

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        elif (took := (time.perf_counter() - self._gc_started) * 1000) > 20:
            self.gc_pauses_ms.append((info["generation"], took))

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._tick()
            self._timer = None
        if self._stacks is not None:
            faulthandler.cancel_dump_traceback_later()
            gc.callbacks.remove(self._gc)
            self._stacks.seek(0)
            self.stall_stacks = _main_thread_stacks(self._stacks.read())
            self._stacks.close()
            self._stacks = None

    def explain(self) -> str:
        """What was going on in the long stalls, for a failure message."""
        pauses = ", ".join(f"gen {generation} {took:.0f} ms" for generation, took in self.gc_pauses_ms) or "none"
        stacks = "\n".join(self.stall_stacks) or "(no stall long enough to catch)"
        return f"garbage collections over 20 ms: {pauses}\nthe UI thread's stack in each stall:\n{stacks}"

    @property
    def longest_ms(self) -> float:
        return max(self.gaps_ms, default=0.0)

    def percentile_ms(self, q: float) -> float:
        ordered = sorted(self.gaps_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0

    def over(self, limit_ms: float) -> list[float]:
        return [gap for gap in self.gaps_ms if gap > limit_ms]


def _main_thread_stacks(dumps: str) -> list[str]:
    """The main thread's part of each of faulthandler's dumps of all threads."""
    header = f"Thread 0x{threading.main_thread().ident:016x}"
    return [block[block.index(header):].strip() for block in dumps.split("\n\n") if header in block]


# Audit events that mean the calling thread waits on a device, the network or the disk.
WAITING_EVENTS = ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo", "open", "sqlite3.connect",
                  "subprocess.Popen", "os.system")


@dataclass
class MainThreadWatch:
    """Records, while ``watching``, every database statement on ``engine`` and every audit event of
    WAITING_EVENTS that the main (UI) thread makes: what it does not do, it cannot wait for."""

    engine: Engine
    seen: list[str] = field(default_factory=list)
    watching: bool = False

    def __post_init__(self) -> None:
        main = threading.main_thread()
        watch = self

        def audit(name: str, args: tuple[object, ...]) -> None:
            if watch.watching and name in WAITING_EVENTS and threading.current_thread() is main:
                watch.seen.append(f"{name} {args[:2]!r}")

        sys.addaudithook(audit)  # hooks cannot be removed; this one does nothing once watching is off
        event.listen(self.engine, "before_cursor_execute", self._statement)

    def _statement(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        if self.watching and threading.current_thread() is threading.main_thread():
            self.seen.append(f"SQL {statement.split()[0]} …")

    def stop(self) -> None:
        self.watching = False
        event.remove(self.engine, "before_cursor_execute", self._statement)


class ElsewhereScreen(Screen):
    """Another screen (F2) to leave the checkout for, so that the camera is let go and taken again."""

    key = "F2"

    def __init__(self, ctx: AppContext, parent: widgets.QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Elsewhere")


@dataclass
class SlowShop:
    till: Till
    printer: FakePrinter
    members: list[str]  # found by the camera, the scanner and the phone, in that order


@contextmanager
def slow_shop(folder: Path, delay_s: float = SLOW_LINK_S) -> Iterator[SlowShop]:
    """A store with staff and three members, a camera showing the first one's card, a printer and a
    ledger each behind a link that holds every chunk back ``delay_s`` seconds each way."""
    till = new_till(Home(folder / "store"))
    with ExitStack() as stack:
        stack.callback(till.close)
        hire_staff(till)
        members = [member(till, phone, f"顾客{n}") for n, phone in enumerate(PHONES, start=1)]
        card = member_card(till, members[0], folder / "card.png")
        printer = stack.enter_context(fake_printer())
        printer_link = stack.enter_context(SlowProxy(printer.url, delay_s))
        ledger_url, token = stack.enter_context(ledger_process(folder / "ledger"))
        ledger_link_proxy = stack.enter_context(SlowProxy(ledger_url, delay_s))
        with till.uow() as uow:
            ledger_link.connect(uow.session, ledger_link_proxy.url)
            uow.commit()
        save_token(till, token)
        write_config(till, printer=printer_link.url, camera=f"file:{card}", answer_timeout_ms=4000)
        yield SlowShop(till, printer, members)


def open_slow_counter(bot: Bot, shop: SlowShop, sync_every_s: float = 1.0) -> Counter:
    counter = open_counter(bot, shop.till, screens=(CheckoutScreen, ElsewhereScreen))
    counter.ctx.start_sync(interval=sync_every_s)
    return counter


def _sell(counter: Counter, amounts: list[str], pay: Key, redeem: str | None = None) -> None:
    bot, screen = counter.qtbot, counter.screen
    for number, amount in enumerate(amounts):
        if number:
            counter.press(Key.Key_Down)  # the next category
        counter.type(amount)
        counter.press(Key.Key_Return)
    if redeem is not None:
        counter.press(Key.Key_F8)
        counter.type(redeem)
        counter.press(Key.Key_Return)
    sold = screen.last_sale
    counter.press(pay)
    counter.press(Key.Key_Return)
    bot.waitUntil(lambda: screen.finished and screen.last_sale is not sold, timeout=20_000)
    bot.waitUntil(lambda: screen.print_note.text() == "Receipt printed.", timeout=20_000)
    bot.waitUntil(lambda: screen.receipt.picture is not None and screen.last_sale is not None
                  and screen.receipt.picture.sale_id == screen.last_sale.sale_id, timeout=20_000)


def scripted_checkout(counter: Counter, shop: SlowShop, watch: MainThreadWatch | None = None) -> StallRecorder:
    """Three sales from the keyboard, recorded from entering the checkout to leaving it again."""
    bot = counter.qtbot
    camera_member, scanner_member, phone_member = shop.members
    code = member_code(shop.till, scanner_member)
    phone = PHONES[shop.members.index(phone_member)]
    if isinstance(counter.window.current(), CheckoutScreen):
        counter.press(Key.Key_F2)
    feed = next(s for s in counter.window.screens if isinstance(s, CheckoutScreen)).member.camera.feed
    bot.waitUntil(feed.released, timeout=10_000)
    recorder = StallRecorder()
    gc.collect()
    gc.freeze()  # a full collection of all that earlier tests in this process left is not a stall the app has
    recorder.start()
    if watch is not None:
        watch.watching = True
    counter.press(Key.Key_F1)
    screen = counter.screen
    bot.waitUntil(lambda: screen.draft.member is not None and screen.draft.member.id == camera_member, timeout=20_000)
    _sell(counter, ["100", "59.9"], Key.Key_F9, redeem="200")
    counter.scan(code)
    bot.waitUntil(lambda: screen.draft.member is not None and screen.draft.member.id == scanner_member, timeout=20_000)
    _sell(counter, ["20"], Key.Key_F10)
    counter.press(Key.Key_F7)
    counter.type(phone)
    counter.press(Key.Key_Return)
    bot.waitUntil(lambda: screen.member.asking, timeout=20_000)
    counter.press(Key.Key_Return)
    _sell(counter, ["5", "1000"], Key.Key_F9)
    counter.press(Key.Key_F2)
    bot.waitUntil(feed.released, timeout=10_000)
    recorder.stop()
    gc.unfreeze()
    if watch is not None:
        watch.watching = False
    return recorder
