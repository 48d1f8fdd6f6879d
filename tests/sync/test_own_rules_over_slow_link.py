"""A shop that ran on its own rules offline makes its first sync over a slow link, its backlog sent in shrunk batches
(sync.relay.Syncer after answers that came late): the till says which batch holds the last of it (``last=1``), so
the ledger takes the shop's own rules entries as its own, credits the sales by them as the till did, and shows the
owner no conflict. Before, the ledger took the first batch of fewer than MAX_BATCH entries to end the backlog: the
rules entries after it were shown as unheld, their sales credited by the merchant's rules, and the till's balance
and the ledger's differed. A real till and its syncer, a real ledger over TCP."""

import json
from dataclasses import replace

import pytest
from sqlalchemy import distinct, func, select

from ledger.models import Entry, Terminal
from terminal import ledger_link
from terminal.bootstrap import Till
from terminal.rules import RuleSet
from tests.helpers.ledger import ledger_cli
from tests.helpers.store import balance, member, sell, set_rules
from tests.sync.conftest import Network

OWN = replace(RuleSet(), categories=RuleSet().categories | {"general": 10000})  # ¥1 earns 1 point, not 0.5
SHRUNK = 4  # entries the syncer asks for after answers came late


def adopt_own_rules(till: Till) -> None:
    """The shop's own rules.toml taken while offline, journaled as a rules entry of its own."""
    with till.uow() as uow:
        ledger_link.adopt_rules(uow.session, till.shop, OWN)
        uow.commit()
    set_rules(till, OWN)


def backlog(till: Till, sales: int) -> None:
    for _ in range(sales):
        sell(till, None, ("general", 1234))


@pytest.mark.usefixtures("ledger_day")
def test_a_first_sync_in_shrunk_batches_keeps_the_shops_own_rules(network: Network) -> None:
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    m = member(till)
    backlog(till, 12)
    adopt_own_rules(till)
    sale = sell(till, m, ("general", 10000))
    assert sale.earned_points == 100  # by the shop's own rules; the merchant's give 50
    backlog(till, 12)
    syncer = network.connect(till, token)
    syncer._batch = SHRUNK  # as after an answer that came too late
    syncer.sync_once()

    with network.ledger.session() as s:
        batches = s.scalar(select(func.count(distinct(Entry.received_at))))
        assert s.scalar(select(Terminal.connected).where(Terminal.terminal_id == "T1"))
    assert batches is not None and batches > 2  # the backlog went in several batches
    status, out = ledger_cli(network.ledger.engine.url.render_as_string(hide_password=False))(
        "report", "--json", "conflicts", "--merchant", "m1")
    assert status == 0 and json.loads(out)["conflicts"] == [], out
    assert network.ledger.balance(m) == balance(till, m) == 500 + 100
    assert not syncer.status().stopped and syncer.status().pending == 0
