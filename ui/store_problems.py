"""What the app says about a store it cannot use: its disk is full, its folder is read-only or another user's, its file
is damaged. In the command line's words (terminal.bootstrap, terminal/cli/main.py), so that both say the same."""

from pathlib import Path

from terminal.bootstrap import full_disk, store_refusal
from terminal.errors import Refused
from terminal.home import Home


def disk_full(folder: Path) -> Refused:
    return Refused("disk_full", f"the disk holding {folder} is full (no space left): free some space and try again; "
                   "nothing was recorded", f"{folder} 所在的磁盘已满（没有剩余空间）：请清理出空间后重试；未记录任何内容")


def database_problem(home: Home, problem: BaseException) -> Refused | None:
    """What to tell the user about an SQLite error that comes from the store's disk or file, if it does."""
    full = full_disk(problem, home.root)
    return disk_full(full) if full is not None else store_refusal(home, problem)
