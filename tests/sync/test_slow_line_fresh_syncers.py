"""`jifen sync`, `jifen ledger connect` and Settings › Ledger each build a new Syncer, starting at a full batch: on a
line too slow for it, a push halves the batch at once after an answer that came late, so each of them drains the
backlog rather than failing the same way every time. A real ledger behind the throttling proxy."""

import pytest

from sync import relay
from tests.sync.conftest import Network
from tests.sync.test_slow_line_backlog import BATCH, DEADLINE, backlog, journal_length, pending, throttled


def test_fresh_syncers_as_the_command_line_makes_drain_a_backlog_over_a_slow_line(
        network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relay, "MAX_BATCH", BATCH)
    monkeypatch.setattr("sync.client.ANSWER_DEADLINE", DEADLINE)
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    with throttled(network.url) as slow:
        network.connect(till, token, slow)
        backlog(till, 3 * BATCH)
        relay.syncer_for(till).sync_once()  # what one `jifen sync` does
    assert pending(till) == 0
    held = network.ledger.get("/v1/whoami", token, held="true").json()["held_seq"]
    assert held == journal_length(till)
