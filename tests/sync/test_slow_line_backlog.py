"""A backlog drains over a line too slow for a full batch within the answer's deadline: after an answer that came
too late the till asks for half as many entries (down to one), and twice as many again after answers in time, so
the same first batch is not sent at every try for ever. The size is kept in the store, so `jifen sync` run from cron
starts each run where the last left off. A real ledger behind a real throttling TCP proxy."""

import asyncio
import logging
import random
import socket
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from starlette.requests import Request
from starlette.responses import Response

import ledger.api
from ledger import db
from sync import relay
from sync.client import AnswerLate, LedgerClient
from sync.relay import SyncStatus, syncer_for
from terminal import journal, ledger_link
from terminal.bootstrap import Till
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.store import member, sell
from tests.sync.conftest import Network

DEADLINE = 2.0
BATCH = 32  # MAX_BATCH for the test: 500 entries are some 400 KB, as 32 are some 25 KB
RATE = 8_000  # bytes a second each way: 32 entries take over 3 s, 8 well under 1


def _pump(source: socket.socket, target: socket.socket, stopping: threading.Event) -> None:
    """``source`` to ``target`` at RATE bytes a second, in tenths of a second."""
    try:
        while not stopping.is_set():
            chunk = source.recv(RATE // 10)
            if not chunk:
                break
            if stopping.wait(len(chunk) / RATE):
                break
            target.sendall(chunk)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # either end gave up


@contextmanager
def throttled(upstream: str) -> Iterator[str]:
    """A TCP proxy on a free port that forwards to ``upstream`` at RATE bytes a second each way."""
    host, port = upstream.removeprefix("http://").rsplit(":", 1)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stopping, opened = threading.Event(), list[socket.socket]()

    def accept() -> None:
        while not stopping.is_set():
            try:
                client, _ = listener.accept()
                server = socket.create_connection((host, int(port)), timeout=5)
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            server.settimeout(None)
            opened.extend((client, server))
            for ends in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(*ends, stopping), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        listener.close()
        for sock in opened:
            sock.close()


def backlog(till: Till, entries: int) -> None:
    member(till)
    while journal_length(till) < entries:
        sell(till, None, ("general", 1234))


def journal_length(till: Till) -> int:
    with till.reading() as uow:
        return journal.head_seq(uow.session)


def pending(till: Till) -> int:
    with till.reading() as uow:
        return ledger_link.pending_count(uow.session)


def test_a_backlog_drains_over_a_line_too_slow_for_a_full_batch(network: Network,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay, "MAX_BATCH", BATCH)
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", DEADLINE)
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    backlog(till, 3 * BATCH)
    with throttled(network.url) as slow:
        syncer = network.connect(till, token, slow)
        stop, seen = threading.Event(), []

        def told(status: SyncStatus) -> None:
            seen.append(status)
            if status.pending == 0 or len(seen) >= 15:
                stop.set()

        syncer.run(stop, told, rng=random.Random(1), wait=lambda seconds: None)
    assert seen[-1].pending == 0 and seen[-1].online, [(s.pending, s.last_error) for s in seen]
    assert any("did not answer within 2 s" in (s.last_error or "") for s in seen)  # the full batch was too slow
    held = network.ledger.get("/v1/whoami", token, held="true").json()["held_seq"]
    assert held == journal_length(till) and pending(till) == 0
    assert LedgerClient(network.url, token).whoami().terminal == "T1"


def kept_batch_size(till: Till) -> int | None:
    with till.reading() as uow:
        return ledger_link.the_link(uow.session).batch_size


def test_a_backlog_drains_over_a_slow_line_in_runs_of_jifen_sync(network: Network,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Each run a syncer of its own, as `jifen sync` from cron: the first finds the full batch too slow, the next
    starts from the half it kept, and the backlog drains over a few runs instead of timing out at every one."""
    monkeypatch.setattr(relay, "MAX_BATCH", BATCH)
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", DEADLINE)
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    backlog(till, 2 * BATCH)
    runs: list[str] = []
    with throttled(network.url) as slow:
        network.connect(till, token, slow)
        while pending(till) and len(runs) < 8:
            try:
                syncer_for(till).sync_once()
                runs.append("synced")
            except AnswerLate:
                runs.append(f"late, {kept_batch_size(till)} kept")
    assert runs[0] == f"late, {BATCH // 2} kept", runs
    assert pending(till) == 0 and runs[-1] == "synced", runs
    assert network.ledger.get("/v1/whoami", token, held="true").json()["held_seq"] == journal_length(till)


def keep_batch_size(till: Till, size: int | None) -> None:
    """The batch size as a run that found answers late left it."""
    with till.uow() as uow:
        ledger_link.the_link(uow.session).batch_size = size
        uow.commit()


def test_a_short_tail_answered_in_time_does_not_grow_the_batch(network: Network) -> None:
    """A slow line's runs of jifen sync from cron, each with one new sale: a tail of one entry in time says nothing of
    the line, so the size kept after late answers stays, instead of climbing back to the full batch."""
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    network.connect(till, token)
    backlog(till, 3)
    syncer_for(till).sync_once()
    keep_batch_size(till, 4)
    for _ in range(3):
        sell(till, None, ("general", 1234))
        assert syncer_for(till).sync_once() == 1
        assert pending(till) == 0 and kept_batch_size(till) == 4


def test_a_full_batch_answered_in_time_grows_the_next(network: Network) -> None:
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    network.connect(till, token)
    backlog(till, 12)
    keep_batch_size(till, 4)
    syncer = syncer_for(till)
    syncer.sync_once()
    assert pending(till) == 0 and syncer.batch_size == 16 and kept_batch_size(till) == 8


def short_busy_timeout(till: Till) -> None:
    """The store waits 0.3 s for a lock, not ten."""
    def shorten(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=300")

    event.listen(till.engine, "connect", shorten)
    till.engine.dispose()


def test_a_late_answer_is_said_though_the_store_cannot_keep_the_smaller_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """While the batch waits for its answer, another program locks the store: the owner is told the answer came late,
    not that the store is locked (that goes to the log), and this syncer still sends half as many next."""
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", 1.0)
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    held = open_ledger(engine)
    held.merchant("m1")
    token = held.terminal("m1", "静安店", "T1")
    network = Network(held, "", tmp_path)
    till = network.store("T1")
    backlog(till, 8)
    short_busy_timeout(till)
    app = ledger.api.create_app(engine)

    @app.middleware("http")
    async def late_with_the_store_locked(request: Request,
                                         call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.url.path != "/v1/batches":
            return await call_next(request)
        holder = sqlite3.connect(till.home.db, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            await asyncio.sleep(2.0)
        finally:
            holder.rollback()
            holder.close()
        return Response(status_code=503)

    with serve(engine, app=app) as url, caplog.at_level(logging.ERROR, logger="jifen.sync"):
        syncer = network.connect(till, token, url)
        sent = journal_length(till)
        with pytest.raises(AnswerLate):
            syncer.push()
    assert any("cannot keep the batch size" in r.getMessage() and "locked" in str(r.exc_info and r.exc_info[1])
               for r in caplog.records), caplog.text
    assert syncer.batch_size == sent // 2 and kept_batch_size(till) is None and pending(till) == sent
    engine.dispose()
