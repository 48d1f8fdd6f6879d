"""A till whose claim reached the ledger but whose answer was lost asks again and gets the code the ledger handed out,
once: the member's points leave once, at the till and at the ledger; asking a third time is refused at the till."""

from typing import Any

import pytest
import requests

from sync.mall import claim_code
from terminal.errors import Refused
from tests.helpers.ledger import check_books
from tests.helpers.store import CASHIER, balance, member


def test_a_claim_whose_answer_was_lost_is_asked_again_and_recorded_once(network: Any) -> None:
    till = network.store("T1")
    token = network.ledger.terminal("m1", "静安店", "T1")
    syncer = network.connect(till, token)
    someone = member(till)
    offer = {"merchant": "m1", "id": "HOTPOT", "title": "火锅双人餐", "partner": "海底", "points": 100,
             "starts_at": "2000-01-01T00:00:00+08:00", "ends_at": "2100-01-01T00:00:00+08:00", "codes": ["A1"]}
    assert requests.post(network.url + "/v1/mall/offers", json=offer, timeout=10,
                         headers={"Authorization": f"Bearer {network.ledger.admin}"}).status_code == 201
    syncer.sync_once()
    lost = requests.post(network.url + "/v1/mall/claims", json={"offer": "HOTPOT", "member_id": someone}, timeout=10,
                         headers={"Authorization": f"Bearer {token}"})  # made at the ledger; the till never heard
    assert lost.status_code == 200 and balance(till, someone) == 500
    got = claim_code(till, syncer.client, CASHIER, "HOTPOT", someone)
    assert (got["claim_id"], got["code"], got["member"]) == (lost.json()["claim_id"], "A1", {"id": someone, "balance": 400})
    with pytest.raises(Refused) as again:
        claim_code(till, syncer.client, CASHIER, "HOTPOT", someone)
    assert again.value.code == "already_claimed" and balance(till, someone) == 400
    syncer.sync_once()
    assert network.ledger.balance(someone) == balance(till, someone) == 400
    report = network.ledger.get("/v1/reports/day", merchant="m1", day="2026-03-01").json()
    assert (report["codes_claimed"], report["claim_points"]) == (1, 100)
    check_books(network.ledger)
