"""Disks and permissions as the tests make them for real: a small tmpfs (mounting one needs root on Linux), filled to
the last byte; and, as root, running a command without the capabilities that bypass permission bits (capsh). What
cannot be made here skips the test."""

import errno
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# The capabilities that let root ignore permission bits: dropped, root is refused as another user would be.
BYPASS = "cap_dac_override,cap_dac_read_search,cap_fowner,cap_chown,cap_linux_immutable"


def capsh() -> str:
    """The path of capsh, once it has been seen to drop ``BYPASS`` here; else the test is skipped."""
    found = shutil.which("capsh")
    if found is None:
        pytest.skip("capsh is not installed: as root, permission bits cannot be tested without dropping the "
                    "capabilities that bypass them")
    tried = subprocess.run([found, f"--drop={BYPASS}", "--", "-c", "exit 0"], capture_output=True, check=False)
    if tried.returncode != 0:
        pytest.skip(f"capsh cannot drop capabilities here: {tried.stderr.decode().strip()}")
    return found


@contextmanager
def small_tmpfs(folder: Path, size: str, *, read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of ``size`` (as mount takes it: "4m") mounted at ``folder``, made if need be; read-only, as a locked
    USB stick, if asked. Unmounted lazily afterwards (the log of a failed command may still be open on it). Skips
    the test where it cannot be mounted (needs root on Linux)."""
    folder.mkdir(exist_ok=True)
    options = f"ro,size={size}" if read_only else f"size={size}"
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                             check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root on Linux): {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Fill ``disk`` to the last byte; the file that does it, to delete for room again."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as full:
        assert full.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def run_bound_by_permissions(argv: list[str], env: dict[str, str],
                             timeout: int = 60) -> subprocess.CompletedProcess[str]:
    """``argv`` in a process of its own, subject to permission bits even as root (which bypasses them: capsh drops
    the capabilities that do)."""
    if os.geteuid() == 0:
        argv = [capsh(), f"--drop={BYPASS}", "--", "-c", shlex.join(argv)]
    return subprocess.run(argv, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False)
