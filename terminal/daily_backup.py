"""Today's backup for the command line, made by a process of its own: on a big store the copy and its check take
half a minute, and a cashier (or a script over SSH) waiting that long after a sale that is already saved may ring it
up again. The command starts it and returns; what went wrong is logged and said by the next command.

``python -m terminal.daily_backup HOME YYYY-MM-DD [anew]`` is that process (``anew``: after the day was closed). With JIFEN_BACKUP_WAIT=1 the command makes the
backup itself and returns once it is made (a script that copies the day's backup off after its first write)."""

import json
import logging
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from terminal.backup import BackupProblem, back_up_for_the_day, daily_path
from terminal.bootstrap import PRIVATE_FOLDER
from terminal.config import load_settings
from terminal.errors import Refused
from terminal.files import make_folder
from terminal.home import Home
from terminal.logfile import log_to

log = logging.getLogger("jifen")

WAIT = "JIFEN_BACKUP_WAIT"
BUNDLED_FLAG = "--daily-backup-process"


def problem_file(home: Home) -> Path:
    """Where the backup process leaves why it made no backup, for the next command to say."""
    return home.root / "daily-backup-skipped.json"


def after_write(home: Home, today: date, anew: bool = False) -> list[BackupProblem]:
    """After a write: what an earlier backup process could not do, and today's backup started (or, with
    JIFEN_BACKUP_WAIT, made; ``anew``: made again, after the day was closed); the problems to say, each once."""
    said = [found for found in (earlier(home), _today(home, today, anew)) if found is not None]
    return [found for i, found in enumerate(said) if found.message not in (p.message for p in said[:i])]


def earlier(home: Home) -> BackupProblem | None:
    """What the last backup process could not do, said once: None when it made its backup, or it was said."""
    path = problem_file(home)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        path.unlink()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("the daily backup's problem could not be read from %s: %s", path, exc)
        return None
    return BackupProblem(str(found.get("message")), bool(found.get("damaged")))


def _today(home: Home, today: date, anew: bool) -> BackupProblem | None:
    if os.environ.get(WAIT):
        return back_up_for_the_day(home, today, anew)
    try:
        if not load_settings(home.config).backup.daily or (daily_path(home.backups, today).exists() and not anew):
            return None
        make_folder(home.backups, PRIVATE_FOLDER)
        _detached(backup_process(home, today, anew))
    except Refused as exc:
        log.warning("daily backup skipped: %s", exc)
        return BackupProblem(exc.message)
    except OSError as exc:
        log.warning("daily backup skipped: %s", exc)
        return BackupProblem(str(exc))
    return None


def backup_process(home: Home, today: date, anew: bool = False) -> list[str]:
    """The backup process's command line. The installed program is a PyInstaller bundle, whose executable takes no
    ``-m``: it runs the backup when started with BUNDLED_FLAG first (installer/launch.py)."""
    words = [str(home.root), today.isoformat(), *(["anew"] if anew else [])]
    if getattr(sys, "frozen", False):
        return [sys.executable, BUNDLED_FLAG, *words]
    return [sys.executable, "-m", "terminal.daily_backup", *words]


def _detached(argv: list[str]) -> None:
    """Start ``argv`` on its own: no console, no pipe of this command's (whose reader would wait for it), and out of
    its session, so closing the terminal or the SSH connection does not stop it."""
    if sys.platform == "win32":
        how = {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
    else:
        how = {"start_new_session": True}
    subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     close_fds=True, **how)  # type: ignore[call-overload]


def run(home: Home, today: date, anew: bool = False) -> BackupProblem | None:
    """Make today's backup (another process making it at the same time makes it alone), and leave what went wrong
    for the next command; a problem said earlier and since put right is forgotten."""
    try:
        problem = back_up_for_the_day(home, today, anew)
    except Exception as exc:  # noqa: BLE001 - no console to say it on: the log and the next command
        log.exception("daily backup failed")
        problem = BackupProblem(f"{type(exc).__name__}: {exc}")
    path = problem_file(home)
    try:
        if problem is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(json.dumps({"day": today.isoformat(), "message": problem.message,
                                        "damaged": problem.damaged}, ensure_ascii=False), encoding="utf-8")
    except OSError as exc:
        log.warning("the daily backup's problem could not be left in %s: %s", path, exc)
    return problem


def main(argv: list[str]) -> int:
    home, today = Home(Path(argv[0])), date.fromisoformat(argv[1])
    log_to(home)
    return 0 if run(home, today, anew=argv[2:] == ["anew"]) is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
