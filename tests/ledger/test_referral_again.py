"""Referral bonuses a stolen terminal token sends that no till pays (points-rules.md, "Sign-up and referral": once per
referred member, when their first sale is paid, to the referrer and to the member). A till writes them as the two
entries after the member's first sale at that till; any other is taken (journal entries cannot be changed, refusing it
would stop the terminal's sync for good) and listed in `jifen-ledger report conflicts` (kind referral_again). A till's
own referral bonuses, however its journal is cut into batches, are never listed."""

import json
from typing import Any

import pytest

from terminal.bootstrap import Till
from tests.helpers.forged import Spec, forge, last_held
from tests.helpers.ledger import Ledger, check_books, journal_of, ledger_cli
from tests.helpers.store import member, sell

TOKEN_ELSEWHERE = ("was not written by the terminal's jifen and its token may be in other hands: give the terminal a "
                   "new one (jifen-ledger terminal token)")


def report(ledger: Ledger, *words: str) -> tuple[int, str]:
    return ledger_cli(ledger.engine.url.render_as_string(hide_password=False))("report", *words)


def listed(ledger: Ledger) -> list[tuple[int, str, str]]:
    status, out = report(ledger, "--json", "conflicts", "--merchant", "m1")
    assert status == 0, out
    return [(c["seq"], c["kind"], c["sent_hash"]) for c in json.loads(out)["conflicts"]]


def referral(to: str, new: str) -> Spec:
    return ("bonus", {"expires_on": "2027-12-31", "member_id": to, "new_member_id": new, "points": 100,
                      "reason": "referral"}, 100)


def sale_of(till: Till, m: str) -> Spec:
    """A member's ¥100 sale of general goods at the merchant's rules: 50 points."""
    return ("sale", {"earn_expires_on": "2027-12-31", "earned_points": 50, "member_id": m, "paid_fen": 10000,
                     "lines": [{"amount_fen": 10000, "category": "general", "promo_pct": 100, "rate_bp": 5000}],
                     "pay_method": "cash", "redeemed_fen": 0, "redeemed_points": 0,
                     "rules_version": till.shop.rules.version, "sale_id": "T1-99", "tier": "regular", "tier_pct": 100,
                     "total_fen": 10000}, 50)


def applied(ledger: Ledger, token: str, entries: list[Any]) -> None:
    answer = ledger.post(token, entries)
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}, answer.text


def referred(shop: Any) -> tuple[Till, str, str, str]:
    """R, and N whom R referred, whose first sale paid R and N their referral bonus at the till; all of it synced."""
    till, token = shop
    r = member(till, "13800138000")
    n = member(till, "13900139000", referrer=r)
    assert sell(till, n, ("general", 10000)).bonus_points == 100
    return till, token, r, n


def test_a_referral_bonus_a_till_would_not_pay_is_taken_and_listed(ledger: Ledger, shop: Any) -> None:
    till, token, r, n = referred(shop)
    x = member(till, "13700137000", referrer=r)  # never bought anything
    nobody = member(till, "13600136000")  # referred by no one, and referred no one
    ledger.sync(till, token)
    assert listed(ledger) == []
    assert (ledger.balance(r), ledger.balance(n)) == (600, 650)

    again = forge(last_held(ledger, "T1"), "T1",
                  referral(r, n), referral(n, n),  # the same referred member again, no sale
                  sale_of(till, n), referral(r, n), referral(n, n),  # after N's second sale here
                  referral(r, x),  # for a member who never bought anything
                  sale_of(till, x), referral(nobody, x), referral(x, x))  # to one who referred no one
    applied(ledger, token, again)
    sales = {again[2].seq, again[6].seq}
    assert listed(ledger) == [(e.seq, "referral_again", json.loads(e.payload)["member_id"])
                              for e in again if e.seq not in sales]
    assert (ledger.balance(r), ledger.balance(n), ledger.balance(x), ledger.balance(nobody)) == (
        600 + 300, 650 + 50 + 200, 500 + 50 + 100, 500 + 100)

    status, out = report(ledger, "--json", "conflicts", "--merchant", "m1")
    shown = json.loads(out)["conflicts"][0]
    assert shown["what"] == (f"gives member {r} a referral bonus that is not one due (a till gives it once per "
                             "referred member, to the referrer and then to the member, in the two entries after the "
                             "member's first sale at that till)")
    assert shown["to_do"] == (f"this bonus {TOKEN_ELSEWHERE} and take the points back at its store with jifen adjust "
                              "(a manager or owner)")
    status, text = report(ledger, "conflicts", "--merchant", "m1")
    assert status == 0 and text.splitlines()[0] == "7 conflicts of m1 to look at:"
    assert f"T1: entry {again[0].seq} gives member {r} a referral bonus that is not one due" in text
    status, text = report(ledger, "day", "--merchant", "m1", "--date", "2026-03-01")
    assert text.splitlines()[-1] == "7 conflicts of m1 to look at: jifen-ledger report conflicts --merchant m1"
    applied(ledger, token, forge(again[-1], "T1", referral(r, n)))
    assert len(listed(ledger)) == 8  # each one, however many
    check_books(ledger)


def test_a_referral_bonus_sent_again_is_listed_once(ledger: Ledger, shop: Any) -> None:
    till, token, r, n = referred(shop)
    ledger.sync(till, token)
    again = forge(last_held(ledger, "T1"), "T1", referral(r, n))
    applied(ledger, token, again)
    assert ledger.post(token, again).json()["results"] == [{"seq": again[0].seq, "status": "duplicate", "reason": None}]
    assert listed(ledger) == [(again[0].seq, "referral_again", r)]


@pytest.mark.parametrize("starts", [(-2, -1), (-3,), (-1,), (-3, -2, -1)],
                         ids=["bonuses alone", "sale and bonuses", "member's bonus alone", "each alone"])
def test_a_tills_referral_bonuses_are_not_listed_however_its_journal_is_cut_into_batches(
        ledger: Ledger, shop: Any, starts: tuple[int, ...]) -> None:
    till, token, r, n = referred(shop)
    journal = journal_of(till)
    assert [e.kind for e in journal[-3:]] == ["sale", "bonus", "bonus"]
    bounds = [0, *(len(journal) + start for start in starts), len(journal)]
    for first, end in zip(bounds, bounds[1:]):
        applied(ledger, token, journal[first:end])
    assert listed(ledger) == []
    sell(till, n, ("general", 10000))  # no bonus again: not the first sale
    other = member(till, "13700137000", referrer=n)
    assert sell(till, other, ("general", 100)).bonus_points == 100  # a ¥1 first sale earning nothing pays it too
    ledger.sync(till, token, after=len(journal))
    assert listed(ledger) == []
    assert (ledger.balance(r), ledger.balance(n), ledger.balance(other)) == (600, 650 + 50 + 100, 600)
