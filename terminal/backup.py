"""Consistent copies of the store while it is in use (SQLite's online backup), and restoring one."""

import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path

from terminal.db import read_only_uri
from terminal.errors import Refused

_HEADER = b"SQLite format 3\x00"


def backup_target(dest: Path) -> Path:
    """Where a backup goes: a file in a folder that exists, never a folder."""
    dest = dest.expanduser().absolute()
    if dest.is_dir():
        raise Refused("bad_input", f"{dest} is a folder; name the backup file", f"{dest} 是文件夹；请指定备份文件名")
    if not dest.parent.is_dir():
        raise Refused("bad_input", f"folder {dest.parent} does not exist", f"文件夹 {dest.parent} 不存在")
    return dest


def _open_source(db: Path) -> sqlite3.Connection:
    """The store to copy, read-only where its folder cannot be written."""
    if os.access(db.parent, os.W_OK) and os.access(db, os.W_OK):
        return sqlite3.connect(db)
    return sqlite3.connect(read_only_uri(db), uri=True)


def _backup_into(source: sqlite3.Connection, path: Path) -> None:
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()


def _copy(source: sqlite3.Connection, dest: Path) -> Path:
    """Write ``dest`` through ``dest.partial``, which never outlives a failure (it holds the members' data)."""
    partial = dest.with_name(dest.name + ".partial")
    try:
        _backup_into(source, partial)
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dest


def backup_to(db: Path, dest: Path) -> Path:
    """Copy the store to ``dest`` atomically: a reader never sees a half-written file."""
    dest = backup_target(dest)
    if dest.exists() and dest.samefile(db):
        raise Refused("bad_input", f"{dest} is the store itself; name another file", f"{dest} 就是门店数据文件本身；请另选文件")
    source = _open_source(db)
    try:
        return _copy(source, dest)
    finally:
        source.close()


def keep_aside(db: Path, dest: Path) -> Path:
    """Keep the store as it is: a consistent copy, or the files as they are when it is too damaged to copy."""
    try:
        return backup_to(db, dest)
    except sqlite3.DatabaseError:
        shutil.copyfile(db, dest)
        if Path(f"{db}-wal").exists() and Path(f"{db}-wal").stat().st_size:
            shutil.copyfile(f"{db}-wal", f"{dest}-wal")
        return dest


def unused_name(folder: Path, stem: str) -> Path:
    """A new file in ``folder`` (made if missing); an existing backup is never overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    candidate, n = folder / f"{stem}.db", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}.db"
    return candidate


def check_backup(path: Path, terminal_id: str | None, ledger_holds: int = 0) -> None:
    """Refuse a file that is not a jifen store, is damaged, belongs to another terminal, or ends
    before the entries a ledger already holds (restoring it would give those numbers to new entries)."""
    def refuse(en: str, zh: str) -> Refused:
        return Refused("bad_input", f"{path} {en}; nothing was restored", f"{path} {zh}；未做任何恢复")

    try:
        with path.open("rb") as f:
            header = f.read(16)
    except OSError:
        raise refuse("cannot be read", "无法读取") from None
    if header != _HEADER:
        raise refuse("is not a jifen store", "不是 jifen 数据文件")
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "store", "journal"} <= tables:
            raise refuse("is not a jifen store", "不是 jifen 数据文件")
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise refuse("is damaged", "已损坏")
        row = conn.execute("SELECT terminal_id FROM store").fetchone()
        if row is None:
            raise refuse("holds no store", "不包含门店数据")
        if terminal_id is not None and row[0] != terminal_id:
            raise refuse(f"belongs to terminal {row[0]}, not {terminal_id}", f"属于终端 {row[0]}，不是 {terminal_id}")
        last = conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0]
        if last < ledger_holds:
            raise refuse(f"ends at entry {last}, but the ledger already holds this terminal's entries up to {ledger_holds}",
                         f"只到第 {last} 条记录，而中央账本已有本终端到第 {ledger_holds} 条的记录")
    except sqlite3.DatabaseError:
        raise refuse("is damaged", "已损坏") from None
    finally:
        conn.close()


def restore_from(source: Path, db: Path) -> None:
    """Replace the store's content with the backup's, inside SQLite so open readers stay consistent;
    a store too damaged for that (kept aside before) is replaced as a file."""
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        try:
            _backup_into(src, db)
        except sqlite3.DatabaseError:
            for stale in (Path(f"{db}-wal"), Path(f"{db}-shm")):  # they belong to the damaged file
                stale.unlink(missing_ok=True)
            _copy(src, db)
    finally:
        src.close()


def daily_backup(db: Path, folder: Path, today: date, keep: int) -> Path | None:
    """Make today's backup if there is none yet; keep the newest ``keep`` daily backups."""
    target = folder / f"jifen-{today.isoformat()}.db"
    if target.exists():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    backup_to(db, target)
    dailies = sorted(folder.glob("jifen-????-??-??.db"))
    for old in dailies[:-keep]:
        old.unlink()
    return target
