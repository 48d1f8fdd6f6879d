"""Files written whole or not at all; folders every account of the computer can use."""

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, new: bool = False) -> None:
    """Write the whole file or nothing: a half-written export or setting never replaces a good one. ``new``: the
    name is claimed first, so a file made there meanwhile is never written over (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if new:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        try:
            write_atomically(path, data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_folder(folder: Path, mode: int, system: str = os.name) -> None:
    """Make ``folder`` and its parents if missing, with ``mode`` on POSIX. On Windows ("nt") it takes its parent's
    permissions: there Python (3.11.10, 3.12.4 on) turns a mode into an owner-only folder (CVE-2024-4030), and the
    first account to make backups\\ (often the administrator's, the installer starting jifen) would lock every other
    cashier's account out of it."""
    if system == "nt":
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder.mkdir(parents=True, exist_ok=True, mode=mode)
