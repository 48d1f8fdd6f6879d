"""A member's journal entries are read by the member index (schema 0019), never by reading the whole journal: the
members screen's history, a reprint's balance, and whether this till registered a member."""

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex

from printing.sources import member_balance
from terminal.bootstrap import Till, open_till
from terminal.home import Home
from terminal.ledger_link import registered_here
from terminal.models import Base, Member
from tests.helpers.statements import statements_run
from tests.helpers.store import OWNER, at, member, new_till, sell
from ui.screens.members_data import HISTORY_ROWS, member_page

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-schema-0001"


def _journal_plans(till: Till, action: Callable[[], object]) -> list[str]:
    """What SQLite plans for each statement on the journal that ``action`` runs, asked of the store file itself."""
    with statements_run(till.engine) as run:
        action()
    statements = [(sql, params) for sql, params in run if "FROM journal" in sql]
    assert statements
    with closing(sqlite3.connect(till.home.db)) as conn:
        return [" / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                for sql, params in statements]


def _searched_by_member(plan: str) -> bool:
    return "SEARCH journal USING INDEX ix_journal_member" in plan and "SCAN journal" not in plan


def _store_with_sales(home: Home) -> tuple[Till, str, str]:
    till = new_till(home)
    many = member(till, "13800138000", "张三")
    other = member(till, "13900139000", "李四")
    for amount in range(1000, 1000 + 100 * HISTORY_ROWS, 100):
        sell(till, many, ("general", amount), cashier=OWNER)  # past the daily limit of earning sales
    sell(till, other, ("general", 5000))
    sell(till, None, ("general", 7000))
    return till, many, other


def test_the_members_history_is_read_by_the_member_index(home: Home) -> None:
    till, many, other = _store_with_sales(home)
    page = member_page(till, "13900139000")
    assert [(item.kind, item.money_fen, item.points_in - item.points_out) for item in page.history] == [
        ("sale", 5000, 25), ("bonus", None, 500), ("member_add", None, 0)]
    newest = member_page(till, "13800138000").history
    assert len(newest) == HISTORY_ROWS
    assert [item.money_fen for item in newest[:3]] == [5900, 5800, 5700]  # newest first
    plans = _journal_plans(till, lambda: member_page(till, "13800138000"))
    assert plans and all(_searched_by_member(plan) for plan in plans), plans
    till.close()


def test_a_reprints_balance_and_registered_here_are_read_by_the_member_index(home: Home) -> None:
    till, many, other = _store_with_sales(home)
    with till.reading() as uow:
        holder = uow.session.get(Member, other)
        assert holder is not None
        assert registered_here(uow.session, other)
        assert member_balance(uow.session, till.shop, holder, 3, None).now == 525
        plans = _journal_plans(till, lambda: (registered_here(uow.session, other),
                                              member_balance(uow.session, till.shop, holder, 3, None)))
    assert len(plans) == 2 and all(_searched_by_member(plan) for plan in plans), plans
    till.close()


def test_an_upgraded_store_has_the_index_the_models_declare(tmp_path: Path) -> None:
    home = Home(tmp_path / "old-store")
    shutil.copytree(FIXTURE, home.root)
    till = open_till(home, at("2026-11-22 10:00"))
    with closing(sqlite3.connect(home.db)) as conn:
        stored = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_journal_member'").fetchone()
    declared = next(index for index in Base.metadata.tables["journal"].indexes if index.name == "ix_journal_member")
    assert stored is not None
    assert " ".join(stored[0].split()) == str(CreateIndex(declared).compile(dialect=sqlite.dialect()))
    history = member_page(till, "13900139000").history
    assert [(item.kind, item.ref, item.points_in - item.points_out) for item in history] == [
        ("bonus", None, 100), ("sale", "T1-11", 150), ("bonus", None, 500), ("member_add", None, 0)]
    assert all(_searched_by_member(plan) for plan in _journal_plans(till, lambda: member_page(till, "13900139000")))
    till.close()
