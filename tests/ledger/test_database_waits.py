"""The ledger bounds every wait on its database, well under the 60 s a terminal waits for an answer: a lock held too
long, a statement timed out, serialization failures after every retry, or every connection in use answer 503
`busy` (a code terminals take as "cannot store now") saying so, with Retry-After and one
log line, not a 500 and a traceback; health says busy, not "cannot be reached"; `serve` does not hang at start."""

import logging
import re
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ledger import api, cli, db
from ledger.checks import BadEntry
from terminal.home import Home
from tests.helpers.ledger import Ledger, journal_of, open_ledger, rechain, shop_till
from tests.helpers.ledger_server import free_port
from tests.helpers.store import member, new_till

BUSY = {"error": "busy", "message": "the ledger is busy: its database did not answer in time (waiting on "
                                           "locks, or too much at once); try again later"}


@contextmanager
def pg_database(cluster: str, options: str = "") -> Iterator[str]:
    """A fresh database on the cluster; its URL, with libpq ``options`` (-c name=value) when given."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(cluster, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield cluster.rsplit("/", 1)[0] + f"/{name}" + (f"?options={options.replace(' ', '%20')}" if options else "")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@contextmanager
def serving_ledger(url: str) -> Iterator[Ledger]:
    engine = db.open_engine(url, serving=True)
    try:
        yield open_ledger(engine)
    finally:
        engine.dispose()


def _settings(engine: Any) -> dict[str, str]:
    with engine.connect() as conn:
        conn.rollback()  # what the pool does to a connection given back
        return {name: str(conn.execute(text(f"SHOW {name}")).scalar_one())
                for name in ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")}


def test_a_serving_connection_bounds_its_waits_and_notices_a_vanished_host(pg_cluster: str) -> None:
    served, command = db.open_engine(pg_cluster, serving=True), db.open_engine(pg_cluster)
    try:
        assert _settings(served) == {"lock_timeout": "20s", "statement_timeout": "30s",
                                     "idle_in_transaction_session_timeout": "1min"}
        assert _settings(command)["statement_timeout"] == "0"  # a migration or a report run by hand may take long
        with served.connect() as conn:
            libpq = conn.connection.driver_connection.info.get_parameters()  # type: ignore[union-attr]
        assert (libpq["keepalives_idle"], libpq["tcp_user_timeout"], libpq["connect_timeout"]) == ("10", "30000", "10")
    finally:
        served.dispose()
        command.dispose()
    chosen = db.open_engine(pg_cluster + ("&" if "?" in pg_cluster else "?") + "options=-c%20lock_timeout%3D5s",
                            serving=True)
    try:
        assert _settings(chosen)["lock_timeout"] == "5s"  # the operator's choice wins
    finally:
        chosen.dispose()


@pytest.mark.parametrize("limit", ["lock_timeout", "statement_timeout"])
def test_a_lock_held_too_long_answers_busy(pg_cluster: str, limit: str, caplog: pytest.LogCaptureFixture) -> None:
    with pg_database(pg_cluster, f"-c {limit}=1s") as url, serving_ledger(url) as ledger:
        ledger.merchant("m1")
        token = ledger.terminal("m1", "静安店", "T1")
        locker = create_engine(url)
        try:
            with locker.connect() as conn, caplog.at_level(logging.INFO):
                conn.execute(text("LOCK TABLE entries IN ACCESS EXCLUSIVE MODE"))
                answer = ledger.get("/v1/whoami", token, held="true", at=1)
                conn.rollback()
        finally:
            locker.dispose()
    assert (answer.status_code, answer.json(), answer.headers["Retry-After"]) == (503, BUSY, "30")
    lines = [r for r in caplog.records if r.name.startswith("jifen")]
    assert len(lines) == 1 and lines[0].exc_info is None and lines[0].levelname == "WARNING"
    assert re.fullmatch(r"the database cannot be used now: canceling statement due to (lock|statement) timeout "
                        r"\(busy; GET /v1/whoami for m1/T1\)", lines[0].getMessage())
    assert token not in caplog.text


@pytest.mark.parametrize("failure", [
    OperationalError("UPDATE counters", {}, psycopg.errors.SerializationFailure("could not serialize access")),
    PoolTimeout("QueuePool limit of size 10 overflow 20 reached, connection timed out, timeout 30.00"),
], ids=["serialization_failures", "pool_exhausted"])
def test_what_retries_or_waiting_could_not_get_through_answers_busy(api: Ledger, failure: Exception,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    token = api.terminal("m1", "静安店", "T1")
    tried: list[int] = []

    def failing(*_args: Any) -> dict[str, Any]:
        tried.append(1)
        raise failure

    monkeypatch.setattr(api_module(), "_chain_end", failing)
    with caplog.at_level(logging.INFO):
        answer = api.get("/v1/whoami", token, held="true", at=1)
    assert (answer.status_code, answer.json(), answer.headers["Retry-After"]) == (503, BUSY, "30")
    assert all(r.exc_info is None for r in caplog.records)
    if isinstance(failure, OperationalError):  # retried, each retry said, then given up on
        assert len(tried) == 8
        assert "the database rolled back a transaction (attempt 7 of 8), trying again" in caplog.text


def api_module() -> Any:
    return api


def test_health_says_busy_when_every_connection_is_in_use(api: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_module(), "HEALTH_TIMEOUT_S", 0.5)
    taken = [api.engine.raw_connection() for _ in range(15)]  # SQLite's pool: 5, and 10 more
    try:
        health = api.client.get("/v1/health")
    finally:
        for connection in taken:
            connection.close()
    assert (health.status_code, health.headers["Retry-After"]) == (503, "30")
    assert health.json() == {"error": "busy",
                             "message": "the ledger is busy: all its connections to the database are in use; "
                                        "try again later"}


def test_health_says_busy_while_a_batch_waits_on_a_lock(api: Ledger, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_module(), "BATCH_STUCK_S", 0.3)
    token = api.terminal("m1", "静安店", "T1")
    till = new_till(Home(tmp_path / "T1"))
    member(till)
    entries = journal_of(till)
    till.close()
    writer = sqlite3.connect(str(api.engine.url.database), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another writer holds the database
    answers: list[Any] = []
    batch = threading.Thread(target=lambda: answers.append(api.post(token, entries)))
    batch.start()
    try:
        deadline = time.monotonic() + 15  # the batch arrives and waits past BATCH_STUCK_S, however loaded the machine
        health = api.client.get("/v1/health")
        while health.status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.1)
            health = api.client.get("/v1/health")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        batch.join()
    assert health.status_code == 503
    assert re.fullmatch(r"the ledger is busy: a batch has waited \d+ s on its database \(locks\?\); try again later",
                        health.json()["message"])
    assert answers[0].status_code == 200  # it went through once the lock was gone
    assert api.client.get("/v1/health").status_code == 200


def test_a_slow_request_is_logged_with_its_terminal_and_duration(api: Ledger, monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(api_module(), "SLOW_REQUEST_S", 0.0)
    token = api.terminal("m1", "静安店", "T1")
    with caplog.at_level(logging.INFO):
        assert api.get("/v1/whoami", token).status_code == 200
    said = [r.getMessage() for r in caplog.records if r.name == "jifen.ledger"]
    assert len(said) == 1 and re.fullmatch(r"GET /v1/whoami for m1/T1: 200 after \d+\.\d s", said[0])
    assert token not in caplog.text


def test_the_servers_log_lines_have_a_time_a_level_and_a_logger() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", "import logging, logging.config; from ledger.serving import log_config; "
                               "logging.config.dictConfig(log_config()); "
                               "logging.getLogger('jifen.ledger').warning('the database cannot be used now'); "
                               "logging.getLogger('uvicorn.error').info('Started server process')"],
        capture_output=True, text=True, timeout=60, check=True)
    lines = shown.stderr.splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
    assert re.fullmatch(stamp + " WARNING jifen.ledger: the database cannot be used now", lines[0])
    assert re.fullmatch(stamp + " INFO uvicorn.error: Started server process", lines[1])


def test_serve_does_not_wait_silently_for_a_locked_change_counter_on_sqlite(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.db"
    url = f"sqlite:///{path}"
    assert cli.answer(["--db", url, "migrate"]).status == 0
    monkeypatch.setattr(db, "SERVING_BUSY_S", 1)
    monkeypatch.setattr(db, "RETRY_WITHIN_S", 0.0)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        said = cli.answer(["--db", url, "serve", "--port", str(free_port())])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert time.monotonic() - started < 10
    assert said.status == 2 and said.text.startswith(
        f"cannot start: another session holds the ledger's change counter in {path} (database is locked)")


def test_serve_does_not_wait_silently_for_a_locked_change_counter_on_postgres(pg_cluster: str) -> None:
    with pg_database(pg_cluster, "-c lock_timeout=1s") as url:
        assert cli.answer(["--db", url, "migrate"]).status == 0
        locker = create_engine(url)
        try:
            with locker.connect() as conn:
                conn.execute(text("LOCK TABLE counters IN EXCLUSIVE MODE"))
                said = cli.answer(["--db", url, "serve", "--port", str(free_port())])
                conn.rollback()
        finally:
            locker.dispose()
    assert said.status == 2 and "cannot start: another session holds the ledger's change counter in database " \
        "t_" in said.text and "(canceling statement due to lock timeout); end that session" in said.text


def test_an_entry_id_another_terminal_holds_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    first, second = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")
    tills = [shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")]
    for till in tills:
        member(till)
    ledger.sync(tills[1], second)
    taken = journal_of(tills[1])[0].id
    own = journal_of(tills[0])
    forged = rechain([own[0].model_copy(update={"id": taken}), *own[1:]])
    for till in tills:
        till.close()
    answer = ledger.post(first, forged)
    assert (answer.status_code, answer.json()) == (422, {
        "error": "bad_entry", "message": f"entry 1: its id {taken} is another entry's, which the ledger already holds"})


def test_a_refused_row_is_not_written_to_the_log(pg_cluster: str, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    with pg_database(pg_cluster) as url, serving_ledger(url) as ledger:
        ledger.merchant("m1")
        token = ledger.terminal("m1", "静安店", "T1")

        def breaking(session: Any, *_args: Any) -> dict[str, Any]:
            session.execute(text("INSERT INTO members (id, phone, name) VALUES (NULL, :phone, :name)"),
                            {"phone": "1380013" + "8000", "name": "张" + "三"})  # the log's stack shows this line
            return {}

        monkeypatch.setattr(api_module(), "_chain_end", breaking)
        with caplog.at_level(logging.INFO):
            answer = ledger.get("/v1/whoami", token, held="true", at=1)
    assert (answer.status_code, answer.json()) == (500, {"error": "internal", "message": "the ledger failed; its log "
                                                                                         "says why"})  # a bug
    assert "violates not-null constraint" in caplog.text
    assert "13800138000" not in caplog.text and "张三" not in caplog.text


def test_a_batch_that_gets_no_turn_in_time_answers_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(api_module(), "BATCHES_AT_ONCE", 1)
    monkeypatch.setattr(api_module(), "TURN_WAIT_S", 0.3)
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    tokens = [ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m1", "徐汇店", "T2")]
    tills = [shop_till(tmp_path, "静安店", "T1"), shop_till(tmp_path, "徐汇店", "T2")]
    journals = []
    for till in tills:
        member(till)
        journals.append(journal_of(till))
        till.close()
    stalled, release = threading.Event(), threading.Event()

    def stalling(*_args: Any) -> None:  # the first batch takes the one turn and stalls (on a lock, say)
        stalled.set()
        release.wait(10)
        raise BadEntry(1, "stalled")

    monkeypatch.setattr(api_module(), "ingest", stalling)
    first = threading.Thread(target=lambda: ledger.post(tokens[0], journals[0]))
    first.start()
    try:
        assert stalled.wait(10)
        with caplog.at_level(logging.INFO):
            second = ledger.post(tokens[1], journals[1])
    finally:
        release.set()
        first.join()
        engine.dispose()
    assert (second.status_code, second.headers["Retry-After"]) == (503, "30")
    assert second.json() == {"error": "busy",
                             "message": "the ledger is busy: too many batches at once; try again later"}
    assert "POST /v1/batches for m1/T2: no turn within 0.3 s; the batches before it still wait" in caplog.text


def test_a_server_that_answers_but_fails_is_not_said_out_of_reach(pg_cluster: str) -> None:
    with pg_database(pg_cluster) as url:
        assert cli.answer(["--db", url, "migrate"]).status == 0
        name = url.rsplit("/", 1)[1]
        admin = create_engine(pg_cluster, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f"ALTER DATABASE {name} SET work_mem = '64kB'"))
                conn.execute(text(f"ALTER DATABASE {name} SET temp_file_limit = '64kB'"))
        finally:
            admin.dispose()
        said = cli.answer(["--db", url, "terminal", "list", "--merchant", "m1"])
    assert said.status == 2 and "cannot reach" not in said.text, said.text
    assert "answered, but failed: temporary file size exceeds temp_file_limit (64kB)" in said.text
