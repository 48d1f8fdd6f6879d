"""A real ledger over real TCP for the sync tests: the app served by uvicorn on a free port."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from ledger import db
from ledger.api import create_app
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.tls import Certificates


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(engine: Engine, port: int | None = None, app: FastAPI | None = None,
          tls: Certificates | None = None, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the ledger (or ``app``, made on it) in a thread, over TLS with ``tls``, listening on ``host`` (0.0.0.0:
    every address of this machine); yields its base URL (at 127.0.0.1); stops it afterwards."""
    port = port or free_port()
    keys = {"ssl_certfile": str(tls.cert), "ssl_keyfile": str(tls.key)} if tls else {}
    server = uvicorn.Server(uvicorn.Config(app or create_app(engine), host=host, port=port, log_level="warning",
                                           access_log=False, **keys))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the ledger did not start")
        time.sleep(0.02)
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def ledger_url(tmp_path: Path) -> Iterator[tuple[Ledger, str]]:
    """A ledger on SQLite with merchant m1, served over TCP: the ledger and its URL."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    with serve(engine) as url:
        yield ledger, url
    engine.dispose()
