import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ledger import db
from terminal.bootstrap import Till
from terminal.home import Home
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.postgres import postgres_cluster
from tests.helpers.store import new_till


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Ledger]:
    """A ledger in a SQLite file with merchant m1, for what the HTTP layer does the same on either database."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    yield ledger
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """A migrated, empty ledger on a real database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
        yield open_ledger(engine)
        engine.dispose()
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(cluster, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine = db.open_engine(cluster.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield open_ledger(engine)
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def shop(ledger: Ledger, tmp_path: Path) -> Iterator[tuple[Till, str]]:
    """A fresh till at 静安店 / T1 of merchant m1, and its token at the ledger."""
    ledger.merchant("m1")
    till = new_till(Home(tmp_path / "T1"))
    yield till, ledger.terminal("m1", "静安店", "T1")
    till.close()
