"""A till killed with SIGKILL at random moments keeps a whole, verifiable record of its sales."""

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from terminal import lots
from terminal.bootstrap import open_till
from terminal.home import Home
from terminal.journal import payload_of, verify
from terminal.models import (
    JournalEntry,
    JournalHead,
    Member,
    OutboxItem,
    Sale,
    SaleLine,
)
from terminal.services.members import show_member
from tests.helpers.sale_worker import WHEN
from tests.helpers.store import at, member, new_till

KILLS = 60
SEED = int(os.environ.get("JIFEN_CRASH_SEED", random.randrange(2**32)))
ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """The sale worker in its own process, its ``done`` lines collected by a thread."""

    def __init__(self, home: Home, seed: str, members: list[str]) -> None:
        self.done: list[str] = []
        self.first_done = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.sale_worker", str(home.root), seed, *members],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("done ") and line.endswith("\n"):
                self.done.append(line.split()[1])
                self.first_done.set()

    def kill(self) -> tuple[int, str]:
        """SIGKILL it; its exit code and what it wrote to stderr."""
        self.process.send_signal(signal.SIGKILL)
        code = self.process.wait()
        self._reader.join()
        assert self.process.stderr is not None
        return code, self.process.stderr.read()


def check_store(home: Home, reported: set[str], where: str) -> int:
    """Everything the journal and the tables must agree on after a crash; returns the number of sales."""
    till = open_till(home, at(WHEN))
    try:
        with till.reading() as uow:
            session = uow.session
            verdict = verify(session)
            assert verdict.ok, f"{where}: journal fails verification: {verdict}"
            entries = {e.seq: (e.kind, e.points_delta, payload_of(e)) for e in session.scalars(select(JournalEntry))}
            sales = {s.id: s.seq for s in session.scalars(select(Sale))}
            line_counts = Counter(session.scalars(select(SaleLine.sale_id)))
            outbox = set(session.scalars(select(OutboxItem.seq)))
            liability = session.scalar(select(JournalHead.liability))
            debts = {m: debt for m, debt in session.execute(select(Member.id, Member.debt_points))}
            live = {m: sum(lot.remaining for lot in lots.member_lots(session, m, till.shop.today()).live) for m in debts}

        journal_sales = {p["sale_id"]: (seq, len(p["lines"])) for seq, (kind, _, p) in entries.items() if kind == "sale"}
        assert not reported - sales.keys(), f"{where}: sales reported done but not stored: {sorted(reported - sales.keys())}"
        assert sales == {sid: seq for sid, (seq, _) in journal_sales.items()}, \
            f"{where}: sales table and journal 'sale' entries disagree"
        assert dict(line_counts) == {sid: n for sid, (_, n) in journal_sales.items()}, \
            f"{where}: sale_lines do not match the lines in the journal"
        assert outbox == entries.keys(), f"{where}: outbox is not exactly the journal: {sorted(outbox ^ entries.keys())}"

        journal_balance = Counter[str]()
        for _, delta, payload in entries.values():
            if delta:
                journal_balance[payload["member_id"]] += delta
        for m, debt in debts.items():
            view = show_member(till.reading(), till.shop, m)
            assert view.balance == live[m] - debt == journal_balance[m], \
                f"{where}: member {m} balance {view.balance}, lots {live[m]} - debt {debt}, journal {journal_balance[m]}"
        assert liability == sum(journal_balance.values()), f"{where}: liability is off"
        return len(sales)
    finally:
        till.close()


@pytest.mark.slow
def test_sales_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    home = Home(tmp_path / "store")
    till = new_till(home, WHEN)
    first = member(till, "13800000001")
    members = [first, member(till, "13800000002", referrer=first), member(till, "13800000003", referrer=first)]
    till.close()
    rng = random.Random(SEED)
    reported: set[str] = set()
    for kill in range(1, KILLS + 1):
        where = f"seed {SEED} (replay with JIFEN_CRASH_SEED={SEED}), kill {kill}/{KILLS}"
        worker = Worker(home, f"{SEED}-{kill}", members)
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0, 0.6))  # during start-up
        else:
            assert worker.first_done.wait(30), f"{where}: worker recorded nothing: {worker.kill()[1]}"
            time.sleep(rng.uniform(0, 0.4))  # mid-sale
        code, errors = worker.kill()
        assert code == -signal.SIGKILL, f"{where}: worker ended by itself ({code}): {errors}"
        reported.update(worker.done)
        stored = check_store(home, reported, where)
    print(f"seed {SEED}: {KILLS} kills, {len(reported)} sales reported done, {stored} stored")
