"""A ledger restored from last night's backup holds less than it acknowledged: each terminal finds out at
its next sync (the ledger says up to which entry it holds its journal), sends the rest again without a
sale to push it, and takes every member afresh (the ledger numbers its changes from the backup on)."""


from ledger.service import skip_changes
from sync.relay import Syncer
from terminal.services.members import show_member
from tests.helpers.damage import online_copy
from tests.helpers.ledger import check_books
from tests.helpers.store import member, sell
from tests.sync.conftest import Network

PHONE = "13800138000"


def test_terminals_send_a_restored_ledger_what_it_lost(network: Network) -> None:
    one, two = network.store("T1"), network.store("T2")
    sync_one: Syncer = network.connect(one, network.ledger.terminal("m1", "静安店", "T1"))
    sync_two: Syncer = network.connect(two, network.ledger.terminal("m1", "静安店", "T2"))
    m = member(one, PHONE)
    sell(one, m, ("general", 10000))
    sync_one.sync_once()
    sync_two.sync_once()  # T2 learns the member
    ledger_file, backup = str(network.root / "ledger.db"), str(network.root / "nightly.db")
    online_copy(ledger_file, backup)
    sell(one, m, ("general", 20000))
    sync_one.sync_once()
    sell(two, m, ("general", 30000))
    sync_two.sync_once()
    sync_one.sync_once()
    truth = network.ledger.balance(m)
    assert truth == show_member(one.reading(), one.shop, m).balance == 500 + 50 + 100 + 150

    online_copy(backup, ledger_file)  # the morning after: the server's disk died, last night's dump restored
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


def test_a_terminal_ahead_of_a_restored_ledger_misses_no_later_change(network: Network) -> None:
    one, two, three = network.store("T1"), network.store("T2"), network.store("T3", name="徐汇店")
    syncs = [network.connect(till, network.ledger.terminal("m1", till.shop.store, till.shop.terminal_id))
             for till in (one, two, three)]
    m, w, y = member(one, PHONE), member(one, "13900139000"), member(one, "13700137000")
    for sync in (*syncs, syncs[0]):
        sync.sync_once()
    ledger_file, backup = str(network.root / "ledger.db"), str(network.root / "nightly.db")
    online_copy(ledger_file, backup)
    for amount in (1000, 2000, 3000):
        sell(two, m, ("general", amount))
        syncs[1].sync_once()
    syncs[0].sync_once()  # T1's cursor is now past what the backup numbered
    online_copy(backup, ledger_file)
    network.ledger.do(skip_changes)  # what `jifen-ledger serve` does at every start, a restore's restart too
    sell(three, w, ("general", 20000))
    syncs[2].sync_once()
    for _ in range(6):  # numbered past T1's cursor before T1 asks
        sell(three, y, ("general", 100))
        syncs[2].sync_once()
    syncs[0].sync_once()
    assert show_member(one.reading(), one.shop, w).balance == network.ledger.balance(w) == 600
    syncs[1].sync_once()  # T2 sends again what the restore lost
    syncs[0].sync_once()
    assert show_member(one.reading(), one.shop, m).balance == network.ledger.balance(m) == 500 + 5 + 10 + 15
    check_books(network.ledger)
