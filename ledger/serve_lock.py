"""Who is using a SQLite ledger file: `serve` holds an OS lock on a small file beside it (ledger.db.serving) for as
long as it runs, and `migrate` may change the file only when it can lock it for itself. The operating system lets
the lock go when the process ends, however it ends (Ctrl-C, a kill, a power cut), so no stale lock is left behind.

On POSIX each `serve` holds a shared lock (two may serve one file) and `migrate` an exclusive one. `serve --workers N`
takes it in its parent process only: the workers are spawned, and the lock's descriptor is not inherited. Windows'
msvcrt has exclusive locks only: there one `serve` at a time holds it. The file says which command holds it and its
process id, to name it in the refusal."""

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
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # not inherited: serve's workers do not hold it
    try:
        if not _lock(fd, shared):
            yield _holder(path)
            return
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{role} {os.getpid()}\n".encode("ascii"))
        yield None
    finally:
        os.close(fd)  # lets the lock go


def _lock(fd: int, shared: bool) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt
            os.lseek(fd, _WINDOWS_LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


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
