"""Terminals syncing with a ledger in the fault tests: the random work a cashier does, syncing
until nothing is pending, and the end state every run must reach (the terminals' journals and the
ledger compared entry by entry)."""

import os
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from ledger.models import Conflict as LedgerConflict
from ledger.models import Entry
from ledger.models import Lot as LedgerLot
from ledger.models import Member as LedgerMember
from ledger.models import Terminal as LedgerTerminal
from sync.client import LedgerClient, LedgerRefused, LinkDown
from sync.protocol import WireEntry
from sync.relay import Conflict, Syncer, describe
from sync.link_files import save_token
from terminal import ledger_link
from terminal.bootstrap import Till, init_store
from terminal.errors import Refused
from terminal.home import Home
from terminal.journal import Who, verify
from terminal.models import JournalHead, Member, OutboxItem
from terminal.services.members import register_member, show_member
from terminal.services.refunds import record_refund
from terminal.services.sales import SaleRequest, SaleResult, record_sale
from tests.helpers.ledger import Ledger, check_books, journal_of
from tests.helpers.store import CASHIER, MANAGER, OWNER, OWNER_PIN, at, reopen

LEDGER_DAY = "2026-03-01T10:00:00+08:00"  # the terminals' clock: the ledger dates its snapshots by the same day
WHEN = "2026-03-01 10:00"
STORES = {"T1": "静安店", "T2": "徐汇店"}
CATEGORIES = ("general", "general", "digital", "vehicle", "excluded")
REFUSALS_EXPECTED = {"insufficient_points", "over_offline_cap", "member_in_debt", "already_refunded"}


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A folder for many short-lived stores: in memory (/dev/shm) when there is one, as the runs
    test the sync, not the disk, and thousands of fsyncs would only make them slow."""
    memory = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix=prefix, dir=memory if memory.is_dir() and os.access(memory, os.W_OK) else None))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Lane:
    """One terminal of a run: its store, its syncer, and the sales it can still refund."""

    name: str
    till: Till
    syncer: Syncer
    open_lines: dict[str, list[int]] = field(default_factory=dict)
    refused: Counter[str] = field(default_factory=Counter)

    def members(self) -> list[str]:
        """In phone order: phones come from the run's seed, ids do not, and a replay must choose alike."""
        with self.till.reading() as uow:
            return list(uow.session.scalars(select(Member.id).order_by(Member.phone)))

    def pending(self) -> int:
        with self.till.reading() as uow:
            return ledger_link.pending_count(uow.session)

    def reopen(self) -> None:
        """The app restarts: the store is opened again and syncing resumes from what the ledger acknowledged."""
        client = self.syncer.client
        self.till = reopen(self.till)
        self.syncer = Syncer(self.till, client)


def sell(lane: Lane, rng: random.Random) -> SaleResult | None:
    """A random sale: with or without a member, sometimes paying with points, sometimes more than they have."""
    members = lane.members()
    member = rng.choice([None, *members]) if members else None
    lines = [(rng.choice(CATEGORIES), rng.randint(1, 40_000)) for _ in range(rng.randint(1, 4))]
    redeem = 0
    if member is not None and rng.random() < 0.4:
        balance = show_member(lane.till.reading(), lane.till.shop, member).balance
        total = sum(amount for _, amount in lines)
        redeem = rng.randint(1, max(1, min(balance + rng.randint(0, 50), total)))
    request = SaleRequest(lines, member, redeem, rng.choice(("cash", "card")))
    try:
        sale = record_sale(lane.till.uow(), lane.till.shop, CASHIER, request, MANAGER)
    except Refused as refused:
        assert refused.code in REFUSALS_EXPECTED | {"bad_input"}, refused
        lane.refused[refused.code] += 1
        return None
    lane.open_lines[sale.sale_id] = list(range(1, len(lines) + 1))
    return sale


def refund(lane: Lane, rng: random.Random) -> None:
    """Some lines of a random sale, or all of them."""
    if not lane.open_lines:
        return
    sale_id = rng.choice(sorted(lane.open_lines))
    left = lane.open_lines[sale_id]
    chosen = sorted(rng.sample(left, rng.randint(1, len(left))))
    record_refund(lane.till.uow(), lane.till.shop, MANAGER, sale_id, None if chosen == left else chosen)
    lane.open_lines[sale_id] = [n for n in left if n not in chosen]
    if not lane.open_lines[sale_id]:
        del lane.open_lines[sale_id]


def register(lane: Lane, rng: random.Random, phones: set[str]) -> None:
    phone = f"139{rng.randrange(10**8):08d}"
    if phone in phones:
        return
    phones.add(phone)
    members = lane.members()
    referrer = rng.choice(members) if members and rng.random() < 0.3 else None
    register_member(lane.till.uow(), lane.till.shop, Who(CASHIER.name), phone, None, referrer)


def try_sync(lane: Lane, where: str) -> bool:
    """One sync_once; a link failure is normal, anything else is a bug."""
    try:
        lane.syncer.sync_once()
        return True
    except LinkDown:
        return False
    except (LedgerRefused, Conflict, Refused) as failure:
        raise AssertionError(f"{where}: {lane.name} sync failed: {describe(failure)}") from failure


def sync_until_done(lane: Lane, where: str, attempts: int = 300) -> None:
    for _ in range(attempts):
        if try_sync(lane, where) and lane.pending() == 0:
            return
    raise AssertionError(f"{where}: {lane.name} has {lane.pending()} entries pending after {attempts} sync attempts")


def finish(lanes: list[Lane], where: str) -> None:
    """Every terminal sends everything; then all but the last (which heard everyone) pull once
    more to hear what the later ones sent."""
    for lane in lanes:
        sync_until_done(lane, where)
    for lane in lanes[:-1]:
        sync_until_done(lane, where)


def ledger_entries(ledger: Ledger, merchant: str, terminal_id: str) -> tuple[list[dict[str, object]], int, str]:
    with ledger.session() as s:
        terminal = s.scalar(select(LedgerTerminal).where(LedgerTerminal.merchant_id == merchant,
                                                         LedgerTerminal.terminal_id == terminal_id))
        assert terminal is not None
        rows = s.scalars(select(Entry).where(Entry.terminal_pk == terminal.pk).order_by(Entry.seq))
        held = [{name: getattr(row, name) for name in WireEntry.model_fields} for row in rows]
        return held, terminal.last_seq, terminal.last_hash


def first_difference(ours: list[dict[str, object]], theirs: list[dict[str, object]]) -> str:
    for mine, held in zip(ours, theirs):
        if mine != held:
            return f"entry {mine['seq']}: terminal {mine} / ledger {held}"
    return f"the terminal has {len(ours)} entries, the ledger {len(theirs)}"


def member_figures(ledger: Ledger, merchant: str) -> dict[str, tuple[int, int]]:
    """Each member of the merchant at the ledger: (balance, debt)."""
    with ledger.session() as s:
        held = dict(s.execute(select(LedgerLot.member_id, func.sum(LedgerLot.remaining)).group_by(LedgerLot.member_id)).all())
        return {m.id: (int(held.get(m.id) or 0) - m.debt, m.debt)
                for m in s.scalars(select(LedgerMember).where(LedgerMember.merchant_id == merchant))}


def check_end_state(ledger: Ledger, lanes: list[Lane], where: str, merchant: str = "m1") -> int:
    """Same entries, same sums, chains intact, nothing pending. Returns the number of entries compared."""
    liability, compared = 0, 0
    for lane in lanes:
        ours = [entry.model_dump() for entry in journal_of(lane.till)]
        theirs, last_seq, last_hash = ledger_entries(ledger, merchant, lane.name)
        assert ours == theirs, f"{where}: {lane.name}'s journal and the ledger differ: {first_difference(ours, theirs)}"
        assert (last_seq, last_hash) == (ours[-1]["seq"], ours[-1]["hash"]), f"{where}: {lane.name} acknowledged wrongly"
        with lane.till.reading() as uow:
            verdict = verify(uow.session)
            assert verdict.ok, f"{where}: {lane.name}'s chain is broken: {verdict}"
            assert ledger_link.pending_count(uow.session) == 0, f"{where}: {lane.name} has entries pending"
            assert uow.session.scalar(select(func.count()).select_from(OutboxItem)) == 0, f"{where}: {lane.name}'s outbox"
            head = uow.session.get(JournalHead, 1)
            assert head is not None
            liability += head.liability
        compared += len(ours)
    with ledger.session() as s:
        assert s.scalar(select(func.count()).select_from(LedgerConflict)) == 0, f"{where}: the ledger recorded conflicts"
    figures = member_figures(ledger, merchant)
    assert sum(balance for balance, _ in figures.values()) == liability, \
        f"{where}: members hold {sum(b for b, _ in figures.values())} points at the ledger, the terminals say {liability}"
    for lane in lanes:
        assert sorted(lane.members()) == sorted(figures), f"{where}: {lane.name} does not know every member"
        for member_id, (balance, debt) in figures.items():
            view = show_member(lane.till.reading(), lane.till.shop, member_id)
            assert (view.balance, view.debt_points) == (balance, debt), \
                f"{where}: member {member_id} at {lane.name}: balance {view.balance}, debt {view.debt_points}; " \
                f"the ledger: {balance}, {debt}"
    check_books(ledger)
    return compared


def open_lanes(ledger: Ledger, root: Path, url: str, count: int, merchant: str = "m1") -> list[Lane]:
    """``count`` terminals of the merchant, each in its own store, connected to the ledger at ``url``."""
    assert count <= len(STORES), f"only {len(STORES)} stores are named"
    lanes = []
    for name in list(STORES)[:count]:
        till = init_store(Home(root / name), store=STORES[name], terminal_id=name, merchant=merchant,
                          timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at(WHEN))
        token = ledger.terminal(merchant, STORES[name], name)
        with till.uow() as uow:
            ledger_link.connect(uow.session, url)
            uow.commit()
        save_token(till, token)
        lanes.append(Lane(name, till, Syncer(till, LedgerClient(url, token))))
    return lanes


def close_lanes(lanes: list[Lane]) -> None:
    for lane in lanes:
        lane.till.close()
