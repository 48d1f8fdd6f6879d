"""Exactly once under faults: terminals syncing with a real ledger over TCP through a proxy that
drops, delays, cuts, duplicates and reorders their requests. Every run ends with the terminals'
journals and the ledger compared entry by entry (tests.helpers.sync_lanes.check_end_state).

The seed is printed at the end of the session and named in every failure; replay a run with
JIFEN_FAULT_SEED=<seed> and its test id (e.g. ``-k site07``, which replays that site's runs)."""

import random
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterator

import pytest

from ledger import db as ledger_db
from ledger import service
from sync.client import LedgerClient, LinkDown
from sync.relay import SyncStatus
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.ledger import Ledger, journal_of, open_ledger
from tests.helpers.ledger_server import serve
from tests.helpers.sync_lanes import (Lane, check_end_state, close_lanes, finish, ledger_entries, open_lanes, refund,
                                      register, scratch_dir, sell, try_sync)
from tests.sync.conftest import SEED, Network, replay

pytestmark = pytest.mark.usefixtures("ledger_day")
RUNS = 120
RUNS_PER_SITE = 4  # runs one after another on the same terminals: a store's life, and its set-up paid once
SITES = RUNS // RUNS_PER_SITE
BACKGROUND_RUNS = 3
FINISHING_FAULTS = {"pass": 80, "drop": 4, "delay": 3, "cut": 5, "duplicate": 3, "hold": 2, "replay": 3}
BACKGROUND_FAULTS = {"pass": 85, "drop": 3, "delay": 3, "cut": 3, "duplicate": 2, "hold": 2, "replay": 2}
FAULTS = ("drop", "cut", "hold", "delay", "duplicate", "replay")  # replay last: it resends a batch that went through


def test_each_fault_of_the_proxy_does_what_it_says(network: Network) -> None:
    lanes = open_lanes(network.ledger, network.root, network.url, 1)
    lane = lanes[0]
    register(lane, random.Random(1), set())
    token = (lane.till.home.root / "ledger.token").read_text().strip()
    batch = journal_of(lane.till)
    with FaultProxy(network.url, 1) as proxy:
        client = LedgerClient(proxy.url, token)
        with proxy.faults({"drop": 1}), pytest.raises(LinkDown):
            client.post_batch(batch[:2])
        assert proxy.seen.to_ledger == 0 and ledger_entries(network.ledger, "m1", "T1")[1] == 0
        with proxy.faults({"cut": 1}), pytest.raises(LinkDown):
            client.post_batch(batch[:2])
        assert ledger_entries(network.ledger, "m1", "T1")[1] == 2  # applied, though the terminal never heard
        with proxy.faults({"hold": 1}), pytest.raises(LinkDown):
            client.post_batch(batch[:3])
        assert ledger_entries(network.ledger, "m1", "T1")[1] == 2  # held back
        with proxy.faults({"duplicate": 1}):
            answer = client.post_batch(batch[:4])  # overtakes the held batch, which follows it
        assert answer.acknowledged_seq == 4 and proxy.seen.to_ledger == 1 + 2 + 1  # the cut one, twice this one, the held one
        with proxy.faults({"replay": 1}):
            answer = client.post_batch(batch)
        assert answer.acknowledged_seq == len(batch) and proxy.seen.to_ledger == 4 + 2  # this one and an earlier one again
        with proxy.faults({"delay": 1}):
            assert client.whoami().terminal == "T1"
        assert proxy.seen.faults == Counter(drop=1, cut=1, hold=1, duplicate=1, replay=1, delay=1)
    assert lane.syncer.sync_once() == len(batch)  # the terminal learns the ledger holds it all already
    check_end_state(network.ledger, lanes, "proxy self-test")
    close_lanes(lanes)


# ---------------------------------------------------------------------------------------------
# 200 seeded random runs through the faulty proxy, a few after one another on each site


@pytest.fixture(scope="module")
def shared() -> Iterator[Network]:
    """One ledger over TCP for all the random runs; each site is a merchant of its own, so sites share nothing."""
    with scratch_dir("jifen-fault-runs-") as root:
        engine = ledger_db.open_engine(f"sqlite:///{root / 'ledger.db'}")
        ledger = open_ledger(engine)
        with serve(engine) as url:
            yield Network(ledger, url, root)
        engine.dispose()


def new_rules(ledger: Ledger, merchant: str, rng: random.Random) -> None:
    """The owner changes the rules at the ledger: the next pull adopts them (a journal entry of its own)."""
    bonus = rng.choice((300, 600, 800))
    ledger.do(lambda s: service.set_rules(s, merchant, {"signup_bonus": bonus}))


def random_run(ledger: Ledger, merchant: str, lanes: list[Lane], rng: random.Random, proxy: FaultProxy,
               phones: set[str], where: str) -> None:
    """The counter's work and syncs through the faults, the link going up and down, the app restarting;
    then the link stays up, with fewer faults, until every terminal has sent everything and heard
    the others (at the full rate most syncs fail somewhere, and the retries would take most of the time)."""
    if rng.random() < 0.15:
        new_rules(ledger, merchant, rng)
    for _ in range(rng.randint(4, 12)):
        lane = rng.choice(lanes)
        action = rng.choices(("member", "sale", "refund", "sync", "link", "reopen"), (2, 8, 2, 4, 1, 0.5))[0]
        if action == "member":
            register(lane, rng, phones)
        elif action == "sale":
            sell(lane, rng)
        elif action == "refund":
            refund(lane, rng)
        elif action == "sync":
            try_sync(lane, where)
        elif action == "link":
            proxy.down = not proxy.down  # offline for a while: the caps apply after the next failed sync
        else:
            lane.reopen()
    proxy.down = False
    with proxy.faults(FINISHING_FAULTS):
        finish(lanes, where)


def fault_tour(lanes: list[Lane], proxy: FaultProxy, where: str) -> None:
    """Every terminal syncs once through each fault in turn, before the random runs: each site meets every fault
    whatever its seed draws (a site makes 40 to 60 requests, and a rarer fault is often drawn none of them)."""
    for fault in FAULTS:
        before = proxy.seen.faults[fault]
        with proxy.faults({fault: 1}):
            for lane in lanes:
                try_sync(lane, f"{where}, through {fault}")
        assert proxy.seen.faults[fault] > before, f"{where}: no request met {fault}; proxy log {proxy.seen.log}"


@pytest.mark.slow
@pytest.mark.parametrize("site", range(SITES), ids=lambda n: f"site{n:02d}")
def test_random_runs_through_faults_end_with_the_ledger_holding_every_entry_once(shared: Network, site: int) -> None:
    """Each site (a merchant, one or two terminals, a proxy) lives through RUNS_PER_SITE runs in turn,
    so the later runs start from a history; every run ends with the full comparison."""
    setup = random.Random(f"{SEED}-site{site}")
    merchant = f"m{site}"
    shared.ledger.merchant(merchant)
    with FaultProxy(shared.url, f"{SEED}-site{site}-proxy") as proxy:
        if setup.random() < 0.3:
            new_rules(shared.ledger, merchant, setup)
        lanes = open_lanes(shared.ledger, shared.root / f"site{site:02d}", proxy.url, setup.choice((1, 2)), merchant)
        phones: set[str] = set()
        try:
            for lane in lanes:
                register(lane, setup, phones)
            fault_tour(lanes, proxy, replay(f"site {site} fault tour"))
            for run in range(site * RUNS_PER_SITE, (site + 1) * RUNS_PER_SITE):
                where = replay(f"site {site} run {run}")
                print(where)
                random_run(shared.ledger, merchant, lanes, random.Random(f"{SEED}-{run}"), proxy, phones, where)
                check_end_state(shared.ledger, lanes, f"{where}; proxy log tail {proxy.seen.log[-8:]}", merchant)
        finally:
            close_lanes(lanes)
    shutil.rmtree(shared.root / f"site{site:02d}")  # kept when a run fails
    print(replay(f"site {site}: {proxy.seen.requests} requests, faults {dict(sorted(proxy.seen.faults.items()))}"))


# ---------------------------------------------------------------------------------------------
# Syncer.run in the background while the counter keeps selling


class QuickJitter(random.Random):
    """Backoff as run() draws it, a thousand times shorter, so a test waits milliseconds, not minutes."""

    def uniform(self, a: float, b: float) -> float:
        return super().uniform(a, b) / 1000


@pytest.mark.slow
@pytest.mark.parametrize("run", range(BACKGROUND_RUNS), ids=lambda n: f"bg{n:02d}")
def test_background_sync_while_selling_ends_the_same(network: Network, run: int, caplog: pytest.LogCaptureFixture) -> None:
    where = replay(f"background run {run}")
    rng = random.Random(f"{SEED}-bg-{run}")
    with FaultProxy(network.url, f"{SEED}-bg-{run}-proxy", BACKGROUND_FAULTS) as proxy:
        lanes = open_lanes(network.ledger, network.root, proxy.url, 2)
        stop = threading.Event()
        statuses: dict[str, list[SyncStatus]] = {lane.name: [] for lane in lanes}
        threads = [threading.Thread(target=lane.syncer.run, args=(stop, statuses[lane.name].append),
                                    kwargs={"interval": 0.01, "rng": QuickJitter(run)}) for lane in lanes]
        for thread in threads:
            thread.start()
        phones: set[str] = set()
        for _ in range(50):
            lane = rng.choice(lanes)
            action = rng.choices(("member", "sale", "refund"), (2, 8, 2))[0]
            if action == "member":
                register(lane, rng, phones)
            elif action == "sale":
                sell(lane, rng)
            else:
                refund(lane, rng)
            time.sleep(rng.uniform(0, 0.01))
        stop.set()
        for thread in threads:
            thread.join(30)
        unexpected = [r.getMessage() for r in caplog.records if r.name == "jifen.sync" and r.exc_info]
        assert not unexpected, f"{where}: {unexpected}"
        for lane in lanes:
            assert ledger_entries(network.ledger, "m1", lane.name)[1] > 0, f"{where}: {lane.name} sent nothing"
            errors = {s.last_error for s in statuses[lane.name] if s.last_error}
            assert all(any(w in e for w in ("cannot reach", "cut short", "cut off")) for e in errors), f"{where}: {lane.name}: {errors}"
        finish(lanes, where)
    try:
        check_end_state(network.ledger, lanes, where)
    finally:
        close_lanes(lanes)
