"""Who is using a SQLite ledger file: `serve` holds an OS lock on a small file beside it (ledger.db.serving) for as
long as it runs, and `migrate` may change the file only when it can lock it for itself. The operating system lets
the lock go when the process holding it ends, however it ends (Ctrl-C, a kill, a power cut), so no stale lock is left
behind; the file itself stays, harmless.

On POSIX each `serve` holds a shared lock (two may serve one file) and `migrate` an exclusive one. `serve --workers N`
takes it in its parent process only: the workers are spawned, and the lock's descriptor is not inherited. A parent
killed with SIGKILL cannot stop its workers, which may go on serving the file after its lock has gone, so migrate
would not see them: stop the service rather than kill its parent. Windows' msvcrt has exclusive locks only: there one
`serve` at a time holds it. The file says which command holds it and its process id, to name it in the refusal; it is
readable by all (0644), so that a `serve` run as another user than the `migrate` (root) that made it can still lock it
through a read-only descriptor."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ledger.refusal import LedgerRefusal

# Windows locks byte ranges, and a locked byte cannot be read: lock one past the holder's line.
_WINDOWS_LOCKED_BYTE = 4096


def lock_file(database: Path) -> Path:
    return database.with_name(database.name + ".serving")


@contextmanager
def serving(database: Path) -> Iterator[None]:
    """Held while `serve` runs on ``database``; refused while `migrate` changes it."""
    with _held(database, "serve", shared=True) as holder:
        if holder is not None:
            raise _serve_refused(database, holder)
        yield


@contextmanager
def migrating(database: Path) -> Iterator[None]:
    """Held while `migrate` changes ``database``; refused while a `serve` (or another `migrate`) has it."""
    with _held(database, "migrate", shared=False) as holder:
        if holder is not None:
            raise _migrate_refused(database, holder)
        yield


@contextmanager
def _held(database: Path, role: str, shared: bool) -> Iterator[str | None]:
    """Lock the file beside ``database`` for ``role``: yields None when this process holds it, else what the file
    says of its holder ("serve 1234", or "" when it says nothing)."""
    path = lock_file(database)
    fd, writable = _opened(path)
    try:
        if not _lock(fd, shared):
            yield _holder(path)
            return
        try:
            if writable:
                os.lseek(fd, 0, os.SEEK_SET)
                os.ftruncate(fd, 0)
                os.write(fd, f"{role} {os.getpid()}\n".encode("ascii"))
            yield None
        finally:
            if writable and not shared:  # a serve that cannot write its line must not be named by migrate's stale one
                os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


def _opened(path: Path) -> tuple[int, bool]:
    """A descriptor on the lock file (not inherited: serve's workers do not hold it), and whether it may be written.
    One made by another user (root's migrate) is only read: a lock needs no more, the holder's line is left out."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:
        return os.open(path, os.O_RDONLY), False
    if sys.platform != "win32" and os.fstat(fd).st_uid == os.geteuid():
        os.fchmod(fd, 0o644)  # whatever the umask, or an older jifen-ledger's 0600: the service's user reads it
    return fd, True


def _lock(fd: int, shared: bool) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt
            os.lseek(fd, _WINDOWS_LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    """Windows lets a region locked at close go only after a delay, so a `serve` started right after `migrate`
    could be refused: unlock it first, as Microsoft asks."""
    if sys.platform == "win32":
        import msvcrt
        os.lseek(fd, _WINDOWS_LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


def _pid(holder: str) -> str:
    """The process id the lock file names, or "" when it names none."""
    pid = holder.partition(" ")[2]
    return pid if pid.isdigit() else ""


def _by_en(holder: str) -> str:
    return f", pid {_pid(holder)}" if _pid(holder) else ""


def _by_zh(holder: str) -> str:
    return f"（进程 {_pid(holder)}）" if _pid(holder) else ""


def _migrate_refused(database: Path, holder: str) -> LedgerRefusal:
    if holder.startswith("migrate"):
        return LedgerRefusal(
            "busy", f"{database} is being migrated by another jifen-ledger migrate{_by_en(holder)}: wait until it has "
                    "finished; nothing was changed",
            zh=f"{database} 正由另一个 jifen-ledger migrate{_by_zh(holder)}升级：请等它完成；未做任何更改")
    return LedgerRefusal(
        "busy", f"the ledger {database} is being served (jifen-ledger serve{_by_en(holder)}): stop jifen-ledger serve "
                "first, then migrate again; nothing was changed",
        zh=f"总账 {database} 正由 jifen-ledger serve{_by_zh(holder)}使用：请先停止 jifen-ledger serve，再运行 migrate；"
           "未做任何更改")


def _serve_refused(database: Path, holder: str) -> LedgerRefusal:
    if holder.startswith("serve"):  # Windows: one serve at a time
        return LedgerRefusal(
            "busy", f"the ledger {database} is already served (jifen-ledger serve{_by_en(holder)}): stop that one "
                    "first, or use it",
            zh=f"总账 {database} 已由 jifen-ledger serve{_by_zh(holder)}运行：请先停止它，或直接使用它")
    return LedgerRefusal(
        "busy", f"the ledger {database} is being migrated (jifen-ledger migrate{_by_en(holder)}): start "
                "jifen-ledger serve again when it has finished",
        zh=f"总账 {database} 正由 jifen-ledger migrate{_by_zh(holder)}升级：请等它完成后再启动 jifen-ledger serve")
