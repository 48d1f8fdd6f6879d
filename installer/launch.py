"""The bundled program's entry point: one executable for `jifen` and `jifen-ledger`.

Installed, the same executable runs under several names: `jifen` (the terminal and its app),
`jifen-ledger` (the central ledger) and, on Windows, `jifenw` (the app without a console, for the
shortcuts). The store is stamped with the version that opened it, so that when a later version
migrates it, the backup the terminal makes first (terminal.bootstrap, whichever way jifen was
upgraded) is named after both: `<home>/backups/before-<new>-from-<old>.db`.
On Windows the installed app keeps its store in %PROGRAMDATA%\\jifen, shared by every account on
the counter PC, unless --home or $JIFEN_HOME says otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.version import running_version

if TYPE_CHECKING:
    from terminal.home import Home

NO_STORE_ARGS = {"--version", "-h", "--help"}
DAILY_BACKUP = "--daily-backup-process"  # terminal.daily_backup.BUNDLED_FLAG: the bundle's way to its backup process


def program(argv0: str) -> str:
    name = Path(argv0).name.lower()
    for suffix in (".exe", ".py"):
        name = name.removesuffix(suffix)
    if name.startswith("jifen-ledger"):
        return "ledger"
    return "app" if name == "jifenw" else "terminal"


def home_argument(argv: list[str]) -> str | None:
    """--home DIR or --home=DIR, wherever it stands (the command line accepts it anywhere)."""
    for i, arg in enumerate(argv):
        if arg == "--home" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--home="):
            return arg.split("=", 1)[1]
    return None


def use_shared_store_on_windows() -> None:
    if sys.platform == "win32" and getattr(sys, "frozen", False) and not os.environ.get("JIFEN_HOME"):
        program_data = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        os.environ["JIFEN_HOME"] = str(Path(program_data) / "jifen")


def stamp_store(home: Home, current: str) -> None:
    """The store this run opened or created belongs to this version from now on; not one it left at an older schema
    (its backup failed), whose next backup is still named after the version that last opened it."""
    from terminal.backup import last_version, stamp_version

    if home.db.is_file() and last_version(home) != current and _at_head(home.db):
        try:
            stamp_version(home, current)
        except OSError:
            pass


def _at_head(db_file: Path) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    from terminal import db

    engine = db.open_engine(db_file, read_only=True)
    try:
        return db.schema_version(engine) == db.SCHEMA_HEAD
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()


def run_terminal(argv: list[str], mode: str) -> int:
    from terminal.home import Home

    current = running_version()
    touches_store = not (set(argv) & NO_STORE_ARGS)
    home = Home.resolve(home_argument(argv))
    from ui.entry import main as jifen_main

    try:
        return jifen_main(argv)
    finally:
        if touches_store:
            stamp_store(home, current)


def main() -> int:
    mode = program(sys.argv[0])
    argv = sys.argv[1:]
    if argv == ["--version"]:
        print(f"{'jifen-ledger' if mode == 'ledger' else 'jifen'} {running_version()}")
        return 0
    if argv[:1] == [DAILY_BACKUP]:
        from terminal.daily_backup import main as daily_backup_main

        return daily_backup_main(argv[1:])
    if mode == "ledger":
        from ledger.cli import main as ledger_main

        return ledger_main(argv)
    use_shared_store_on_windows()
    return run_terminal(argv, mode)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # `jifen-ledger serve --workers N` starts its workers from this executable
    sys.exit(main())
