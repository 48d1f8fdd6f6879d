"""Tills of merchant m1 made and connected to a ledger with the command line, as a shop's owner does it."""

from pathlib import Path

import pytest

from ledger import db as ledger_db
from tests.helpers.cli import Jifen
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve

BOSS_PIN = "8888"


def new_till(root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
             store: str = "静安店", terminal: str = "T2") -> Jifen:
    """A till of merchant m1 made with `jifen init` in ``root``, its owner boss (PIN 8888)."""
    till = Jifen(root, monkeypatch, capsys)
    assert till("init", "--store", store, "--terminal", terminal, "--merchant", "m1", "--owner", "boss",
                env={"JIFEN_NEW_PIN": BOSS_PIN}).status == 0
    return till


def connect(ledger: Ledger, url: str, till: Jifen, terminal: str, store: str = "静安店") -> None:
    """`jifen ledger connect` with a fresh token for ``terminal``, by its owner boss."""
    token = ledger.terminal("m1", store, terminal)
    till.ok("ledger", "connect", url, by="boss", env={"JIFEN_LEDGER_TOKEN": token})


def link(ledger: Ledger, url: str, *tills: tuple[Jifen, str]) -> None:
    """Connect each till of the store 静安店, then sync them all twice: the second round brings each the others'
    keys and members."""
    for till, terminal in tills:
        connect(ledger, url, till, terminal)
    for till, _ in (*tills, *tills):
        till.ok("sync")


def connect_to_a_ledger_since_gone(till: Jifen, folder: Path) -> str:
    """The store (m1 / 静安店 / T1) connected to a ledger in ``folder`` served over TCP, which has since stopped: its
    address, where nothing listens now."""
    engine = ledger_db.open_engine(f"sqlite:///{folder / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    with serve(engine) as url:
        connect(ledger, url, till, "T1")
    engine.dispose()
    return url
