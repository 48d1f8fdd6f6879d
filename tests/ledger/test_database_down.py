"""A ledger whose PostgreSQL is not there (stopped, restarting): every route answers 503 `unavailable`
in JSON, terminals take that as "try again later", /v1/health says so for a load balancer, and the log
gets one line, not a traceback."""

import logging
import socket
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ledger import db
from ledger.api import create_app
from tests.helpers.ledger_server import free_port

DOWN = {"error": "unavailable", "message": "the ledger's database cannot be reached now; try again later"}


def test_every_route_says_the_database_is_unavailable(caplog: pytest.LogCaptureFixture) -> None:
    engine = db.open_engine(f"postgresql+psycopg://jifen@127.0.0.1:{free_port()}/ledger")
    client = TestClient(create_app(engine), raise_server_exceptions=False)
    with caplog.at_level(logging.WARNING):
        health = client.get("/v1/health")
        batch = client.post("/v1/batches", json={"entries": []}, headers={"Authorization": "Bearer jt_someone"})
        changes = client.get("/v1/changes", headers={"Authorization": "Bearer jt_someone"})
    assert (health.status_code, health.json()) == (503, DOWN)
    assert (batch.status_code, batch.json()) == (503, DOWN) and (changes.status_code, changes.json()) == (503, DOWN)
    lines = [r for r in caplog.records if r.name.startswith("jifen")]
    assert lines and all("Connection refused" in r.getMessage() and r.exc_info is None for r in lines)
    engine.dispose()


def test_a_database_that_never_answers_does_not_hold_the_health_check() -> None:
    with socket.socket() as silent:  # takes the connection, says nothing: a hung server, a half-open link
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        # The connection itself would wait a minute: only the health check's own limit can answer sooner.
        engine = db.open_engine(f"postgresql+psycopg://jifen@127.0.0.1:{silent.getsockname()[1]}/ledger?connect_timeout=60")
        started = time.monotonic()
        health = TestClient(create_app(engine), raise_server_exceptions=False).get("/v1/health")
        assert (health.status_code, health.json()) == (503, DOWN)
        assert time.monotonic() - started < 30  # not the minute: the check gave up on its own
    engine.dispose()


def test_a_bug_is_not_passed_off_as_the_database_being_down(tmp_path: Path) -> None:
    engine = db.open_engine(f"sqlite:///{tmp_path / 'not-migrated.db'}")  # "no such table": a 500, in the log whole
    client = TestClient(create_app(engine), raise_server_exceptions=False)
    assert client.get("/v1/health").status_code == 200
    assert client.get("/v1/whoami", headers={"Authorization": "Bearer jt_someone"}).status_code == 500
    engine.dispose()
