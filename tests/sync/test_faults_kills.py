"""SIGKILL of the sync client (a process of its own) and of the ledger (`jifen-ledger serve`) at
random points of a sync: the ledger always holds a prefix of the journal, the terminal never
believes it holds more, and syncing afterwards ends with the two the same, entry by entry."""

import random
import signal
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from ledger import db as ledger_db
from terminal import ledger_link
from terminal.journal import verify
from tests.helpers.ledger import Ledger, journal_of, open_ledger
from tests.helpers.ledger_process import LedgerProcess
from tests.helpers.sync_lanes import (LEDGER_DAY, Lane, check_end_state, close_lanes, finish, first_difference,
                                      ledger_entries, open_lanes, refund, register, scratch_dir, sell)
from tests.helpers.sync_worker import SyncWorker
from tests.sync.conftest import SEED, replay

pytestmark = pytest.mark.usefixtures("ledger_day")
CLIENT_KILLS = 8
LEDGER_KILLS = 6


@dataclass
class KillSite:
    """A ledger on SQLite served by `jifen-ledger serve` in its own process, and one terminal."""

    ledger: Ledger
    server: LedgerProcess
    lane: Lane


@pytest.fixture
def kill_site() -> Iterator[KillSite]:
    with scratch_dir("jifen-kills-") as root:
        engine = ledger_db.open_engine(f"sqlite:///{root / 'ledger.db'}")
        ledger = open_ledger(engine)
        ledger.merchant("m1")
        server = LedgerProcess(f"sqlite:///{root / 'ledger.db'}", root / "ledger.log", {"JIFEN_NOW": LEDGER_DAY})
        with server:
            lane = open_lanes(ledger, root, server.url, 1)[0]
            yield KillSite(ledger, server, lane)
            close_lanes([lane])
        engine.dispose()


def add_work(lane: Lane, rng: random.Random, sales: int, phones: set[str]) -> None:
    for _ in range(sales):
        pick = rng.random()
        if pick < 0.1:
            register(lane, rng, phones)
        elif pick < 0.2:
            refund(lane, rng)
        else:
            sell(lane, rng)


def check_ledger_holds_a_prefix(site: KillSite, where: str) -> str:
    """After a kill: the ledger holds exactly the journal's first entries, and the terminal believes
    no more than that. Says whether the kill left part of the backlog unsent."""
    ours = [entry.model_dump() for entry in journal_of(site.lane.till)]
    theirs, last_seq, _ = ledger_entries(site.ledger, "m1", site.lane.name)
    assert theirs == ours[:len(theirs)] and last_seq == len(theirs), \
        f"{where}: the ledger does not hold a prefix of the journal: {first_difference(ours, theirs)}"
    with site.lane.till.reading() as uow:
        acked = ledger_link.the_link(uow.session).acked_seq
        assert verify(uow.session).ok, f"{where}: the terminal's chain is broken"
    assert acked <= last_seq, f"{where}: the terminal believes the ledger holds {acked}, it holds {last_seq}"
    return "with entries left to send" if last_seq < len(ours) else "with everything sent"


@pytest.mark.slow
def test_the_sync_client_killed_at_random_points_of_a_sync(kill_site: KillSite) -> None:
    rng, selling = random.Random(f"{SEED}-client-kills"), random.Random(f"{SEED}-client-kills-sales")
    lane, phones, moments = kill_site.lane, set[str](), Counter[str]()
    add_work(lane, rng, 5, phones)
    for kill in range(1, CLIENT_KILLS + 1):
        where = replay(f"client kill {kill}/{CLIENT_KILLS}")
        add_work(lane, rng, rng.randint(20, 80), phones)  # a backlog for the worker to drain
        worker = SyncWorker(lane.till.home.root, rng.randint(5, 60))
        if rng.random() < 0.2:
            when = "during start-up"
            time.sleep(rng.uniform(0, 0.8))
        else:
            when = "mid-sync"
            assert worker.wait_for("batch"), f"{where}: the worker sent nothing: {worker.kill()[1]}"
            deadline = time.monotonic() + rng.uniform(0, 0.3)
            while time.monotonic() < deadline:  # the counter keeps selling while the worker syncs
                add_work(lane, selling, 1, phones)
        code, errors = worker.kill()
        assert code == -signal.SIGKILL, f"{where}: the worker ended by itself ({code}): {errors}"
        moments[f"{when}, {check_ledger_holds_a_prefix(kill_site, where)}"] += 1
    print(f"seed {SEED}: {CLIENT_KILLS} kills of the sync client: {dict(moments)}")
    finish([lane], replay("after the client kills"))
    check_end_state(kill_site.ledger, [lane], replay("after the client kills"))


@pytest.mark.slow
def test_the_ledger_killed_at_random_points_of_a_sync(kill_site: KillSite) -> None:
    rng = random.Random(f"{SEED}-ledger-kills")
    lane, phones, server, moments = kill_site.lane, set[str](), kill_site.server, Counter[str]()
    worker = SyncWorker(lane.till.home.root, 25)
    try:
        server.stop()
        for kill in range(1, LEDGER_KILLS + 1):
            where = replay(f"ledger kill {kill}/{LEDGER_KILLS}")
            add_work(lane, rng, rng.randint(20, 80), phones)  # sold while the ledger is away
            seen = len(worker.lines)
            server.start()
            if rng.random() < 0.8:
                when = "mid-sync"
                assert worker.wait_for("batch", seen), f"{where}: the worker sent nothing: {worker.lines[-5:]}"
                time.sleep(rng.uniform(0, 0.1))
            else:
                when = "any time"
                time.sleep(rng.uniform(0, 0.5))
            assert server.kill() == -signal.SIGKILL, f"{where}: the ledger ended by itself:\n{server.log_tail()}"
            moments[f"{when}, {check_ledger_holds_a_prefix(kill_site, where)}"] += 1
        seen = len(worker.lines)
        server.start()
        assert worker.wait_for("synced 0", seen, timeout=60), f"{replay('after the ledger kills')}: {worker.lines[-5:]}"
    finally:
        code, errors = worker.kill()
    assert code == -signal.SIGKILL, f"the worker ended by itself ({code}): {errors}"
    print(f"seed {SEED}: {LEDGER_KILLS} kills of the ledger: {dict(moments)}")
    finish([lane], replay("after the ledger kills"))
    check_end_state(kill_site.ledger, [lane], replay("after the ledger kills"))
