"""A ledger's nightly backup and its restore, the way its owner makes them (ledger/README.md, installer/README.md
step 8), on either database: SQLite's online copy of ledger.db copied back over it; PostgreSQL's ``pg_dump -Fc``,
the database dropped, created again and ``pg_restore``d. Either way the serving program starts again afterwards:
its connections are closed and the change numbers skipped past the backup's (what ``jifen-ledger serve`` does at
every start)."""

import glob
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select, text

from ledger.models import Entry
from ledger.service import skip_changes
from tests.helpers.damage import online_copy
from tests.helpers.ledger import Ledger
from tests.helpers.ledger_server import serve


def _pg_tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    on_path = shutil.which(name)
    if not found and on_path is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found[-1] if found else str(on_path)


class LedgerBackups:
    """Backups of one ledger, kept under ``folder``."""

    def __init__(self, ledger: Ledger, folder: Path) -> None:
        self.ledger, self.folder = ledger, folder
        self.url = ledger.engine.url
        self.folder.mkdir(parents=True, exist_ok=True)

    @property
    def _libpq(self) -> str:
        return str(self.url.set(drivername="postgresql").render_as_string(hide_password=False))

    def take(self, name: str) -> Path:
        """The nightly backup, made while the ledger serves."""
        target = self.folder / name
        if self.url.get_backend_name() == "sqlite":
            assert self.url.database is not None
            online_copy(self.url.database, target)
        else:
            subprocess.run([_pg_tool("pg_dump"), "-Fc", "-f", str(target), self._libpq], check=True,
                           capture_output=True, env=os.environ | {"PGCONNECT_TIMEOUT": "10"})
        return target

    def restore(self, backup: Path) -> None:
        """The server's disk died: ``backup`` restored, and the ledger started again on it."""
        self.ledger.engine.dispose()
        if self.url.get_backend_name() == "sqlite":
            assert self.url.database is not None
            online_copy(backup, self.url.database)
        else:
            name = self.url.database
            admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
            try:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
                    conn.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
            finally:
                admin.dispose()
            subprocess.run([_pg_tool("pg_restore"), "-d", self._libpq, str(backup)], check=True, capture_output=True)
        self.ledger.engine.dispose()
        self.ledger.do(skip_changes)


@dataclass
class Served:
    """Merchant m1's ledger, served over TCP at ``url``, with its backups."""
    ledger: Ledger
    url: str
    backups: "LedgerBackups"


@contextmanager
def served_with_backups(ledger: Ledger, folder: Path) -> Iterator[Served]:
    ledger.merchant("m1")
    with serve(ledger.engine) as url:
        yield Served(ledger, url, LedgerBackups(ledger, folder))


def held_entries(ledger: Ledger) -> list[int]:
    """The numbers of the entries the ledger holds, each as often as it holds it."""
    with ledger.session() as s:
        return list(s.scalars(select(Entry.seq).order_by(Entry.seq)))
