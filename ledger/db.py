"""The one adapter between the ledger and its database engine.

Everything engine-specific lives here: connection settings, how a write transaction starts, and
which errors mean "serialization failure, try the transaction again".
"""

import logging
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, TypeVar

import psycopg
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Engine,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool


T = TypeVar("T")
log = logging.getLogger("jifen.ledger")
_MIGRATIONS = Path(__file__).parent / "migrations"


# How long a server process lets one wait on the database last: well under the 60 s a terminal waits for an answer
# (sync/client.py, ANSWER_DEADLINE), so that it hears "busy, try again later" (a 503) rather than give up on the link.
LOCK_TIMEOUT_S = 20
STATEMENT_TIMEOUT_S = 30
IDLE_IN_TRANSACTION_S = 60
SERVING_BUSY_S = 20  # SQLite: how long a server process waits for another writer's lock
COMMAND_BUSY_S = 30  # and a command (report, expire, backup), which no terminal waits for
# A database host that vanished without a word (no RST) is noticed in about 30 s, not the 15 minutes of the kernel's
# retries: keepalives for an idle connection, tcp_user_timeout (ms) for one whose data goes unacknowledged.
_KEEPALIVES: dict[str, int] = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
                               "tcp_user_timeout": 30_000}
# Connections each process may open (one worker of `serve`, or a command): pool_size + max_overflow.
POOL_SIZE, POOL_OVERFLOW = 10, 20


def _sqlite_connecting(busy_s: int) -> Callable[[sqlite3.Connection, Any], None]:
    def connected(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", f"busy_timeout={busy_s * 1000}"):
            dbapi_connection.execute(f"PRAGMA {pragma}")
    return connected


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


CONNECT_TIMEOUT_S = 10


# Every member's name and phone number: the ledger's folder, when it makes it, and its database with the -wal and
# -shm beside it (SQLite gives them the database's mode) are for the user running the ledger only.
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


def private_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) if it is not there: only its owner may enter it."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)


def private_database(path: Path) -> None:
    """Make the database file empty and private before SQLite makes it for all to read; take the group's and
    others' access away from one this user made before, with its -wal and -shm. A folder that is there is left as
    the operator made it, and a mode that cannot be changed (another user's file, a read-only disk) as it is."""
    private_folder(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except OSError:  # there already; or cannot be made, which SQLite says in the operator's words
        pass
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            found = file.stat()
            if hasattr(os, "geteuid") and found.st_uid == os.geteuid() and found.st_mode & 0o077:
                os.chmod(file, stat.S_IMODE(found.st_mode) & ~0o077)
        except OSError:
            continue


def open_engine(url: str, serving: bool = False) -> Engine:
    """An engine on the ledger database. ``serving``: for `serve`, whose every wait on the database is bounded
    (a lock, a statement, a transaction left open), so that a request answers before its terminal gives up."""
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:":
            private_database(Path(path))
        engine = create_engine(url, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_connecting(SERVING_BUSY_S if serving else COMMAND_BUSY_S))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=True,
                           hide_parameters=True, connect_args=_connect_args(url))
    event.listen(engine, "connect", _settings_hook(_SERVING_SETTINGS if serving else {}))
    return engine


def _connect_args(url: str) -> dict[str, Any]:
    """libpq's connection settings, each unless the URL (or, for connect_timeout, $PGCONNECT_TIMEOUT) chose it.
    A server that takes the connection but never answers would otherwise hold a command or a request forever."""
    chosen = set(make_url(url).query)
    if os.environ.get("PGCONNECT_TIMEOUT"):
        chosen.add("connect_timeout")
    wanted = {"connect_timeout": CONNECT_TIMEOUT_S, **_KEEPALIVES}
    return {name: value for name, value in wanted.items() if name not in chosen}


# psycopg prepares a statement run often; a plan made generic while a table was nearly empty (a new ledger) scans
# whole tables for every batch until they are analysed: plan each run for its own values instead. Each setting is
# made only where the operator chose none (URL options, PGOPTIONS, a service file, ALTER ROLE/DATABASE, the server's
# file): a value a DBA set wins.
_SETTINGS = {"plan_cache_mode": "force_custom_plan"}
_SERVING_SETTINGS = {"lock_timeout": f"{LOCK_TIMEOUT_S}s", "statement_timeout": f"{STATEMENT_TIMEOUT_S}s",
                     "idle_in_transaction_session_timeout": f"{IDLE_IN_TRANSACTION_S}s"}
_SET_DEFAULTS = ("SELECT set_config(name, wanted.value, false) FROM pg_settings "
                 "JOIN unnest(%(names)s::text[], %(values)s::text[]) AS wanted(setting, value) ON name = wanted.setting "
                 "WHERE source = 'default'")


def _settings_hook(serving: dict[str, str]) -> Callable[[Any, Any], None]:
    settings = _SETTINGS | serving

    def set_defaults(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(_SET_DEFAULTS, {"names": list(settings), "values": list(settings.values())})
        dbapi_connection.commit()  # else the pool's rollback on return would undo it
    return set_defaults


def migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def schema_revisions() -> list[str]:
    """The ledger's schema revisions, oldest first: the last one is the head ``migrate`` brings a database to."""
    from alembic.script import ScriptDirectory

    return [script.revision for script in reversed(list(ScriptDirectory(str(_MIGRATIONS)).walk_revisions()))]


def schema_version(engine: Engine) -> str | None:
    """The revision the database's schema is at; None when it has no migration record (empty, or not a ledger)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def table_names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return inspect(conn).get_table_names()


def first_line(exc: BaseException) -> str:
    """The first line of what the database driver said (SQLAlchemy wraps it as ``orig``)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else "no reason given"


def key_taken(exc: BaseException) -> bool:
    """Whether the database refused a row because a unique key it holds was taken since it was looked up (a race):
    any other constraint refused is a bug."""
    cause = getattr(exc, "orig", None) or exc
    if isinstance(cause, psycopg.Error):
        return cause.sqlstate == "23505"  # unique_violation
    return "unique constraint failed" in str(cause).lower()


Unusable = Literal["full", "down", "read_only", "busy"]
# Connection failures (PostgreSQL SQLSTATE class 08), a server shutting down or starting (57P01-57P03); SQLite's
# missing file. Not "no such table" and the like: those are bugs.
_DOWN_STATES = ("08", "57P01", "57P02", "57P03")
_DOWN_SQLITE = ("unable to open database", "disk i/o error")
# Waited too long or ran out of something, though the database is there: a lock not had within lock_timeout (55P03),
# a statement cancelled (57014: statement_timeout), insufficient resources (class 53: too many connections, out of
# memory, temp_file_limit), serialization failures and deadlocks still failing after every retry (40001, 40P01);
# SQLite's lock another writer held past the busy timeout; every connection of the pool in use.
_BUSY_STATES = ("55P03", "57014", "53", "40001", "40P01")
_BUSY_SQLITE = "database is locked"
_FULL_STATE = "53100"  # disk_full: "could not extend file …: No space left on device"
_FULL_SQLITE = "database or disk is full"
# A hot standby, or default_transaction_read_only: psycopg raises it as an InternalError, not an OperationalError.
_READ_ONLY_STATE = "25006"
_READ_ONLY_SQLITE = "attempt to write a readonly database"  # its file, or the disk under it, cannot be written


def unusable(exc: BaseException) -> Unusable | None:
    """Why the database cannot be used now, though nothing is wrong with what was asked of it: its disk is full
    (``full``), it takes no writes (``read_only``: a disk the kernel made read-only, a standby server), or it
    cannot be reached (``down``), or it did not answer in time (``busy``: locks, timeouts, too much at once). None
    for anything else, a bug among them."""
    if isinstance(exc, PoolTimeout):
        return "busy"
    if getattr(exc, "connection_invalidated", False):
        return "down"
    cause = getattr(exc, "orig", None) or exc
    if isinstance(cause, psycopg.Error) and cause.sqlstate == _READ_ONLY_STATE:
        return "read_only"
    if isinstance(cause, psycopg.OperationalError):
        return _unusable_state(cause.sqlstate)
    words = str(cause).lower()
    if _FULL_SQLITE in words:
        return "full"
    if _READ_ONLY_SQLITE in words:
        return "read_only"
    if _BUSY_SQLITE in words:
        return "busy"
    return "down" if any(said in words for said in _DOWN_SQLITE) else None


def _unusable_state(sqlstate: str | None) -> Unusable | None:
    if sqlstate == _FULL_STATE:
        return "full"
    if sqlstate is None or sqlstate.startswith(_DOWN_STATES):
        return "down"
    return "busy" if sqlstate.startswith(_BUSY_STATES) else None


def pool_exhausted(engine: Engine) -> bool:
    """Every connection the engine's pool may open is in use: a request now waits for one (or times out)."""
    pool = engine.pool
    return isinstance(pool, QueuePool) and pool.checkedout() >= pool.size() + pool._max_overflow


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


def among(session: Session, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN values``. On PostgreSQL the values go as one array, so the statement's text is
    the same whatever their number: nothing is rendered per value, and the driver prepares it once."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(values)  # type: ignore[no-any-return]


def any_of(dialect: str, column: Any, name: str) -> ColumnElement[bool]:
    """``column`` among the values bound as ``name``, as among, for a statement built once per dialect: building
    a statement and its cache key again for each batch cost more Python than running it."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    return column.in_(bindparam(name, expanding=True))  # type: ignore[no-any-return]


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in one statement: COPY on PostgreSQL (psycopg's executemany would send a
    statement per row), an executemany elsewhere (SQLite runs it in-process)."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(table.insert(), rows)
        return
    names = [c.name for c in table.columns if c.name in rows[0]]
    values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)  # a tuple made in C for each row
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(values(row))


def bulk_update(session: Session, table: Table, key: str, fields: Sequence[str], rows: list[tuple[Any, ...]],
                also: dict[str, Any] | None = None) -> None:
    """Set ``fields`` for many rows, each row given as (key, *values) (and the columns of ``also`` to the
    same value in each): on PostgreSQL one statement over arrays (built once, so the server plans it
    once); elsewhere an executemany of one cached statement."""
    if not rows:
        return
    also = also or {}
    names = [f"v{n}" for n in range(len(fields))]
    dialect = session.connection().dialect
    if dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(:{name} AS {table.c[field].type.compile(dialect)}[])" for name, field in zip(names, fields))
        sets = ", ".join([*(f"{field} = new.{name}" for name, field in zip(names, fields)), *(f"{a} = :{a}" for a in also)])
        session.execute(text(
            f"UPDATE {table.name} SET {sets} FROM unnest(CAST(:keys AS {table.c[key].type.compile(dialect)}[]), "
            f"{arrays}) AS new(k, {', '.join(names)}) WHERE {table.name}.{key} = new.k"),
            {"keys": [row[0] for row in rows], **{name: [row[n + 1] for row in rows] for n, name in enumerate(names)},
             **also})
        return
    statement = table.update().where(table.c[key] == bindparam("_key")).values(
        {field: bindparam(f"_{name}") for name, field in zip(names, fields)} | also)
    session.execute(statement, [{"_key": row[0], **{f"_{name}": row[n + 1] for n, name in enumerate(names)}}
                                for row in rows])


def _retryable(exc: BaseException) -> bool:
    """Serialization failures and deadlocks (PostgreSQL 40001/40P01, CockroachDB's retry errors)
    and a busy SQLite database are safe to retry: the transaction was rolled back whole."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        code = getattr(exc.orig, "sqlstate", None) or getattr(getattr(exc.orig, "diag", None), "sqlstate", None)
        if code in ("40001", "40P01"):
            return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


# Retries start only within this long of the first attempt: a SQLite lock already waited out its busy timeout, and
# another wait as long would outlast the terminal's patience.
RETRY_WITHIN_S = 10


def in_transaction(factory: sessionmaker[Session], work: Callable[[Session], T], attempts: int = 8) -> T:
    """Run ``work`` in one transaction, again if the engine asks for a retry. The last failure is raised (an API
    request answers it as ``busy``, see ``unusable``)."""
    started = time.monotonic()
    for attempt in range(1, attempts + 1):
        with factory() as session:
            try:
                with session.begin():
                    return work(session)
            except DBAPIError as exc:
                if not _retryable(exc) or attempt == attempts or time.monotonic() - started > RETRY_WITHIN_S:
                    raise
                log.info("the database rolled back a transaction (attempt %s of %s), trying again: %s", attempt,
                         attempts, first_line(exc))
        time.sleep(min(0.5, 0.01 * 2**(attempt - 1)))
    raise AssertionError("unreachable")
