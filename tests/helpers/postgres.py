"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a free port,
stopped and removed afterwards. initdb refuses to run as root, so as root it runs as the
'postgres' system user."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or ([shutil.which(name)] if shutil.which(name) else [])
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql); ./run.sh test installs it")
    return str(found[-1])


def psql_command() -> str:
    """PostgreSQL's psql, for what only it runs (its own commands, such as \\gexec, in a guide's steps)."""
    return _bin("psql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(args: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *args] if user else args


@contextmanager
def postgres_cluster(fsync: bool = False) -> Iterator[str]:
    """Yields a SQLAlchemy URL of a fresh database; fsync is off unless asked (tests, not benchmarks)."""
    user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="jifen-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if user:
        shutil.chown(root, user)
        shutil.chown(sockets, user)
    port = _free_port()
    run = lambda args: subprocess.run(_as_owner(args, user), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run([_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "jifen", "-E", "UTF8", "--no-sync"])
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync={'on' if fsync else 'off'} " \
                  "-c max_connections=100 -c shared_buffers=128MB"
        run([_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"])
        run([_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "jifen", "jifen"])
        yield f"postgresql+psycopg://jifen@127.0.0.1:{port}/jifen"
    finally:
        subprocess.run(_as_owner([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], user),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def take_writes(server: str, database: str, on: bool) -> None:
    """Every transaction of ``database`` read-only, as a hot standby serves it (``on`` False), or writable again;
    the sessions open before end, so the change holds at once. ``server``: a URL of another database of the
    cluster, never read-only."""
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {database} SET default_transaction_read_only = {'off' if on else 'on'}"))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                         {"name": database})
    finally:
        admin.dispose()
