"""The store's log, `jifen.log` in the store folder: made the same way for the command line, the daily backup
process and the app, so that all three write one file, rotated alike."""

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from terminal.home import Home, user_temp_file

log = logging.getLogger("jifen")
MAX_BYTES = 1_000_000
KEPT = 3  # jifen.log.1 … jifen.log.3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class QuietLog(RotatingFileHandler):
    """A log file that cannot be written is given up on quietly: never a traceback on the console."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True


def temp_log() -> Path:
    """Where the log goes when the store folder cannot take it (none yet, or read-only): this user's file in the
    temp folder, so that "details are in …" never names another user's failures."""
    return user_temp_file("jifen-error")


def can_write(path: Path) -> bool:
    """A name too long for the file system (a long --home) is a folder that cannot be written, not a traceback."""
    try:
        return os.access(path, os.W_OK) if path.exists() else path.parent.is_dir() and os.access(path.parent, os.W_OK)
    except OSError:
        return False


def log_to(home: Home) -> Path | None:
    """Log to the store folder, else (no store folder yet, or a read-only one) to the temp folder; never to the
    console. Replaces where the log went before. None: nowhere can be written."""
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    log.propagate = False
    path = next((p for p in (home.log, temp_log()) if can_write(p)), None)
    if path is None:
        log.addHandler(logging.NullHandler())  # else Python's last resort prints to the console
        return None
    handler = QuietLog(path, maxBytes=MAX_BYTES, backupCount=KEPT, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    log.addHandler(handler)
    return path


def written_to() -> Path | None:
    """The file the log is written to, or None when it is written nowhere (not set up, nothing writable, or a
    write failed)."""
    files = [h for h in log.handlers if isinstance(h, QuietLog)]
    if not files or any(h.failed for h in files):
        return None
    return Path(files[0].baseFilename)
