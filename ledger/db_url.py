"""How the ledger's database is named: the URLs --db takes, $JIFEN_LEDGER_DB and the default file. No database
driver is loaded here, so that `jifen-ledger --help` and `--version` load none."""

import os

from terminal.home import default_home

DB_VARIABLE = "JIFEN_LEDGER_DB"
ACCEPTED_URLS = "sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB"


def default_url() -> str:
    return os.environ.get(DB_VARIABLE) or f"sqlite:///{default_home().parent / 'jifen-ledger' / 'ledger.db'}"
