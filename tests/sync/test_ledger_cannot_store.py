"""A ledger that runs but whose PostgreSQL cannot store anything now: its disk full (the database's tablespace on a
small tmpfs, filled), or the server stopped under `jifen-ledger serve`. The ledger answers 503 with its reason and
Retry-After, one line in its log and no traceback, and stores nothing of the batch; `jifen sync` keeps every entry
pending, exits 2 and says, in English and Chinese, that the ledger is there but cannot store anything now, for the
ledger's operator; once the database can store again, the next sync sends them all."""

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from sync.protocol import Batch, wire_entry
from tests.helpers.cli import Jifen
from tests.helpers.disks import fill, small_tmpfs
from tests.helpers.ledger import ledger_cli
from tests.helpers.ledger_process import LedgerProcess
from tests.helpers.postgres import postgres_cluster

OWNER = "postgres" if os.geteuid() == 0 else None  # who runs the test clusters (tests/helpers/postgres.py)


@dataclass
class Served:
    """A PostgreSQL ledger with merchant m1 served by a real `jifen-ledger serve`, and the store connected to it."""

    db: str
    ledger: LedgerProcess
    token: str

    def held(self) -> int:
        """How many of terminal T1's entries the ledger holds, read straight from its database: rows, as many as the
        last number it acknowledged (none half-written)."""
        engine = create_engine(self.db)
        try:
            with engine.connect() as conn:
                last, rows = conn.execute(text(
                    "SELECT t.last_seq, (SELECT count(*) FROM entries e WHERE e.terminal_pk = t.pk) FROM terminals t "
                    "WHERE t.terminal_id = 'T1'")).one()
        finally:
            engine.dispose()
        assert rows == last
        return int(last)


@contextmanager
def served(db: str, jifen: Jifen, log: Path) -> Iterator[Served]:
    run = ledger_cli(db)
    for words in (("migrate",), ("merchant", "add", "m1", "--name", "静安连锁")):
        assert run(*words)[0] == 0
    status, said = run("--json", "terminal", "add", "--merchant", "m1", "--store", "静安店", "--terminal", "T1")
    assert status == 0, said
    with LedgerProcess(db, log) as ledger:
        token = str(json.loads(said)["token"])
        jifen.ok("ledger", "connect", ledger.url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})
        yield Served(db, ledger, token)


def sell(jifen: Jifen, sales: int) -> int:
    """Sales at the till, none sent yet; the entries pending after them."""
    for _ in range(sales):
        jifen.ok("sale", "--line", "general:10", by="amy")
    pending = int(jifen.ok("sync", "--status")["pending"])
    assert pending >= sales
    return pending


def pending_batch(jifen: Jifen) -> str:
    """The store's journal as `jifen sync` sends it, to post by hand."""
    with sqlite3.connect(jifen.db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
    return Batch(protocol=1, entries=[wire_entry(row) for row in rows]).model_dump_json()


def refused_sync(jifen: Jifen, pending: int) -> str:
    """`jifen sync` with the database unable to store: exit 2, ledger_unavailable, every entry pending; its message."""
    run = jifen("sync", "--json")
    assert (run.status, run.json["error"]) == (2, "ledger_unavailable"), str(run)
    assert jifen.ok("sync", "--status")["pending"] == pending
    return str(run.json["message"])


def log_has_no_traceback(ledger: LedgerProcess, cause: str) -> None:
    said = ledger.log_path.read_text(errors="replace")
    assert "Traceback" not in said and '" 500 ' not in said, said
    assert f"the database cannot be used now: {cause}" in said and '" 503 Service Unavailable' in said, said


def status_line(jifen: Jifen, lang: str | None = None) -> str:
    run = jifen("sync", "--status", env={"LANG": lang} if lang else None)
    assert run.status == 0, str(run)
    return run.out.splitlines()[0]


@contextmanager
def ledger_on_small_disk() -> Iterator[tuple[str, Path]]:
    """A ledger database whose tablespace is a 24 MB tmpfs: its URL and the disk. Mounted in a folder of its own
    that the cluster's owner can reach (pytest's are root's alone)."""
    root = Path(tempfile.mkdtemp(prefix="jifen-small-disk-"))
    root.chmod(0o755)
    try:
        with small_tmpfs(root / "disk", "24m") as disk, postgres_cluster() as cluster:
            yield _in_a_tablespace(cluster, disk), disk
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _in_a_tablespace(cluster: str, disk: Path) -> str:
    """A new database of ``cluster`` kept on ``disk``: its URL."""
    room = disk / "pg"
    room.mkdir(mode=0o700)
    if OWNER:
        shutil.chown(room, OWNER)
    admin = create_engine(cluster, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE TABLESPACE small LOCATION '{room}'"))
            conn.execute(text("CREATE DATABASE ledger TABLESPACE small"))
    finally:
        admin.dispose()
    return cluster.rsplit("/", 1)[0] + "/ledger"


def test_a_ledger_whose_disk_is_full_stores_nothing_and_says_so(jifen: Jifen, tmp_path: Path) -> None:
    with ledger_on_small_disk() as (db, disk), served(db, jifen, tmp_path / "ledger.log") as ledger:
        pending = sell(jifen, 3)
        filler = fill(disk)

        message = refused_sync(jifen, pending)
        assert ledger.held() == 0 and message == (f"the ledger at {ledger.ledger.url} answers, but cannot store anything now: its database is "
                           "full (tell the ledger's operator); every entry stays pending and sales go on")
        answer = requests.post(ledger.ledger.url + "/v1/batches", data=pending_batch(jifen), timeout=30,
                               headers={"Authorization": f"Bearer {ledger.token}", "Content-Type": "application/json"})
        assert (answer.status_code, answer.json()["error"], answer.headers["Retry-After"]) == (503, "database_full", "300")
        assert ledger.held() == 0
        log_has_no_traceback(ledger.ledger, "could not extend file")

        status = jifen.ok("sync", "--status")
        assert (status["link"], status["online"], status["pending"]) == ("cannot_store", False, pending)
        assert ("reachable, but the ledger cannot store anything now: its database is full (tell the ledger's "
                "operator); ") in status_line(jifen)
        assert "可以连接，但总账现在无法存储任何记录：其数据库已满（请告知总账管理员）" in status_line(jifen, "zh_CN.UTF-8")
        zh = jifen("sync", env={"LANG": "zh_CN.UTF-8"})
        assert zh.status == 2 and zh.err.strip() == (f"总账 {ledger.ledger.url} 有应答，但现在无法存储任何记录：其数据库已满"
                                                     "（请告知总账管理员）；所有记录保持待同步，销售照常进行")

        filler.unlink()
        assert jifen.ok("sync")["pending"] == 0
        assert ledger.held() == jifen.entries() and jifen.ok("sync", "--status")["link"] == "online"


@dataclass
class Cluster:
    """A test cluster's URL, and stopping and starting its server as its operator would."""

    url: str
    data: Path

    def pg_ctl(self, *words: str) -> None:
        command = [str(Path(_postgres_bin()).with_name("pg_ctl")), "-D", str(self.data), *words]
        subprocess.run(["runuser", "-u", OWNER, "--", *command] if OWNER else command, check=True, capture_output=True)

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        """With the options it was first started with (postmaster.opts), logging where it did."""
        options = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        self.pg_ctl("-o", shlex.join(options), "-l", str(self.data.parent / "log"), "-w", "start")


def _postgres_bin() -> str:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return str(found[-1]) if found else (shutil.which("postgres") or "postgres")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A cluster of this test's own, to stop under the ledger."""
    with postgres_cluster() as url:
        admin = create_engine(url)
        try:
            with admin.connect() as conn:
                data = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        finally:
            admin.dispose()
        yield Cluster(url, data)


def test_a_ledger_whose_database_is_stopped_says_so_and_takes_the_entries_once_it_is_back(
        jifen: Jifen, cluster: Cluster, tmp_path: Path) -> None:
    with served(cluster.url, jifen, tmp_path / "ledger.log") as ledger:
        pending = sell(jifen, 2)
        cluster.stop()

        message = refused_sync(jifen, pending)
        assert message == (f"the ledger at {ledger.ledger.url} answers, but cannot store anything now: its database is "
                           "unavailable (tell the ledger's operator); every entry stays pending and sales go on")
        answer = requests.get(ledger.ledger.url + "/v1/whoami", headers={"Authorization": f"Bearer {ledger.token}"},
                              timeout=30)
        assert (answer.status_code, answer.json()["error"], answer.headers["Retry-After"]) == (503, "unavailable", "30")
        log_has_no_traceback(ledger.ledger, "connection failed")
        status = jifen.ok("sync", "--status")
        assert (status["link"], status["pending"]) == ("cannot_store", pending)
        assert "可以连接，但总账现在无法存储任何记录：其数据库无法使用（请告知总账管理员）" in status_line(jifen, "zh_CN.UTF-8")

        cluster.start()
        assert ledger.held() == 0
        assert jifen.ok("sync")["pending"] == 0 and ledger.held() == jifen.entries()


def test_a_busy_ledger_says_busy_and_to_sync_again_not_that_its_database_is_unavailable(
        jifen: Jifen, cluster: Cluster, tmp_path: Path) -> None:
    waits_a_second = cluster.url + ("&" if "?" in cluster.url else "?") + "options=-c%20lock_timeout%3D1s"
    with served(waits_a_second, jifen, tmp_path / "ledger.log") as ledger:
        pending = sell(jifen, 2)
        locker = create_engine(cluster.url)
        try:
            with locker.connect() as conn:
                conn.execute(text("LOCK TABLE entries IN ACCESS EXCLUSIVE MODE"))  # a long report, a migration…
                message = refused_sync(jifen, pending)
                status = jifen.ok("sync", "--status")
                line_zh = status_line(jifen, "zh_CN.UTF-8")
                conn.rollback()
        finally:
            locker.dispose()
        assert message == (f"the ledger at {ledger.ledger.url} answers, but cannot store anything now: it is busy, its "
                           "database did not answer in time (sync again in a minute; if it stays busy, tell the "
                           "ledger's operator); every entry stays pending and sales go on")
        assert (status["link"], status["pending"]) == ("cannot_store", pending)
        assert "总账现在无法存储任何记录：总账繁忙，其数据库未及时应答（请过一分钟再同步；如一直繁忙，请告知总账管理员）" in line_zh
        log_has_no_traceback(ledger.ledger, "canceling statement due to lock timeout")
        assert jifen.ok("sync")["pending"] == 0 and ledger.held() == jifen.entries()
