"""Member ids at the ledger: every jifen makes them 'M' and 12 Crockford base32 digits (terminal.ids.member_id, unchanged
since the first version; a member code carries them so). An entry naming a member by any other text (member_id,
referrer_id, new_member_id), which a stolen token could plant to show in reports and at every till, is refused whole
as malformed; a claim naming one is refused as bad input. A member the ledger already holds under another id (taken
before it checked) can still be named, and the first jifen's journal is taken whole."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ledger.models import Member, Revocation
from sync.protocol import wire_entry
from tests.helpers.forged import Spec, forge, last_held
from tests.helpers.ledger import Ledger, ledger_cli, refused_whole
from tests.helpers.store import member

FIRST_STORE = Path(__file__).parent.parent / "fixtures" / "store-schema-0001" / "jifen.db"
NOT_AN_ID = "must be a member id as a till makes it ('M' and 12 of 0-9 and A-Z but I, L, O and U)"
BAD_IDS = ["M0000000000A\u202e", "M0000000000\u200fAB", "M00000 000000", "M0000000000AB\n", "M0000000000A\x07",
           "\u041c0000000000AB",  # a Cyrillic Em
           "M0000000000АВ",  # Cyrillic A and Ve
           "M0000000000ＡB",  # a full-width A
           "m0000000000ab", "M0000000000IL", "M000000000000A", "M00000000000", "李四", "M" + "0" * 63]


def member_add(member_id: str, referrer: str | None = None) -> Spec:
    return ("member_add", {"member_id": member_id, "name": None, "phone": "13900139000", "referrer_id": referrer}, 0)


def connected(ledger: Ledger, shop: Any) -> tuple[str, str]:
    till, token = shop
    m = member(till)
    ledger.sync(till, token)
    return token, m


def applied(ledger: Ledger, token: str, entries: list[Any]) -> None:
    answer = ledger.post(token, entries)
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}, answer.text


def members(ledger: Ledger) -> int:
    with ledger.session() as s:
        return int(s.scalar(select(func.count()).select_from(Member)) or 0)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_member_add_under_an_id_no_till_makes_is_refused_whole(ledger: Ledger, shop: Any, bad: str) -> None:
    token, m = connected(ledger, shop)
    forged = forge(last_held(ledger, "T1"), "T1", member_add("M0000000000AB"), member_add(bad))
    refused_whole(ledger, token, forged, [m], forged[1].seq, f"'member_id' {NOT_AN_ID}")
    assert members(ledger) == 1


@pytest.mark.parametrize("key", ["referrer_id", "new_member_id"])
def test_a_referrer_or_new_member_named_by_an_id_no_till_makes_is_refused_whole(
        ledger: Ledger, shop: Any, key: str) -> None:
    token, m = connected(ledger, shop)
    bad = "M0000000000A\u202e"
    spec: Spec = (member_add("M0000000000AB", bad) if key == "referrer_id" else
                  ("bonus", {"expires_on": "2027-12-31", "member_id": m, "new_member_id": bad, "points": 100,
                             "reason": "referral"}, 100))
    forged = forge(last_held(ledger, "T1"), "T1", spec)
    refused_whole(ledger, token, forged, [m], forged[0].seq, f"'{key}' {NOT_AN_ID}")


def test_a_code_revocation_of_an_id_no_till_makes_is_refused_and_no_till_is_sent_it(
        ledger: Ledger, shop: Any) -> None:
    token, m = connected(ledger, shop)
    bad = "M0000000000AB\n已作废"
    forged = forge(last_held(ledger, "T1"), "T1", ("code_revoke", {"member_id": bad, "reason": None,
                                                                   "until": "2026-03-01T02:00:00.000Z"}, 0))
    refused_whole(ledger, token, forged, [m], forged[0].seq, f"'member_id' {NOT_AN_ID}")
    with ledger.session() as s:
        assert s.scalar(select(func.count()).select_from(Revocation)) == 0
    assert all(bad not in str(entry) for entry in ledger.get("/v1/changes", token, cursor=0).json()["deny_list"])


def test_a_member_the_ledger_took_under_another_id_before_can_still_be_named(ledger: Ledger, shop: Any) -> None:
    """As a ledger that took a forged member_add before it checked ids holds it: a till that adopted the member writes
    entries naming it, which must not stop its sync for good."""
    token, m = connected(ledger, shop)
    old = "M-0001"
    ledger.do(lambda s: s.add(Member(id=old, currency="m1", merchant_id="m1", phone="13700137000", name=None,
                                     referrer_id=None, registered_on="2026-03-01", debt=0, change=0)))
    adjust = ("adjust", {"expires_on": "2027-12-31", "member_id": old, "points": 30, "reason": "goodwill"}, 30)
    applied(ledger, token, forge(last_held(ledger, "T1"), "T1", adjust, member_add("M0000000000AB", old)))
    assert ledger.balance(old) == 30


def test_the_first_jifens_journal_is_taken_whole_with_nothing_listed(ledger: Ledger) -> None:
    """The store written by the first schema: its members, a referral paid on the referred member's first sale."""
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    with sqlite3.connect(FIRST_STORE) as conn:
        conn.row_factory = sqlite3.Row
        journal = [wire_entry(row) for row in conn.execute("SELECT * FROM journal ORDER BY seq")]
    assert sum('"reason":"referral"' in e.payload for e in journal) == 2
    applied(ledger, token, journal)
    assert (ledger.balance("MVZZE61G8Q0GS"), ledger.balance("MJKTA1A92MK60")) == (427, 750)
    status, out = ledger_cli(ledger.engine.url.render_as_string(hide_password=False))(
        "report", "--json", "conflicts", "--merchant", "m1")
    assert status == 0 and json.loads(out) == {"conflicts": [], "shared_phones": [], "unexpected_bonuses": []}


@pytest.mark.parametrize("bad", ["M0000000000A\u202e", "m0000000000ab", "M0000000000AB\n"])
def test_a_claim_for_an_id_no_till_makes_is_refused_as_bad_input(ledger: Ledger, shop: Any, bad: str) -> None:
    token, _ = connected(ledger, shop)
    answer = ledger.client.post("/v1/mall/claims", json={"offer": "HOTPOT", "member_id": bad},
                                headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "bad_input" and answer.json()["message"].startswith("body.member_id: ")
