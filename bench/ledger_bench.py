"""jifen ledger benchmark: terminals posting batches of journal entries to the ledger over HTTP, on a
durable PostgreSQL, against the raw rate of inserting the same rows.

Prints figures only; nothing here passes or fails on a timing. See bench/README.md.

    .venv/bin/python bench/ledger_bench.py            # 20 terminals x 10 batches x 500 entries
    .venv/bin/python bench/ledger_bench.py --quick    # a smoke run
    .venv/bin/python bench/ledger_bench.py --profile  # also cProfile ledger.ingest.ingest on a 500-entry batch
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import io
import json
import math
import os
import platform
import pstats
import random
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Self, TypeVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import fastapi
import psycopg
import pydantic
import requests
import sqlalchemy
import uvicorn
from sqlalchemy import Engine, event, select
from sqlalchemy.engine import make_url

from ledger import db, service
from ledger.db_url import DB_VARIABLE
from ledger.api import SERVED_APP
from ledger.ingest import ingest
from ledger.models import Terminal
from sync.protocol import (
    GENESIS_HASH,
    Batch,
    EarnLine,
    canonical,
    earned_points,
    entry_hash,
    hashed_fields,
)
from terminal.ids import uuid7
from terminal.journal import format_instant
from terminal.rules import RuleSet

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_model, loadavg, percentile  # noqa: E402  (beside this file)

TARGET_RATE = 10_000  # entries/s
TARGET_P99_MS = 250.0
TARGET_SHARE = 0.25  # of the raw rate
MERCHANT = "bench"
FIRST_DAY = date(2026, 3, 2)
SHANGHAI = timezone(timedelta(hours=8))
RULES = RuleSet()
CATEGORIES = (("general", 75), ("digital", 18), ("excluded", 7))
NAMES = ("王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", None, None, None, None)
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
QUERY_SIZES = (10, 500)
APP = SERVED_APP  # as `jifen-ledger serve --workers N` runs it
Item = TypeVar("Item")


@dataclass(frozen=True)
class Sizes:
    terminals: int
    batches: int
    batch: int
    workers: int

    @property
    def entries(self) -> int:
        return self.terminals * self.batches * self.batch


# ---------------------------------------------------------------------------------------------
# Journals: what 20 busy terminals write, chained and hashed as terminal.journal.append does


@dataclass
class BenchMember:
    id: str
    balance: int = 0
    growth_fen: int = 0
    referrer: str | None = None
    sold: bool = False
    earn_day: str = ""
    earned_today: int = 0


@dataclass
class Mix:
    registrations: int = 0
    member_sales: int = 0
    redeeming: int = 0
    walk_in: int = 0
    bonuses: int = 0
    other: int = 0

    def add(self, other: Mix) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class JournalWriter:
    """One terminal's journal. Each business day holds ``per_day`` entries from 09:00 local time;
    members are registered by this terminal's own earlier entries, and no member passes the
    velocity limit of earning sales in a day (so no approver is ever needed)."""

    def __init__(self, terminal_id: str, store: str, rng: random.Random, per_day: int, taken: set[str]) -> None:
        self.terminal_id, self.store, self.rng, self.per_day, self.taken = terminal_id, store, rng, per_day, taken
        self.entries: list[dict[str, Any]] = []
        self.members: list[BenchMember] = []
        self.prev_hash: str = GENESIS_HASH
        self.liability: int = 0
        self.last_id: str | None = None
        self.mix = Mix()
        self.append("store_init", {"merchant": MERCHANT, "public_key": f"{rng.getrandbits(256):064x}", "store": store,
                                   "terminal": terminal_id, "timezone": "Asia/Shanghai"}, actor="boss")
        self.append("rules", {"rules": RULES.to_dict(), "version": RULES.version}, actor=None)
        self.append("cashier_add", {"name": "amy", "role": "cashier"}, actor="boss")
        self.mix.other += 3

    def _when(self, seq: int) -> tuple[datetime, str]:
        day, slot = divmod(seq - 1, self.per_day)
        local = datetime.combine(FIRST_DAY + timedelta(days=day), datetime.min.time(), SHANGHAI) + timedelta(
            hours=9, seconds=slot * 12 * 3600 // self.per_day)
        return local, local.date().isoformat()

    def append(self, kind: str, payload: dict[str, Any], points_delta: int = 0, actor: str | None = "amy") -> None:
        seq = len(self.entries) + 1
        now, business_date = self._when(seq)
        row: dict[str, Any] = {"seq": seq, "id": uuid7(now, self.last_id), "terminal_id": self.terminal_id, "kind": kind,
               "at": format_instant(now), "business_date": business_date, "actor": actor, "approver": None,
               "points_delta": points_delta, "liability_after": self.liability + points_delta,
               "payload": canonical(payload), "prev_hash": self.prev_hash}
        row["hash"] = entry_hash(hashed_fields(row))
        del row["terminal_id"]
        self.entries.append(row)
        self.prev_hash, self.liability, self.last_id = row["hash"], row["liability_after"], row["id"]

    def next_day(self) -> date:
        return date.fromisoformat(self._when(len(self.entries) + 1)[1])

    def new_member_id(self) -> str:
        while True:
            candidate = "M" + "".join(self.rng.choice(CROCKFORD) for _ in range(12))
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    def register(self) -> None:
        rng, number = self.rng, len(self.members)
        referrer = rng.choice(self.members) if self.members and rng.random() < 0.2 else None
        member = BenchMember(self.new_member_id(), referrer=referrer.id if referrer else None)
        phone = f"1{3 + int(self.terminal_id[1:]) % 7}{int(self.terminal_id[1:]):03d}{number:06d}"[:11]
        self.append("member_add", {"member_id": member.id, "phone": phone, "name": rng.choice(NAMES),
                                   "referrer_id": member.referrer})
        self.members.append(member)
        self.bonus(member, RULES.signup_bonus, "signup")
        self.mix.registrations += 1

    def bonus(self, member: BenchMember, points: int, reason: str, for_member: str | None = None) -> None:
        payload: dict[str, Any] = {"member_id": member.id, "points": points, "reason": reason,
                                   "expires_on": RULES.expires_on(self.next_day()).isoformat()}
        if for_member:
            payload["new_member_id"] = for_member
        self.append("bonus", payload, points_delta=points)
        member.balance += points
        self.mix.bonuses += 1

    def sale(self, member: BenchMember | None) -> None:
        rng, today = self.rng, self.next_day()
        cats = rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES], k=rng.choices((1, 2, 3), (60, 30, 10))[0])
        amounts = [max(100, min(2_000_000, int(rng.lognormvariate(8.3, 1.0)))) for _ in cats]
        lines = [EarnLine(amount, RULES.rate_bp(cat), RULES.promo_pct(today, cat)) for cat, amount in zip(cats, amounts)]
        total = sum(amounts)
        tier = RULES.tier_for(member.growth_fen if member else 0)
        points = 0
        if member is not None and member.balance >= 100 and rng.random() < 0.3:
            points = min(member.balance, rng.choice((100, 200, 300, 500, 1000)), total * RULES.max_redeem_percent // 100)
        value = RULES.value_fen(points) if points else 0
        earned = earned_points(lines, tier.multiplier, total, value) if member else 0
        payload = {
            "sale_id": f"{self.terminal_id}-{len(self.entries) + 1}", "member_id": member.id if member else None,
            "lines": [{"category": cat, "amount_fen": ln.amount_fen, "rate_bp": ln.rate_bp, "promo_pct": ln.promo_pct}
                      for cat, ln in zip(cats, lines)],
            "tier": tier.name, "tier_pct": tier.multiplier, "total_fen": total, "redeemed_points": points,
            "redeemed_fen": value, "paid_fen": total - value, "pay_method": rng.choice(("cash", "card")),
            "earned_points": earned, "earn_expires_on": RULES.expires_on(today).isoformat() if earned else None,
            "rules_version": RULES.version,
        }
        self.append("sale", payload, points_delta=earned - points)
        if member is None:
            self.mix.walk_in += 1
            return
        self.mix.member_sales += 1
        self.mix.redeeming += bool(points)
        member.balance += earned - points
        member.growth_fen += total - value
        if member.earn_day != today.isoformat():
            member.earn_day, member.earned_today = today.isoformat(), 0
        member.earned_today += earned > 0
        if member.referrer and not member.sold and RULES.referral_bonus:
            referrer = next(m for m in self.members if m.id == member.referrer)
            self.bonus(referrer, RULES.referral_bonus, "referral", for_member=member.id)
            self.bonus(member, RULES.referral_bonus, "referral", for_member=member.id)
        member.sold = True

    def pick_member(self) -> BenchMember | None:
        today = self.next_day().isoformat()
        for _ in range(4):
            member = self.rng.choice(self.members)
            if member.earn_day != today or member.earned_today < RULES.velocity_limit:
                return member
        return None

    def fill(self, count: int) -> list[dict[str, Any]]:
        """About 10 % registrations, 60 % sales with a member (30 % of them paying partly with
        points), 30 % walk-in sales, with referral bonuses on a referred member's first sale."""
        while len(self.entries) < count:
            roll = self.rng.random()
            if len(self.members) < 5 or roll < 0.10:
                self.register()
            elif roll < 0.70:
                self.sale(self.pick_member())
            else:
                self.sale(None)
        return self.entries[:count]


def body_of(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps({"protocol": 1, "entries": entries}).encode()


def verify_chain(entries: list[dict[str, Any]], terminal_id: str) -> bool:
    prev = GENESIS_HASH
    for number, entry in enumerate(entries, start=1):
        if entry["seq"] != number or entry["prev_hash"] != prev:
            return False
        if entry_hash(hashed_fields(entry | {"terminal_id": terminal_id})) != entry["hash"]:
            return False
        prev = entry["hash"]
    return True


@dataclass
class TerminalWork:
    terminal_id: str
    store: str
    entries: list[dict[str, Any]]
    batches: list[list[dict[str, Any]]]
    bodies: list[bytes] = field(default_factory=list)
    writer: JournalWriter | None = None  # to continue the journal after the run (--profile)
    token: str = ""
    pk: int = 0


def terminal_ids(count: int) -> list[tuple[str, str]]:
    return [(f"T{n:02d}", f"门店{n:02d}") for n in range(1, count + 1)]


def make_journals(sizes: Sizes, seed: int = 42) -> tuple[list[TerminalWork], Mix, float]:
    started, taken, mix, work = time.perf_counter(), set[str](), Mix(), list[TerminalWork]()
    per_terminal = sizes.batches * sizes.batch
    for number, (terminal_id, store) in enumerate(terminal_ids(sizes.terminals)):
        writer = JournalWriter(terminal_id, store, random.Random(seed * 1000 + number), sizes.batch, taken)
        entries = writer.fill(per_terminal)
        mix.add(writer.mix)
        batches = [entries[i:i + sizes.batch] for i in range(0, len(entries), sizes.batch)]
        work.append(TerminalWork(terminal_id, store, entries, batches, [body_of(b) for b in batches], writer))
    return work, mix, time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# Figures and machine facts


def latency_text(ms: Sequence[float]) -> str:
    return (f"n={len(ms):<4} p50 {percentile(ms, 50):7.1f} ms  p90 {percentile(ms, 90):7.1f} ms  "
            f"p99 {percentile(ms, 99):7.1f} ms  max {max(ms):7.1f} ms")


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds of a process and its descendants, by pid; the root's count includes children
    that have exited and been waited for."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            parents[int(entry.name)] = int(fields[1])
    wanted, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in wanted:
                wanted.add(pid)
                frontier.append(pid)
    out = {}
    for pid in wanted:
        if fields := _stat(pid):
            ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if pid == root else 0)
            out[pid] = ticks / _TICK
    return out


def machine_busy() -> float:
    """CPU seconds spent by the whole machine (all cores, not idle nor waiting on I/O)."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    return (user + nice + system + irq + softirq + steal) / _TICK


@dataclass
class CpuWatch:
    """CPU seconds of this process, the server's processes, PostgreSQL's and the whole machine."""

    server_pid: int
    postmaster_pid: int
    start: tuple[float, dict[int, float], dict[int, float], float] = (0.0, {}, {}, 0.0)

    def take(self) -> tuple[float, dict[int, float], dict[int, float], float]:
        return time.process_time(), tree_cpu(self.server_pid), tree_cpu(self.postmaster_pid), machine_busy()

    def begin(self) -> None:
        self.start = self.take()

    def report(self, wall: float) -> list[str]:
        client, server, postgres, busy = self.take()
        c0, s0, p0, b0 = self.start
        d_client = client - c0
        d_server = {pid: s - s0.get(pid, 0.0) for pid, s in server.items()}
        d_postgres = sum(p - p0.get(pid, 0.0) for pid, p in postgres.items())
        d_busy = busy - b0
        other = d_busy - d_client - sum(d_server.values()) - d_postgres
        cores = os.cpu_count() or 1
        per_proc = ", ".join(f"{pid}: {s:.1f}" for pid, s in sorted(d_server.items()) if s >= 0.05)
        first = (f"CPU seconds during the run ({wall:.1f} s x {cores} cores = {wall * cores:.1f} available, "
                 f"{d_busy:.1f} used by the machine, {100 * d_busy / (wall * cores):.0f} %):")
        second = (f"  ledger server {sum(d_server.values()):.1f} (by process {per_proc}), PostgreSQL {d_postgres:.1f}, "
                  f"this client {d_client:.1f}, other processes on the machine {other:.1f}")
        return [first, second]


# ---------------------------------------------------------------------------------------------
# PostgreSQL


def psycopg_dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


def sqlalchemy_url(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def create_database(url: str, name: str) -> str:
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return sqlalchemy_url(url, name)


def server_facts(url: str) -> tuple[str, str, int, str]:
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        version = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        names = ("fsync", "synchronous_commit", "wal_sync_method", "full_page_writes", "shared_buffers",
                 "max_wal_size", "checkpoint_timeout")
        settings = " ".join(f"{n}={conn.execute(f'SHOW {n}').fetchone()[0]}" for n in names)  # type: ignore[index]
        data = str(conn.execute("SHOW data_directory").fetchone()[0])  # type: ignore[index]
    postmaster = int((Path(data) / "postmaster.pid").read_text().split()[0])
    return version, settings, postmaster, data


def checkpoint(url: str) -> None:
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        conn.execute("CHECKPOINT")


class WaitSampler:
    """What the ledger's database sessions are doing, sampled from pg_stat_activity: running,
    waiting on a lock, on the WAL, or idle inside a transaction while the application works."""

    def __init__(self, url: str, database: str, every: float = 0.05) -> None:
        self.dsn, self.database, self.every = psycopg_dsn(url), database, every
        self.seen: Counter[str] = Counter()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        query = ("SELECT state, wait_event_type, wait_event, left(query, 40) FROM pg_stat_activity WHERE datname = %s "
                 "AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'")
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self._stop.wait(self.every):
                self.samples += 1
                for state, kind, name, sql in conn.execute(query, (self.database,)):
                    if state == "active" and kind == "Lock":
                        self.seen[f"waiting Lock:{name} in '{' '.join(sql.split())}…'"] += 1
                    elif state == "active":
                        self.seen["running (CPU)" if kind is None else f"waiting {kind}:{name}"] += 1
                    else:
                        self.seen[f"{state} (the application's turn)"] += 1

    def summary(self) -> str:
        if not self.samples:
            return "no samples"
        total = sum(self.seen.values())
        parts = [f"{name} {count / self.samples:.1f}" for name, count in self.seen.most_common(7)]
        return f"{total / self.samples:.1f} sessions busy on average: " + ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# The ledger, served in its own process


# As `jifen-ledger serve --workers N` serves (ledger.serving): each worker on its own socket (SO_REUSEPORT on Linux);
# with --shared-socket, uvicorn's own multi-process mode, the workers accepting from one socket the parent binds.
SERVE = """import sys
from ledger import serving
app, port, workers, shared = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "shared"
held = None if shared else serving.hold_port("127.0.0.1", port)
serving.serve(app, held, "127.0.0.1", port, workers, log_level="info", access_log=False)
"""


@contextmanager
def ledger_server(url: str, workers: int, app: str, shared: bool) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """uvicorn with ``workers`` processes; waits until every worker has started its application."""
    from tests.helpers.ledger_server import free_port

    port = free_port()
    if workers == 1:  # as `jifen-ledger serve` runs one
        command = [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1", "--port", str(port),
                   "--no-access-log", "--log-level", "info"]
    else:
        command = [sys.executable, "-c", SERVE, app, str(port), str(workers), "shared" if shared else "own"]
    env = os.environ | {DB_VARIABLE: url,  # bench/ too: an --app of this folder
                        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), str(ROOT / "bench"),
                                                                    os.environ.get("PYTHONPATH"))))}
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started, log = threading.Event(), []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.append(line)
            if sum("Application startup complete" in seen for seen in log) >= workers:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not started.wait(60) or proc.poll() is not None:
            raise RuntimeError("the ledger server did not start:\n" + "".join(log[-30:]))
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        errors = [line for line in log if "Traceback" in line or "ERROR" in line]
        if errors:
            print("   server log had errors:\n" + "".join(log[-40:]), end="")


def setup_ledger(url: str, work: list[TerminalWork]) -> None:
    engine = db.open_engine(url)
    try:
        db.migrate(engine)

        def register(session: Any) -> None:
            service.ensure_counters(session)
            service.add_merchant(session, MERCHANT, "基准商户")
            for item in work:
                item.token = service.add_terminal(session, MERCHANT, item.store, item.terminal_id)

        db.in_transaction(db.sessions(engine), register)
        with engine.connect() as conn:
            pks = dict(conn.execute(select(Terminal.terminal_id, Terminal.pk)).all())
        for item in work:
            item.pk = pks[item.terminal_id]
    finally:
        engine.dispose()


@dataclass
class Outcome:
    """What one terminal (or raw connection) did: (start, end) of each batch, and what was acknowledged."""

    spans: list[tuple[float, float]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    entries: int = 0
    batches: int = 0


@dataclass
class RunResult:
    elapsed: float
    latencies_ms: list[float]
    failures: list[str]
    acknowledged: int
    batches_ok: int


def run_concurrently(work: list[Item], run: Callable[[Item, threading.Barrier], Outcome]) -> RunResult:
    """One thread per item, all starting together; sustained rate over first start to last end."""
    barrier = threading.Barrier(len(work))
    total = Outcome()
    lock = threading.Lock()

    def target(item: Item) -> None:
        try:
            outcome = run(item, barrier)
        except Exception as exc:  # noqa: BLE001  (reported as a failure, not a crash of the run)
            barrier.abort()
            outcome = Outcome(failures=[f"{type(exc).__name__}: {exc}"])
        with lock:
            total.spans.extend(outcome.spans)
            total.failures.extend(outcome.failures)
            total.entries += outcome.entries
            total.batches += outcome.batches

    threads = [threading.Thread(target=target, args=(item,)) for item in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not total.spans:
        return RunResult(0.0, [0.0], total.failures or ["nothing ran"], 0, 0)
    elapsed = max(end for _, end in total.spans) - min(start for start, _ in total.spans)
    return RunResult(elapsed, [(end - start) * 1000 for start, end in total.spans], total.failures, total.entries,
                     total.batches)


def post_terminal(base: str, work: list[TerminalWork], offered: float) -> Callable[[TerminalWork, threading.Barrier], Outcome]:
    """Closed loop (``offered`` 0): each terminal posts its next batch when the last one is answered.
    Open loop: together the terminals offer ``offered`` entries/s, each posting on its own schedule,
    and a batch's latency counts from when it was due, so a late start is not hidden."""
    interval = len(work) * len(work[0].batches[0]) / offered if offered else 0.0
    order = {item.terminal_id: number for number, item in enumerate(work)}
    origin: dict[str, float] = {}
    lock = threading.Lock()

    def run(item: TerminalWork, barrier: threading.Barrier) -> Outcome:
        done = Outcome()
        headers = {"Authorization": f"Bearer {item.token}", "Content-Type": "application/json"}
        with requests.Session() as http:
            who = http.get(f"{base}/v1/whoami", headers=headers, timeout=30)  # opens the connection, checks the token
            if who.status_code != 200:
                raise RuntimeError(f"{item.terminal_id}: whoami answered {who.status_code} {who.text[:200]}")
            barrier.wait()
            with lock:
                began = origin.setdefault("began", time.perf_counter())
            for number, (batch, body) in enumerate(zip(item.batches, item.bodies)):
                due = began + (number + order[item.terminal_id] / len(work)) * interval
                if interval and (wait := due - time.perf_counter()) > 0:
                    time.sleep(wait)
                start = min(due, time.perf_counter()) if interval else time.perf_counter()
                answer = http.post(f"{base}/v1/batches", data=body, headers=headers, timeout=300)
                done.spans.append((start, time.perf_counter()))
                where = f"{item.terminal_id} seq {batch[0]['seq']}"
                if answer.status_code != 200:
                    done.failures.append(f"{where}: {answer.status_code} {answer.text[:300]}")
                    break
                data = answer.json()
                applied = sum(r["status"] == "applied" for r in data["results"])
                if data["acknowledged_seq"] != batch[-1]["seq"] or applied != len(batch):
                    done.failures.append(f"{where}: acknowledged {data['acknowledged_seq']}, {applied}/{len(batch)} applied")
                    break
                done.entries += applied
                done.batches += 1
        return done
    return run


def check_ledger(url: str, work: list[TerminalWork]) -> tuple[list[str], bool]:
    """The ledger holds exactly what was sent, and its books balance (as tests/helpers/ledger.check_books)."""
    sent = sum(len(item.entries) for item in work)
    with psycopg.connect(psycopg_dsn(url)) as conn:
        held = conn.execute("SELECT count(*) FROM entries").fetchone()[0]  # type: ignore[index]
        heads: dict[str, int] = dict(conn.execute("SELECT terminal_id, last_seq FROM terminals").fetchall())
        at_head = sum(1 for item in work if heads.get(item.terminal_id) == item.entries[-1]["seq"])
        accounts = conn.execute(
            "SELECT account, sum(amount) FROM (SELECT debit AS account, -amount AS amount FROM transfers "
            "UNION ALL SELECT credit, amount FROM transfers) moves GROUP BY account").fetchall()
        transfers, nonpositive = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE amount <= 0) FROM transfers").fetchone()  # type: ignore[misc]
        lots: dict[str, int] = dict(conn.execute("SELECT member_id, sum(remaining) FROM lots GROUP BY member_id").fetchall())
        debts: dict[str, int] = dict(conn.execute("SELECT currency, sum(debt) FROM members GROUP BY currency").fetchall())
        members = conn.execute("SELECT count(*) FROM members").fetchone()[0]  # type: ignore[index]
    balance = {account: int(total) for account, total in accounts}
    total = sum(balance.values())
    member_balances = {a[len("member:"):]: v for a, v in balance.items() if a.startswith("member:")}
    lots_match = all(member_balances.get(m, 0) == int(v) for m, v in lots.items()) and all(
        int(lots.get(m, 0)) == v for m, v in member_balances.items())
    debt_ok = all(balance.get(f"debt:{c}", 0) == -int(d) for c, d in debts.items())
    liability = sum(item.entries[-1]["liability_after"] for item in work)
    held_points = sum(member_balances.values()) - sum(int(d) for d in debts.values())
    stored = (f"the ledger holds {held:,} entries, {sent:,} were sent; {at_head}/{len(work)} terminals acknowledged "
              "up to their last entry")
    books = (f"books: {transfers:,} transfers ({nonpositive} not positive) over {len(balance):,} accounts sum to {total}; "
             f"member accounts equal their lots: {lots_match}; debt accounts equal members' debt: {debt_ok}")
    points = (f"members: {members:,}; points they hold {held_points:,} = the terminals' own running totals "
              f"{liability:,}: {held_points == liability}")
    ok = held == sent and at_head == len(work) and total == 0 and not nonpositive and lots_match and debt_ok \
        and held_points == liability
    return [stored, books, points], ok


# ---------------------------------------------------------------------------------------------
# The ceiling: the same rows inserted raw


ENTRY_COLUMNS = ("terminal_pk", "seq", "id", "merchant_id", "store", "kind", "at", "business_date", "actor", "approver",
                 "points_delta", "liability_after", "payload", "prev_hash", "hash", "received_at")
TRANSFER_COLUMNS = ("id", "debit", "credit", "amount", "kind", "business_date", "terminal_pk", "seq")
Rows = list[tuple[Any, ...]]


@dataclass
class RawWork:
    terminal_id: str
    batches: list[tuple[Rows, Rows]]  # (entry rows, transfer rows) of each batch the terminal posted


def raw_rows(url: str, work: list[TerminalWork]) -> list[RawWork]:
    """The entry rows as the ledger stores them, and the transfer rows it wrote, read back from it."""
    received = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    by_batch: dict[tuple[int, int], Rows] = {}
    sizes = {item.pk: len(item.batches[0]) for item in work}
    with psycopg.connect(psycopg_dsn(url)) as conn:
        for row in conn.execute(f"SELECT {', '.join(TRANSFER_COLUMNS)} FROM transfers"):  # type: ignore[arg-type]
            pk, seq = int(row[6]), int(row[7])
            by_batch.setdefault((pk, (seq - 1) // sizes[pk]), []).append(row)
    out = []
    for item in work:
        batches = []
        for number, batch in enumerate(item.batches):
            entries = [(item.pk, e["seq"], e["id"], MERCHANT, item.store, e["kind"], e["at"], e["business_date"], e["actor"],
                        e["approver"], e["points_delta"], e["liability_after"], e["payload"], e["prev_hash"], e["hash"],
                        received) for e in batch]
            batches.append((entries, by_batch.get((item.pk, number), [])))
        out.append(RawWork(item.terminal_id, batches))
    return out


def _copy(conn: psycopg.Connection[Any], table: str, columns: Sequence[str], rows: Rows) -> None:
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[arg-type]
        for row in rows:
            copy.write_row(row)


def _both(conn: psycopg.Connection[Any], batch: tuple[Rows, Rows]) -> None:
    _copy(conn, "entries", ENTRY_COLUMNS, batch[0])
    _copy(conn, "transfers", TRANSFER_COLUMNS, batch[1])


def _insert_many(conn: psycopg.Connection[Any], table: str, columns: Sequence[str], rows: Rows) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with conn.cursor() as cur:
        cur.executemany(sql, rows)  # type: ignore[arg-type]


RAW_WAYS: dict[str, tuple[str, Callable[[psycopg.Connection[Any], tuple[Rows, Rows]], None]]] = {
    "raw.entries": ("entry rows, COPY", lambda c, b: _copy(c, "entries", ENTRY_COLUMNS, b[0])),
    "raw.entries.em": ("entry rows, executemany", lambda c, b: _insert_many(c, "entries", ENTRY_COLUMNS, b[0])),
    "raw.transfers": ("transfer rows, COPY", lambda c, b: _copy(c, "transfers", TRANSFER_COLUMNS, b[1])),
    "raw.both": ("entry and transfer rows of a batch, COPY, one transaction", _both),
}


def raw_run(url: str, rows: list[RawWork], insert: Callable[[psycopg.Connection[Any], tuple[Rows, Rows]], None]) -> RunResult:
    dsn = psycopg_dsn(url)

    def run(item: RawWork, barrier: threading.Barrier) -> Outcome:
        done = Outcome()
        with psycopg.connect(dsn) as conn:
            conn.execute("SELECT 1")
            conn.commit()
            barrier.wait()
            for batch in item.batches:
                start = time.perf_counter()
                with conn.transaction():
                    insert(conn, batch)
                done.spans.append((start, time.perf_counter()))
                done.batches += 1
        return done
    return run_concurrently(rows, run)


def raw_ceiling(url: str, rows: list[RawWork]) -> dict[str, RunResult]:
    """Each way on the same migrated schema (same indexes), emptied and checkpointed in between."""
    out = {}
    for key, (_, insert) in RAW_WAYS.items():
        with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
            conn.execute("TRUNCATE entries, transfers")
            conn.execute("CHECKPOINT")
        out[key] = raw_run(url, rows, insert)
    return out


# ---------------------------------------------------------------------------------------------
# Queries per batch, and where a batch's time goes


class StatementCounter:
    """Statements the ledger's engine sends (an executemany counts once) and the parameter sets in them."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.sent, self.parameter_sets = engine, 0, 0
        self.by_statement: Counter[str] = Counter()

    def __enter__(self) -> Self:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool) -> None:
        self.sent += 1
        self.parameter_sets += len(parameters) if executemany else 1
        self.by_statement[re.sub(r"\s+", " ", statement)[:90]] += 1


@dataclass
class QueryFigure:
    size: int
    sent: int
    parameter_sets: int
    server_calls: int | None
    wall_ms: float
    cpu_ms: float
    server: list[tuple[str, int, int, float]]  # (query, calls, rows, ms) from pg_stat_statements


def enable_pg_stat_statements(url: str) -> str | None:
    """Restart the throwaway cluster with pg_stat_statements loaded (it needs shared_preload_libraries).
    Done only after the timed runs. Returns why not, when it cannot."""
    try:
        with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
            data = str(conn.execute("SHOW data_directory").fetchone()[0])  # type: ignore[index]
            conn.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
        pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        command = [str(pg_ctl[-1]) if pg_ctl else "pg_ctl", "-D", data, "-l", str(Path(data).parent / "log"), "-w",
                   "-m", "fast", "restart"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)
        return None
    except (OSError, subprocess.SubprocessError, psycopg.Error) as exc:
        return f"{type(exc).__name__}: {exc}"


def pg_stat_statements(url: str, database: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(psycopg_dsn(url, database), autocommit=True)
    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    return conn


def server_statements(stats: psycopg.Connection[Any]) -> list[tuple[str, int, int, float]]:
    """(query, calls, rows, ms executing) since the last reset, for this database, slowest first."""
    return [(re.sub(r"\s+", " ", q), int(c), int(r), float(ms)) for q, c, r, ms in stats.execute(
        "SELECT query, calls, rows, total_exec_time FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database "
        "WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC")]


def measure_queries(url: str, with_stats: bool) -> list[QueryFigure]:
    """ledger.ingest.ingest called directly on batches of 10 and 500 entries of one terminal, after a
    first batch of 500 so both find members already held as well as registering new ones."""
    name = "jifen_queries"
    engine = db.open_engine(create_database(url, name))
    try:
        db.migrate(engine)

        def register(session: Any) -> None:
            service.ensure_counters(session)
            service.add_merchant(session, MERCHANT, "基准商户")
            service.add_terminal(session, MERCHANT, "门店Q", "Q1")

        db.in_transaction(db.sessions(engine), register)
        with engine.connect() as conn:
            pk = int(conn.execute(select(Terminal.pk).where(Terminal.terminal_id == "Q1")).scalar_one())
        plan = [500, *QUERY_SIZES, *QUERY_SIZES]  # a warm-up, then each size twice
        entries = JournalWriter("Q1", "门店Q", random.Random(7), 500, set()).fill(sum(plan))
        batches, start = [], 0
        for size in plan:
            batches.append(Batch.model_validate({"protocol": 1, "entries": entries[start:start + size]}))
            start += size
        stats = pg_stat_statements(url, name) if with_stats else None
        factory = db.sessions(engine)
        figures = []
        for number, batch in enumerate(batches):
            if stats is not None:
                stats.execute("SELECT pg_stat_statements_reset()")
            with StatementCounter(engine) as counter:
                wall, cpu = time.perf_counter(), time.process_time()
                db.in_transaction(factory, lambda s, b=batch: ingest(s, pk, b))  # type: ignore[misc]
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            server = server_statements(stats) if stats is not None else []
            if number:
                figures.append(QueryFigure(len(batch.entries), counter.sent, counter.parameter_sets,
                                           sum(c for _, c, _, _ in server) if stats is not None else None,
                                           wall * 1000, cpu * 1000, server))
        if stats is not None:
            stats.close()
        return figures
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Phase:
    """A step of ledger.ingest.ingest: the function ``name`` of ``owner`` (a module, or "module:Class"), timed where
    ingest and its helpers look it up; ``within``: the label of the step it runs inside (printed under it)."""

    owner: str
    name: str
    label: str
    within: str = ""


_APPLY, _PUBLISH = "entries applied (Applier.apply)", "book written, snapshots made (publish)"
PHASES = (
    Phase("ledger.ingest", "_refuse_tampered", "hashes checked (_refuse_tampered)"),
    Phase("ledger.ingest", "_classify", "chain classified (_classify)"),
    Phase("ledger.ingest", "record_conflicts", "conflicts recorded (record_conflicts)"),
    Phase("ledger.ingest", "_payloads", "payloads parsed (_payloads)"),
    Phase("ledger.ingest", "_referenced", "members and sales named (_referenced)"),
    Phase("ledger.ingest", "load_members", "members and lots read (load_members)"),
    Phase("ledger.earning:RuleBook", "of", "rule sets looked up (RuleBook.of)"),
    Phase("ledger.ingest", "_load_sales", "refunded sales read (_load_sales)"),
    Phase("ledger.apply:Applier", "apply", _APPLY),
    Phase("ledger.apply:Applier", "_check_rules", "earning worked out again (Applier._check_rules)", _APPLY),
    Phase("ledger.apply", "_check_taken_back", "refund's points worked out again (_check_taken_back)", _APPLY),
    Phase("ledger.apply", "check_readable", "payload readable (check_readable)", _APPLY),
    Phase("ledger.ingest", "record_unknown_rules", "unknown rules recorded (record_unknown_rules)"),
    Phase("ledger.ingest", "write", "entries, sales, refunds written (write)"),
    Phase("ledger.ingest", "apply_mall", "points mall (apply_mall)"),
    Phase("ledger.ingest", "publish", _PUBLISH),
    Phase("ledger.snapshots", "save_book", "members, lots, transfers written (save_book)", _PUBLISH),
    Phase("ledger.snapshots", "snapshots", "member snapshots (snapshots)", _PUBLISH),
    Phase("ledger.snapshots", "next_change", "change number taken (next_change)", _PUBLISH),
    Phase("ledger.snapshots", "stamp_change", "members' debt and change written (stamp_change)", _PUBLISH),
)


def _owner(phase: Phase) -> Any:
    module, _, cls = phase.owner.partition(":")
    owner = importlib.import_module(module)
    owner = getattr(owner, cls) if cls else owner
    if phase.name not in vars(owner):
        raise AttributeError(f"bench/ledger_bench.py PHASES names {phase.owner}.{phase.name}, which is not there "
                             "(renamed or moved?): name the steps ledger.ingest.ingest takes now")
    return owner


@contextmanager
def phase_timer() -> Iterator[dict[str, list[float]]]:
    """Wall and CPU seconds and calls of each step of ledger.ingest.ingest (PHASES, wrapped for a while in this
    process only), and of the garbage collector."""
    times: dict[str, list[float]] = {}

    def timed(label: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                spent = times.setdefault(label, [0.0, 0.0, 0])
                spent[0] += time.perf_counter() - wall
                spent[1] += time.process_time() - cpu
                spent[2] += 1
        return wrapper

    gc_started: list[float] = []

    def on_gc(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            gc_started.append(time.perf_counter())
        elif gc_started:
            spent = times.setdefault("(garbage collector, anywhere)", [0.0, 0.0, 0])
            spent[0] += time.perf_counter() - gc_started.pop()
            spent[2] += 1

    saved = [(owner, phase.name, vars(owner)[phase.name]) for phase in PHASES for owner in [_owner(phase)]]
    for phase, (owner, name, raw) in zip(PHASES, saved):
        if isinstance(raw, classmethod):
            setattr(owner, name, classmethod(timed(phase.label, raw.__func__)))
        else:
            setattr(owner, name, timed(phase.label, raw))
    gc.callbacks.append(on_gc)
    try:
        yield times
    finally:
        gc.callbacks.remove(on_gc)
        for owner, name, raw in saved:
            setattr(owner, name, raw)


def phase_lines(times: dict[str, list[float]], total_wall: float, total_cpu: float, batches: int) -> list[str]:
    """Per batch, the steps in the order ingest takes them, those inside one indented under it (wall / CPU ms,
    calls); then what no step holds (ingest's own statements and answer, the commit) and the garbage collector."""
    per = 1000 / batches
    lines, top_wall, top_cpu = [], 0.0, 0.0
    for phase in PHASES:
        if phase.label not in times:
            continue
        wall, cpu, calls = times[phase.label]
        if not phase.within:
            top_wall, top_cpu = top_wall + wall, top_cpu + cpu
        lines.append(f"{wall * per:7.1f} {cpu * per:7.1f}  {calls / batches:5.0f}  {'  - ' * bool(phase.within)}"
                     f"{phase.label}")
    lines.append(f"{(total_wall - top_wall) * per:7.1f} {(total_cpu - top_cpu) * per:7.1f}         "
                 "the rest: the terminal locked, the entries held read, the head moved, the answer, the commit")
    if "(garbage collector, anywhere)" in times:
        wall, _, calls = times["(garbage collector, anywhere)"]
        lines.append(f"{wall * per:7.1f}       -  {calls / batches:5.0f}  (garbage collector, anywhere)")
    return lines


def profile_ingest(url: str, item: TerminalWork, size: int, with_stats: bool) -> str:
    """Three more batches of a terminal that has posted all of its batches, so its members have
    their history: ingest called directly, the first two timed step by step, the third under
    cProfile (and pg_stat_statements)."""
    assert item.writer is not None
    more = item.writer.fill(len(item.entries) + 3 * size)[len(item.entries):]
    batches = [Batch.model_validate({"protocol": 1, "entries": more[i:i + size]}) for i in range(0, len(more), size)]
    engine = db.open_engine(url)
    factory = db.sessions(engine)
    out = io.StringIO()
    try:
        out.write(f"\n== profile: ledger.ingest.ingest called directly on batches of {size} entries of {item.terminal_id}, "
                  f"after its {len(item.batches)} batches (no HTTP, no other load from this benchmark)\n")
        with phase_timer() as times:
            total_wall, total_cpu = time.perf_counter(), time.process_time()
            for batch in batches[:2]:
                db.in_transaction(factory, lambda s, b=batch: ingest(s, item.pk, b))  # type: ignore[misc]
            total_wall, total_cpu = time.perf_counter() - total_wall, time.process_time() - total_cpu
        out.write(f"   per batch, mean of 2: whole transaction (ingest + commit) {total_wall * 500:.1f} ms wall, "
                  f"{total_cpu * 500:.1f} ms CPU; by step, in order (wall / CPU ms, calls):\n")
        for line in phase_lines(times, total_wall, total_cpu, 2):
            out.write(f"   {line}\n")
        stats = pg_stat_statements(url, make_url(url).database or "jifen") if with_stats else None
        if stats is not None:
            stats.execute("SELECT pg_stat_statements_reset()")
        profiler = cProfile.Profile()
        wall = time.perf_counter()
        profiler.enable()
        answer = db.in_transaction(factory, lambda s: ingest(s, item.pk, batches[2]))
        profiler.disable()
        wall = time.perf_counter() - wall
        if stats is not None:
            out.write("   the third batch, server side (pg_stat_statements): calls / rows / ms executing, slowest first\n")
            for query, calls, rows, ms in server_statements(stats)[:12]:
                out.write(f"   {calls:6} {rows:6} {ms:8.1f}  {query[:110]}\n")
            stats.close()
        body = body_of(more[2 * size:])
        request_ms = _best_ms(lambda: Batch.model_validate(json.loads(body)))
        answer_ms = _best_ms(answer.model_dump_json)  # as ledger.api.post_batch answers
        out.write(f"   the API's work around ingest (best of 5): request JSON -> Batch {request_ms:.1f} ms, "
                  f"answer -> JSON {answer_ms:.1f} ms ({len(answer.members)} member snapshots)\n")
        out.write(f"   the third batch under cProfile ({wall * 1000:.0f} ms wall with the profiler on); "
                  "ledger/ and sync/ functions by cumulative time:\n")
        stats_out = pstats.Stats(profiler, stream=out)
        stats_out.sort_stats("cumulative").print_stats(r"/(ledger|sync)/", 14)
        out.write("   all functions by own time:\n")
        stats_out.sort_stats("tottime").print_stats(14)
    finally:
        engine.dispose()
    return out.getvalue()


def _best_ms(call: Callable[[], object], runs: int = 5) -> float:
    best = math.inf
    for _ in range(runs):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best * 1000


# ---------------------------------------------------------------------------------------------


def print_header(argv: Sequence[str], sizes: Sizes, app: str, shared: bool, version: str, settings: str,
                 data: str) -> None:
    print("jifen ledger benchmark (figures only, nothing is pass/fail)")
    print(f"command: {shlex.join([sys.executable, *argv])}")
    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}; load average before: {loadavg()}")
    print(f"software: Python {platform.python_version()}, PostgreSQL {version}, SQLAlchemy {sqlalchemy.__version__}, "
          f"psycopg {psycopg.__version__} (libpq {psycopg.pq.version()}), FastAPI {fastapi.__version__}, "
          f"pydantic {pydantic.__version__}, uvicorn {uvicorn.__version__}")
    print(f"postgres: throwaway cluster (tests.helpers.postgres, fsync=True) in {Path(data).parent}; {settings}")
    print(f"sizes: {sizes.terminals} terminals x {sizes.batches} batches x {sizes.batch} entries = {sizes.entries:,} "
          f"entries; ledger served by uvicorn ({app}) with {sizes.workers} worker process{'es' * (sizes.workers > 1)}"
          + ("" if sizes.workers == 1 else " accepting from one socket (--shared-socket)" if shared
             else " each on its own socket (ledger.serving)")
          + ", the app's own engine (pool 10 + 20 overflow per process)")


def print_run(sizes: Sizes, offered: float, result: RunResult, cpu: list[str], waits: str, checks: list[str]) -> float:
    rate = result.acknowledged / result.elapsed if result.elapsed else 0.0
    print(f"\n== 1. the ledger over HTTP: {sizes.terminals} terminals posting at once (requests, one thread and "
          "keep-alive connection each), each its batches in order")
    if offered:
        print(f"   open loop: {offered:,.0f} entries/s offered, each terminal a batch every "
              f"{sizes.terminals * sizes.batch / offered:.2f} s; latency counted from when a batch was due")
    else:
        print(f"   closed loop: each terminal posts its next batch as soon as the last is answered, so the mean "
              f"latency is about {sizes.terminals} batches / the rate in batches/s")
    print(f"{'ledger.rate':<15} {result.acknowledged:,} entries in {result.elapsed:.2f} s = {rate:,.0f} entries/s"
          f"   target >= {TARGET_RATE:,} entries/s")
    print(f"{'ledger.batch':<15} {latency_text(result.latencies_ms)}   target p99 <= {TARGET_P99_MS:g} ms")
    for line in cpu:
        print(f"   {line}")
    print(f"   database sessions (pg_stat_activity every 50 ms): {waits}")
    batches = sizes.terminals * sizes.batches
    print(f"   check: {result.batches_ok}/{batches} batches answered 200 with every entry applied and acknowledged"
          + ("" if not result.failures else "; FAILED: " + " | ".join(result.failures[:5])))
    for check in checks:
        print(f"   check: {check}")
    return rate


def bench_raw(url: str, work: list[TerminalWork], sizes: Sizes, rate: float) -> None:
    rows = raw_rows(url, work)
    raw_url = create_database(url, "jifen_raw")
    engine = db.open_engine(raw_url)
    db.migrate(engine)
    engine.dispose()
    print_raw(sizes, raw_ceiling(raw_url, rows), rows, rate)


def print_raw(sizes: Sizes, raw: dict[str, RunResult], rows: list[RawWork], rate: float) -> None:
    entries = sum(len(b[0]) for item in rows for b in item.batches)
    transfers = sum(len(b[1]) for item in rows for b in item.batches)
    print(f"\n== 2. the same rows inserted raw with psycopg: {sizes.terminals} connections at once, one transaction "
          f"per batch, into a scratch database with the ledger's schema (same cluster, ledger server stopped)")
    for key, result in raw.items():
        label = RAW_WAYS[key][0]
        count = {"raw.transfers": transfers, "raw.both": entries + transfers}.get(key, entries)
        extra = f" = {entries / result.elapsed:,.0f} entries/s with their transfers" if key == "raw.both" else ""
        print(f"{key:<15} {count:,} rows in {result.elapsed:.2f} s = {count / result.elapsed:,.0f} rows/s{extra}   "
              f"batch p99 {percentile(result.latencies_ms, 99):.1f} ms   ({label})")
    ceiling = entries / raw["raw.entries"].elapsed
    both = entries / raw["raw.both"].elapsed
    print(f"{'ledger.share':<15} ledger / raw.entries = {100 * rate / ceiling:.1f} %   target >= {100 * TARGET_SHARE:g} %"
          f"   (ledger / raw.both = {100 * rate / both:.1f} %)")


def print_queries(figures: list[QueryFigure], why_not: str) -> None:
    print("\n== 3. statements per batch: ledger.ingest.ingest called directly (no HTTP), one terminal; after a "
          "warm-up batch of 500, batches of 10 and 500, twice")
    if why_not:
        print(f"   pg_stat_statements unavailable ({why_not}): server-side counts not shown")
    for figure in figures:
        server = "" if figure.server_calls is None else f", the server executed {figure.server_calls} (pg_stat_statements)"
        print(f"{'queries.' + str(figure.size):<15} {figure.size} entries: {figure.sent} statements sent "
              f"(an executemany counts once; {figure.parameter_sets} parameter sets){server}; "
              f"{figure.wall_ms:.0f} ms wall, {figure.cpu_ms:.0f} ms CPU in Python")
    largest = figures[-1]
    if largest.server:
        print(f"   server side of the last batch of {largest.size} (pg_stat_statements): calls / rows / ms executing, "
              "by time")
        for query, calls, rows, ms in largest.server[:10]:
            print(f"   {calls:6} {rows:6} {ms:8.1f}  {query[:110]}")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="jifen ledger benchmark (prints figures, asserts nothing)")
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--terminals", type=int, default=0, help="concurrent terminals (default 20)")
    parser.add_argument("--batches", type=int, default=0, help="batches per terminal (default 10; 2 with --quick)")
    parser.add_argument("--batch", type=int, default=0, help="entries per batch (default 500; 100 with --quick)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (default 2, one per core)")
    parser.add_argument("--profile", action="store_true", help="also cProfile ledger.ingest.ingest on a 500-entry batch")
    parser.add_argument("--offered", type=float, default=0, metavar="ENTRIES_PER_S",
                        help="open loop: the terminals together offer this many entries/s on a fixed schedule "
                             "(default: closed loop, each posts as soon as its last batch is answered)")
    parser.add_argument("--shared-socket", action="store_true",
                        help="serve as uvicorn's own multi-process mode does, every worker accepting from one socket "
                             "(default: as jifen-ledger serve, each worker on its own socket), for an A/B comparison")
    parser.add_argument("--app", default=APP, metavar="MODULE:FACTORY",
                        help=f"the uvicorn app factory to serve (default {APP}); another one for an A/B experiment")
    args = parser.parse_args(argv)
    if min(args.terminals, args.batches, args.batch, args.offered) < 0 or args.workers < 1 or args.batch > 500:
        parser.error("sizes must be positive, at least 1 worker, at most 500 entries a batch")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    from tests.helpers.postgres import postgres_cluster

    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv[1:])
    sizes = Sizes(args.terminals or 20, args.batches or (2 if args.quick else 10), args.batch or (100 if args.quick else 500),
                  args.workers)
    started = time.perf_counter()
    with postgres_cluster(fsync=True) as url:
        version, settings, postmaster, data = server_facts(url)
        print_header(argv, sizes, args.app, args.shared_socket, version, settings, data)
        work, mix, took = make_journals(sizes)
        gc.freeze()  # the journals live to the end: keep the collector from walking them again and again
        chains = sum(verify_chain(item.entries, item.terminal_id) for item in work)
        print(f"journals: {sizes.entries:,} entries made in {took:.1f} s: {mix.registrations:,} registrations "
              f"(member_add + signup bonus), {mix.member_sales:,} sales with a member ({mix.redeeming:,} paying with "
              f"points), {mix.walk_in:,} walk-in sales, {mix.bonuses - mix.registrations:,} referral bonuses, "
              f"{mix.other} store set-up entries; {chains}/{len(work)} chains verify")
        sys.stdout.flush()
        setup_ledger(url, work)
        checkpoint(url)
        with ledger_server(url, sizes.workers, args.app, args.shared_socket) as (base, proc):
            watch = CpuWatch(proc.pid, postmaster)
            with WaitSampler(url, make_url(url).database or "jifen") as waits:
                watch.begin()
                result = run_concurrently(work, post_terminal(base, work, args.offered))
                cpu = watch.report(result.elapsed)
        checks, books_ok = check_ledger(url, work)
        rate = print_run(sizes, args.offered, result, cpu, waits.summary(), checks)
        sys.stdout.flush()
        bench_raw(url, work, sizes, rate)
        gc.collect()  # the raw rows are gone: what follows is timed in this process
        sys.stdout.flush()
        why_not = enable_pg_stat_statements(url)
        print_queries(measure_queries(url, why_not is None), why_not or "")
        if args.profile:
            print(profile_ingest(url, work[0], sizes.batch, why_not is None), end="")
    correct = books_ok and not result.failures
    print(f"\ndone in {time.perf_counter() - started:.1f} s; load average after: {loadavg()}"
          + ("" if correct else "; THE LEDGER DID NOT HOLD WHAT WAS SENT (see the checks above)"))
    return 0 if correct else 1


if __name__ == "__main__":
    sys.exit(main())
