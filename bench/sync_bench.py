"""jifen sync benchmark: a terminal's queued journal drains to a ledger on PostgreSQL.

Prints figures only; nothing here passes or fails on a timing (a wrong result exits 1). See bench/README.md.

    .venv/bin/python bench/sync_bench.py            # 10,000 entries (the first run also prepares the store, ~1 min)
    .venv/bin/python bench/sync_bench.py --quick    # 1,000 entries, a smoke run
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import platform
import random
import shlex
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import sqlalchemy  # noqa: E402
import uvicorn  # noqa: E402
from sqlalchemy import select  # noqa: E402

from ledger import db as ledger_db  # noqa: E402
from ledger import service  # noqa: E402
from ledger.models import Entry  # noqa: E402
from ledger.models import Terminal as LedgerTerminal  # noqa: E402
from sync.client import LedgerClient  # noqa: E402
from sync.protocol import BatchAnswer, Changes, WireEntry  # noqa: E402
from sync.relay import Progress, Syncer  # noqa: E402
from sync.link_files import save_token  # noqa: E402
from terminal import db as terminal_db  # noqa: E402
from terminal import ledger_link  # noqa: E402
from terminal.bootstrap import Till, init_store, open_till  # noqa: E402
from terminal.clock import Clock  # noqa: E402
from terminal.errors import Refused  # noqa: E402
from terminal.home import Home  # noqa: E402
from terminal.journal import Who, verify  # noqa: E402
from terminal.models import JournalEntry, JournalHead  # noqa: E402
from terminal.services.cashiers import Actor, add_cashier  # noqa: E402
from terminal.services.members import register_member, show_member  # noqa: E402
from terminal.services.refunds import record_refund  # noqa: E402
from terminal.services.sales import SaleRequest, record_sale  # noqa: E402
from tests.helpers.ledger_process import LedgerProcess  # noqa: E402
from tests.helpers.postgres import postgres_cluster  # noqa: E402
from machine import cpu_model, loadavg, percentile  # noqa: E402  (beside this file)

STORE_FORMAT = 1  # bump when what the prepared store holds changes in a way the source hash would not show
TARGET_SECONDS = 5.0
MERCHANT, TERMINAL, STORE, TZ = "m1", "T1", "基准店", "Asia/Shanghai"
FIRST_DAY = date(2026, 3, 1)
ENTRIES_PER_DAY = 500
OWNER, CASHIER, MANAGER = Actor("boss", "owner"), Actor("amy", "cashier"), Actor("max", "manager")
CATEGORIES = ("general", "general", "general", "digital", "vehicle", "excluded")


def clock_on(day: date, hour: int = 10) -> Clock:
    return Clock(datetime.fromisoformat(f"{day.isoformat()}T{hour:02d}:00:00+08:00"))


# ---------------------------------------------------------------------------------------------
# The prepared store: real terminal entries, made once and kept


@dataclass
class Prepared:
    home: str
    entries: int
    members: int
    member_sales: int
    redeeming: int
    walk_in: int
    refunds: int
    last_day: str
    seconds: float
    cached: bool = False


@dataclass
class Mix:
    members: list[str] = field(default_factory=list)
    member_sales: int = 0
    redeeming: int = 0
    walk_in: int = 0
    refunds: int = 0
    sales: list[str] = field(default_factory=list)


def head_seq(till: Till) -> int:
    with till.reading() as uow:
        head = uow.session.get(JournalHead, 1)
        return head.seq if head else 0


def one_step(till: Till, rng: random.Random, mix: Mix, left: int) -> None:
    """One thing at the counter: a registration (2 entries), a member's sale (1, or 3 with a referral
    bonus), a refund (1) or a walk-in sale (1); near the end only single entries, to land exactly."""
    pick = rng.random()
    if left >= 3 and (pick < 0.1 or not mix.members):
        referrer = rng.choice(mix.members) if mix.members and rng.random() < 0.2 else None
        phone = f"13{len(mix.members) + 10**8:09d}"
        mix.members.append(register_member(till.uow(), till.shop, Who(CASHIER.name), phone, None, referrer).id)
        return
    if pick < 0.12 and mix.sales:
        record_refund(till.uow(), till.shop, MANAGER, mix.sales.pop(rng.randrange(len(mix.sales))))
        mix.refunds += 1
        return
    lines = [(rng.choice(CATEGORIES), rng.randint(100, 30_000)) for _ in range(rng.randint(1, 4))]
    member = rng.choice(mix.members) if left >= 3 and pick < 0.7 else None
    redeem = 0
    if member is not None and rng.random() < 0.3:
        redeem = min(show_member(till.reading(), till.shop, member).balance, sum(a for _, a in lines) // 2)
    try:
        sale = record_sale(till.uow(), till.shop, CASHIER,
                           SaleRequest(lines, member, max(0, redeem), rng.choice(("cash", "card"))), MANAGER)
    except Refused as refused:  # a member in debt after a refund cannot pay with points: next customer
        assert refused.code == "member_in_debt", refused
        return
    mix.sales.append(sale.sale_id)
    if member is None:
        mix.walk_in += 1
    else:
        mix.member_sales += 1
        mix.redeeming += redeem > 0


def prepare_store(root: Path, entries: int) -> Prepared:
    """A store made by init_store, with staff, and ``entries`` journal entries from the real services:
    registrations, sales with and without members (some paying with points), refunds; 500 entries a
    business day, so no member passes the velocity limit by much (a manager approves when one does)."""
    started, rng, mix = time.perf_counter(), random.Random(20261122), Mix()
    till = init_store(Home(root), store=STORE, terminal_id=TERMINAL, merchant=MERCHANT, timezone=TZ, owner=OWNER.name,
                      pin="8888", clock=clock_on(FIRST_DAY))
    add_cashier(till.uow(), till.shop, OWNER, CASHIER.name, CASHIER.role, "1111")
    add_cashier(till.uow(), till.shop, OWNER, MANAGER.name, MANAGER.role, "2222")
    day, seq = FIRST_DAY, head_seq(till)
    try:
        while seq < entries:
            wanted = FIRST_DAY + timedelta(days=seq // ENTRIES_PER_DAY)
            if wanted != day:
                day = wanted
                till.shop = replace(till.shop, clock=clock_on(day))
            one_step(till, rng, mix, entries - seq)
            seq = head_seq(till)
        with till.reading() as uow:
            assert verify(uow.session).ok, "the prepared store's journal does not verify"
    finally:
        till.close()
    with closing(sqlite3.connect(root / "jifen.db")) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Prepared(str(root), seq, len(mix.members), mix.member_sales, mix.redeeming, mix.walk_in, mix.refunds,
                    day.isoformat(), time.perf_counter() - started)


def store_key(entries: int) -> str:
    source = inspect.getsource(one_step) + inspect.getsource(prepare_store)
    digest = hashlib.sha256(f"{STORE_FORMAT}:{source}".encode()).hexdigest()[:10]
    return f"jifen-sync-bench-s{terminal_db.SCHEMA_HEAD}-f{STORE_FORMAT}-{digest}-{entries}e"


def ensure_store(entries: int, cache_dir: Path) -> Prepared:
    """The prepared store from the cache, or made now and kept; older versions of the same size go."""
    folder = cache_dir / store_key(entries)
    info = folder / "prepared.json"
    if info.exists():
        return Prepared(**(json.loads(info.read_text()) | {"cached": True}))
    for old in cache_dir.glob(f"jifen-sync-bench-*-{entries}e"):
        shutil.rmtree(old, ignore_errors=True)
    building = Path(tempfile.mkdtemp(prefix="jifen-sync-bench-building-", dir=cache_dir))
    try:
        prepared = prepare_store(building / "home", entries)
        prepared.home = str(folder / "home")
        (building / "prepared.json").write_text(json.dumps(asdict(prepared), indent=2))
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return prepared


# ---------------------------------------------------------------------------------------------
# The drain


class TimedClient(LedgerClient):
    """The real client, timing each request from send to parsed answer."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(url, token)
        self.posts: list[float] = []
        self.pulls: list[float] = []
        self.answered_members: list[int] = []

    def post_batch(self, entries: list[WireEntry], last: bool | None = None) -> BatchAnswer:
        started = time.perf_counter()
        answer = super().post_batch(entries, last)
        self.posts.append(time.perf_counter() - started)
        self.answered_members.append(len(answer.members))
        return answer

    def changes(self, cursor: int) -> Changes:
        started = time.perf_counter()
        answer = super().changes(cursor)
        self.pulls.append(time.perf_counter() - started)
        return answer


class TimedSyncer(Syncer):
    """The real Syncer, timing its two phases."""

    push_seconds = pull_seconds = 0.0
    pulled = 0

    def push(self, progress: Progress | None = None) -> int:
        started = time.perf_counter()
        try:
            return super().push(progress)
        finally:
            self.push_seconds = time.perf_counter() - started

    def pull(self) -> int:
        started = time.perf_counter()
        try:
            self.pulled = super().pull()
            return self.pulled
        finally:
            self.pull_seconds = time.perf_counter() - started


@dataclass
class Drain:
    entries: int
    pushed: int
    seconds: float
    push_seconds: float
    pull_seconds: float
    pulled: int
    batches: list[float]
    posts: list[float]
    pulls: list[float]
    members_answered: int
    cpu_terminal: float
    cpu_ledger: float
    checks: list[tuple[bool, str]]


def process_cpu(pid: int) -> float:
    """CPU seconds of a process and its children that were waited for (from /proc), 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def register_terminal(url: str) -> str:
    engine = ledger_db.open_engine(url)
    try:
        ledger_db.migrate(engine)

        def work(session: sqlalchemy.orm.Session) -> str:
            service.ensure_counters(session)
            service.add_merchant(session, MERCHANT, "基准商户")
            return service.add_terminal(session, MERCHANT, STORE, TERMINAL)
        return ledger_db.in_transaction(ledger_db.sessions(engine), work)
    finally:
        engine.dispose()


def check_ledger(url: str, till: Till) -> list[tuple[bool, str]]:
    """The ledger holds exactly the terminal's journal, and the terminal knows it."""
    with till.reading() as uow:
        journal = [(e.seq, e.hash) for e in uow.session.scalars(select(JournalEntry).order_by(JournalEntry.seq))]
        pending = ledger_link.pending_count(uow.session)
        chain = verify(uow.session)
    engine = ledger_db.open_engine(url)
    try:
        with ledger_db.sessions(engine)() as session:
            terminal = session.scalar(select(LedgerTerminal).where(LedgerTerminal.terminal_id == TERMINAL))
            assert terminal is not None
            held = [(seq, digest) for seq, digest in session.execute(
                select(Entry.seq, Entry.hash).where(Entry.terminal_pk == terminal.pk).order_by(Entry.seq))]
            last = (terminal.last_seq, terminal.last_hash)
    finally:
        engine.dispose()
    return [(pending == 0, f"nothing pending on the terminal: {pending == 0} ({pending} pending)"),
            (held == journal, f"the ledger holds exactly the journal's {len(journal):,} entries (seq and hash): "
                              f"{held == journal}"),
            (last == journal[-1], f"the ledger acknowledges up to the journal's last entry: {last == journal[-1]}"),
            (chain.ok, f"the terminal's journal verifies: {chain.ok} ({chain.entries:,} entries)")]


def drain(prepared: Prepared, work: Path, pg_url: str, server: LedgerProcess, token: str) -> Drain:
    home = Home(work / "store")
    shutil.copytree(prepared.home, home.root)
    till = open_till(home, clock_on(date.fromisoformat(prepared.last_day), 22))
    try:
        with till.uow() as uow:
            ledger_link.connect(uow.session, server.url)
            uow.commit()
        save_token(till, token)
        client = TimedClient(server.url, token)
        syncer = TimedSyncer(till, client)
        queued = syncer.status().pending
        marks: list[float] = []
        assert server.process is not None
        cpu_ledger, cpu_here = process_cpu(server.process.pid), time.process_time()
        started = time.perf_counter()
        pushed = syncer.sync_once(lambda done, total: marks.append(time.perf_counter()))
        seconds = time.perf_counter() - started
        cpu_here, cpu_ledger = time.process_time() - cpu_here, process_cpu(server.process.pid) - cpu_ledger
        batches = [b - a for a, b in zip([started, *marks], marks)]
        return Drain(queued, pushed, seconds, syncer.push_seconds, syncer.pull_seconds, syncer.pulled, batches,
                     client.posts, client.pulls, sum(client.answered_members),
                     cpu_here, cpu_ledger, check_ledger(pg_url, till))
    finally:
        till.close()


# ---------------------------------------------------------------------------------------------
# Printing


def postgres_facts(url: str) -> str:
    dsn = sqlalchemy.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        names = ("server_version", "fsync", "synchronous_commit", "wal_sync_method", "shared_buffers")
        return " ".join(f"{n}={conn.execute(f'SHOW {n}').fetchone()[0]}" for n in names)  # type: ignore[index]


def spread(key: str, values: list[float], what: str) -> str:
    ms = [v * 1000 for v in values]
    return (f"{key:<12} n={len(ms):<3} p50 {percentile(ms, 50):7.1f} ms  p90 {percentile(ms, 90):7.1f} ms  "
            f"max {max(ms):7.1f} ms  total {sum(ms) / 1000:6.2f} s   ({what})")


def print_header(argv: Sequence[str], entries: int, pg: str) -> None:
    print("jifen sync benchmark (figures only, nothing is pass/fail)")
    print(f"command: {shlex.join([sys.executable, *argv])}")
    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}; load average before: {loadavg()}")
    print(f"software: Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, SQLAlchemy "
          f"{sqlalchemy.__version__}, psycopg {psycopg.__version__}, uvicorn {uvicorn.__version__}")
    print(f"ledger: `jifen-ledger --db postgresql+psycopg://… serve` in its own process (one uvicorn worker), on a "
          f"throwaway cluster (tests.helpers.postgres, fsync=True): {pg}")
    print(f"terminal: this process, a copy of a prepared store with {entries:,} entries queued; the real Syncer and "
          "LedgerClient over HTTP on 127.0.0.1, batches of up to 500")


def print_prepared(prepared: Prepared) -> None:
    how = "cached, made earlier" if prepared.cached else "made now"
    print(f"store: {prepared.entries:,} journal entries from the real services ({how} in {prepared.seconds:.0f} s): "
          f"{prepared.members:,} registrations (member_add + signup bonus), {prepared.member_sales:,} sales with a "
          f"member ({prepared.redeeming:,} paying with points), {prepared.walk_in:,} walk-in sales, "
          f"{prepared.refunds:,} refunds, the store's set-up entries and referral bonuses; business days "
          f"{FIRST_DAY} .. {prepared.last_day}; {prepared.home}")


def print_drain(result: Drain) -> None:
    rate = result.pushed / result.seconds if result.seconds else 0.0
    print("\n== the drain: one Syncer.sync_once (whoami, every batch in order, each acknowledged and its members' "
          "snapshots adopted, then the pull), timed from call to return")
    print(f"{'sync.drain':<12} {result.pushed:,} entries in {result.seconds:.2f} s = {rate:,.0f} entries/s   "
          f"target <= {TARGET_SECONDS:g} s for 10,000")
    print(f"{'sync.push':<12} {result.push_seconds:.2f} s = {result.pushed / result.push_seconds:,.0f} entries/s   "
          f"(the batches, from the first read to the last acknowledgement)")
    print(spread("sync.batch", result.batches, "one batch: read from SQLite, sent, ingested, answered, acknowledged; "
                                               "the first also holds whoami"))
    print(spread("sync.post", result.posts, "the HTTP request alone: serialising, the ledger's ingest, its answer"))
    local = [batch - post for batch, post in zip(result.batches, result.posts)]
    print(spread("sync.local", local, f"the terminal's side of a batch: reading it, acknowledging, adopting the "
                                      f"answer's member snapshots ({result.members_answered:,} in all)"))
    print(f"{'sync.pull':<12} {result.pull_seconds:.2f} s   ({len(result.pulls)} requests taking "
          f"{sum(result.pulls):.2f} s, adopting {result.pulled:,} member snapshots)")
    print(f"   CPU during the drain: this process {result.cpu_terminal:.2f} s, the ledger process "
          f"{result.cpu_ledger:.2f} s, of {result.seconds:.2f} s wall")
    for _, text in result.checks:
        print(f"   check: {text}")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="jifen sync benchmark (prints figures, asserts nothing)")
    parser.add_argument("--quick", action="store_true", help="1,000 entries: a smoke run")
    parser.add_argument("--entries", type=int, default=0, help="entries queued on the terminal (default 10,000)")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp"), help="where the prepared store is kept (/tmp)")
    args = parser.parse_args(argv)
    if args.entries < 0:
        parser.error("--entries must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv[1:])
    entries = args.entries or (1_000 if args.quick else 10_000)
    started = time.perf_counter()
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    prepared = ensure_store(entries, args.cache_dir)
    with postgres_cluster(fsync=True) as pg_url, tempfile.TemporaryDirectory(prefix="jifen-sync-bench-") as tmp:
        print_header(argv, entries, postgres_facts(pg_url))
        print_prepared(prepared)
        sys.stdout.flush()
        token = register_terminal(pg_url)
        day = f"{prepared.last_day}T22:00:00+08:00"  # the ledger dates its snapshots by the terminal's day
        with LedgerProcess(pg_url, Path(tmp) / "ledger.log", {"JIFEN_NOW": day}) as server:
            try:
                result = drain(prepared, Path(tmp), pg_url, server, token)
            except Refused as refused:
                print(f"the drain failed: {refused.message}\n{server.log_tail()}")
                return 1
    print_drain(result)
    correct = all(ok for ok, _ in result.checks)
    print(f"\ndone in {time.perf_counter() - started:.1f} s; load average after: {loadavg()}"
          + ("" if correct else "; THE LEDGER DOES NOT HOLD WHAT THE TERMINAL SENT (see the checks above)"))
    return 0 if correct else 1


if __name__ == "__main__":
    sys.exit(main())
