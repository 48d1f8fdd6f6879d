"""`jifen-ledger serve --workers N`: one server process per core, all on one ledger database."""

import random
from pathlib import Path

import pytest

from ledger import db as ledger_db
from tests.helpers.ledger import open_ledger
from tests.helpers.ledger_process import LedgerProcess
from tests.helpers.sync_lanes import (
    LEDGER_DAY,
    check_end_state,
    close_lanes,
    finish,
    open_lanes,
    register,
    sell,
)

pytestmark = pytest.mark.usefixtures("ledger_day")


def test_two_server_processes_take_two_terminals_batches(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = ledger_db.open_engine(url)
    ledger = open_ledger(engine)
    ledger.merchant("m1")
    rng, phones = random.Random(7), set[str]()
    with LedgerProcess(url, tmp_path / "ledger.log", {"JIFEN_NOW": LEDGER_DAY}, workers=2) as server:
        lanes = open_lanes(ledger, tmp_path, server.url, 2)
        for lane in lanes:
            for _ in range(3):
                register(lane, rng, phones)
            for _ in range(20):
                sell(lane, rng)
        finish(lanes, "two workers")
        check_end_state(ledger, lanes, "two workers")  # every journal entry held as sent, every balance the same
        close_lanes(lanes)
    assert server.log_tail(200).count("Application startup complete") == 2
    engine.dispose()
