"""The background sync loop after a ledger answered that its database cannot store anything now (503 database_full /
unavailable with Retry-After): it waits at least what the ledger asked, not the backoff that starts near a second,
so a shop's tills do not hammer a ledger whose disk is full; once the ledger stores again, the entries arrive once.
A proxy's 503 page, without the ledger's words, keeps the jittered backoff. A ledger on SQLite on a small tmpfs
filled to the last byte, one whose PostgreSQL is not there, real stores, Syncer.run driven with its pauses recorded."""

import random
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ledger import db
from ledger.api import RETRY_AFTER_S, create_app
from ledger.models import Entry, Terminal
from sync.client import LONGER_THAN_ANY_CLOCK, LedgerCannotStore, retry_after
from sync.relay import BACKOFF_CAP, BACKOFF_START, RETRY_AFTER_CAP, RETRY_AFTER_SPREAD, Syncer, retry_wait
from terminal import journal, ledger_link
from terminal.bootstrap import Till
from tests.helpers.disks import fill, small_tmpfs
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import free_port, serve
from tests.helpers.store import sell
from tests.sync.conftest import SEED, Network, replay

INTERVAL = 15.0


def held(engine: Engine, terminal: str = "T1") -> tuple[int, int]:
    """The last entry of ``terminal`` the ledger acknowledges, and how many rows of its entries it stores."""
    with db.sessions(engine)() as session:
        pk, last = session.execute(select(Terminal.pk, Terminal.last_seq).where(Terminal.terminal_id == terminal)).one()
        rows = session.scalar(select(func.count()).select_from(Entry).where(Entry.terminal_pk == pk))
        return int(last), int(rows or 0)


def head_and_pending(till: Till) -> tuple[int, int]:
    with till.reading() as uow:
        return journal.head_seq(uow.session), ledger_link.pending_count(uow.session)


def synced_store(ledger: Ledger, url: str, root: Path) -> tuple[Till, Syncer]:
    """Terminal T1 connected and synced once, then two sales not sent."""
    net = Network(ledger, url, root)
    till = net.store("T1")
    syncer = net.connect(till, ledger.terminal("m1", "静安店", "T1"))
    syncer.sync_once()
    sell(till, None, ("general", 1000))
    sell(till, None, ("general", 2500))
    return till, syncer


@contextmanager
def ledger_on_a_small_disk(root: Path) -> Iterator[tuple[Ledger, str, Path]]:
    """A SQLite ledger with merchant m1 on a 16 MB tmpfs, served over TCP: the ledger, its URL and the disk."""
    with small_tmpfs(root / "disk", "16m") as disk:
        engine = db.open_engine(f"sqlite:///{disk / 'ledger.db'}")
        try:
            ledger = open_ledger(engine)
            ledger.merchant("m1")
            with serve(engine) as url:
                yield ledger, url, disk
        finally:
            engine.dispose()


def filled(disk: Path) -> Path:
    """The disk under the ledger filled, its write-ahead log emptied first so the next write must grow it; the
    file to delete for room again."""
    with closing(sqlite3.connect(disk / "ledger.db")) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return fill(disk)


OnPause = Callable[[list[float], threading.Event], None]


def run_recording(syncer: Syncer, on_pause: OnPause, seed: int = SEED) -> list[float]:
    """Syncer.run, its pauses recorded and not waited, until ``on_pause`` (told every pause so far, and the stop
    event) stops it, or 12 pauses; its pauses."""
    stop, pauses = threading.Event(), []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        on_pause(pauses, stop)
        if len(pauses) >= 12:
            stop.set()

    syncer.run(stop, interval=INTERVAL, rng=random.Random(seed), wait=pause)
    return pauses


def as_asked(pauses: list[float], asked: int) -> bool:
    return all(asked <= p <= asked * (1 + RETRY_AFTER_SPREAD) for p in pauses)


def test_a_full_ledger_is_left_alone_as_long_as_it_asks_and_then_gets_the_entries_once(tmp_path: Path) -> None:
    with ledger_on_a_small_disk(tmp_path) as (ledger, url, disk):
        till, syncer = synced_store(ledger, url, tmp_path)
        head, pending = head_and_pending(till)
        filler = filled(disk)

        def on_pause(pauses: list[float], stop: threading.Event) -> None:
            if len(pauses) == 3:
                assert held(ledger.engine)[0] == head - pending  # nothing of them stored while the disk was full
                assert syncer.status().cannot_store == "database_full"
                filler.unlink()
            if pauses[-1] == INTERVAL:
                stop.set()

        pauses = run_recording(syncer, on_pause)
        stored = held(ledger.engine)
    where = replay(f"pauses {pauses}")
    assert pending >= 2 and len(pauses) == 4 and pauses[3] == INTERVAL, where
    assert as_asked(pauses[:3], RETRY_AFTER_S["full"]), where
    assert head_and_pending(till) == (head, 0)
    assert stored == (head, head), "each entry stored once, none missing"
    till.close()


def test_a_ledger_whose_database_is_not_there_is_left_alone_as_long_as_it_asks(tmp_path: Path) -> None:
    port = free_port()
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    stopped = db.open_engine(f"postgresql+psycopg://jifen@127.0.0.1:{free_port()}/ledger")  # nothing listens there
    try:
        ledger = open_ledger(engine)
        ledger.merchant("m1")
        with serve(engine, port) as url:
            till, syncer = synced_store(ledger, url, tmp_path)
        head, pending = head_and_pending(till)
        with ExitStack() as serving:
            serving.enter_context(serve(stopped, port, create_app(stopped)))

            def on_pause(pauses: list[float], stop: threading.Event) -> None:
                if len(pauses) == 2:
                    assert syncer.status().cannot_store == "unavailable"
                    serving.close()  # the database is back, under the same ledger's address
                    serving.enter_context(serve(engine, port))
                if pauses[-1] == INTERVAL:
                    stop.set()

            pauses = run_recording(syncer, on_pause)
        where = replay(f"pauses {pauses}")
        assert len(pauses) == 3 and pauses[2] == INTERVAL, where
        assert as_asked(pauses[:2], RETRY_AFTER_S["down"]), where
        assert head_and_pending(till) == (head, 0) and held(engine) == (head, head)
        till.close()
    finally:
        engine.dispose()
        stopped.dispose()


class ProxyPage(BaseHTTPRequestHandler):
    """A proxy in front of the ledger answering its own 503 page, Retry-After and all."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        page = b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"
        self.send_response(503)
        self.send_header("Content-Type", "text/html")
        self.send_header("Retry-After", "300")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *_args: object) -> None:
        pass


def test_a_proxys_503_page_keeps_the_jittered_backoff(tmp_path: Path) -> None:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    try:
        ledger = open_ledger(engine)
        ledger.merchant("m1")
        with serve(engine) as url:
            till, syncer = synced_store(ledger, url, tmp_path)
        proxy = ThreadingHTTPServer(("127.0.0.1", int(url.rsplit(":", 1)[1])), ProxyPage)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        try:
            pauses = run_recording(syncer, lambda pauses, stop: stop.set() if len(pauses) == 6 else None)
        finally:
            proxy.shutdown()
            proxy.server_close()
        rng = random.Random(SEED)
        backoff = [rng.uniform(0, min(BACKOFF_CAP, BACKOFF_START * 2 ** n)) for n in range(1, 7)]
        assert pauses == backoff, replay(f"pauses {pauses}")
        assert syncer.status().cannot_store is None and "answered 503" in (syncer.status().last_error or "")
        till.close()
    finally:
        engine.dispose()


SAID_AT = datetime(2026, 3, 1, 2, 0, 0, tzinfo=UTC)  # the ledger's Date
LATER = datetime(2026, 3, 1, 2, 7, 0, tzinfo=UTC)  # this till's clock, seven minutes ahead


@pytest.mark.parametrize(("header", "seconds"), [
    ("300", 300), (" 30 ", 30), ("0", 0),
    ("Sun, 01 Mar 2026 02:01:30 GMT", 90),  # from the ledger's Date, not this till's clock
    ("Sunday, 01-Mar-26 02:01:30 GMT", 90),  # RFC 850, obsolete
    ("Sun Mar  1 02:01:30 2026", 90),  # asctime, obsolete, GMT without saying so
    ("Sun, 01 Mar 2026 01:00:00 GMT", 0),  # passed: try again now
    (None, None), ("", None), ("-5", None), ("1.5", None), ("soon", None), ("300 s", None), ("٣٠٠", None),
    ("9" * 5000, LONGER_THAN_ANY_CLOCK),
])
def test_retry_after_is_read_as_rfc_9110_says(header: str | None, seconds: int | None) -> None:
    assert retry_after(header, SAID_AT, LATER) == seconds


def test_an_http_date_without_the_ledgers_date_counts_from_this_clock() -> None:
    assert retry_after("Sun, 01 Mar 2026 02:10:00 GMT", None, LATER) == 180


@pytest.mark.parametrize(("asked", "least", "most"), [
    (LONGER_THAN_ANY_CLOCK, RETRY_AFTER_CAP, RETRY_AFTER_CAP),  # an absurd one holds the loop back ten minutes, no more
    (10**12, RETRY_AFTER_CAP, RETRY_AFTER_CAP),
    (590, 590.0, RETRY_AFTER_CAP),
    (0, 0.0, 2 * BACKOFF_START),  # a date passed: the backoff
    (None, 0.0, 2 * BACKOFF_START),  # the ledger did not say: the backoff
])
def test_the_pause_after_a_ledger_that_cannot_store(asked: int | None, least: float, most: float) -> None:
    failure = LedgerCannotStore("cannot store", "无法存储", "database_full", asked)
    for seed in range(50):
        assert least <= retry_wait(failure, 1, random.Random(seed)) <= most


def test_a_loop_failing_for_days_keeps_its_pauses_within_the_cap() -> None:
    """2.0 ** 1024 overflows: the 1024th failure in a row (two days offline) ended the loop before."""
    assert 0 <= retry_wait(None, 5000, random.Random(SEED)) <= BACKOFF_CAP
