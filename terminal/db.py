"""The SQLite engine: WAL, synchronous=FULL, foreign keys, one writer at a time, migrations on open."""

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

SCHEMA_HEAD = "0023"
_MIGRATIONS = Path(__file__).parent / "migrations"
READ_ONLY = {"jifen_read_only": True}


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Leave transaction control to us: pysqlite's implicit BEGIN would be deferred, and two
    # processes upgrading deferred transactions to writes can deadlock into SQLITE_BUSY.
    dbapi_connection.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _on_begin(conn: Any) -> None:
    read_only = conn.get_execution_options().get("jifen_read_only", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def read_only_uri(path: Path, still: bool = False) -> str:
    """An SQLite URI that never writes. Without a -wal file nobody is writing the store, and in a
    read-only folder SQLite can open a WAL store only as immutable (it cannot make the -shm file).
    ``still``: nothing can be writing (the disk is full), so an empty -wal file holds nothing either: the
    store is read as immutable, as SQLite cannot grow the -shm file it would otherwise need."""
    wal = Path(f"{path}-wal")
    settled = not wal.exists() or (still and _empty(wal))
    return f"file:{quote(path.absolute().as_posix())}?mode=ro{'&immutable=1' if settled else ''}"


def _empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


class Damaged(sqlite3.DatabaseError):
    """SQLite's integrity check found the store file damaged; ``findings`` are its first complaints."""

    def __init__(self, path: Path, findings: list[str]) -> None:
        super().__init__(f"{path} is damaged: {'; '.join(findings)}")
        self.findings = findings


# Not the quick check: that one misses an index whose entries no longer match its table's rows (wrong balances).
_INTEGRITY_CHECK = "PRAGMA integrity_check(5)"


def says_damaged(problem: BaseException | None) -> bool:
    """Whether SQLite raised ``problem`` because the file is damaged, or is no database (not: cannot be opened)."""
    code = getattr(problem, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def damage(conn: sqlite3.Connection) -> list[str]:
    """What SQLite's integrity check finds wrong in the database ``conn`` reads (empty: nothing)."""
    try:
        found = [str(row[0]) for row in conn.execute(_INTEGRITY_CHECK)]
    except sqlite3.DatabaseError as problem:
        if says_damaged(problem):  # too damaged to be checked at all
            return [str(problem)]
        raise
    return [] if found == ["ok"] else found


def damage_seen(conn: Connection) -> list[str]:
    """``damage``, through the engine's connection (in its read transaction)."""
    try:
        found = [str(row[0]) for row in conn.exec_driver_sql(_INTEGRITY_CHECK)]
    except DBAPIError as problem:
        if says_damaged(problem.orig):
            return [str(problem.orig)]
        raise
    return [] if found == ["ok"] else found


def damage_in(path: Path) -> list[str]:
    """What the integrity check finds wrong in the store file ``path``, read without writing."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return damage(conn)
    finally:
        conn.close()


def open_engine(path: Path, read_only: bool = False, still: bool = False) -> Engine:
    """``read_only``: an engine that never writes; ``still``: as ``read_only_uri`` says."""
    target = read_only_uri(path, still) if read_only else str(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(target, uri=read_only, check_same_thread=False)

    # SQLite is given the file itself: a URL would be decoded on the way (a store folder named x#y, p%20q).
    # The URL only names the file, for SQLAlchemy's choice of pool (one for a file) and its messages.
    url = URL.create("sqlite", database=str(path))
    # A failing statement's values (a member's phone and name) must not reach jifen.log, which users send on.
    engine = create_engine(url, creator=connect, hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def schema_version(engine: Engine) -> str | None:
    with engine.execution_options(**READ_ONLY).connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the head revision; a no-op (and no Alembic import) when it is there."""
    if schema_version(engine) == SCHEMA_HEAD:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.connect() as conn:
        # A migration that rebuilds a table others refer to (0016: members) drops the old one after copying its
        # rows, which SQLite refuses with foreign keys on; they can be turned off only outside a transaction.
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # No autoflush: services write most rows with Core statements and flush ORM objects where a
    # later statement needs them; flushing before every statement cost more than the statements.
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)
