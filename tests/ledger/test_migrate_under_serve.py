"""`jifen-ledger migrate` on a SQLite ledger that a `jifen-ledger serve` is serving refuses, changing nothing: a server
of the old code would go on serving the migrated file. Once serve has stopped (or died), migrate copies the ledger
aside with SQLite's backup API (ledger-before-NEW-from-OLD.db beside it, as the till keeps before-NEW-from-OLD.db)
and says where, then upgrades it. Real SQLite files, real `jifen-ledger` processes."""

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command

from ledger import db, serve_lock
from ledger.cli import main
from tests.helpers.ledger import schema_migrations
from tests.helpers.ledger_process import ROOT, LedgerProcess, ledger_command

HEAD = db.schema_revisions()[-1]
OLD = db.schema_revisions()[-2]


def jifen_ledger(url: str, *words: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
                        "LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}
    return subprocess.run([*ledger_command(), "--db", url, *words], check=False, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def merchants(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM merchants")]


def to_old_schema(path: Path) -> None:
    """The ledger as the previous jifen-ledger left it."""
    engine = db.open_engine(f"sqlite:///{path}")
    try:
        with schema_migrations(engine) as (config, _):
            command.downgrade(config, OLD)
    finally:
        engine.dispose()


@pytest.fixture
def ledger_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ledger.db"
    url = f"sqlite:///{path}"
    assert main(["--db", url, "migrate"]) == 0 and main(["--db", url, "merchant", "add", "m1", "--name", "静安连锁"]) == 0
    yield path


def copies(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob("ledger-before-*"))


@pytest.mark.parametrize("workers", [1, 2])
def test_migrate_refuses_while_serve_runs_and_changes_nothing(workers: int, ledger_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{ledger_file}"
    with LedgerProcess(url, tmp_path / "serve.log", workers=workers) as served:
        assert served.process is not None
        pid = served.process.pid
        to_old_schema(ledger_file)  # as the old code's ledger, still serving
        done = jifen_ledger(url, "migrate")
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (f"the ledger {ledger_file} is being served (jifen-ledger serve, pid {pid}): stop "
                               "jifen-ledger serve first, then migrate again; nothing was changed\n")
        zh = jifen_ledger(url, "migrate", lang="zh_CN.UTF-8")
        assert (zh.returncode, zh.stderr) == (2, f"总账 {ledger_file} 正由 jifen-ledger serve（进程 {pid}）使用："
                                                 "请先停止 jifen-ledger serve，再运行 migrate；未做任何更改\n")
        assert (revision(ledger_file), copies(ledger_file)) == (OLD, [])
    done = jifen_ledger(url, "migrate")
    assert done.returncode == 0, done.stderr
    assert revision(ledger_file) == HEAD


def test_a_killed_serve_leaves_no_lock_behind(ledger_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{ledger_file}"
    served = LedgerProcess(url, tmp_path / "serve.log")
    served.start()
    served.kill()
    to_old_schema(ledger_file)
    done = jifen_ledger(url, "migrate")
    assert done.returncode == 0, done.stderr
    assert revision(ledger_file) == HEAD


def test_serve_refuses_to_start_while_migrate_runs(ledger_file: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{ledger_file}"
    to_old_schema(ledger_file)  # as a migrate finds it, and has not yet upgraded
    with serve_lock.migrating(ledger_file):
        done = jifen_ledger(url, "serve", "--port", "1")  # refused before it would listen
        zh = jifen_ledger(url, "serve", "--port", "1", lang="zh_CN.UTF-8")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"the ledger {ledger_file} is being migrated (jifen-ledger migrate, pid {os.getpid()}): "
                           "start jifen-ledger serve again when it has finished\n")
    assert (zh.returncode, zh.stderr) == (2, f"总账 {ledger_file} 正由 jifen-ledger migrate（进程 {os.getpid()}）升级："
                                             "请等它完成后再启动 jifen-ledger serve\n")


def test_migrate_copies_the_ledger_aside_first_and_says_where(ledger_file: Path) -> None:
    to_old_schema(ledger_file)
    done = jifen_ledger(f"sqlite:///{ledger_file}", "migrate")
    kept = ledger_file.with_name(f"ledger-before-{HEAD}-from-{OLD}.db")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (f"upgraded the ledger schema of {ledger_file} from revision {OLD} to {HEAD}; the ledger as "
                           f"it was is kept in {kept}\n")
    assert (revision(kept), merchants(kept)) == (OLD, ["m1"])
    assert kept.stat().st_mode & 0o077 == 0  # members' names and phone numbers
    assert (revision(ledger_file), merchants(ledger_file)) == (HEAD, ["m1"])
    to_old_schema(ledger_file)
    again = jifen_ledger(f"sqlite:///{ledger_file}", "--json", "migrate")
    second = ledger_file.with_name(f"ledger-before-{HEAD}-from-{OLD}-2.db")
    assert again.returncode == 0 and f'"copy": "{second}"' in again.stdout
    assert copies(ledger_file) == sorted([kept.name, second.name])  # the first copy is not overwritten


def test_no_copy_when_there_is_nothing_to_migrate(ledger_file: Path, tmp_path: Path) -> None:
    done = jifen_ledger(f"sqlite:///{ledger_file}", "migrate")
    assert (done.returncode, done.stdout) == (0, f"{ledger_file} is already at schema revision {HEAD}: nothing to do\n")
    new = tmp_path / "new" / "ledger.db"
    assert jifen_ledger(f"sqlite:///{new}", "migrate").returncode == 0
    assert copies(ledger_file) == [] and copies(new) == []


def test_serve_starts_right_after_migrate_has_finished(ledger_file: Path, tmp_path: Path) -> None:
    """Windows lets a byte still locked at close go only after a delay: migrate unlocks it before it closes the file,
    so the service started by the next line of an upgrade script is not refused. (On POSIX flock never lingered.)"""
    url = f"sqlite:///{ledger_file}"
    for _ in range(3):
        to_old_schema(ledger_file)
        assert jifen_ledger(url, "migrate").returncode == 0
        with LedgerProcess(url, tmp_path / "serve.log"):  # health answers: not refused
            pass
