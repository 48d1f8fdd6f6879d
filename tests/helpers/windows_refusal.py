"""What Windows answers where Linux lets a file be: these machines are Linux, so a test of how jifen takes Windows'
refusal gives it, as Windows raises it (PermissionError, errno 13, with its winerror), at the OS calls that touch the
files named, and nowhere else."""

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

SHARING_VIOLATION = 32  # another program has the file open (the app keeps its store and log open all day)
ACCESS_DENIED = 5  # Excel and WPS lock the file they show
_WORDS = {SHARING_VIOLATION: "The process cannot access the file because it is being used by another process",
          ACCESS_DENIED: "Access is denied"}


def windows_refuses(monkeypatch: pytest.MonkeyPatch, calls: Iterable[str], files: Iterable[Path],
                    winerror: int = SHARING_VIOLATION) -> None:
    """``calls`` of ``os`` (unlink, remove, rename, replace) refuse any of ``files``, in either place."""
    refused = {Path(file) for file in files}
    for name in calls:
        monkeypatch.setattr(os, name, _refusing(refused, winerror, getattr(os, name)))


def _refusing(files: set[Path], winerror: int, call: Callable[..., Any]) -> Callable[..., Any]:
    def refusal(*paths: Any, **more: Any) -> Any:
        if any(Path(os.fsdecode(path)) in files for path in paths):
            names = [os.fsdecode(path) for path in paths]
            raise PermissionError(13, _WORDS[winerror], names[0], winerror, *names[1:])
        return call(*paths, **more)

    return refusal
