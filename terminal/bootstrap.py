"""The one place that wires the terminal: engine, migrations, identity, rules and clock."""

import errno
import os
import re
import shutil
import sqlite3
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from terminal import db
from terminal.clock import Clock, new_zone, zone
from terminal.config import load_settings
from terminal.errors import Refused
from terminal.files import make_folder, write_atomically
from terminal.home import Home
from terminal.journal import Who, format_instant
from terminal.keys import KeyFiles, create_key_pair, create_merchant_keys
from terminal.lang import say
from terminal.ledger_link import link_state
from terminal.models import RuleSetRow, StoreInfo
from terminal.rules import (
    RuleSet,
    load_rules,
    rules_from_json,
    rules_to_json,
    rules_to_toml,
)
from terminal.rules_changes import refuse_empty, rules_changes
from terminal.services.cashiers import create_cashier
from terminal.services.common import record
from terminal.shop import Shop
from terminal.toml_file import read_toml
from terminal.uow import UnitOfWork
from terminal.version import running_version
from terminal.visible_text import refuse_control_characters

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
LEDGER_RULES_HEADING = "rules from the central ledger (edit them there)"
_TERMINAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")


@dataclass
class Till:
    """A terminal's store, opened and ready: hand ``uow()`` to a service with ``shop``."""

    home: Home
    engine: Engine
    shop: Shop
    notices: list[str] = field(default_factory=list)
    upgrade_copy: Path | None = None  # this opening upgraded the store: the copy made before it
    rules_adopted: str | None = None  # this opening put an edited rules.toml in force: the version of its rules

    def __post_init__(self) -> None:
        self._write = db.session_factory(self.engine)
        self._read: sessionmaker[Session] = db.session_factory(self.engine.execution_options(**db.READ_ONLY))

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._write)

    def reading(self) -> UnitOfWork:
        return UnitOfWork(self._read)

    def close(self) -> None:
        self.engine.dispose()


def _active_rules(session: Session) -> RuleSet:
    row = session.scalar(select(RuleSetRow).order_by(RuleSetRow.seq.desc()).limit(1))
    return rules_from_json(row.body) if row else RuleSet()


def _adopt(session: Session, shop: Shop, rules: RuleSet) -> None:
    entry = record(session, shop, "rules", Who(None), {"version": rules.version, "rules": rules.to_dict()})
    session.merge(RuleSetRow(version=rules.version, body=rules_to_json(rules), seq=entry.seq))


# The store holds the PIN hashes, and a PIN of a few digits is cracked in minutes by whoever can copy the file:
# the store folder, the store and its backups are for the user running jifen only, as the keys are.
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


def private_file(path: Path) -> None:
    """Make ``path`` an empty file only its owner can read or write, unless a file is there already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return
    os.close(fd)


def keep_private(home: Home) -> None:
    """Take the group's and others' access away from the store folder, its backups folder and the store file with
    its -wal and -shm (SQLite makes those with the store file's mode), where this user owns them. A mode that
    cannot be changed (another user's files, a read-only disk, Windows) is left as it is."""
    if not hasattr(os, "geteuid"):
        return
    for path in (home.root, home.backups, home.db, Path(f"{home.db}-wal"), Path(f"{home.db}-shm")):
        try:
            found = path.stat()
            if found.st_uid == os.geteuid() and found.st_mode & 0o077:
                os.chmod(path, stat.S_IMODE(found.st_mode) & ~0o077)
        except OSError:
            continue


def _can_open(home: Home) -> None:
    refused = unreadable(home)
    if refused is not None:
        raise refused
    store_folder(home)


def store_folder(home: Home) -> None:
    """Refuse a home that is a file rather than a folder."""
    if home.root.exists() and not home.root.is_dir():
        raise Refused("bad_input", f"{home.root} is a file, not a folder: the store needs a folder ($JIFEN_HOME or --home)",
                      f"{home.root} 是文件而不是文件夹：门店数据需要一个文件夹（$JIFEN_HOME 或 --home）")


def writable(home: Home) -> bool:
    return os.access(home.root, os.W_OK) and (not home.db.exists() or os.access(home.db, os.W_OK))


def read_only_store(home: Home) -> Refused:
    return Refused("read_only", f"the store folder {home.root} is read-only: nothing can be changed there; "
                   "make it writable or copy it to a writable folder",
                   f"数据文件夹 {home.root} 为只读：无法在其中做任何修改；请改为可写，或复制到可写的文件夹")


def _others(path: Path) -> str | None:
    """The name of the user owning ``path`` when it is not the one running jifen; None when it is, or cannot tell."""
    if not hasattr(os, "geteuid"):
        return None
    try:
        uid = path.stat().st_uid
    except OSError:
        return None
    if uid == os.geteuid():
        return None
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"uid {uid}"


def no_permission(home: Home, path: Path, change: bool = False) -> Refused:
    """The store, or the folder holding it, that the user running jifen may not open (or change)."""
    owner = _others(path)
    what_en, what_zh = ("change", "修改") if change else ("open", "打开")
    if owner is None:
        return Refused("forbidden", f"no permission to {what_en} the store in {home.root}: this user may not "
                       f"{'write' if change else 'read'} {path}; give this user access to it, or run jifen as a user who "
                       "has it", f"没有权限{what_zh} {home.root} 中的门店数据：当前用户无法{'写入' if change else '读取'} "
                       f"{path}；请给当前用户授予权限，或以有权限的用户运行 jifen")
    return Refused("forbidden", f"no permission to {what_en} the store in {home.root} ({path} belongs to another user, "
                   f"{owner}): run jifen as the user that owns it",
                   f"没有权限{what_zh} {home.root} 中的门店数据（{path} 属于另一个用户 {owner}）：请以该用户身份运行 jifen")


def read_only_disk(folder: Path) -> bool:
    """Whether ``folder`` is on a disk mounted read-only (a locked USB stick, a CD)."""
    try:
        return hasattr(os, "statvfs") and bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def cannot_write(home: Home) -> Refused:
    """Why a store that cannot be written cannot: a read-only folder or disk, or another user's store."""
    if not read_only_disk(home.root):
        theirs = next((path for path in (home.db, home.root) if path.exists() and _others(path) is not None
                       and not os.access(path, os.W_OK)), None)
        if theirs is not None:
            return no_permission(home, theirs, change=True)
    return read_only_store(home)


def unreadable(home: Home) -> Refused | None:
    """A store folder this user may not enter, or a store file it may not read. Python 3.11 raises, rather than
    answer False, when asked whether a file exists in a folder it may not enter."""
    for path, need in ((home.root, os.X_OK), (home.db, os.R_OK)):
        try:
            if (path.is_dir() if need == os.X_OK else path.exists()) and not os.access(path, need):
                return no_permission(home, path)
        except PermissionError:
            return no_permission(home, path.parent)
    return None


def restore_hint(home: Home) -> tuple[str, str]:
    return (f"restore a backup with 'jifen restore FILE --cashier NAME' (the store's backups are in {home.backups})",
            f"请用 jifen restore 文件 --cashier 姓名 恢复备份（本店的备份在 {home.backups}）")


def damaged_store(home: Home, found: str | None = None, instead: tuple[str, str] | None = None) -> Refused:
    """``found``: what SQLite found wrong; ``instead``: what was not done because of it (English, Chinese)."""
    en, zh = restore_hint(home)
    what_en, what_zh = (f" ({found})", f"（{found}）") if found else ("", "")
    if instead is not None:
        en, zh = f"{instead[0]}; {en}", f"{instead[1]}；{zh}"
    return Refused("damaged_store", f"the store file {home.db} is damaged{what_en}: {en}",
                   f"门店数据文件 {home.db} 已损坏{what_zh}：{zh}")


def damage_found(home: Home) -> Refused | None:
    """After a failure nothing else explains: whether the store file is damaged, as SQLite's integrity check says
    (an index that no longer matches its table gives wrong rows, or values no column can hold). Slow on a big store,
    so only where a command has already failed; None when the store is sound or cannot be checked."""
    try:
        found = db.damage_in(home.db) if home.db.is_file() else []
    except (OSError, sqlite3.Error):
        return None
    return damaged_store(home, found[0]) if found else None


def no_store(home: Home) -> Refused:
    en, zh = restore_hint(home)
    return Refused("not_initialised", f"{home.db} holds no store: {en}", f"{home.db} 中没有门店数据：{zh}")


def store_refusal(home: Home, problem: BaseException) -> Refused | None:
    """What to tell the user about a database error that comes from the store's file itself, if it does."""
    text = str(getattr(problem, "orig", None) or problem)
    if any(isinstance(cause, db.Damaged) for cause in _causes(problem)):
        return damaged_store(home)
    if "file is not a database" in text or "malformed" in text:
        return damaged_store(home)
    if "readonly database" in text or ("unable to open database file" in text and not writable(home)):
        return cannot_write(home)
    return None


_NEARLY_FULL = 1 << 20  # bytes: SQLite and the log need a few pages more than what is free


class DiskFull(Exception):
    """The disk holding ``folder`` ran out of space while a command wrote there; nothing was recorded."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"the disk holding {folder} is full")
        self.folder = folder


def _causes(problem: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    todo: list[BaseException | None] = [problem]
    while todo:
        cause = todo.pop()
        if cause is None or any(cause is seen for seen in found):
            continue
        found.append(cause)
        orig = getattr(cause, "orig", None)
        todo += [orig if isinstance(orig, BaseException) else None, cause.__cause__, cause.__context__]
    return found


def _free(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return _NEARLY_FULL  # cannot tell: not the answer to give


def disk_full(folder: Path) -> Refused:
    """What the command line and the app say when the disk holding ``folder`` is full."""
    return Refused("disk_full", f"the disk holding {folder} is full (no space left): free some space and try again; "
                   "nothing was recorded", f"{folder} 所在的磁盘已满（没有剩余空间）：请清理出空间后重试；未记录任何内容")


def full_disk(problem: BaseException, *folders: Path) -> Path | None:
    """Which of ``folders`` is on a full disk, when ``problem`` (an SQLite or OS error) is what a full disk
    gives: SQLite says "database or disk is full", or only "disk I/O error" when it cannot grow its -shm file."""
    says_full = io_error = False
    for cause in _causes(problem):
        says_full |= isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT)
        says_full |= "database or disk is full" in str(cause)
        io_error |= "disk I/O error" in str(cause)
    if not (says_full or io_error):
        return None
    nearly = next((folder for folder in folders if _free(folder) < _NEARLY_FULL), None)
    return nearly or (folders[0] if says_full and folders else None)


def open_till(home: Home, clock: Clock | None = None, read_only: bool = False) -> Till:
    """Open the store in ``home``; a changed rules file is adopted if valid, else reported and ignored (in a store
    linked to a ledger, whose rules come from there, it is reported and written back to the rules in force).
    ``read_only``: the caller only reads, so a store in a read-only folder opens read-only."""
    _can_open(home)
    if not home.db.exists():
        raise Refused("not_initialised", f"no store in {home.root}; create one with 'jifen init'",
                      f"{home.root} 中没有门店数据；请先运行 jifen init")
    can_write = writable(home)
    if not can_write and not read_only:
        raise cannot_write(home)
    if home.db.stat().st_size == 0:
        raise no_store(home)  # before SQLite writes a header into it
    keep_private(home)  # a store made before its files were kept private
    clock = clock or Clock.from_env()
    engine = db.open_engine(home.db, read_only=not can_write)
    try:
        return _open(home, engine, clock, can_write)
    except BaseException as problem:
        engine.dispose()
        if read_only and can_write and isinstance(problem, Exception) and full_disk(problem, home.root):
            return _open_on_full_disk(home, clock, problem)
        raise


def _open_on_full_disk(home: Home, clock: Clock, problem: Exception) -> Till:
    """A command that only reads still works on a full disk: opening the store as usual makes its -shm file, which
    cannot grow there. Read-only, nothing is adopted or migrated (a store that needs that is the full disk's problem)."""
    engine = db.open_engine(home.db, read_only=True, still=True)
    try:
        return _open(home, engine, clock, can_write=False)
    except Exception:
        engine.dispose()
        raise problem from None


def known_schema(version: str) -> bool:
    """Whether this jifen has the migration ``version`` (else a newer jifen wrote the store)."""
    if version == db.SCHEMA_HEAD:
        return True
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory(str(Path(db.__file__).with_name("migrations"))).get_revision(version) is not None
    except CommandError:
        return False


def newer_store(what: Path, version: str) -> Refused:
    return Refused("newer_store", f"{what} was written by a newer jifen (schema {version}): install that version or a "
                   "newer one to use it; nothing was changed",
                   f"{what} 由更新版本的 jifen 写入（数据结构 {version}）：请安装该版本或更新的版本后再使用；未做任何修改")


def _open(home: Home, engine: Engine, clock: Clock, can_write: bool) -> Till:
    version = db.schema_version(engine)
    if version is None:
        raise no_store(home)  # never create a schema in a file that holds no store
    if not known_schema(version):
        raise newer_store(home.db, version)
    notices: list[str] = []
    copy: Path | None = None
    if version != db.SCHEMA_HEAD:
        if not can_write:
            raise read_only_store(home)
        copy = _migrate_backed_up(home, engine)
        notices.append(say(f"jifen {running_version()}: backed up the store to {copy} before upgrading it",
                           f"jifen {running_version()}：升级前已将门店数据备份到 {copy}"))
    # Read without the write lock, which another program may hold: a store in WAL mode lets readers in.
    with UnitOfWork(db.session_factory(engine.execution_options(**db.READ_ONLY))) as uow:
        info = uow.session.get(StoreInfo, 1)
        if info is None:
            raise no_store(home)
        active = _active_rules(uow.session)
        shop = Shop(info.store, info.terminal_id, info.merchant, zone(info.timezone), active, clock,
                    link_state(uow.session, clock), print_receipts=_has_printer(home))
    adopted: str | None = None
    if can_write:
        rules, told = adopt_rules_file(home, engine, shop)
        adopted = rules.version if rules.version != shop.rules.version else None
        shop = replace(shop, rules=rules)
        notices += told
    return Till(home, engine, shop, notices, copy, adopted)


def adopt_rules_file(home: Home, engine: Engine, shop: Shop) -> tuple[RuleSet, list[str]]:
    """The rules in force once rules.toml is taken in, and what to tell the owner: a stand-alone store adopts a
    changed valid file (saying what it changes) and keeps its rules on a bad one; a store linked to a ledger sets
    an edit aside. Run where the store is opened, and by the app while it runs."""
    with UnitOfWork(db.session_factory(engine.execution_options(**db.READ_ONLY))) as uow:
        active = _active_rules(uow.session)
    if not home.rules.exists():
        return active, []
    if shop.ledger is not None:
        return active, _keep_ledger_rules(home, active)
    try:
        wanted = read_rules_file(home.rules, active)
    except Refused as bad:
        return active, [f"{bad.message} — {_keeping(active)}"]
    if wanted.version == active.version:
        return active, []
    with UnitOfWork(db.session_factory(engine)) as uow:
        if _active_rules(uow.session).version != wanted.version:  # another program may have adopted it meanwhile
            _adopt(uow.session, replace(shop, rules=wanted), wanted)
            uow.commit()
    return wanted, [adopted_notice(home.rules, active, wanted)]


def stored_rules(home: Home) -> RuleSet | None:
    """The rules in force in the store in ``home``, read without opening it as a command does (nothing adopted,
    nothing written); None where there is no store, or it cannot be read."""
    if unreadable(home) is not None or not home.db.is_file() or home.db.stat().st_size == 0:
        return None
    engine = db.open_engine(home.db, read_only=True)
    try:
        with UnitOfWork(db.session_factory(engine.execution_options(**db.READ_ONLY))) as uow:
            return _active_rules(uow.session)
    except (SQLAlchemyError, sqlite3.Error, OSError):
        return None
    finally:
        engine.dispose()


def read_rules_file(path: Path, held: RuleSet | None = None) -> RuleSet:
    """``path``'s rules as load_rules reads them; a file holding no setting at all is refused as a bad one."""
    rules = load_rules(path, held=held)
    refuse_empty(read_toml(path), path.name)
    return rules


def adopted_notice(path: Path, before: RuleSet, after: RuleSet) -> str:
    """The rules of ``path`` are now in force: their version, and each setting they change."""
    changes = rules_changes(before, after)
    en = f"{path} changed: its rules (version {after.version}) are now in force"
    zh = f"{path} 已修改：其规则（版本 {after.version}）现已生效"
    if not changes:
        return say(f"{en}; no setting changed", f"{zh}；没有设置改变")
    return say(f"{en}; what changed:", f"{zh}；改变的设置：") + "".join(f"\n  {say(*line)}" for line in changes)


def _migrate_backed_up(home: Home, engine: Engine) -> Path:
    """Migrate the store to this version's schema once it is copied aside (whichever way jifen was upgraded: the
    bundle, pip); the store stays as it was when the copy cannot be made. Returns the copy."""
    from terminal.backup import back_up_before_upgrade, stamp_version  # terminal.backup builds on this module

    new = running_version()
    try:
        copy = back_up_before_upgrade(home, new)
    except (OSError, sqlite3.Error) as problem:
        if full_disk(problem, home.root):
            raise disk_full(home.root) from None
        raise Refused("read_only", f"cannot back up {home.db} before upgrading it to jifen {new} ({problem}); "
                      "nothing was changed", f"升级到 jifen {new} 前无法备份 {home.db}（{problem}）；未做任何修改") from None
    db.migrate(engine)
    try:
        stamp_version(home, new)  # names the backup of the next upgrade
    except OSError:
        pass
    return copy


def _has_printer(home: Home) -> bool:
    try:
        return load_settings(home.config).printer
    except Refused:
        return True  # cannot tell: the receipt is queued, and the cashier told why it does not print


def _keep_ledger_rules(home: Home, active: RuleSet) -> list[str]:
    """A terminal linked to a ledger takes its rules from there only: an edit of rules.toml is not adopted. The
    file is written back to the rules in force, so that it shows what the till applies, and the edit is kept
    beside it for the owner to take to the ledger."""
    try:
        if load_rules(home.rules, held=active).version == active.version:
            return []
    except Refused:
        pass
    edited = _unused(home.rules.with_name("rules-edited.toml"))
    os.replace(home.rules, edited)
    write_atomically(home.rules, rules_to_toml(active, LEDGER_RULES_HEADING).encode("utf-8"))
    return [say(f"{home.rules} was edited, but this terminal takes its rules from the ledger: the rules in force "
                f"(version {active.version}) stay and the file shows them again; the edit is kept in {edited.name}. "
                "Rules are changed at the ledger: jifen-ledger merchant rules",
                f"{home.rules} 被修改，但本终端的规则来自总账：继续使用现行规则（版本 {active.version}），文件已恢复为现行规则；"
                f"所做修改保存在 {edited.name}。规则须在总账上修改：jifen-ledger merchant rules")]


def write_ledger_rules(home: Home, rules: RuleSet) -> Path | None:
    """rules.toml as the ledger's rules in force, whole or not at all. The shop's own file, which the first of these
    replaces, is kept aside first (returned) unless it is the one jifen init wrote: the shop may want its settings
    back."""
    kept = None
    try:
        text = home.rules.read_bytes() if home.rules.exists() else None
    except OSError:
        text = None
    if text is not None and text != DEFAULT_RULES.read_bytes() and not text.startswith(
            f"# {LEDGER_RULES_HEADING}".encode()):
        kept = _unused(home.rules.with_name("rules-before-ledger.toml"))
        shutil.copy2(home.rules, kept)
    write_atomically(home.rules, rules_to_toml(rules, LEDGER_RULES_HEADING).encode("utf-8"))
    return kept


def _keeping(rules: RuleSet) -> str:
    return say(f"the rules in force (version {rules.version}) stay in force", f"继续使用现行规则（版本 {rules.version}）")


def check_can_init(home: Home) -> None:
    """Refuse early (before a PIN is asked for) a home where no store can be created."""
    _can_open(home)
    if home.db.exists() and home.db.stat().st_size > 0:  # an empty file is what a failed copy leaves
        raise Refused("already_exists", f"{home.root} already holds a store", f"{home.root} 中已有门店数据")
    if home.root.exists() and not writable(home):
        raise cannot_write(home)


def init_store(home: Home, *, store: str, terminal_id: str, merchant: str, timezone: str, owner: str, pin: str,
               clock: Clock | None = None) -> Till:
    """Create the store: database, default rules file, key pairs, and the owner's account."""
    check_can_init(home)
    if not _TERMINAL_ID.fullmatch(terminal_id):
        raise Refused("bad_input", "a terminal id is 1 to 32 letters, digits, '.', '_' or '-'",
                      "终端编号应为 1 到 32 个字母、数字、“.”、“_”或“-”")
    if not _TERMINAL_ID.fullmatch(merchant):
        raise Refused("bad_input", "a merchant id is 1 to 32 letters, digits, '.', '_' or '-'",
                      "商户编号应为 1 到 32 个字母、数字、“.”、“_”或“-”")
    store = store.strip()
    if not store or len(store) > 64:
        raise Refused("bad_input", "a store name is 1 to 64 characters", "门店名称应为 1 到 64 个字符")
    refuse_control_characters(store, "the store name (--store)", "门店名称（--store）")
    tz = new_zone(timezone)
    clock = clock or Clock.from_env()
    rules = load_rules(home.rules) if home.rules.exists() else RuleSet()
    try:
        make_folder(home.root, PRIVATE_FOLDER)
    except OSError as problem:
        raise Refused("bad_input", f"cannot make the folder {home.root}: {problem.strerror or problem}",
                      f"无法创建文件夹 {home.root}：{problem.strerror or problem}") from None
    if not writable(home):
        raise cannot_write(home)
    keep_private(home)
    engine = db.open_engine(home.db)
    try:
        private_file(home.db)  # before SQLite makes it (with the -wal and -shm, which take its mode) for all to read
        db.migrate(engine)
        shop = Shop(store, terminal_id, merchant, tz, rules, clock)
        with UnitOfWork(db.session_factory(engine)) as uow:
            session = uow.session
            session.add(StoreInfo(id=1, store=store, terminal_id=terminal_id, merchant=merchant, timezone=timezone,
                                  created_at=format_instant(clock.now())))
            public_key = create_key_pair(home.private_key, home.public_key)
            # A standalone shop is its own merchant until it joins a ledger.
            merchant_keys = create_merchant_keys(KeyFiles(home.private_key.parent), merchant)
            record(session, shop, "store_init", Who(owner),
                   {"store": store, "terminal": terminal_id, "merchant": merchant, "timezone": timezone,
                    "public_key": public_key, "merchant_key": merchant_keys.merchant_key,
                    "certificate": merchant_keys.certificate})
            _adopt(session, shop, rules)
            create_cashier(session, shop, Who(owner), owner, "owner", pin)
            uow.commit()
    except BaseException:
        engine.dispose()
        for leftover in (home.db, Path(f"{home.db}-wal"), Path(f"{home.db}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(home.private_key.parent, ignore_errors=True)
        raise
    if not home.rules.exists():
        shutil.copyfile(DEFAULT_RULES, home.rules)
    from terminal.backup import stamp_version  # terminal.backup builds on this module

    try:
        stamp_version(home, running_version())  # names the backup of the first upgrade (before-NEW-from-THIS)
    except OSError:
        pass
    return Till(home, engine, shop)


def _unused(path: Path) -> Path:
    """``path``, or the first of path-2, path-3… not taken: an earlier edit kept aside is never overwritten."""
    candidate, n = path, 2
    while candidate.exists():
        candidate, n = path.with_name(f"{path.stem}-{n}{path.suffix}"), n + 1
    return candidate
