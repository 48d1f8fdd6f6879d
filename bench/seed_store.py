"""A big, valid jifen store for the read-side benchmarks, built once and kept under /tmp.

The store is created by the real ``init_store`` (store row, rules, cashiers, keys), then filled
with raw ``sqlite3`` ``executemany``: a year of business dates, members registered with their
signup bonus, and sales with their lines and earned lots. Every journal entry is chained with
``terminal.journal``'s ``canonical``/``entry_hash``, and the finished store is checked with the
real ``terminal.journal.verify`` before it is kept, so a seed that drifts from the code is never
measured.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from terminal import db
from terminal.bootstrap import init_store, open_till
from terminal.clock import Clock
from terminal.home import Home
from terminal.ids import uuid7
from terminal.journal import canonical, entry_hash, format_instant, verify
from terminal.points_math import EarnLine, earned_points
from terminal.rules import RuleSet
from terminal.services.cashiers import Actor, add_cashier

SEED_FORMAT = 1  # bump when what is seeded changes in a way the source hash would not show
CACHE_PREFIX = "jifen-bench-seed-"
TZ_NAME = "Asia/Shanghai"
TZ = ZoneInfo(TZ_NAME)
TERMINAL_ID = "T1"
FIRST_DAY = date(2025, 3, 2)
OWNER = Actor("boss", "owner")
STAFF = (Actor("amy", "cashier"), Actor("max", "manager"))
GENESIS_ENTRIES = 3 + len(STAFF)  # store_init, rules, cashier_add(owner), then one cashier_add each
SIGNUP_ENTRIES = 2  # member_add, then the signup bonus
MEMBER_SHARE_PERCENT = 70  # sales with a member; the rest are walk-in customers
OPEN_SECONDS = 12 * 3600  # the shop is open 09:00 to 21:00
CATEGORIES = ("general", "digital", "excluded")
CATEGORY_WEIGHTS = (70, 25, 5)
WEEKDAY_WEIGHT = (100, 95, 100, 105, 125, 160, 150)  # Monday first, percent
SPECIAL_DAY_WEIGHT = {(11, 11): 300, (10, 1): 200, (10, 2): 200, (12, 24): 180, (2, 16): 30}  # percent


@dataclass(frozen=True)
class SeedSize:
    entries: int
    members: int
    days: int = 365

    @property
    def sales(self) -> int:
        return self.entries - GENESIS_ENTRIES - SIGNUP_ENTRIES * self.members

    @property
    def last_day(self) -> date:
        return FIRST_DAY + timedelta(days=self.days - 1)


@dataclass(frozen=True)
class SeedInfo:
    """What the benchmarks need to know about a seeded store, kept beside it as seed.json."""

    home: str
    entries: int
    members: int
    sales: int
    walk_in_sales: int
    lots: int
    first_day: str
    last_day: str
    busiest_day: str
    busiest_day_entries: int
    seed_seconds: float
    verify_seconds: float
    cached: bool = False


def phone_of(index: int) -> str:
    """Member ``index``'s phone: unique for any index below 10**9 (7919 is prime to 10**9)."""
    return f"13{(index * 7919 + 12345) % 10**9:09d}"


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def member_id_of(index: int) -> str:
    """Member ``index``'s id, 'M' and 12 Crockford characters; an odd multiplier keeps it unique."""
    value = (index * 0x9E3779B97F4A7C15 + 0x5DEECE66D) % (1 << 60)
    return "M" + "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(55, -1, -5))


def cache_dir(size: SeedSize, root: Path) -> Path:
    """Keyed by the schema head, the seed format, this file's source and the size."""
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]
    return root / f"{CACHE_PREFIX}s{db.SCHEMA_HEAD}-f{SEED_FORMAT}-{source}-{size.entries}e-{size.members}m"


def ensure_seed(size: SeedSize, root: Path = Path("/tmp")) -> SeedInfo:
    """Reuse the cached store for this size, or build, verify and cache a new one."""
    target = cache_dir(size, root)
    info_file = target / "seed.json"
    if info_file.exists():
        info = SeedInfo(**json.loads(info_file.read_text(encoding="utf-8")))
        return SeedInfo(**{**asdict(info), "cached": True})
    _remove_stale(root, size, target)
    building = target.with_name(target.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    info = _build(size, Home(building))
    info = SeedInfo(**{**asdict(info), "home": str(target)})
    (building / "seed.json").write_text(json.dumps(asdict(info), indent=2), encoding="utf-8")
    building.rename(target)
    return info


def _remove_stale(root: Path, size: SeedSize, keep: Path) -> None:
    """Older seeds of the same size (an older schema or seeder) are a gigabyte each: drop them."""
    suffix = f"-{size.entries}e-{size.members}m"
    for old in root.glob(f"{CACHE_PREFIX}*{suffix}*"):
        ours = old.name.endswith(suffix) and (old / "seed.json").exists() or old.name.endswith(suffix + ".building")
        if old != keep and old.is_dir() and ours:
            shutil.rmtree(old, ignore_errors=True)


def local_clock(day: date, hour: int = 8) -> Clock:
    return Clock(datetime.combine(day, day_time(hour), TZ))


def _build(size: SeedSize, home: Home) -> SeedInfo:
    if size.sales <= 0:
        raise ValueError(f"{size.entries} entries cannot hold {size.members} members' signups")
    started = time.perf_counter()
    till = init_store(home, store="基准店", terminal_id=TERMINAL_ID, merchant="m1", timezone=TZ_NAME,
                      owner=OWNER.name, pin="8888", clock=local_clock(FIRST_DAY))
    for staff, pin in zip(STAFF, ("1111", "2222")):
        add_cashier(till.uow(), till.shop, OWNER, staff.name, staff.role, pin)
    rules = till.shop.rules
    till.close()
    with _bulk_connection(home.db) as conn:
        stats = _fill(conn, size, rules)
    seed_seconds = time.perf_counter() - started
    verify_seconds = _verify(home, size)
    return SeedInfo(
        home=str(home.root), entries=size.entries, members=size.members, sales=stats.sales,
        walk_in_sales=stats.walk_ins, lots=stats.lots, first_day=FIRST_DAY.isoformat(),
        last_day=size.last_day.isoformat(), busiest_day=stats.busiest_day.isoformat(),
        busiest_day_entries=stats.busiest_entries, seed_seconds=round(seed_seconds, 1),
        verify_seconds=round(verify_seconds, 1),
    )


class _BulkConnection:
    """Fast loading: nothing here needs to survive a crash, the folder is renamed only when done."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)

    def __enter__(self) -> sqlite3.Connection:
        for pragma in ("journal_mode=MEMORY", "synchronous=OFF", "foreign_keys=ON", "cache_size=-1000000"):
            self.conn.execute(f"PRAGMA {pragma}")
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.execute("PRAGMA journal_mode=WAL")  # as the terminal keeps it
        self.conn.close()


def _bulk_connection(path: Path) -> _BulkConnection:
    return _BulkConnection(path)


def _verify(home: Home, size: SeedSize) -> float:
    started = time.perf_counter()
    till = open_till(home, local_clock(size.last_day, 22))
    try:
        with till.reading() as uow:
            verdict = verify(uow.session)
    finally:
        till.close()
    if not verdict.ok or verdict.entries != size.entries:
        raise RuntimeError(f"the seeded journal does not verify: {verdict}")
    return time.perf_counter() - started


@dataclass
class _Chain:
    """The journal's running head, as ``terminal.journal.append`` keeps it."""

    seq: int
    hash: str
    liability: int
    last_id: str | None

    def entry(self, kind: str, now: datetime, actor: str, payload: dict[str, Any], points_delta: int = 0) -> tuple[Any, ...]:
        """The next journal row, hashed over the same fields ``terminal.journal`` hashes."""
        seq, entry_id, liability = self.seq + 1, uuid7(now, self.last_id), self.liability + points_delta
        at, business_date, body = format_instant(now), now.astimezone(TZ).date().isoformat(), canonical(payload)
        digest = entry_hash({
            "seq": seq, "id": entry_id, "terminal": TERMINAL_ID, "kind": kind, "at": at, "business_date": business_date,
            "actor": actor, "approver": None, "points_delta": points_delta, "liability_after": liability,
            "payload": body, "prev_hash": self.hash,
        })
        row = (seq, entry_id, TERMINAL_ID, kind, at, business_date, actor, None, points_delta, liability, body,
               self.hash, digest)
        self.seq, self.hash, self.liability, self.last_id = seq, digest, liability, entry_id
        return row


@dataclass
class _Rows:
    """Rows of one business day, written together."""

    journal: list[tuple[Any, ...]] = field(default_factory=list)
    members: list[tuple[Any, ...]] = field(default_factory=list)
    lots: list[tuple[Any, ...]] = field(default_factory=list)
    sales: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)

    def write(self, conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT INTO journal (seq, id, terminal_id, kind, at, business_date, actor, approver, "
                         "points_delta, liability_after, payload, prev_hash, hash) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.journal)
        conn.executemany("INSERT INTO members (id, phone, name, referrer_id, registered_on, debt_points) "
                         "VALUES (?, ?, ?, ?, ?, ?)", self.members)
        conn.executemany("INSERT INTO lots (id, member_id, granted_on, expires_on, points, remaining, seq) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", self.lots)
        conn.executemany("INSERT INTO sales (id, seq, member_id, cashier, business_date, total_fen, redeemed_points, "
                         "redeemed_fen, paid_fen, pay_method, earned_points, tier, tier_pct, rules_version, "
                         "redeem_expires_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         self.sales)
        conn.executemany("INSERT INTO sale_lines (sale_id, line_no, category, amount_fen, rate_bp, promo_pct, refund_id) "
                         "VALUES (?, ?, ?, ?, ?, ?, NULL)", self.lines)


@dataclass
class _Stats:
    sales: int = 0
    walk_ins: int = 0
    lots: int = 0
    busiest_day: date = FIRST_DAY
    busiest_entries: int = 0


@dataclass
class _State:
    """What the seeder tracks across days to keep the rows consistent with the rules."""

    rules: RuleSet
    chain: _Chain
    rng: random.Random
    next_lot: int
    registered: int = 0
    growth: dict[int, int] = field(default_factory=dict)  # member index → cash paid (all within 365 days)
    stats: _Stats = field(default_factory=_Stats)


def _fill(conn: sqlite3.Connection, size: SeedSize, rules: RuleSet) -> _Stats:
    head = conn.execute("SELECT seq, hash, liability, entry_id FROM journal_head WHERE id = 1").fetchone()
    next_lot = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM lots").fetchone()[0]
    state = _State(rules, _Chain(*head), random.Random(20260301), next_lot)
    sales_by_day = _spread(size.sales, [_weight(day) for day in _days(size)])
    members_by_day = _spread(size.members, [1] * size.days)
    for day, n_sales, n_members in zip(_days(size), sales_by_day, members_by_day):
        rows = _seed_day(state, day, n_sales, n_members)
        conn.execute("BEGIN")
        rows.write(conn)
        if day == size.last_day:
            conn.executemany("INSERT INTO outbox (seq) VALUES (?)", ((row[0],) for row in rows.journal))
        conn.execute("COMMIT")
        if len(rows.journal) > state.stats.busiest_entries:
            state.stats.busiest_day, state.stats.busiest_entries = day, len(rows.journal)
    chain = state.chain
    conn.execute("UPDATE journal_head SET seq = ?, hash = ?, liability = ?, entry_id = ? WHERE id = 1",
                 (chain.seq, chain.hash, chain.liability, chain.last_id))
    return state.stats


def _days(size: SeedSize) -> Iterator[date]:
    return (FIRST_DAY + timedelta(days=n) for n in range(size.days))


def _weight(day: date) -> int:
    return WEEKDAY_WEIGHT[day.weekday()] * SPECIAL_DAY_WEIGHT.get((day.month, day.day), 100)


def _spread(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``, whole numbers adding up exactly."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    for n in range(total - sum(shares)):
        shares[n % len(shares)] += 1
    return shares


def _seed_day(state: _State, day: date, n_sales: int, n_members: int) -> _Rows:
    events = ["member"] * n_members + ["sale"] * n_sales
    state.rng.shuffle(events)
    opening = datetime.combine(day, day_time(9), TZ)
    step = timedelta(seconds=OPEN_SECONDS / max(1, len(events)))
    rows, served_today = _Rows(), dict[int, int]()
    for n, event in enumerate(events):
        now = opening + n * step
        actor = state.rng.choice((OWNER, *STAFF)).name
        if event == "member":
            _register(state, rows, now, actor)
        else:
            _sell(state, rows, now, actor, _customer(state, served_today))
    return rows


def _register(state: _State, rows: _Rows, now: datetime, actor: str) -> None:
    """As ``register_member``: the member_add entry, then the signup bonus and its lot."""
    index, today, points = state.registered, now.astimezone(TZ).date(), state.rules.signup_bonus
    state.registered += 1
    member_id, expires = member_id_of(index), state.rules.expires_on(today)
    rows.journal.append(state.chain.entry("member_add", now, actor,
                                          {"member_id": member_id, "phone": phone_of(index), "name": None, "referrer_id": None}))
    rows.members.append((member_id, phone_of(index), None, None, today.isoformat(), 0))
    bonus = {"member_id": member_id, "points": points, "reason": "signup", "expires_on": expires.isoformat()}
    rows.journal.append(state.chain.entry("bonus", now, actor, bonus, points_delta=points))
    rows.lots.append((_next_lot(state), member_id, today.isoformat(), expires.isoformat(), points, points, state.chain.seq))


def _next_lot(state: _State) -> int:
    lot_id, state.next_lot = state.next_lot, state.next_lot + 1
    state.stats.lots += 1
    return lot_id


def _customer(state: _State, served_today: dict[int, int]) -> int | None:
    """A registered member (not over the day's velocity limit), or None for a walk-in customer."""
    if not state.registered or state.rng.randrange(100) >= MEMBER_SHARE_PERCENT:
        return None
    index = state.rng.randrange(state.registered)
    if served_today.get(index, 0) >= state.rules.velocity_limit:
        return None
    served_today[index] = served_today.get(index, 0) + 1
    return index


def _sell(state: _State, rows: _Rows, now: datetime, actor: str, member: int | None) -> None:
    """As ``record_sale`` without points paid: the sale entry, its lot, the sales row and its lines."""
    rules, today, rng = state.rules, now.astimezone(TZ).date(), state.rng
    picked = [(rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0], rng.randint(100, 30_000)) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
    lines = [EarnLine(amount, rules.rate_bp(cat), rules.promo_pct(today, cat)) for cat, amount in picked]
    total = sum(amount for _, amount in picked)
    tier = rules.tier_for(state.growth.get(member, 0)) if member is not None else rules.tiers[0]
    earned = earned_points(lines, tier.multiplier, total, 0) if member is not None else 0
    member_id = member_id_of(member) if member is not None else None
    pay_method = rng.choice(("cash", "card"))
    expires = rules.expires_on(today)
    sale_id = f"{TERMINAL_ID}-{state.chain.seq + 1}"
    payload = {
        "sale_id": sale_id, "member_id": member_id,
        "lines": [{"category": cat, "amount_fen": line.amount_fen, "rate_bp": line.rate_bp, "promo_pct": line.promo_pct}
                  for (cat, _), line in zip(picked, lines)],
        "tier": tier.name, "tier_pct": tier.multiplier, "total_fen": total, "redeemed_points": 0, "redeemed_fen": 0,
        "paid_fen": total, "pay_method": pay_method, "earned_points": earned,
        "earn_expires_on": expires.isoformat() if earned else None, "rules_version": rules.version,
    }
    rows.journal.append(state.chain.entry("sale", now, actor, payload, points_delta=earned))
    seq, lot_id = state.chain.seq, None
    if earned:
        lot_id = _next_lot(state)
        rows.lots.append((lot_id, member_id, today.isoformat(), expires.isoformat(), earned, earned, seq))
    rows.sales.append((sale_id, seq, member_id, actor, today.isoformat(), total, 0, 0, total, pay_method, earned,
                       tier.name, tier.multiplier, rules.version, None))
    rows.lines.extend((sale_id, n, cat, line.amount_fen, line.rate_bp, line.promo_pct)
                      for n, ((cat, _), line) in enumerate(zip(picked, lines), start=1))
    state.stats.sales += 1
    if member is None:
        state.stats.walk_ins += 1
    else:
        state.growth[member] = state.growth.get(member, 0) + total
