"""The bundled program's entry point: one executable for `jifen` and `jifen-ledger`.

Installed, the same executable runs under several names: `jifen` (the terminal and its app),
`jifen-ledger` (the central ledger) and, on Windows, `jifenw` (the app without a console, for the
shortcuts). Before the terminal opens its store after an upgrade, the store is backed up, so the
migrations the new version runs can always be undone: `<home>/backups/before-<new>-from-<old>.db`.
On Windows the installed app keeps its store in %PROGRAMDATA%\\jifen, shared by every account on
the counter PC, unless --home or $JIFEN_HOME says otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from terminal.home import Home

VERSION_FILE = "jifen-version.txt"
STAMP = "app-version"  # in the store's home: the version that last opened it
NO_STORE_ARGS = {"--version", "-h", "--help"}
DAILY_BACKUP = "--daily-backup-process"  # terminal.daily_backup.BUNDLED_FLAG: the bundle's way to its backup process


def bundled_version() -> str:
    here = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))
    try:
        return (here / VERSION_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        from terminal.version import installed_version

        return installed_version()


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


def back_up_after_upgrade(home: Home, current: str) -> Path | None:
    """Copy the store aside when a different version opened it last (or none said which)."""
    from terminal.backup import backup_to, unused_name

    stamp = home.root / STAMP
    if not home.db.is_file():
        return None
    try:
        previous = stamp.read_text(encoding="utf-8").strip()
    except OSError:
        previous = ""
    if previous == current:
        return None
    safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in f"before-{current}-from-{previous or 'unknown'}")
    copy = backup_to(home.db, unused_name(home.backups, safe))
    stamp.write_text(current + "\n", encoding="utf-8")
    return copy


def stamp_new_store(home: Home, current: str) -> None:
    """A store this run created (jifen init, the first-run wizard) belongs to this version."""
    stamp = home.root / STAMP
    if home.db.is_file() and not stamp.exists():
        try:
            stamp.write_text(current + "\n", encoding="utf-8")
        except OSError:
            pass


def run_terminal(argv: list[str], mode: str) -> int:
    from terminal.home import Home

    current = bundled_version()
    touches_store = not (set(argv) & NO_STORE_ARGS)
    home = Home.resolve(home_argument(argv))
    if touches_store:
        try:
            made = back_up_after_upgrade(home, current)
        except Exception as exc:  # noqa: BLE001  (the store stays as it was: no migration runs without its backup)
            print(f"jifen: could not back up {home.db} before upgrading it to {current}: {exc}\n"
                  f"jifen：升级前无法备份 {home.db}：{exc}", file=sys.stderr)
            return 1
        if made is not None and mode == "terminal":
            print(f"jifen {current}: backed up the store to {made} before upgrading it", file=sys.stderr)
    from ui.entry import main as jifen_main

    try:
        return jifen_main(argv)
    finally:
        if touches_store:
            stamp_new_store(home, current)


def main() -> int:
    mode = program(sys.argv[0])
    argv = sys.argv[1:]
    if argv == ["--version"]:
        print(f"{'jifen-ledger' if mode == 'ledger' else 'jifen'} {bundled_version()}")
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
