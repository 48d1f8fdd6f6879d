"""Before `jifen-ledger` touches a database or listens: is --db a URL the ledger can use, is the
database there, a ledger's and migrated (nothing is created, and a file that is not a ledger's is
left as it was), and can the address be bound. Each problem is one sentence in the operator's words."""

import errno
import getpass
import os
import re
import shlex
import socket
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from ledger import db, serve_lock, service
from ledger.db_url import ACCEPTED_URLS
from ledger.service import LedgerRefusal
from terminal.lang import say

_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")
_LEDGER_TABLES = {"merchants", "terminals", "entries"}
_TILL_TABLES = {"store", "journal", "sales", "members"}  # a till's jifen.db (terminal.models)
_INSUFFICIENT_PRIVILEGE = "42501"  # SQLSTATE: psycopg.errors.InsufficientPrivilege
_ACCEPTED_ZH = ACCEPTED_URLS.replace(" or ", " 或 ")


class DatabaseDown(Exception):
    """The database server could not be reached: exit 2 with one line, as `jifen sync` with its ledger out of reach."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.message, self.zh = message, zh

    @property
    def said(self) -> str:
        return say(self.message, self.zh)


def database_url(text: str) -> URL:
    """The --db URL, if it names a database the ledger can use; else a refusal saying what is accepted."""
    if not text.strip():
        raise LedgerRefusal("bad_input", f"--db is empty: name the ledger database as {ACCEPTED_URLS}",
                            zh=f"--db 为空：请写出总账数据库，如 {_ACCEPTED_ZH}")
    try:
        url = make_url(text)
    except ArgumentError:
        raise LedgerRefusal("bad_input", f"'{text}' is not a database URL: write {ACCEPTED_URLS}",
                            zh=f"“{text}”不是数据库 URL：请写成 {_ACCEPTED_ZH}") from None
    if url.drivername not in _DRIVERS:
        if url.get_backend_name() == "postgresql":
            raise LedgerRefusal("bad_input", "the ledger talks to PostgreSQL through psycopg: write "
                                             "postgresql+psycopg://USER@HOST:PORT/DB",
                                zh="总账通过 psycopg 连接 PostgreSQL：请写成 postgresql+psycopg://USER@HOST:PORT/DB")
        raise LedgerRefusal("bad_input", f"the ledger cannot keep its books in a {url.drivername} database: "
                                         f"write {ACCEPTED_URLS}",
                            zh=f"总账不能存放在 {url.drivername} 数据库中：请写成 {_ACCEPTED_ZH}")
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise LedgerRefusal("bad_input", f"'{text}' names no file: write sqlite:///PATH "
                                         "(sqlite:////srv/jifen/ledger.db for an absolute path)",
                            zh=f"“{text}”没有指明文件：请写成 sqlite:///路径（绝对路径如 sqlite:////srv/jifen/ledger.db）")
    return url


def sqlite_file(url: URL) -> Path | None:
    return Path(os.path.abspath(str(url.database))) if url.get_backend_name() == "sqlite" else None


def _server(url: URL) -> str:
    return f"{url.host}:{url.port or 5432}" if url.host else "the local socket"


def named_database(url: URL) -> str:
    """The database as the operator knows it: its file, or its name on its server."""
    path = sqlite_file(url)
    return str(path) if path is not None else f"database {url.database} on {_server(url)}"


def _server_zh(url: URL) -> str:
    return f"{url.host}:{url.port or 5432}" if url.host else "本机（本地套接字）"


def _named_zh(url: URL) -> str:
    path = sqlite_file(url)
    return str(path) if path is not None else f"{_server_zh(url)} 上的数据库 {url.database}"


def _migrate_command(url: URL) -> str:
    return f"jifen-ledger migrate --db {shlex.quote(url.render_as_string(hide_password=True))}"


def _open(text: str, url: URL, serving: bool = False) -> Engine:
    try:
        return db.open_engine(text, serving)
    except ImportError:
        raise DatabaseDown(f"this jifen-ledger was installed without the driver for {url.drivername}",
                           f"这个 jifen-ledger 安装时没有带 {url.drivername} 的驱动") from None


def _inspecting(text: str, url: URL) -> Engine:
    """An engine to look at the database with. On SQLite a plain read-only one: the ledger's own connections
    switch a file to WAL, and a file that turns out not to be a ledger's is to be left as it was."""
    path = sqlite_file(url)
    if path is None:
        return _open(text, url)
    if path.is_dir():
        raise LedgerRefusal("not_a_ledger", f"{path} is a folder, not a jifen ledger database",
                            zh=f"{path} 是文件夹，不是 jifen 总账数据库")
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30))


def _connection_problem(exc: DBAPIError, url: URL) -> LedgerRefusal | DatabaseDown:
    """What failed when connecting, in the operator's words: a refusal when --db itself is wrong."""
    first = db.first_line(exc)
    path = sqlite_file(url)
    if lacks_rights(exc):
        return rights_problem(exc, url)
    if path is not None:
        if "not a database" in first:  # SQLite: "file is not a database", "file is encrypted or is not a database"
            return LedgerRefusal("not_a_ledger", f"{path} is not a jifen ledger database (nor any SQLite database)",
                                 zh=f"{path} 不是 jifen 总账数据库（也不是任何 SQLite 数据库）")
        return DatabaseDown(f"cannot open the ledger database {path}: {first}", f"无法打开总账数据库 {path}：{first}")
    if "FATAL:" in first:  # the server answered: no such database or user, a wrong password
        reason = first.split("FATAL:", 1)[1].strip()
        return LedgerRefusal("db_refused", f"the database server at {_server(url)} refused the connection: {reason}",
                             zh=f"{_server_zh(url)} 上的数据库服务器拒绝了连接：{reason}")
    state = getattr(exc.orig, "sqlstate", None)
    if state is not None and not state.startswith("08"):  # reached: it failed the connection's first statement
        return DatabaseDown(f"cannot open the ledger database: the database server at {_server(url)} answered, but "
                            f"failed: {first}", f"无法打开总账数据库：{_server_zh(url)} 上的数据库服务器有应答，但出错了：{first}")
    if "resolve host" in first:
        return LedgerRefusal("bad_input", f"cannot reach the database server at {url.host}: no such host name "
                                          "(check --db or $JIFEN_LEDGER_DB)",
                             zh=f"无法连接数据库服务器 {url.host}：没有这个主机名（请检查 --db 或 $JIFEN_LEDGER_DB）")
    # psycopg: "connection failed: connection to server at "h", port 5432 failed: Connection refused"
    reason = re.sub(r'^connection failed: connection to server at .*?, port \d+ failed: ', "", first)
    return DatabaseDown(f"cannot open the ledger database: cannot reach the database server at {_server(url)} "
                        f"({reason}); check --db or $JIFEN_LEDGER_DB, and that the server is running",
                        f"无法打开总账数据库：连不上 {_server_zh(url)} 上的数据库服务器（{reason}）；请检查 --db 或 "
                        "$JIFEN_LEDGER_DB，以及数据库服务器是否在运行")


def lacks_rights(exc: DBAPIError) -> bool:
    """The server is there and let the user in, but not to do this: not a server down, nor --db mistyped."""
    return getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE


def _database_user(url: URL) -> str:
    """The user --db connects as: libpq's default, when the URL names none, is $PGUSER, else the system user's name."""
    return url.username or os.environ.get("PGUSER") or getpass.getuser()


def rights_problem(exc: DBAPIError, url: URL) -> LedgerRefusal:
    """A user without rights, said with who lacks them on what and how the guide's setup avoids it."""
    user, reason, where = _database_user(url), db.first_line(exc), named_database(url)
    if " for schema " in reason:  # migrate, in a database another user owns (PostgreSQL 15: public is its owner's)
        return LedgerRefusal(
            "no_rights",
            f"the database user {user} may not create the ledger's tables in {where} ({reason}): make {user} the "
            f"database's owner (as postgres: ALTER DATABASE {url.database} OWNER TO {user}) and run migrate again "
            "(installer/README.md, step 1)",
            zh=f"数据库用户 {user} 无权在{_where_zh(url)}中建立总账的表（{reason}）：请让 {user} 成为该数据库的所有者"
               f"（以 postgres 身份执行 ALTER DATABASE {url.database} OWNER TO {user}），再运行 migrate"
               "（见 installer/README.md 第 1 步）")
    return LedgerRefusal(
        "no_rights",
        f"the database user {user} may not use the ledger's tables in {where} ({reason}): they belong to another "
        f"user, likely the one that ran migrate; give them to {user} as installer/README.md says (step 3), "
        "or connect as their owner",
        zh=f"数据库用户 {user} 无权使用{_where_zh(url)}中总账的表（{reason}）：这些表属于另一个用户，多半是运行 migrate "
           f"的那个；请按 installer/README.md 第 3 步把它们交给 {user}，或以它们的所有者连接")


def _where_zh(url: URL) -> str:
    return f" {_server(url)} 上的数据库 {url.database} " if url.host else f"本机的数据库 {url.database} "


def _revision(text: str, url: URL) -> str | None:
    """The schema revision of the ledger database (None: no schema yet); refuses one that is not a ledger's."""
    engine = _inspecting(text, url)
    try:
        revision, tables = db.schema_version(engine), db.table_names(engine)
    except DBAPIError as exc:
        raise _connection_problem(exc, url) from None
    finally:
        engine.dispose()
    # A terminal's store numbers its revisions as the ledger does: its tables tell them apart.
    if _TILL_TABLES <= set(tables):
        raise LedgerRefusal(
            "not_a_ledger", f"{named_database(url)} is a till's store (its sales, members and journal), not a jifen "
                            "ledger database: give --db the ledger's own file (jifen-ledger/ledger.db), not the till's "
                            "jifen.db",
            zh=f"{_named_zh(url)} 是收银台的数据文件（销售、会员和流水），不是 jifen 总账数据库：--db 请给总账自己的文件"
               "（jifen-ledger/ledger.db），而不是收银台的 jifen.db")
    if (revision is None and tables) or (revision is not None and not _LEDGER_TABLES <= set(tables)):
        raise LedgerRefusal("not_a_ledger", f"{named_database(url)} is not a jifen ledger database: it holds other tables",
                            zh=f"{_named_zh(url)} 不是 jifen 总账数据库：其中是别的表")
    if revision is not None and revision not in db.schema_revisions():
        raise LedgerRefusal("not_a_ledger", f"{named_database(url)} has schema revision {revision}, which this jifen-ledger "
                                            "does not know: it was made by a newer jifen-ledger",
                            zh=f"{_named_zh(url)} 的数据库结构版本为 {revision}，这个 jifen-ledger 不认识：它是由更新版本的 "
                               "jifen-ledger 建立的")
    return revision


def ledger_engine(text: str, url: URL, serving: bool = False) -> Engine:
    """An engine on the ledger database, its schema at the head revision; nothing is created. ``serving``: with the
    bounded waits of `serve` (db.open_engine)."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise _no_ledger_file(url, path)
    revision, head = _revision(text, url), db.schema_revisions()[-1]
    if revision is None:
        raise LedgerRefusal("not_migrated", f"{named_database(url)} has no ledger schema yet: create it with "
                                            f"{_migrate_command(url)}",
                            zh=f"{_named_zh(url)} 中还没有总账的数据库结构：请用 {_migrate_command(url)} 创建")
    if revision != head:
        raise LedgerRefusal("not_migrated", f"the ledger schema of {named_database(url)} is at revision {revision}, this "
                                            f"jifen-ledger needs {head}: upgrade it with {_migrate_command(url)}",
                            zh=f"{_named_zh(url)} 的总账数据库结构版本为 {revision}，这个 jifen-ledger 需要 {head}：请用 "
                               f"{_migrate_command(url)} 升级")
    return _open(text, url, serving)


def _no_ledger_file(url: URL, path: Path) -> LedgerRefusal:
    """A relative --db is taken from the folder the command runs in: from another folder, migrate would make a second,
    empty ledger there. Where the ledger is comes first, migrate last."""
    if os.path.isabs(str(url.database)):
        return LedgerRefusal("not_found", f"no ledger database at {path}: create it with {_migrate_command(url)}",
                             zh=f"{path} 处没有总账数据库：请用 {_migrate_command(url)} 创建")
    here = os.getcwd()
    return LedgerRefusal(
        "not_found", f"no ledger database at {path}: a relative --db is taken from the folder the command runs in "
                     f"({here}); if the ledger was made from another folder, run the command there or give its full path "
                     "(sqlite:////FULL/PATH/ledger.db) as --db or in $JIFEN_LEDGER_DB; only to start a new, empty ledger "
                     f"here: {_migrate_command(url)}",
        zh=f"{path} 处没有总账数据库：--db 中的相对路径是从运行命令时所在的文件夹（{here}）算起的；如果总账是在别的文件夹中"
           "建立的，请到那个文件夹运行，或在 --db 或 $JIFEN_LEDGER_DB 中写出它的完整路径（sqlite:////完整/路径/ledger.db）；"
           f"只有要在这里新建一个空的总账时，才运行 {_migrate_command(url)}")


def migrate_database(text: str, url: URL) -> tuple[dict[str, Any], str]:
    """Create or upgrade the ledger's schema. A SQLite ledger is changed only while no `serve` runs on it (a server
    of the old code would go on serving the new schema), and copied aside first when there is a schema to upgrade."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return _migrated(text, url, path)
    _revision(text, url)  # a file that is not a ledger's is refused before anything is put beside it
    with serve_lock.migrating(path):
        return _migrated(text, url, path)


def _migrated(text: str, url: URL, path: Path | None) -> tuple[dict[str, Any], str]:
    new_file = path is not None and not path.exists()
    new_folder = path is not None and new_file and not path.parent.exists()
    before, head = None if new_file else _revision(text, url), db.schema_revisions()[-1]
    if path is not None and new_folder:
        db.private_folder(path.parent)
    kept = _copy_before_upgrade(path, before, head) if path is not None and before not in (None, head) else None
    engine = _open(text, url)
    try:
        db.migrate(engine)
        db.in_transaction(db.sessions(engine), service.ensure_counters)
    except DBAPIError as exc:
        if lacks_rights(exc):
            raise rights_problem(exc, url) from None
        raise
    finally:
        engine.dispose()
    data = {"ok": True, "db": url.render_as_string(hide_password=True), "revision": head, "previous_revision": before}
    if new_folder and path is not None:
        return data, say(f"created the folder {path.parent} and in it the ledger database {path.name} "
                         f"(schema revision {head})",
                         f"已建立文件夹 {path.parent}，并在其中建立总账数据库 {path.name}（数据库结构 {head} 版）")
    if new_file:
        return data, say(f"created the ledger database {path} (schema revision {head})",
                         f"已建立总账数据库 {path}（数据库结构 {head} 版）")
    if before is None:
        return data, say(f"created the ledger schema (revision {head}) in {named_database(url)}",
                         f"已在 {_named_zh(url)} 中建立总账数据库结构（{head} 版）")
    if kept is not None:
        return data | {"copy": str(kept)}, say(
            f"upgraded the ledger schema of {named_database(url)} from revision {before} to {head}; the ledger as it "
            f"was is kept in {kept}",
            f"已将 {_named_zh(url)} 的总账数据库结构从 {before} 版升级到 {head} 版；升级前的总账已保存为 {kept}")
    if before != head:
        return data, say(f"upgraded the ledger schema of {named_database(url)} from revision {before} to {head}",
                         f"已将 {_named_zh(url)} 的总账数据库结构从 {before} 版升级到 {head} 版")
    return data, say(f"{named_database(url)} is already at schema revision {head}: nothing to do",
                     f"{_named_zh(url)} 的总账数据库结构已是 {head} 版：无需升级")


def _copy_before_upgrade(path: Path, before: str | None, head: str) -> Path:
    """ledger-before-HEAD-from-BEFORE.db beside the ledger, as the till keeps backups/before-NEW-from-OLD.db: the
    upgrade can always be undone."""
    target, n = path.with_name(f"ledger-before-{head}-from-{before}.db"), 1
    while target.exists():  # an earlier copy is never overwritten
        n += 1
        target = path.with_name(f"ledger-before-{head}-from-{before}-{n}.db")
    _sqlite_copy(path, target)
    return target


def _sqlite_copy(path: Path, target: Path) -> None:
    """Copy the ledger with SQLite's backup API, into a private file: its latest batches may be only in the -wal."""
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            os.chmod(partial, 0o600)  # members' names and phone numbers
            source.backup(copy)
        finally:
            copy.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()


def backup_database(text: str, url: URL, dest: str) -> tuple[dict[str, Any], str]:
    """A consistent copy of a SQLite ledger, while it serves too: its latest batches may be only in the
    -wal file beside it, which a plain copy of the file would miss."""
    path = sqlite_file(url)
    if path is None:
        raise LedgerRefusal("bad_input", f"{named_database(url)} is PostgreSQL's to back up: use pg_dump "
                                         "(installer/README.md, step 7)",
                            zh=f"{_named_zh(url)} 是 PostgreSQL 数据库，请用 pg_dump 备份（见 installer/README.md 第 7 步）")
    ledger_engine(text, url).dispose()  # a ledger at the current schema, or one line saying what it is
    target = Path(dest).expanduser().absolute()
    if target.exists():
        raise LedgerRefusal("bad_input", f"{target} exists: name a new file, so that no backup is overwritten",
                            zh=f"{target} 已存在：请另给一个新文件名，以免覆盖已有的备份")
    if not target.parent.is_dir():
        raise LedgerRefusal("not_found", f"there is no folder {target.parent}", zh=f"没有文件夹 {target.parent}")
    _sqlite_copy(path, target)
    size = target.stat().st_size
    return {"ok": True, "backup": str(target), "bytes": size}, f"backed up the ledger {path} to {target} ({size:,} bytes)"


def bind_problem(host: str, port: int, exc: OSError) -> LedgerRefusal:
    if exc.errno == errno.EADDRINUSE:
        return _cannot_listen(f"port {port} on {host} is in use by another program (another jifen-ledger?): "
                              "stop it or choose another --port",
                              f"{host} 上的端口 {port} 已被另一个程序占用（另一个 jifen-ledger？）：请停止它，或换一个 --port")
    if exc.errno == errno.EADDRNOTAVAIL:
        return _cannot_listen(f"{host} is not an address of this machine: "
                              "use --host 127.0.0.1 (this machine only) or 0.0.0.0 (every network)",
                              f"{host} 不是本机的地址：请用 --host 127.0.0.1（只供本机）或 0.0.0.0（所有网络）")
    if exc.errno == errno.EACCES:
        return _cannot_listen(f"not allowed to listen on port {port}: "
                              "ports below 1024 need administrator rights; choose another --port",
                              f"无权在端口 {port} 上监听：1024 以下的端口需要管理员权限；请换一个 --port")
    return _cannot_listen(f"cannot listen on {host} port {port}: {exc.strerror or exc}",
                          f"无法在 {host} 的端口 {port} 上监听：{exc.strerror or exc}")


def _cannot_listen(en: str, zh: str) -> LedgerRefusal:
    return LedgerRefusal("cannot_listen", en, zh=zh)


def probe_option(system: str = os.name) -> str:
    """The socket option the port check binds with. On POSIX SO_REUSEADDR, as uvicorn: a port a stopped ledger left
    in TIME_WAIT counts as free. Windows lets a socket with SO_REUSEADDR bind a port another program listens on, so
    that the check never found one in use: there SO_EXCLUSIVEADDRUSE, with which any other socket on it fails it."""
    return "SO_EXCLUSIVEADDRUSE" if system == "nt" else "SO_REUSEADDR"


def check_listening(host: str, port: int) -> None:
    """Bind the address once and let it go: a port in use or a wrong host is one line here, not uvicorn's log."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise _cannot_listen(f"cannot listen on {host}: no such host name or address "
                             "(use --host 127.0.0.1 for this machine only)",
                             f"无法在 {host} 上监听：没有这个主机名或地址（只供本机使用请用 --host 127.0.0.1）") from None
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, getattr(socket, probe_option()), 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise bind_problem(host, port, exc) from None


def plain_http_warning(host: str, port: int) -> str | None:
    """A line for `serve` on an address other computers can reach: it answers plain HTTP, with no encryption."""
    from sync.client import on_this_computer  # the till's own test of a ledger address: one answer for both

    if on_this_computer(host.strip("[]")):  # any other host name resolves to who knows which network
        return None
    return say(f"warning: other computers can reach the ledger on {host} port {port} over plain HTTP, without "
               "encryption: put it behind TLS (a reverse proxy, installer/README.md step 5), or on a one-PC shop keep "
               "the default --host 127.0.0.1",
               f"警告：其他电脑可以通过未加密的 HTTP 访问 {host} 端口 {port} 上的总账：请在它前面加 TLS"
               "（反向代理，见 installer/README.md 第 5 步）；只有一台电脑的门店请保留默认的 --host 127.0.0.1")
