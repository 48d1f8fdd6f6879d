"""Consistent copies of the store while it is in use (SQLite's online backup), and restoring one.

A backup holds ``jifen.db`` only. The terminal's keys stay in ``keys/``: the store's first journal
entry (``store_init``) records the terminal's public key, so a backup restores only onto a folder
whose keys are the ones it was made with (else receipts and member cards would no longer verify).
"""

import errno
import json
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from terminal import db as store_db
from terminal.bootstrap import (
    PRIVATE_FOLDER,
    Till,
    damaged_store,
    known_schema,
    private_file,
    read_only_disk,
    write_ledger_rules,
)
from terminal.config import load_settings
from terminal.db import Damaged, damage, read_only_uri, says_damaged
from terminal.errors import Refused
from terminal.files import make_folder
from terminal.home import Home
from terminal.journal import ChainEnd, Verdict, verify
from terminal.keys import load_private_key, raw_public
from terminal.rules import RuleSet, rules_from_json, rules_to_toml
from terminal.uow import UnitOfWork

log = logging.getLogger("jifen")

# What the ledger a store (a backup opened in a till of its own) is connected to holds of its journal, asked with
# the token and certificate authority kept in a home folder; None for a store connected to no ledger. sync/ gives
# it; it raises Refused when the ledger cannot be asked.
LedgerAsk = Callable[[Till, Home], ChainEnd | None]

_HEADER = b"SQLite format 3\x00"
STAMP = "app-version"  # in the store's folder: the version that last opened (the bundle) or migrated it


@dataclass(frozen=True)
class StoreName:
    """Which store a file holds: its name, terminal and the terminal's public key (hex) recorded at init."""

    store: str
    terminal: str
    key: str | None


def backup_target(dest: Path) -> Path:
    """Where a backup goes: a file in a folder that exists, never a folder."""
    dest = dest.expanduser().absolute()
    try:
        if dest.is_dir():
            raise Refused("bad_input", f"{dest} is a folder; name the backup file", f"{dest} 是文件夹；请指定备份文件名")
        if not dest.parent.is_dir():
            raise Refused("bad_input", f"folder {dest.parent} does not exist", f"文件夹 {dest.parent} 不存在")
    except PermissionError:  # Python 3.11 raises it for a file in a folder this user may not enter
        raise cannot_write_to(dest.parent) from None
    return dest


def new_file_target(given: str) -> Path:
    """Where a new file goes (an export, a support report), checked before the store is opened: a new file in a
    folder that exists."""
    path = Path(given).expanduser().absolute()
    try:
        if path.is_dir():
            raise Refused("bad_input", f"{path} is a folder: name the file to write; nothing was written",
                          f"{path} 是文件夹：请指定要写入的文件名；未写入任何内容")
        if path.exists():
            raise already_exists(path)
        if not path.parent.is_dir():
            raise Refused("not_found", f"the folder {path.parent} does not exist; nothing was written",
                          f"文件夹 {path.parent} 不存在；未写入任何内容")
    except PermissionError:  # a file in a folder this user may not enter
        raise cannot_write_to(path.parent) from None
    return path


def already_exists(path: Path) -> Refused:
    return Refused("already_exists", f"{path} already exists: name a new file; nothing was written",
                   f"{path} 已存在：请指定一个新文件；未写入任何内容")


def cannot_write_to(folder: Path, read_only: bool = False) -> Refused:
    """A backup refused because its folder cannot be written: a read-only disk (a locked USB stick) or a folder
    this user has no permission to write."""
    why_en, why_zh = ("read-only", "只读") if read_only else ("no permission", "没有权限")
    return Refused("bad_input", f"cannot write to {folder} ({why_en}): nothing was written",
                   f"无法写入 {folder}（{why_zh}）：未写入任何内容")


def writable_folder(folder: Path) -> None:
    """Refuse, before anything is copied, a folder a backup cannot be written to."""
    if not os.access(folder, os.W_OK | os.X_OK):
        raise cannot_write_to(folder, read_only=read_only_disk(folder))


def unwritable(problem: BaseException, folder: Path) -> Refused | None:
    """What to tell the user when ``problem`` is that a file in ``folder`` could not be written: a read-only disk,
    or no permission; None when it is something else."""
    if not isinstance(problem, OSError) or problem.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
        return None
    if problem.filename is None or Path(os.fsdecode(problem.filename)).parent != folder:
        return None
    return cannot_write_to(folder, read_only=problem.errno == errno.EROFS or read_only_disk(folder))


def _recorded(conn: sqlite3.Connection) -> StoreName | None:
    row = conn.execute("SELECT store, terminal_id FROM store").fetchone()
    if row is None:
        return None
    init = conn.execute("SELECT payload FROM journal WHERE seq = 1 AND kind = 'store_init'").fetchone()
    key = json.loads(init[0]).get("public_key") if init else None
    return StoreName(row[0], row[1], key if isinstance(key, str) else None)


def store_name(path: Path) -> StoreName | None:
    """The store ``path`` holds; None when it is not a readable jifen store."""
    try:
        with path.open("rb") as f:
            if f.read(16) != _HEADER:
                return None
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return _recorded(conn)
        finally:
            conn.close()
    except (OSError, sqlite3.Error, ValueError):
        return None


def terminal_key(keys: Path) -> str | None:
    """The public key (hex) of the terminal key in the ``keys`` folder; None when there is none to read."""
    try:
        return raw_public(load_private_key(keys / "terminal.key")).hex()
    except (OSError, ValueError):
        return None


def new_backup_file(dest: Path, store_folder: Path, key: str | None) -> Path:
    """Where `jifen backup` may write: never into the store folder (its database, its private keys), never
    over a device or anything else that is not a regular file, and over an existing file only when it is
    an earlier backup of this same store (``key``: the terminal key its store recorded)."""
    dest = backup_target(dest)
    store = store_folder.resolve()
    if dest.parent.resolve().is_relative_to(store) or dest.resolve().is_relative_to(store):
        raise Refused("bad_input", f"{dest} is inside the store folder {store}: keep backups outside it "
                      "(on another disk or a USB stick); nothing was written",
                      f"{dest} 位于数据文件夹 {store} 之内：请把备份放在其外（另一块磁盘或U盘）；未写入任何内容")
    if not dest.exists():
        return dest
    if not dest.is_file():
        raise Refused("bad_input", f"{dest} exists and is not a regular file: name a new backup file; nothing was written",
                      f"{dest} 已存在且不是普通文件：请另取一个备份文件名；未写入任何内容")
    found = store_name(dest)
    if found is None or key is None or found.key != key:
        raise Refused("bad_input", f"{dest} already exists and is not a backup of this store: name a new file, "
                      "or delete that one first; nothing was written",
                      f"{dest} 已存在，且不是本店的备份：请另取文件名，或先删除该文件；未写入任何内容")
    return dest


def _open_source(db: Path) -> sqlite3.Connection:
    """The store to copy, read-only where its folder cannot be written."""
    if os.access(db.parent, os.W_OK) and os.access(db, os.W_OK):
        return sqlite3.connect(db)
    return sqlite3.connect(read_only_uri(db), uri=True)


def _backup_into(source: sqlite3.Connection, path: Path) -> None:
    private_file(path)  # the members' data and the PIN hashes: for the user running jifen only, as the store is
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()


def _check_copy(path: Path) -> None:
    """Raise ``Damaged`` when SQLite's integrity check finds the copy at ``path`` damaged: restore would refuse it
    (``check_backup``, which walks the journal's chain too: too slow for every day's backup)."""
    conn = sqlite3.connect(path)
    try:
        found = damage(conn)
    finally:
        conn.close()
    if found:
        raise Damaged(path, found)


def _copy(source: sqlite3.Connection, dest: Path, check: bool = False) -> Path:
    """Write ``dest`` through ``dest.partial``, which never outlives a failure (it holds the members' data);
    ``check``: a damaged copy is a failure too, so it never replaces an earlier good file."""
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a copy cut short: made anew, owner-only
    try:
        _backup_into(source, partial)
        if check:
            _check_copy(partial)
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dest


def backup_to(db: Path, dest: Path, check: bool = False) -> Path:
    """Copy the store to ``dest`` atomically: a reader never sees a half-written file. ``check``: the copy is
    checked as restore checks a backup, and a damaged one is not kept (``Damaged``, naming what SQLite found)."""
    dest = backup_target(dest)
    if dest.exists() and dest.samefile(db):
        raise Refused("bad_input", f"{dest} is the store itself; name another file", f"{dest} 就是门店数据文件本身；请另选文件")
    source = _open_source(db)
    try:
        return _copy(source, dest, check)
    finally:
        source.close()


def keep_aside(db: Path, dest: Path) -> Path:
    """Keep the store as it is: a consistent copy, or the files as they are when it is too damaged to copy. Nothing
    is left at ``dest`` when neither can be made (a full disk): a part of a copy is no copy."""
    try:
        return backup_to(db, dest)
    except sqlite3.DatabaseError as problem:
        if not says_damaged(problem):
            raise
    try:
        _private_copy(db, dest)
        if Path(f"{db}-wal").exists() and Path(f"{db}-wal").stat().st_size:
            _private_copy(Path(f"{db}-wal"), Path(f"{dest}-wal"))
    except BaseException:
        discard(dest)
        raise
    return dest


def discard(kept: Path | None) -> None:
    """Remove a copy ``keep_aside`` made, for a restore that then changed nothing."""
    if kept is not None:
        for path in (kept, Path(f"{kept}-wal")):
            path.unlink(missing_ok=True)


def _private_copy(source: Path, dest: Path) -> None:
    private_file(dest)
    shutil.copyfile(source, dest)  # into the file made owner-only, keeping its mode


def unused_name(folder: Path, stem: str) -> Path:
    """A new file in ``folder`` (made if missing); an existing backup is never overwritten."""
    make_folder(folder, PRIVATE_FOLDER)
    candidate, n = folder / f"{stem}.db", 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{n}.db"
    return candidate


def upgrade_backup_name(new: str, old: str | None) -> str:
    """before-NEW-from-OLD, in characters any file system takes (OLD unknown: no version said which)."""
    return "".join(c if c.isalnum() or c in ".-_" else "_" for c in f"before-{new}-from-{old or 'unknown'}")


def last_version(home: Home) -> str | None:
    """The version that last opened the store (the bundle's launcher) or migrated it, as its stamp says."""
    try:
        return (home.root / STAMP).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def stamp_version(home: Home, version: str) -> None:
    (home.root / STAMP).write_text(version + "\n", encoding="utf-8")


def back_up_before_upgrade(home: Home, new: str) -> Path:
    """Copy the store aside before version ``new`` migrates it, so that the migration can always be undone:
    backups/before-NEW-from-OLD.db."""
    return backup_to(home.db, unused_name(home.backups, upgrade_backup_name(new, last_version(home))))


def check_backup(path: Path, terminal_id: str | None, ledger_holds: int = 0, keys: Path | None = None,
                 chain: bool = True) -> None:
    """Refuse a file that is not a jifen store, is damaged, belongs to another terminal, was made with
    other keys than those in the ``keys`` folder, or ends before the entries a ledger already holds
    (restoring it would give those numbers to new entries). ``chain``: its journal's hash chain is walked too
    (seconds on a big store: once per restore), as bit rot SQLite's own check cannot see breaks it."""
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
        if damage(conn):
            raise refuse("is damaged", "已损坏")
        found = _recorded(conn)
        if found is None:
            raise refuse("holds no store", "不包含门店数据")
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is not None and not known_schema(version[0]):
            raise refuse(f"was written by a newer jifen (schema {version[0]}): install that version or a newer one "
                         "to restore it", f"由更新版本的 jifen 写入（数据结构 {version[0]}）：请安装该版本或更新的版本后再恢复")
        if terminal_id is not None and found.terminal != terminal_id:
            raise refuse(f"belongs to terminal {found.terminal}, not {terminal_id}",
                         f"属于终端 {found.terminal}，不是 {terminal_id}")
        if keys is not None:
            _same_keys(path, found, keys)
        last = _last_entry(conn)
        if last < ledger_holds:
            raise refuse(f"ends at entry {last}, but the ledger already holds this terminal's entries up to {ledger_holds}",
                         f"只到第 {last} 条记录，而总账已有本终端到第 {ledger_holds} 条的记录")
    except (sqlite3.DatabaseError, ValueError):
        raise refuse("is damaged", "已损坏") from None
    finally:
        conn.close()
    try:
        broken = _chain_of(path) if chain else None
    except (DBAPIError, sqlite3.DatabaseError, ValueError, TypeError):  # values no journal column holds
        raise refuse("is damaged", "已损坏") from None
    if broken is not None and broken.first_bad_seq is not None:
        raise refuse(f"is damaged (its journal is broken at entry {broken.first_bad_seq}: {broken.reason})",
                     f"已损坏（其流水在第 {broken.first_bad_seq} 条记录处断开：{broken.reason_zh}）")


# Stores from before schema 0011 have no gaps table: their journal has no gap, which an empty table says to verify.
_NO_GAPS = ("CREATE TEMP TABLE journal_gaps (from_seq INTEGER PRIMARY KEY, to_seq INTEGER, hash TEXT, liability INTEGER, "
            "at TEXT, why TEXT, last_z INTEGER, last_z_seq INTEGER, last_date TEXT)")


def _chain_of(path: Path) -> Verdict:
    """The journal's hash chain in the backup at ``path``, walked as `jifen journal verify` walks the store's."""
    engine = store_db.open_engine(path, read_only=True)
    try:
        with UnitOfWork(store_db.session_factory(engine.execution_options(**store_db.READ_ONLY))) as uow:
            connection = uow.session.connection()
            if connection.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'journal_gaps'").first() is None:
                connection.exec_driver_sql(_NO_GAPS)
            return verify(uow.session)
    finally:
        engine.dispose()


def _last_entry(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce((SELECT seq FROM journal_head WHERE id = 1), "
                            "(SELECT max(seq) FROM journal), 0)").fetchone()[0])


def last_entry(path: Path) -> int:
    """The last journal entry of the store in ``path``, a backup ``check_backup`` took."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        return _last_entry(conn)
    finally:
        conn.close()


def _same_keys(path: Path, found: StoreName, keys: Path) -> None:
    here = terminal_key(keys)
    if here is not None and here == found.key:
        return
    whose = f"store {found.store} (terminal {found.terminal})"
    if here is None:
        raise Refused("bad_input", f"{path} is a backup of {whose}, and this store folder has no terminal key "
                      f"({keys / 'terminal.key'}): copy the keys/ folder of the store it was made in to {keys}, "
                      "then restore; nothing was restored",
                      f"{path} 是门店 {found.store}（终端 {found.terminal}）的备份，而本数据文件夹没有终端密钥"
                      f"（{keys / 'terminal.key'}）：请把原门店文件夹中的 keys/ 复制到 {keys} 后再恢复；未做任何恢复")
    raise Refused("bad_input", f"{path} is a backup of {whose} made with other keys than those in {keys}: "
                  "restored here, this terminal's receipts and member cards would no longer verify; restore it "
                  "into the store folder it was made in, or copy that folder's keys/ here first; nothing was restored",
                  f"{path} 是门店 {found.store}（终端 {found.terminal}）的备份，其密钥与 {keys} 中的不同："
                  "在此恢复后，本终端的小票和会员码将无法验证；请在原门店文件夹中恢复，或先把原文件夹的 keys/ "
                  "复制到这里；未做任何恢复")


def restore_from(source: Path, db: Path) -> None:
    """Replace the store's content with the backup's, inside SQLite so open readers stay consistent;
    a store too damaged for that (kept aside before) is replaced as a file."""
    src = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        try:
            _backup_into(src, db)
        except sqlite3.DatabaseError as problem:
            if not says_damaged(problem):  # a full disk, a busy store: its -wal may hold what is not in the file yet
                raise
            _replace_damaged(src, db)
    finally:
        src.close()


def _replace_damaged(src: sqlite3.Connection, db: Path) -> None:
    """Replace the damaged store file whole, its -wal and -shm (they belong to it) moved aside first and removed
    after. Windows refuses to move or replace a file a program has open (the app, a command): then every file is put
    back as it was, and the restore is refused."""
    moved: list[Path] = []
    try:
        for stale in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            if stale.exists():
                os.replace(stale, _aside(stale))
                moved.append(stale)
        _copy(src, db)
    except BaseException as problem:
        for stale in reversed(moved):
            try:
                os.replace(_aside(stale), stale)
            except OSError as stuck:  # say it, and go on putting back the others and saying the first failure
                log.error("%s could not be put back from %s: %s", stale, _aside(stale), stuck)
        if isinstance(problem, PermissionError):
            raise store_in_use(db) from None
        raise
    for stale in moved:
        _aside(stale).unlink(missing_ok=True)


def _aside(path: Path) -> Path:
    return path.with_name(path.name + ".old")


def store_in_use(db: Path) -> Refused:
    return Refused("busy", f"the store {db} is open in jifen: close the jifen app and every jifen command on this "
                   "computer first, then restore again (refused again with all of them closed: this Windows account "
                   "may not change the store, restore as the one that set it up); nothing was restored",
                   f"门店数据 {db} 正被 jifen 打开：请先关闭本机的 jifen 程序和所有 jifen 命令，然后重新恢复（全部关闭后仍被拒绝："
                   "当前 Windows 账户无权修改门店数据，请用安装它的账户恢复）；未做任何恢复")


def _rules_in_force(db: Path) -> tuple[RuleSet, bool]:
    """The rules in force in a store, and whether it is connected to a ledger."""
    conn = sqlite3.connect(read_only_uri(db), uri=True)
    try:
        row = conn.execute("SELECT body FROM rule_sets ORDER BY seq DESC LIMIT 1").fetchone()
        try:
            linked = conn.execute("SELECT count(*) FROM ledger_link").fetchone()[0] > 0
        except sqlite3.OperationalError:  # a store from before ledgers
            linked = False
    finally:
        conn.close()
    return (rules_from_json(row[0]) if row else RuleSet()), linked


def write_rules_file(home: Home) -> None:
    """The rules file of the store just restored into ``home``: its rules in force. A store connected to a ledger
    always gets them (its rules come from the ledger only, until the first sync brings the ledger's current ones);
    a store of its own gets them where the folder has no rules file (a new computer): a file there is the owner's,
    and the next command adopts it as it adopts any edit."""
    rules, linked = _rules_in_force(home.db)
    if linked:
        write_ledger_rules(home, rules)
    elif not home.rules.exists():
        home.rules.write_text(rules_to_toml(rules, "jifen rule set (积分规则). Edit and save: the next command checks "
                                            "this file and adopts it"), encoding="utf-8")


@dataclass(frozen=True)
class BackupProblem:
    """Why today's backup was not made; ``damaged``: because the store is (the app says so, not "disk full?")."""

    message: str
    damaged: bool = False

    def __str__(self) -> str:
        return self.message


def back_up_for_the_day(home: Home, today: date, anew: bool = False) -> BackupProblem | None:
    """Today's backup, as config.toml asks, after the first write of the day (``anew``: made again after the day is
    closed, so that the day's sales and its Z are in a backup tonight, not tomorrow); the problem when it could not be
    made (logged), which never fails the write it follows. A damaged store gives no backup, and the earlier ones
    are all kept: they are what it is restored from."""
    try:
        settings = load_settings(home.config)
        if settings.backup.daily:
            daily_backup(home.db, home.backups, today, settings.backup.keep, anew)
    except Damaged as found:
        log.warning("daily backup not made, the store is damaged: %s", found)
        return BackupProblem(damaged_store(home, found.findings[0], (
            "today's backup was not made and the earlier ones are all kept",
            "今日备份未制作，之前的备份全部保留")).message, damaged=True)
    except Refused as exc:
        log.warning("daily backup skipped: %s", exc)
        return BackupProblem(exc.message)
    except (OSError, sqlite3.Error) as exc:
        log.warning("daily backup skipped: %s", exc)
        return BackupProblem(str(exc))
    return None


@dataclass(frozen=True)
class DayAfterRestore:
    """Today's backup after a restore: ``made`` of the store restored (None: not made, ``problem`` says why, or daily
    backups are off); ``kept``: where the one made earlier today, of the store restored away from, is kept (None: there
    was none, or the copy kept before the restore holds all of it)."""

    made: Path | None
    kept: Path | None
    problem: BackupProblem | None


def daily_path(folder: Path, today: date) -> Path:
    return folder / f"jifen-{today.isoformat()}.db"


def back_up_the_restored(home: Home, today: date, before: Path | None) -> DayAfterRestore:
    """Make today's daily backup of the store just restored, so that the day's backup is of the store in use, not of
    the one restored away from. That one's daily backup of today is kept aside (never pruned: its name is not a
    daily's) unless ``before``, the copy kept before the restore, holds all of it."""
    daily, kept = daily_path(home.backups, today), None
    if daily.exists():
        if _holds(before, daily):
            daily.unlink()
        else:
            kept = unused_name(home.backups, f"jifen-{today.isoformat()}-before-restore")
            os.replace(daily, kept)
    problem = back_up_for_the_day(home, today)
    return DayAfterRestore(daily if daily.exists() else None, kept, problem)


def _head(path: Path) -> tuple[int, str] | None:
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = conn.execute("SELECT seq, hash FROM journal_head WHERE id = 1").fetchone()
    finally:
        conn.close()
    return None if row is None else (int(row[0]), str(row[1]))


def _holds(store: Path | None, backup: Path) -> bool:
    """Whether ``store`` holds every entry of ``backup``: the backup's last entry, under the same hash (the chain
    covers every one before). False when either cannot be read."""
    if store is None:
        return False
    try:
        end = _head(backup)
        if end is None:
            return True
        conn = sqlite3.connect(read_only_uri(store), uri=True)
        try:
            found = conn.execute("SELECT hash FROM journal WHERE seq = ? UNION ALL "
                                 "SELECT hash FROM journal_gaps WHERE to_seq = ?", (end[0], end[0])).fetchall()
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, OSError):
        return False
    return (end[1],) in found


def daily_backup(db: Path, folder: Path, today: date, keep: int, anew: bool = False) -> Path | None:
    """Make today's backup if there is none yet (``anew``: replace it with one of the store as it is now); keep the
    newest ``keep`` daily backups. A damaged copy is not kept, replaces nothing, and none is pruned (``Damaged``):
    after ``keep`` days of damage no good backup would be left."""
    target = daily_path(folder, today)
    if target.exists() and not anew:
        return None
    make_folder(folder, PRIVATE_FOLDER)
    # The day close's copy waits for one being made (the day's first), which would leave out its Z.
    with _alone(db.with_name("daily-backup.lock"), wait=anew) as alone:
        if not alone or (target.exists() and not anew):  # another process is making it, or has just made it
            return None
        backup_to(db, target, check=True)
    dailies = sorted(folder.glob("jifen-????-??-??.db"))
    for old in dailies[:-keep]:
        old.unlink()
    return target


@contextmanager
def _alone(lock: Path, wait: bool = False) -> Iterator[bool]:
    """Whether this process holds ``lock`` (``wait``: once another lets go of it), held until the block ends (or the
    process does, however it ends)."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    held = False
    try:
        try:
            _lock(fd, wait)
            held = True
        except OSError:
            pass
        yield held
    finally:
        if held and sys.platform == "win32":  # Windows frees a region left locked at close only after a while
            import msvcrt
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)


def _lock(fd: int, wait: bool) -> None:
    if sys.platform == "win32":
        import msvcrt
        msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)  # LK_LOCK tries for 10 s
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
