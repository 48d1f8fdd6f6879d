"""A terminal checks each item of the catalog it pulls as the ledger checks it. An item a ledger from before the
field-by-field checks stored (a gift valid for "x" days, an empty picture) is left out and logged, never stored;
the rest of the catalog is taken and the sync goes on, so one old item does not stop every terminal."""

import json
import logging

import pytest

from ledger.models import MallItem
from terminal.services import mall
from tests.helpers.store import sell
from tests.sync.conftest import Network

CUP = {"id": "g1", "name_zh": "杯", "name_en": "cup", "points": 100}
MUG = {"id": "g2", "name_zh": "马克杯", "name_en": "mug", "points": 300}


def test_a_bad_item_in_the_ledgers_catalog_is_left_out_and_the_sync_goes_on(network: Network,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    with network.ledger.session() as session:  # stored by a ledger from before items were checked field by field
        session.add(MallItem(merchant_id="m1", id="g1", kind="gift", body=json.dumps(CUP | {"valid_days": "x"})))
        session.add(MallItem(merchant_id="m1", id="g2", kind="gift", body=json.dumps(MUG)))
        session.commit()
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    sell(till, None, ("general", 1000))
    with caplog.at_level(logging.WARNING, logger="jifen.mall"):
        syncer.sync_once()
    assert [item["id"] for item in mall.list_items(till.reading(), till.shop, None, everything=True)] == ["g2"]
    assert syncer.status().pending == 0 and syncer.status().last_error is None
    assert "the ledger's catalog item 'g1' is left out: the days of validity (valid_days) must be a whole number " \
           "from 1 to 3,660" in caplog.text
