"""A terminal checks each item of the catalog it pulls as the ledger checks it: an item a ledger from before the
field-by-field checks stored (a gift valid for "x" days) is refused, naming the field, and none is stored."""

import json

import pytest

from ledger.models import MallItem
from terminal.errors import Refused
from terminal.services import mall
from tests.sync.conftest import Network

CUP = {"id": "g1", "name_zh": "杯", "name_en": "cup", "points": 100}


def test_the_terminal_refuses_a_bad_item_in_the_ledgers_catalog_and_stores_none(network: Network) -> None:
    with network.ledger.session() as session:  # stored by a ledger from before items were checked field by field
        session.add(MallItem(merchant_id="m1", id="g1", kind="gift", body=json.dumps(CUP | {"valid_days": "x"})))
        session.commit()
    till = network.store("T1")
    syncer = network.connect(till, network.ledger.terminal("m1", "静安店", "T1"))
    with pytest.raises(Refused) as refused:
        syncer.sync_once()
    assert (refused.value.en, refused.value.zh) == (
        "the days of validity (valid_days) must be a whole number from 1 to 3,660",
        "有效天数（valid_days）应为 1 到 3,660 之间的整数")
    assert mall.list_items(till.reading(), till.shop, None, everything=True) == []
