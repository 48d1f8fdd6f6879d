"""Drive the ledger as terminals do: real stores, their journals sent over the real HTTP API
(in-process), and the book-keeping invariants checked from the stored transfers."""

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from ledger import db, service
from ledger.api import create_app
from ledger.cli import answer, main
from ledger.models import Conflict, Entry, Lot, Member, Refund, Sale, Transfer
from sync.protocol import WireEntry, entry_hash, hashed_fields, wire_entry
from terminal.bootstrap import Till, init_store
from terminal.home import Home
from tests.helpers.store import OWNER, OWNER_PIN, at


def run(capsys: Any, url: str, *words: str) -> tuple[int, str, str]:
    """`jifen-ledger --db URL WORDS…` run in-process as its command line runs it: exit status, stdout, stderr
    (``capsys``: pytest's, which catches them)."""
    status = main(["--db", url, *words])
    out, err = capsys.readouterr()
    return status, out, err


def ledger_cli(url: str) -> Callable[..., tuple[int, str]]:
    """`jifen-ledger --db URL WORDS…` answered in-process: its exit status and what it says."""

    def run(*words: str) -> tuple[int, str]:
        said = answer(["--db", url, *words])
        return said.status, said.text

    return run


@contextmanager
def schema_migrations(engine: Engine) -> Iterator[tuple[Config, Connection]]:
    """Alembic bound to one transaction on ENGINE, to move a ledger's schema to an older revision and back."""
    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).parent / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        yield config, conn


def journal_of(till: Till, after: int = 0) -> list[WireEntry]:
    with sqlite3.connect(till.home.db) as conn:
        conn.row_factory = sqlite3.Row
        return [wire_entry(row) for row in conn.execute("SELECT * FROM journal WHERE seq > ? ORDER BY seq", (after,))]


@dataclass
class Ledger:
    engine: Engine
    client: TestClient
    admin: str

    def session(self) -> Session:
        return db.sessions(self.engine)()

    def do(self, work: Any) -> Any:
        return db.in_transaction(db.sessions(self.engine), work)

    def merchant(self, merchant_id: str, currency: str | None = None, fen_per_point: int = 1) -> None:
        self.do(lambda s: service.add_merchant(s, merchant_id, f"商户 {merchant_id}", currency, fen_per_point))

    def terminal(self, merchant: str, store: str, terminal_id: str) -> str:
        return str(self.do(lambda s: service.add_terminal(s, merchant, store, terminal_id)))

    def post(self, token: str, entries: list[WireEntry] | list[dict[str, Any]]) -> Any:
        body = [e.model_dump() if isinstance(e, WireEntry) else e for e in entries]
        return self.client.post("/v1/batches", json={"protocol": 1, "entries": body}, params={"snapshot": "3"},
                                headers={"Authorization": f"Bearer {token}"})

    def sync(self, till: Till, token: str, after: int = 0) -> dict[str, Any]:
        answer = self.post(token, journal_of(till, after))
        assert answer.status_code == 200, answer.json()
        return answer.json()  # type: ignore[no-any-return]

    def get(self, path: str, token: str | None = None, **params: Any) -> Any:
        return self.client.get(path, params=params, headers={"Authorization": f"Bearer {token or self.admin}"})

    def balance(self, member_id: str) -> int:
        with self.session() as s:
            member = s.get(Member, member_id)
            assert member is not None
            held = s.scalar(select(func.coalesce(func.sum(Lot.remaining), 0)).where(Lot.member_id == member_id))
            return int(held or 0) - member.debt


def open_ledger(engine: Engine) -> Ledger:
    db.migrate(engine)
    admin = db.in_transaction(db.sessions(engine), lambda s: (service.ensure_counters(s), service.add_admin_token(s))[1])
    return Ledger(engine, TestClient(create_app(engine), raise_server_exceptions=False), admin)


def check_books(ledger: Ledger) -> None:
    """The invariants of double entry, from the stored transfers alone."""
    balances: dict[str, int] = defaultdict(int)
    with ledger.session() as s:
        for debit, credit, amount in s.execute(select(Transfer.debit, Transfer.credit, Transfer.amount)):
            assert amount > 0
            balances[debit] -= amount
            balances[credit] += amount
        assert sum(balances.values()) == 0
        debts: dict[str, int] = defaultdict(int)
        for member in s.scalars(select(Member)):
            held = s.scalar(select(func.coalesce(func.sum(Lot.remaining), 0)).where(Lot.member_id == member.id)) or 0
            assert balances[f"member:{member.id}"] == held >= 0, member.id
            assert member.debt >= 0
            debts[member.currency] += member.debt
        for currency, owed in debts.items():
            assert balances[f"debt:{currency}"] == -owed


def books(ledger: Ledger, members: list[str], day: str) -> Any:
    """What a refused batch must leave as it was: the members' balances, the rows held, the day's report."""
    with ledger.session() as s:
        rows = [s.scalar(select(func.count()).select_from(model)) for model in (Entry, Sale, Refund, Conflict)]
    return [ledger.balance(m) for m in members], rows, ledger.get("/v1/reports/day", merchant="m1", day=day).json()


def refused_whole(ledger: Ledger, token: str, entries: list[WireEntry], members: list[str], seq: int, message: str,
                  day: str = "2026-03-01") -> None:
    """The batch is refused (bad_entry, naming entry ``seq``) and changes nothing."""
    before = books(ledger, members, day)
    answer = ledger.post(token, entries)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"error": "bad_entry", "message": f"entry {seq}: {message}"}
    assert books(ledger, members, day) == before


def rechain(entries: list[WireEntry], terminal_id: str = "T1") -> list[WireEntry]:
    """Re-hash a doctored journal so its chain holds: what a forger with the terminal's data could send."""
    out: list[WireEntry] = []
    for entry in entries:
        if out:
            entry = entry.model_copy(update={"prev_hash": out[-1].hash})
        digest = entry_hash(hashed_fields(entry.model_dump() | {"terminal_id": terminal_id}))
        out.append(entry.model_copy(update={"hash": digest}))
    return out


def shop_till(root: Path, name: str, terminal_id: str, merchant: str = "m1") -> Till:
    return init_store(Home(root / terminal_id), store=name, terminal_id=terminal_id, merchant=merchant,
                      timezone="Asia/Shanghai", owner=OWNER.name, pin=OWNER_PIN, clock=at("2026-03-01 10:00"))


def give_member(source: Till, member_id: str, target: Till) -> None:
    """Put the member and their lots in another store, as a pulled ledger snapshot would."""
    with sqlite3.connect(source.home.db) as src, sqlite3.connect(target.home.db) as dst:
        row = src.execute("SELECT id, phone, name, referrer_id, registered_on, debt_points FROM members WHERE id=?",
                          (member_id,)).fetchone()
        dst.execute("INSERT INTO members (id, phone, name, referrer_id, registered_on, debt_points) "
                    "VALUES (?, ?, ?, ?, ?, ?)", row)
        for lot in src.execute("SELECT granted_on, expires_on, points, remaining, seq FROM lots "
                               "WHERE member_id=? AND remaining > 0", (member_id,)):
            dst.execute("INSERT INTO lots (member_id, granted_on, expires_on, points, remaining, seq) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (member_id, *lot))
