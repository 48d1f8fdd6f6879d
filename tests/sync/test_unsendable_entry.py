"""An entry the wire format cannot carry (more points than one entry may move, written by a jifen from before the
till refused such sales) stops the sync with one clear line, kept as the last error, not an unexpected failure."""

import pytest

from terminal import ledger_link
from terminal.errors import Refused
from terminal.journal import Who
from terminal.money import MAX_POINTS
from terminal.services.common import record
from tests.helpers.store import member
from tests.sync.conftest import Network


def test_an_entry_over_the_wire_cap_is_named_and_the_sync_says_why(network: Network) -> None:
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    zhang = member(till)
    syncer.sync_once()
    with till.uow() as uow:  # as an older jifen wrote it
        seq = record(uow.session, till.shop, "adjust", Who("boss"), {"member_id": zhang, "points": MAX_POINTS + 1,
                     "reason": "old"}, points_delta=MAX_POINTS + 1).seq
        uow.commit()
    with pytest.raises(Refused) as refused:
        syncer.sync_once()
    assert refused.value.code == "bad_input" and refused.value.en.startswith(
        f"entry {seq} of this till (adjust) cannot be sent to the ledger: its points_delta is out of what one entry "
        "may carry; nothing after it can be sent either")
    with till.reading() as uow:
        assert ledger_link.error_said(ledger_link.the_link(uow.session).last_error) == refused.value.en
        assert ledger_link.pending_count(uow.session) == 1
