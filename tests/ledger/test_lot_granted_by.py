"""A member snapshot of shape 4 says, lot by lot, which terminal's entry granted it (so that a store expires its own
points only); older terminals, which refuse fields they do not know, get the lots as before."""

import sqlite3
from pathlib import Path

from sync.protocol import Changes
from terminal.home import Home
from tests.helpers.ledger import Ledger
from tests.helpers.store import member, new_till, sell


def test_each_lot_names_the_terminal_and_entry_that_granted_it_to_terminals_that_ask(ledger: Ledger,
                                                                                      tmp_path: Path) -> None:
    ledger.merchant("m1")
    ledger.merchant("m2", currency="m1")
    one = new_till(Home(tmp_path / "T1"))
    token_one, token_two = ledger.terminal("m1", "静安店", "T1"), ledger.terminal("m2", "徐汇店", "T1")
    m = member(one)
    ledger.sync(one, token_one)
    with sqlite3.connect(one.home.root / "jifen.db") as conn:
        granted = conn.execute("SELECT seq, points, expires_on FROM lots WHERE member_id = ?", (m,)).fetchall()
    assert len(granted) == 1
    seq, points, expires_on = granted[0]
    auth = {"Authorization": f"Bearer {token_two}"}  # another merchant's T1 asks
    asked = ledger.client.get("/v1/changes", params={"snapshot": "4"}, headers=auth).json()["members"][0]
    assert asked["lots"] == [{"points": points, "expires_on": expires_on,
                              "granted_by": {"merchant": "m1", "terminal": "T1", "seq": seq}}]
    for shape in ({}, {"snapshot": "2"}, {"snapshot": "3"}):
        older = ledger.client.get("/v1/changes", params=shape, headers=auth).json()["members"][0]
        assert older["lots"] == [{"points": points, "expires_on": expires_on}], shape
    answer = ledger.client.get("/v1/changes", params={"snapshot": "3"}, headers=auth).json()
    assert Changes.model_validate(answer).members[0].lots[0].granted_by is None  # read as "the ledger does not say"


def test_a_batch_answer_and_a_claim_answer_an_older_terminal_without_granted_by(ledger: Ledger, tmp_path: Path) -> None:
    ledger.merchant("m1")
    till, token = new_till(Home(tmp_path / "T1")), ledger.terminal("m1", "静安店", "T1")
    m = member(till)
    sell(till, m, ("general", 10000))
    answer = ledger.sync(till, token)  # the helper asks for shape 3, as terminals before 4 did
    older = answer["members"][0]
    assert older["lots"] and all(set(lot) == {"points", "expires_on"} for lot in older["lots"])
    offer = {"merchant": "m1", "id": "HOTPOT", "title": "火锅", "partner": "海底捞", "points": 100,
             "starts_at": "2000-01-01T00:00:00+08:00", "ends_at": "2100-01-01T00:00:00+08:00", "codes": ["A1", "B2"]}
    assert ledger.client.post("/v1/mall/offers", json=offer, headers={"Authorization": f"Bearer {ledger.admin}"}).is_success
    auth = {"Authorization": f"Bearer {token}"}
    claimed = ledger.client.post("/v1/mall/claims", json={"offer": "HOTPOT", "member_id": m}, headers=auth,
                                 params={"snapshot": "3"}).json()
    assert claimed["code"] == "A1" and all(set(lot) == {"points", "expires_on"} for lot in claimed["member"]["lots"])
    m2 = member(till, "13900139000")
    ledger.sync(till, token, after=answer["acknowledged_seq"])
    newer = ledger.client.post("/v1/mall/claims", json={"offer": "HOTPOT", "member_id": m2}, headers=auth,
                               params={"snapshot": "4"}).json()
    assert [lot["granted_by"]["terminal"] for lot in newer["member"]["lots"]] == ["T1"]
