"""How the ledger's database is named: the URLs --db takes, $JIFEN_LEDGER_DB and the default file. No database
driver is loaded here, so that `jifen-ledger --help` and `--version` load none."""

import os
import sys
from collections.abc import Mapping
from pathlib import PurePath, PureWindowsPath

from terminal.home import default_home

DB_VARIABLE = "JIFEN_LEDGER_DB"
ACCEPTED_URLS = "sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB"


def default_folder(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> PurePath:
    """Where the default ledger and its error log live. Windows: %PROGRAMDATA%\\jifen-ledger, beside the till's
    store (%PROGRAMDATA%\\jifen), so that the owner's and the cashier's accounts on the counter PC see one ledger;
    elsewhere beside the user's data folder."""
    if platform == "win32":
        given = environ.get("PROGRAMDATA", "")
        program_data = PureWindowsPath(given) if PureWindowsPath(given).is_absolute() else PureWindowsPath(r"C:\ProgramData")
        return program_data / "jifen-ledger"
    return default_home().parent / "jifen-ledger"


def default_url(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(DB_VARIABLE) or f"sqlite:///{default_folder(platform, environ) / 'ledger.db'}"
