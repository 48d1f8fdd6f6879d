"""A ledger restored from last night's backup holds less than it acknowledged: each terminal finds out at
its next sync (the ledger says up to which entry it holds its journal), sends the rest again without a
sale to push it, and takes every member afresh (the ledger numbers its changes from the backup on)."""

import sqlite3

from sync.relay import Syncer
from terminal.services.members import show_member
from tests.helpers.ledger import check_books
from tests.helpers.store import member, sell
from tests.sync.conftest import Network

PHONE = "13800138000"


def _copy(source: str, target: str) -> None:
    """SQLite's online backup: a consistent copy while the ledger serves, and a restore under its feet."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_terminals_send_a_restored_ledger_what_it_lost(network: Network) -> None:
    one, two = network.store("T1"), network.store("T2")
    sync_one: Syncer = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two: Syncer = network.connect(two, network.ledger.terminal("m1", "静安店", "T2"))
    m = member(one, PHONE)
    sell(one, m, ("general", 10000))
    sync_one.sync_once()
    sync_two.sync_once()  # T2 learns the member
    ledger_file, backup = str(network.root / "ledger.db"), str(network.root / "nightly.db")
    _copy(ledger_file, backup)
    sell(one, m, ("general", 20000))
    sync_one.sync_once()
    sell(two, m, ("general", 30000))
    sync_two.sync_once()
    sync_one.sync_once()
    truth = network.ledger.balance(m)
    assert truth == show_member(one.reading(), one.shop, m).balance == 500 + 50 + 100 + 150

    _copy(backup, ledger_file)  # the morning after: the server's disk died, last night's dump restored
    assert network.ledger.balance(m) == 550
    assert sync_one.sync_once() > 0 and sync_two.sync_once() > 0  # nothing new sold: sent again all the same
    sync_one.sync_once()
    assert network.ledger.balance(m) == truth
    assert show_member(one.reading(), one.shop, m).balance == show_member(two.reading(), two.shop, m).balance == truth
    day = network.ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()
    assert (day["sales"], day["gross_fen"]) == (3, 60000)
    assert sync_one.sync_once() == 0 and sync_two.sync_once() == 0  # and then nothing twice
    check_books(network.ledger)


def test_terminals_that_do_not_ask_get_the_first_answer(network: Network) -> None:
    token = network.ledger.terminal("m1", "静安店", "T1")
    assert network.ledger.get("/v1/whoami", token).json() == {"protocol": 1, "merchant": "m1", "store": "静安店",
                                                               "terminal": "T1"}
    assert network.ledger.get("/v1/whoami", token, held="true").json()["held_seq"] == 0
