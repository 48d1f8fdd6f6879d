"""A sale changed in the terminal's store before it synced: the terminal says which entry the ledger refused and
why, and keeps every entry of the batch pending. A real ledger over TCP, a real store file."""

import pytest

from sync.client import LedgerRefused
from sync.relay import describe
from terminal import ledger_link
from tests.helpers.store import sell
from tests.ledger.test_conflicts import edit_amount
from tests.sync.conftest import Network


def test_the_terminal_says_which_entry_was_changed_and_keeps_it_pending(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    sell(till, None, ("general", 1000))
    syncer.sync_once()
    sell(till, None, ("general", 2000))
    changed = sell(till, None, ("general", 3000)).seq
    edit_amount(till, changed, 30)
    with pytest.raises(LedgerRefused) as refused:
        syncer.sync_once()
    assert describe(refused.value) == (
        f"the ledger refused: entry {changed} of terminal T1 was changed after it was written (its hash does not match "
        "its content): nothing of this batch was taken, and the ledger's owner is shown it (jifen-ledger report "
        "conflicts) (422 tampered)")
    with till.reading() as uow:
        assert ledger_link.pending_count(uow.session) == 2
        assert ledger_link.the_link(uow.session).last_error == describe(refused.value)
