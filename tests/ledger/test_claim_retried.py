"""A claim of a partner's code asked for again by the terminal that made it (the 200 was lost on the way) gets the same
claim and code back and changes nothing, even once the last code is gone; another terminal is still refused."""

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ledger.models import Offer, OfferClaim, Transfer
from terminal.bootstrap import Till
from tests.helpers.ledger import Ledger, check_books
from tests.helpers.store import member

OFFER = {"merchant": "m1", "id": "HOTPOT", "title": "火锅双人餐", "partner": "海底", "points": 100,
         "starts_at": "2000-01-01T00:00:00+08:00", "ends_at": "2100-01-01T00:00:00+08:00", "codes": ["A1"]}


def claim(ledger: Ledger, token: str, member_id: str) -> Any:
    return ledger.client.post("/v1/mall/claims", json={"offer": "HOTPOT", "member_id": member_id},
                              headers={"Authorization": f"Bearer {token}"})


def held(ledger: Ledger) -> tuple[int | None, int | None, int | None]:
    """The codes left, the claims and the transfers the ledger holds."""
    with ledger.session() as s:
        return (s.scalar(select(Offer.remaining)), s.scalar(select(func.count()).select_from(OfferClaim)),
                s.scalar(select(func.count()).select_from(Transfer)))


def test_the_same_claim_asked_again_answers_the_same_code_and_changes_nothing(
        ledger: Ledger, shop: tuple[Till, str], tmp_path: Path) -> None:
    till, token = shop
    someone, other = member(till), member(till, "13900139000")
    ledger.sync(till, token)
    added = ledger.client.post("/v1/mall/offers", json=OFFER, headers={"Authorization": f"Bearer {ledger.admin}"})
    assert added.status_code == 201, added.text
    first = claim(ledger, token, someone)
    assert first.status_code == 200, first.text
    assert (first.json()["code"], first.json()["member"]["balance"]) == ("A1", 400)
    before = held(ledger)
    assert before[:2] == (0, 1)
    again = claim(ledger, token, someone)  # the last code is gone: the retry still gets its own
    assert again.status_code == 200, again.text
    assert {k: again.json()[k] for k in ("claim_id", "offer", "code", "points")} == \
        {k: first.json()[k] for k in ("claim_id", "offer", "code", "points")}
    assert (again.json()["member"]["id"], again.json()["member"]["balance"]) == (someone, 400)
    assert held(ledger) == before and ledger.balance(someone) == 400
    assert claim(ledger, token, other).json()["error"] == "out_of_stock"
    elsewhere = claim(ledger, ledger.terminal("m1", "静安店", "T2"), someone)
    assert (elsewhere.status_code, elsewhere.json()["error"]) == (409, "already_claimed")
    assert held(ledger) == before
    check_books(ledger)
