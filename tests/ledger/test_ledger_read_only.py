"""A ledger whose database answers reads but takes no writes: a SQLite file on a disk the kernel made read-only (a
read-only bind mount of a real tmpfs: every write is refused with EROFS, root's too), or a PostgreSQL database set to
default_transaction_read_only, as a hot standby is. A posted batch is answered 503 database_read_only with
Retry-After and nothing is stored; /v1/health says so once a write failed; a jifen-ledger command that writes says
so in one line and exits 2, never a traceback."""

import json
import logging
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text

from ledger import db
from ledger.api import create_app
from ledger.models import Entry, Terminal
from terminal.home import Home
from tests.helpers.disks import small_tmpfs
from tests.helpers.ledger import Ledger, journal_of, ledger_cli, open_ledger
from tests.helpers.postgres import take_writes
from tests.helpers.store import new_till, sell

READ_ONLY = {"error": "database_read_only",
             "message": "the ledger's database takes no writes now (a read-only disk or a standby server); its operator "
                        "must fix it; try again later"}


@dataclass
class ReadOnly:
    """A ledger set up while it could be written (merchant m1, terminal T1 and its token, a till's journal of one
    sale), then served on its database taking no writes: ``client`` answers as that server does; ``url`` is its
    database for the command line."""

    ledger: Ledger
    token: str
    batch: list[dict[str, object]]
    client: TestClient
    url: str

    def held(self) -> tuple[int, int]:
        """The entries stored, and the last number the ledger acknowledged to T1."""
        with self.ledger.session() as s:
            return len(s.scalars(select(Entry.seq)).all()), int(s.scalar(select(Terminal.last_seq)) or 0)


@contextmanager
def mounted_read_only(disk: Path, view: Path) -> Iterator[Path]:
    """``disk`` seen again at ``view``, read-only: what the kernel refuses there it refuses to root as well."""
    view.mkdir()
    subprocess.run(["mount", "--bind", str(disk), str(view)], check=True, capture_output=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True, capture_output=True)
        yield view
    finally:
        subprocess.run(["umount", "--lazy", str(view)], check=True)


def set_up(ledger: Ledger, root: Path) -> tuple[str, list[dict[str, object]]]:
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    till = new_till(Home(root / "T1"))
    try:
        sell(till, None, ("general", 10_000))
        return token, [entry.model_dump() for entry in journal_of(till)]
    finally:
        till.close()


def served(ledger: Ledger, set_up_as: tuple[str, list[dict[str, object]]], url: str) -> Iterator[ReadOnly]:
    """The ledger served again, on its database at ``url`` that takes no writes now."""
    token, batch = set_up_as
    engine = db.open_engine(url)
    try:
        yield ReadOnly(ledger, token, batch, TestClient(create_app(engine), raise_server_exceptions=False), url)
    finally:
        engine.dispose()


def on_sqlite(root: Path) -> Iterator[ReadOnly]:
    with small_tmpfs(root / "disk", "16m") as disk:
        engine = db.open_engine(f"sqlite:///{disk / 'ledger.db'}")
        try:
            ledger = open_ledger(engine)
            set_up_as = set_up(ledger, root)
            with mounted_read_only(disk, root / "read-only") as view:
                yield from served(ledger, set_up_as, f"sqlite:///{view / 'ledger.db'}")
        finally:
            engine.dispose()



def on_postgres(cluster: str, root: Path) -> Iterator[ReadOnly]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(cluster, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = cluster.rsplit("/", 1)[0] + f"/{name}"
    engine = db.open_engine(url)
    try:
        ledger = open_ledger(engine)
        set_up_as = set_up(ledger, root)
        take_writes(cluster, name, on=False)
        yield from served(ledger, set_up_as, url)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def read_only(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ReadOnly]:
    if request.param == "sqlite":
        yield from on_sqlite(tmp_path)
    else:
        yield from on_postgres(request.getfixturevalue("pg_cluster"), tmp_path)


def test_a_batch_is_answered_503_and_nothing_is_stored(read_only: ReadOnly, caplog: pytest.LogCaptureFixture) -> None:
    client = read_only.client
    assert client.get("/v1/health").status_code == 200  # nothing has tried to write yet, and health does not
    with caplog.at_level(logging.WARNING):
        answer = client.post("/v1/batches", json={"protocol": 1, "entries": read_only.batch}, params={"snapshot": "3"},
                             headers={"Authorization": f"Bearer {read_only.token}"})
    assert (answer.status_code, answer.json(), answer.headers["Retry-After"]) == (503, READ_ONLY, "300")
    assert read_only.held() == (0, 0)
    lines = [r for r in caplog.records if r.name.startswith("jifen")]
    assert lines and all(r.getMessage().startswith("the database cannot be used now: ") and r.exc_info is None
                         for r in lines)

    health = client.get("/v1/health")
    assert (health.status_code, health.json(), health.headers["Retry-After"]) == (503, READ_ONLY, "300")
    assert client.get("/v1/whoami", headers={"Authorization": f"Bearer {read_only.token}"}).status_code == 200


def test_a_command_that_writes_says_so_in_one_line(read_only: ReadOnly) -> None:
    run = ledger_cli(read_only.url)
    status, said = run("merchant", "add", "m2", "--name", "徐汇连锁")
    assert status == 2 and len(said.splitlines()) == 1 and "Traceback" not in said
    assert said.startswith("the ledger database takes no writes now (a read-only disk or a standby server): nothing "
                           "was changed; its operator must fix it, then run the command again ("), said
    status, said = run("--json", "terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T2")
    assert (status, json.loads(said)["error"]) == (2, "database_read_only")
    status, said = run("terminal", "list", "--merchant", "m1")  # reads still go through
    assert status == 0 and "T1" in said and "T2" not in said
