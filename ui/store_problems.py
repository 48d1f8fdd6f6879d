"""What the app says about a store it cannot use: its disk is full, its folder is read-only or another user's, its file
is damaged. In the command line's words (terminal.bootstrap, terminal/cli/main.py), so that both say the same."""

from pathlib import Path

from terminal.bootstrap import disk_full, full_disk, no_permission, store_refusal, unreadable
from terminal.errors import Refused
from terminal.home import Home


def database_problem(home: Home, problem: BaseException) -> Refused | None:
    """What to tell the user about an SQLite error that comes from the store's disk or file, if it does."""
    full = full_disk(problem, home.root)
    return disk_full(full) if full is not None else store_refusal(home, problem)


def store_problem(home: Home, problem: BaseException) -> Refused | None:
    """What to tell the user about a failure to open the store in ``home``; None for one that is not about the store.
    A permission denied is said as such, also where a refusal only reports the file it could not read."""
    denied = _denied(problem)
    if denied is not None:
        return unreadable(home) or no_permission(home, Path(denied.filename) if denied.filename else home.root)
    if isinstance(problem, Refused):
        return problem
    return database_problem(home, problem)


def _denied(problem: BaseException) -> PermissionError | None:
    seen: BaseException | None = problem
    while seen is not None:
        if isinstance(seen, PermissionError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
