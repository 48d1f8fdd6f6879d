import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger import db
from sync.client import LedgerClient
from sync.relay import Syncer
from sync.link_files import save_token
from terminal import ledger_link
from terminal.bootstrap import Till, init_store
from terminal.home import Home
from tests.helpers.ledger import Ledger, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.store import OWNER, OWNER_PIN, at
from tests.helpers.sync_lanes import LEDGER_DAY

# The run's one seed (tests/conftest.py) drives every random choice of the fault tests (each derives its
# own generator from it), so a failure replays with JIFEN_FAULT_SEED=<seed> and the test's id.
SEED = int(os.environ["JIFEN_FAULT_SEED"])


def replay(where: str) -> str:
    return f"seed {SEED} {where} (replay with JIFEN_FAULT_SEED={SEED})"


@pytest.fixture
def ledger_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ledger dates its snapshots by the terminals' clock (lots expire by the same calendar)."""
    monkeypatch.setenv("JIFEN_NOW", LEDGER_DAY)


@dataclass
class Network:
    ledger: Ledger
    url: str
    root: Path

    def store(self, terminal_id: str, name: str = "静安店", merchant: str = "m1", when: str = "2026-03-01 10:00") -> Till:
        return init_store(Home(self.root / terminal_id), store=name, terminal_id=terminal_id, merchant=merchant,
                          timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at(when))

    def connect(self, till: Till, token: str, url: str | None = None) -> Syncer:
        with till.uow() as uow:
            ledger_link.connect(uow.session, url or self.url)
            uow.commit()
        save_token(till, token)
        return Syncer(till, LedgerClient(url or self.url, token))


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    """A ledger on a SQLite file, served over TCP, with merchant m1; stores are made under tmp_path."""
    engine = db.open_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    with serve(engine) as url:
        yield Network(ledger, url, tmp_path)
    engine.dispose()


