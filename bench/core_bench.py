"""jifen core benchmark: durable sale latency, its overhead over raw sqlite3, and reads on a big store.

Prints figures only; nothing here passes or fails on a timing. See bench/README.md.

    .venv/bin/python bench/core_bench.py            # 2,000 sales each way, 1,000,000-entry store
    .venv/bin/python bench/core_bench.py --quick    # a smoke run in seconds
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import os
import platform
import pstats
import random
import re
import shlex
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from terminal import db
from terminal.bootstrap import Till, init_store, open_till
from terminal.clock import Clock
from terminal.home import Home
from terminal.ids import uuid7
from terminal.journal import Verdict, Who, canonical, entry_hash, format_instant, verify
from terminal.points_math import EarnLine, earned_points
from terminal.rules import RuleSet
from terminal.services.cashiers import Actor, add_cashier
from terminal.services.members import register_member, show_member
from terminal.services.reports import day_report
from terminal.services.sales import SaleRequest, record_sale

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed_store  # noqa: E402  (beside this file)
from machine import cpu_model  # noqa: E402  (beside this file)
from seed_store import SeedInfo, SeedSize, local_clock, member_id_of, phone_of  # noqa: E402

SALE_DAY = date(2026, 3, 2)
OWNER = Actor("boss", "owner")
CASHIER = Actor("amy", "cashier")  # not a supervisor, so the velocity limit is really checked
SALES_PER_MEMBER = 4  # below the default velocity limit of 5 earning sales a day
REDEEM_POINTS = 100  # every sale also pays ¥1 with points, so it updates a lot as well as adding one
TARGET_P99_MS = 10.0
TARGET_RATIO = 2.0
TARGET_REPORT_MS = 100.0
TARGET_LOOKUP_MS = 1.0

Item = TypeVar("Item")


@dataclass(frozen=True)
class Sizes:
    sales: int
    warmup: int
    block: int
    profile_sales: int
    seed: SeedSize
    report_runs: int
    lookups: int


def sizes_for(args: argparse.Namespace) -> Sizes:
    if args.quick:
        return Sizes(sales=args.sales or 200, warmup=10, block=20, profile_sales=100 if args.profile else 0,
                     seed=SeedSize(entries=20_000, members=2_000), report_runs=20, lookups=200)
    return Sizes(sales=args.sales or 2000, warmup=50, block=100, profile_sales=300 if args.profile else 0,
                 seed=SeedSize(entries=1_000_000, members=100_000), report_runs=20, lookups=1000)


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class Latency:
    """Wall-clock timings of one kind of call, and the CPU time this process spent in each, in ns."""

    samples_ns: list[int]
    cpu_ns: list[int]

    @classmethod
    def of(cls, timings: list[tuple[int, int]]) -> Latency:
        return cls([wall for wall, _ in timings], [cpu for _, cpu in timings])

    def percentile_ms(self, pct: float, cpu: bool = False) -> float:
        """Nearest-rank percentile: the smallest sample with at least ``pct`` % at or below it."""
        ordered = sorted(self.cpu_ns if cpu else self.samples_ns)
        rank = max(1, math.ceil(pct / 100 * len(ordered)))
        return ordered[rank - 1] / 1e6

    @property
    def p50(self) -> float:
        return self.percentile_ms(50)

    @property
    def p99(self) -> float:
        return self.percentile_ms(99)

    @property
    def mean_ms(self) -> float:
        return sum(self.samples_ns) / len(self.samples_ns) / 1e6

    @property
    def max_ms(self) -> float:
        return max(self.samples_ns) / 1e6

    def slowest(self, count: int = 3) -> str:
        """The slowest calls as wall/cpu ms: a wall time far above its cpu time waited on the disk or the machine."""
        worst = sorted(zip(self.samples_ns, self.cpu_ns), reverse=True)[:count]
        return ", ".join(f"{wall / 1e6:.1f}/{cpu / 1e6:.1f}" for wall, cpu in worst)


def figure_line(key: str, lat: Latency, target: str, mid: str = "p50") -> str:
    return (f"{key:<13} n={len(lat.samples_ns):<5} {mid} {lat.p50:8.3f} ms  p90 {lat.percentile_ms(90):8.3f} ms  "
            f"p99 {lat.p99:8.3f} ms  max {lat.max_ms:8.3f} ms  (cpu {mid} {lat.percentile_ms(50, cpu=True):6.3f} ms)  "
            f"target {target}")


def timed(call: Callable[[Item], object], item: Item) -> tuple[int, int]:
    """Wall time (perf_counter_ns) and this process's CPU time (process_time_ns) of one call."""
    wall, cpu = time.perf_counter_ns(), time.process_time_ns()
    call(item)
    return time.perf_counter_ns() - wall, time.process_time_ns() - cpu


# ---------------------------------------------------------------------------------------------
# Header


def print_header(argv: Sequence[str], sizes: Sizes, work_dir: Path) -> None:
    print("jifen core benchmark (figures only, nothing is pass/fail)")
    print(f"command: {shlex.join([sys.executable, *argv])}")
    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}")
    print(f"software: Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}")
    print(f"sizes: {sizes.sales} sales each way (+{sizes.warmup} warm-up, blocks of {sizes.block}), seed "
          f"{sizes.seed.entries:,} entries / {sizes.seed.members:,} members, {sizes.report_runs} reports, "
          f"{sizes.lookups} lookups")
    print(f"sale stores in: {work_dir}")


# ---------------------------------------------------------------------------------------------
# 1 and 2: durable sales, through the service and with raw sqlite3


@dataclass(frozen=True)
class SaleSpec:
    member_id: str
    lines: tuple[tuple[str, int], ...]
    pay_method: str

    def request(self) -> SaleRequest:
        return SaleRequest(lines=list(self.lines), member=self.member_id, redeem_points=REDEEM_POINTS,
                           pay_method=self.pay_method)


def sale_specs(member_ids: list[str], count: int, rng: random.Random) -> list[SaleSpec]:
    """Round-robin over the members so none passes SALES_PER_MEMBER sales on the day."""
    return [SaleSpec(member_ids[n % len(member_ids)],
                     (("general", rng.randint(1_000, 30_000)), ("digital", rng.randint(1_000, 30_000))),
                     ("cash", "card")[n % 2])
            for n in range(count)]


def open_sale_store(root: Path, members: int) -> tuple[Till, list[str]]:
    """A real store, made by init_store, with a cashier and members registered by the real service."""
    till = init_store(Home(root), store="基准店", terminal_id="T1", merchant="m1", timezone=seed_store.TZ_NAME,
                      owner=OWNER.name, pin="8888", clock=local_clock(SALE_DAY, 10))
    add_cashier(till.uow(), till.shop, OWNER, CASHIER.name, CASHIER.role, "1111")
    ids = [register_member(till.uow(), till.shop, Who(CASHIER.name), phone_of(n)).id for n in range(members)]
    return till, ids


def copy_store(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def raw_connection(path: Path) -> sqlite3.Connection:
    """The pragmas terminal.db sets on every connection, on a plain sqlite3 connection."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def durability(execute: Callable[[str], Any]) -> str:
    mode = execute("PRAGMA journal_mode")
    sync = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(execute("PRAGMA synchronous"), "?")
    return f"journal_mode={mode} synchronous={sync}"


def engine_durability(engine: Engine) -> str:
    with engine.connect() as conn:
        return durability(lambda sql: conn.exec_driver_sql(sql).scalar())


_INSERT_JOURNAL = ("INSERT INTO journal (seq, id, terminal_id, kind, at, business_date, actor, approver, points_delta, "
                   "liability_after, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_SALE = ("INSERT INTO sales (id, seq, member_id, cashier, business_date, total_fen, redeemed_points, redeemed_fen, "
                "paid_fen, pay_method, earned_points, tier, tier_pct, rules_version, redeem_expires_on) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_HEAD = "SELECT seq, hash, liability, entry_id FROM journal_head WHERE id = 1"
_LIVE_LOTS = ("SELECT id, remaining, expires_on FROM lots WHERE member_id = ? AND remaining > 0 AND expires_on >= ? "
              "ORDER BY expires_on, id")


@dataclass
class RawTill:
    """The rows record_sale writes for a member's sale, written with plain sqlite3 in one transaction.

    It reads only what the rows depend on (the journal head with the last entry's id, and the
    member's live lots); the tier is the first one, with no growth lookup.
    """

    conn: sqlite3.Connection
    rules: RuleSet
    clock: Clock
    terminal_id: str
    cashier: str

    def sell(self, spec: SaleSpec) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._write(spec)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _write(self, spec: SaleSpec) -> None:
        conn, rules, now = self.conn, self.rules, self.clock.now()
        today = now.astimezone(seed_store.TZ).date()
        head_seq, head_hash, liability, last_id = conn.execute(_HEAD).fetchone()
        spent, redeem_expires = _spend(conn.execute(_LIVE_LOTS, (spec.member_id, today.isoformat())).fetchall(), REDEEM_POINTS)
        lines = [EarnLine(amount, rules.rate_bp(cat), rules.promo_pct(today, cat)) for cat, amount in spec.lines]
        total, value, tier = sum(a for _, a in spec.lines), rules.value_fen(REDEEM_POINTS), rules.tiers[0]
        earned = earned_points(lines, tier.multiplier, total, value)
        expires, seq = rules.expires_on(today), head_seq + 1
        sale_id = f"{self.terminal_id}-{seq}"
        payload = {
            "sale_id": sale_id, "member_id": spec.member_id,
            "lines": [{"category": cat, "amount_fen": ln.amount_fen, "rate_bp": ln.rate_bp, "promo_pct": ln.promo_pct}
                      for (cat, _), ln in zip(spec.lines, lines)],
            "tier": tier.name, "tier_pct": tier.multiplier, "total_fen": total, "redeemed_points": REDEEM_POINTS,
            "redeemed_fen": value, "paid_fen": total - value, "pay_method": spec.pay_method, "earned_points": earned,
            "earn_expires_on": expires.isoformat() if earned else None, "rules_version": rules.version,
        }
        delta = earned - REDEEM_POINTS
        fields = {"seq": seq, "id": uuid7(now, last_id), "terminal": self.terminal_id, "kind": "sale", "at": format_instant(now),
                  "business_date": today.isoformat(), "actor": self.cashier, "approver": None, "points_delta": delta,
                  "liability_after": liability + delta, "payload": canonical(payload), "prev_hash": head_hash}
        digest = entry_hash(fields)
        conn.execute(_INSERT_JOURNAL, (seq, fields["id"], self.terminal_id, "sale", fields["at"], fields["business_date"],
                                       self.cashier, None, delta, liability + delta, fields["payload"], head_hash, digest))
        conn.execute("INSERT INTO outbox (seq) VALUES (?)", (seq,))
        conn.execute("UPDATE journal_head SET seq = ?, hash = ?, liability = ?, entry_id = ? WHERE id = 1",
                     (seq, digest, liability + delta, fields["id"]))
        conn.executemany("UPDATE lots SET remaining = ? WHERE id = ?", spent)
        conn.execute("INSERT INTO lots (member_id, granted_on, expires_on, points, remaining, seq) "
                              "VALUES (?, ?, ?, ?, ?, ?)",
                     (spec.member_id, today.isoformat(), expires.isoformat(), earned, earned, seq))
        conn.execute(_INSERT_SALE, (sale_id, seq, spec.member_id, self.cashier, today.isoformat(), total, REDEEM_POINTS,
                                    value, total - value, spec.pay_method, earned, tier.name, tier.multiplier,
                                    rules.version, redeem_expires))
        conn.executemany("INSERT INTO sale_lines (sale_id, line_no, category, amount_fen, rate_bp, promo_pct) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         [(sale_id, n, cat, ln.amount_fen, ln.rate_bp, ln.promo_pct)
                          for n, ((cat, _), ln) in enumerate(zip(spec.lines, lines), start=1)])


def _spend(live: list[tuple[int, int, str]], points: int) -> tuple[list[tuple[int, int]], str | None]:
    """As terminal.lots.spend: soonest expiry first; returns (new remaining, lot id) pairs and the latest expiry."""
    updates, latest = [], None
    for lot_id, remaining, expires_on in live:
        if points == 0:
            break
        take = min(remaining, points)
        updates.append((remaining - take, lot_id))
        points -= take
        latest = expires_on if latest is None else max(latest, expires_on)
    if points:
        raise RuntimeError("a benchmark member ran out of points")
    return updates, latest


@dataclass(frozen=True)
class SaleFigures:
    service: Latency
    raw: Latency
    service_durability: str
    raw_durability: str
    checks: list[str]
    profile: str


def interleaved(service: Callable[[SaleSpec], object], raw: Callable[[SaleSpec], object],
                specs: list[SaleSpec], block: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Alternate blocks (service first, then raw first, ...) so machine noise falls on both alike."""
    service_ns: list[tuple[int, int]] = []
    raw_ns: list[tuple[int, int]] = []
    for number, start in enumerate(range(0, len(specs), block)):
        chunk = specs[start:start + block]
        order = [(service, service_ns), (raw, raw_ns)]
        for call, out in order if number % 2 == 0 else reversed(order):
            out.extend(timed(call, spec) for spec in chunk)
    return service_ns, raw_ns


def bench_sales(work: Path, sizes: Sizes) -> SaleFigures:
    total = sizes.warmup + sizes.sales + sizes.profile_sales
    till, member_ids = open_sale_store(work / "service", math.ceil(total / SALES_PER_MEMBER))
    raw_path = work / "raw" / "jifen.db"
    copy_store(till.home.db, raw_path)
    specs = sale_specs(member_ids, total, random.Random(42))
    timed_end = sizes.warmup + sizes.sales
    warm, measured, profiled = specs[:sizes.warmup], specs[sizes.warmup:timed_end], specs[timed_end:]
    try:
        with closing(raw_connection(raw_path)) as conn:
            raw = RawTill(conn, till.shop.rules, till.shop.clock, till.shop.terminal_id, CASHIER.name)

            def service(spec: SaleSpec) -> object:
                return record_sale(till.uow(), till.shop, CASHIER, spec.request())

            interleaved(service, raw.sell, warm, sizes.block)
            service_ns, raw_ns = interleaved(service, raw.sell, measured, sizes.block)
            raw_mode = durability(lambda sql: conn.execute(sql).fetchone()[0])
        profile = profile_calls(till.engine, "record_sale", service, profiled) if profiled else ""
        checks = [f"service store {describe(verify_store(till.engine))}",
                  f"raw store {describe(verify_store(db.open_engine(raw_path)))}"]
        return SaleFigures(Latency.of(service_ns), Latency.of(raw_ns), engine_durability(till.engine), raw_mode, checks,
                           profile)
    finally:
        till.close()


def verify_store(engine: Engine) -> Verdict:
    try:
        with Session(engine) as session:
            return verify(session)
    finally:
        engine.dispose()


def describe(verdict: Verdict) -> str:
    return f"journal verifies: {verdict.ok} ({verdict.entries} entries{'' if verdict.ok else ', ' + str(verdict.reason)})"


def print_sales(figures: SaleFigures) -> None:
    service, raw = figures.service, figures.raw
    print("\n== 1. durable sale through terminal.services.sales.record_sale (member, earning, ¥1 in points, outbox)")
    print(f"   store: {figures.service_durability}; timed: the whole record_sale call")
    print(figure_line("sale.service", service, f"p99 <= {TARGET_P99_MS:g} ms"))
    print(f"   slowest (wall/cpu ms): {service.slowest()}")
    print("\n== 2. the same rows with raw sqlite3, one BEGIN IMMEDIATE ... COMMIT per sale, blocks alternating with 1.")
    print(f"   store: {figures.raw_durability}; writes journal, outbox, journal_head, lots (update + insert), sales, 2 sale_lines")
    print(figure_line("sale.raw", raw, f"p99 <= {TARGET_P99_MS:g} ms"))
    print(f"   slowest (wall/cpu ms): {raw.slowest()}")
    print(f"{'sale.ratio':<13} service/raw  p50 {service.p50 / raw.p50:6.2f}x      p99 {service.p99 / raw.p99:6.2f}x"
          f"      target <= {TARGET_RATIO:g}x")
    for check in figures.checks:
        print(f"   check: {check}")
    print(figures.profile, end="")


# ---------------------------------------------------------------------------------------------
# Where the time goes (--profile)


class StatementTimer:
    """Counts and times every SQL statement an engine runs, keyed by its first words."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.totals: dict[str, list[int]] = {}
        self._keys: dict[str, str] = {}
        self._started: list[int] = []

    def __enter__(self) -> StatementTimer:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self._started.append(time.perf_counter_ns())

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        took = time.perf_counter_ns() - self._started.pop()
        key = self._keys.get(statement) or self._keys.setdefault(statement, re.sub(r"\s+", " ", statement)[:110])
        entry = self.totals.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += took


def profile_calls(engine: Engine, title: str, call: Callable[[Item], object], items: Sequence[Item]) -> str:
    """cProfile and per-statement SQL times of ``call`` over ``items``, as text to print after the figures."""
    profiler = cProfile.Profile()
    with StatementTimer(engine) as statements:
        started = time.perf_counter_ns()
        profiler.enable()
        for item in items:
            call(item)
        profiler.disable()
        wall = time.perf_counter_ns() - started
    count = len(items)
    out = io.StringIO()
    out.write(f"\n== profile of {title} over {count} calls (not part of the figures above)\n")
    out.write(f"   wall time per call {wall / count / 1e6:.3f} ms with the profiler on\n")
    out.write("   SQL statements per call, by cursor.execute time (fetching rows and sqlite3's commit() are not in it):\n")
    for key, (calls, ns) in sorted(statements.totals.items(), key=lambda kv: -kv[1][1]):
        out.write(f"   {calls / count:5.2f}/call {ns / count / 1e6:7.3f} ms/call  {key}\n")
    stats = pstats.Stats(profiler, stream=out)
    out.write("\n   terminal/ functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"/terminal/", 20)
    out.write("   all functions by own time:")
    stats.sort_stats("tottime").print_stats(12)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# 3: reads on a seeded store


@dataclass(frozen=True)
class ReadFigures:
    report: Latency
    lookup: Latency
    report_sales: int
    warmed: str
    profile: str


def warm_page_cache(path: Path) -> str:
    """Read the store once, so the figures time the code rather than a disk the kernel evicted to."""
    started, size = time.perf_counter(), 0
    with path.open("rb") as store:
        while chunk := store.read(16 << 20):
            size += len(chunk)
    return f"read the {size / 1e6:,.0f} MB store once in {time.perf_counter() - started:.1f} s to warm the page cache"


def bench_reads(info: SeedInfo, sizes: Sizes) -> ReadFigures:
    warmed = warm_page_cache(Path(info.home) / "jifen.db")
    till = open_till(Home(Path(info.home)), local_clock(date.fromisoformat(info.last_day), 22))
    day = date.fromisoformat(info.busiest_day)

    def report(_: object = None) -> dict[str, Any]:
        return day_report(till.reading(), till.shop, day)

    def lookup(index: int) -> object:
        return show_member(till.reading(), till.shop, phone_of(index))

    try:
        sales = int(report()["sales"])
        report()
        report_ns = [timed(report, None) for _ in range(sizes.report_runs)]
        picks = random.Random(7).choices(range(info.members), k=sizes.lookups)
        check_lookup(till, picks[0])
        for index in picks[:20]:
            lookup(index)
        lookup_ns = [timed(lookup, index) for index in picks]
        profile = ""
        if sizes.profile_sales:
            profile = (profile_calls(till.engine, "day_report", report, [None] * 5)
                       + profile_calls(till.engine, "show_member by phone", lookup, picks[:200]))
    finally:
        till.close()
    return ReadFigures(Latency.of(report_ns), Latency.of(lookup_ns), sales, warmed, profile)


def check_lookup(till: Till, index: int) -> None:
    found = show_member(till.reading(), till.shop, phone_of(index))
    if found.id != member_id_of(index):
        raise RuntimeError(f"lookup of {phone_of(index)} found {found.id}, not {member_id_of(index)}")


def print_seed(info: SeedInfo) -> None:
    how = "cached, built earlier" if info.cached else "built now"
    print(f"\n== 3. reads on a seeded store: {info.entries:,} journal entries, {info.members:,} members, "
          f"{info.sales:,} sales ({info.walk_in_sales:,} walk-in), {info.lots:,} lots, {info.first_day} .. {info.last_day}")
    print(f"{'seed':<13} {how}: seeding took {info.seed_seconds:.1f} s, terminal.journal.verify took "
          f"{info.verify_seconds:.1f} s; {info.home}")


def print_reads(info: SeedInfo, figures: ReadFigures) -> None:
    print(f"   {figures.warmed}")
    print(f"   day report for the busiest date, {info.busiest_day}: {info.busiest_day_entries:,} entries, "
          f"{figures.report_sales:,} sales (2 warm-up runs not counted)")
    print(figure_line("report.day", figures.report, f"<= {TARGET_REPORT_MS:g} ms", mid="med"))
    print("   member lookup by phone with show_member, random members (20 warm-up lookups not counted)")
    print(figure_line("lookup.phone", figures.lookup, f"<= {TARGET_LOOKUP_MS:g} ms", mid="med"))
    print(figures.profile, end="")


# ---------------------------------------------------------------------------------------------
# 4: the owner's Dashboard over a year, a month and a day (--dashboard-year)

DASHBOARD_SEED = SeedSize(entries=400_000, members=40_000)  # a busy shop's year
DASHBOARD_QUICK_SEED = SeedSize(entries=20_000, members=2_000)
TARGET_DASHBOARD_YEAR_MS = 1000.0


def dashboard_figures(till: Till, start: date, end: date) -> object:
    """What the Dashboard's reading worker runs for a period: its months one task at a time, then the totals."""
    from ui.screens.dashboard_data import FiguresCollector, period_totals, stretch_reports  # no Qt in it

    collector = FiguresCollector(start, end)
    while (part := collector.next_part()) is not None:
        collector.days(stretch_reports(till, part[0], part[1], collector.period))
    return collector.figures(period_totals(till, start, end, collector.period))


def bench_dashboard(info: SeedInfo, runs: int) -> None:
    print(f"\n== 4. the Dashboard's figures on a seeded store: {info.entries:,} journal entries, {info.members:,} members, "
          f"{info.first_day} .. {info.last_day}; schema {db.SCHEMA_HEAD}; {info.home}")
    print(f"   {warm_page_cache(Path(info.home) / 'jifen.db')}; each period as the Dashboard's reading worker reads it "
          f"(a month at a time, then the totals), {runs} runs after a warm-up")
    first, last, busiest = (date.fromisoformat(day) for day in (info.first_day, info.last_day, info.busiest_day))
    till = open_till(Home(Path(info.home)), local_clock(last, 22))
    periods = {"dashboard.year": (first, last), "dashboard.month": (busiest.replace(day=1), busiest),
               "dashboard.day": (busiest, busiest)}
    try:
        for key, (start, end) in periods.items():
            dashboard_figures(till, start, end)  # a warm-up run, not counted
            figures = Latency.of([timed(lambda span: dashboard_figures(till, *span), (start, end)) for _ in range(runs)])
            target = f"<= {TARGET_DASHBOARD_YEAR_MS:g} ms" if key == "dashboard.year" else "—"
            print(f"   {key}: {start} .. {end}")
            print(figure_line(key, figures, target))
    finally:
        till.close()


# ---------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="jifen core benchmark (prints figures, asserts nothing)")
    parser.add_argument("--sales", type=int, default=0, help="timed sales each way (default 2000; 200 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--profile", action="store_true", help="also profile record_sale, day_report and show_member (cProfile, SQL per call)")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp"), help="where the seeded store is kept (/tmp)")
    parser.add_argument("--work-dir", type=Path, default=None, help="where the sale stores are made (a new temp folder)")
    parser.add_argument("--dashboard-year", action="store_true", help="only time the Dashboard's figures for a year, "
                        "a month and a day on a 400,000-entry store (20,000 with --quick)")
    args = parser.parse_args(argv)
    if args.sales < 0:
        parser.error("--sales must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv[1:])
    sizes = sizes_for(args)
    started = time.perf_counter()
    if args.dashboard_year:
        print("jifen core benchmark, the Dashboard (figures only, nothing is pass/fail)")
        print(f"command: {shlex.join([sys.executable, *argv])}")
        print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), {platform.platform()}, SQLite {sqlite3.sqlite_version}")
        info = seed_store.ensure_seed(DASHBOARD_QUICK_SEED if args.quick else DASHBOARD_SEED, args.cache_dir)
        print_seed(info)
        bench_dashboard(info, 3 if args.quick else 7)
        print(f"\ndone in {time.perf_counter() - started:.1f} s")
        return 0
    with tempfile.TemporaryDirectory(prefix="jifen-bench-", dir=args.work_dir) as tmp:
        print_header(argv, sizes, Path(tmp))
        sys.stdout.flush()
        print_sales(bench_sales(Path(tmp), sizes))
    sys.stdout.flush()
    info = seed_store.ensure_seed(sizes.seed, args.cache_dir)
    print_seed(info)
    print_reads(info, bench_reads(info, sizes))
    print(f"\ndone in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
