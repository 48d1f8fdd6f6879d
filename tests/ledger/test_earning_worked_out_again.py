"""A member's sale earns by the rule set it names (points-rules.md, Earning): the ledger holds the merchant's rule
sets and refuses a sale whose rates, promotion or tier multipliers, points' worth or earn expiry do not follow from
its rules, whatever the earned points it states come to. A shop that ran on its own rules before it connected journaled
them (a "rules" entry, at init and at each change): its sales are checked against them, as against the merchant's. A
sale by rules nobody journaled (no honest till's) is taken, if its points expire as some rule set could make them, and
shown by `report conflicts`."""

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select

from ledger import service
from ledger.models import Conflict, Lot
from sync.protocol import WireEntry, canonical
from terminal.bootstrap import Till, open_till
from terminal.home import Home
from terminal.points_math import EarnLine, earned_points
from terminal.rules import Promotion, RuleSet, rules_to_toml
from terminal.services.members import show_member
from terminal.services.refunds import record_refund
from tests.helpers.ledger import Ledger, check_books, journal_of, ledger_cli, rechain, refused_whole
from tests.helpers.store import MANAGER, balance, member, move_clock, new_till, sell, set_rules

DAY = "2026-03-01"  # a Sunday
DEFAULTS = RuleSet().version


def forged_sale(entries: list[WireEntry], seq: int, lines: dict[str, Any] | None = None, **changes: Any) -> list[WireEntry]:
    """The journal with sale ``seq`` changed (each line by ``lines``) and its earned points worked out from what it
    then states, as a forger would to pass the earning formula; chained again."""
    out = []
    for entry in entries:
        if entry.seq == seq:
            p = json.loads(entry.payload) | changes
            p["lines"] = [line | (lines or {}) for line in p["lines"]]
            earn = [EarnLine(line["amount_fen"], line["rate_bp"], line["promo_pct"]) for line in p["lines"]]
            p["earned_points"] = earned_points(earn, p["tier_pct"], p["total_fen"], p["redeemed_fen"])
            entry = entry.model_copy(update={"payload": canonical(p),
                                             "points_delta": p["earned_points"] - p["redeemed_points"]})
        out.append(entry)
    return rechain(out)


def report(ledger: Ledger, *words: str) -> tuple[int, str]:
    return ledger_cli(ledger.engine.url.render_as_string(hide_password=False))("report", *words)


def one_sale(ledger: Ledger, shop: Any, redeem: int = 0) -> tuple[Till, str, str, list[WireEntry], int]:
    """A member's ¥1,000 sale of general goods at a till on the default rules, the entries before it held."""
    till, token = shop
    m = member(till)
    sale = sell(till, m, ("general", 100000), redeem=redeem)
    ledger.post(token, [e for e in journal_of(till) if e.seq < sale.seq]).raise_for_status()
    return till, token, m, [e for e in journal_of(till) if e.seq >= sale.seq], sale.seq


# One stated number changed, the earned points following it: (changes to the line, changes to the sale, refusal).
FORGERIES: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "rate": ({"rate_bp": 100000}, {}, f"line 1: rate_bp 100000 is not the 5000 rules {DEFAULTS} give general"),
    "promotion": ({"promo_pct": 1000}, {},
                  f"line 1: promo_pct 1000 is not what rules {DEFAULTS} give general on {DAY} (100)"),
    "category": ({"category": "jewels"}, {}, f"line 1: category 'jewels' is not one of rules {DEFAULTS}"),
    "tier": ({}, {"tier_pct": 1000}, f"tier 'regular' at 1000% is not one of the tiers of rules {DEFAULTS}"),
    "tier name": ({}, {"tier": "emperor", "tier_pct": 200},
                  f"tier 'emperor' at 200% is not one of the tiers of rules {DEFAULTS}"),
    "expiry": ({}, {"earn_expires_on": "2099-12-31"},
               f"earn_expires_on 2099-12-31 is not when rules {DEFAULTS} make points earned on {DAY} expire "
               "(2027-12-31)"),
}


def test_a_sale_stating_other_numbers_than_its_rules_is_refused(ledger: Ledger, shop: Any) -> None:
    till, token, m, entries, seq = one_sale(ledger, shop)
    for lines, changes, message in FORGERIES.values():
        refused_whole(ledger, token, forged_sale(entries, seq, lines, **changes), [m], seq, message)
    assert ledger.sync(till, token, after=seq - 1)["results"][0]["status"] == "applied"
    assert ledger.balance(m) == 500 + 500


def test_points_paying_more_than_the_rules_make_them_worth_are_refused(ledger: Ledger, shop: Any) -> None:
    till, token, m, entries, seq = one_sale(ledger, shop, redeem=500)  # ¥5.00
    forged = forged_sale(entries, seq, redeemed_fen=50000, paid_fen=50000)
    refused_whole(ledger, token, forged, [m], seq, f"500 points are not worth 50000 fen by rules {DEFAULTS} "
                                             "(100 points to the yuan)")


def test_the_reviewers_sale_of_a_million_points_and_its_refund_are_refused(ledger: Ledger, shop: Any) -> None:
    """¥1,000 stating rate 100000 bp, promotion and tier ×10, 1,000,000 points to 2099, then refunded whole taking
    back none: by rules the ledger holds, and by rules it does not (sent once connected, the sale alone is taken,
    credited what the merchant's rules give)."""
    till, token, m, entries, seq = one_sale(ledger, shop)
    record_refund(till.uow(), till.shop, MANAGER, f"T1-{seq}")
    entries = journal_of(till, after=seq - 1)
    inflated = {"rate_bp": 100000, "promo_pct": 1000}
    forged = forged_sale(entries, seq, inflated, tier_pct=1000, earn_expires_on="2099-12-31")
    assert json.loads(forged[0].payload)["earned_points"] == 1_000_000
    refused_whole(ledger, token, forged, [m], seq, f"earn_expires_on 2099-12-31 is not when rules {DEFAULTS} make points "
                                            f"earned on {DAY} expire (2027-12-31)")
    unheld = forged_sale(entries, seq, inflated, tier_pct=1000, rules_version="f00d")
    refund = json.loads(unheld[1].payload)
    assert (refund["restored_points"], refund["reversed_points"]) == (0, 500)
    kept = rechain([unheld[0], unheld[1].model_copy(update={"payload": canonical(refund | {"reversed_points": 0}),
                                                            "points_delta": 0})])
    refused_whole(ledger, token, kept, [m], seq + 1,
            f"the refund takes back 0 of the points sale T1-{seq} earned, where its lines take back 1000000")
    assert ledger.balance(m) == 500
    far = forged_sale(entries, seq, inflated, tier_pct=1000, earn_expires_on="2099-12-31", rules_version="f00d")
    assert {r["status"] for r in ledger.post(token, far[:1]).json()["results"]} == {"applied"}  # connected
    assert ledger.balance(m) == 500 + 500  # what the merchant's rules give ¥1,000, not 1,000,000
    with ledger.session() as s:
        assert s.scalar(select(func.max(Lot.expires_on)).where(Lot.member_id == m)) == "2027-12-31"


OWN = replace(RuleSet(), categories={"general": 8000, "fresh": 3000}, points_per_yuan=50)
OWN_LATER = replace(OWN, promotions=(Promotion("opening", 200),))


def conflicts_of(ledger: Ledger) -> list[dict[str, Any]]:
    status, out = report(ledger, "--json", "conflicts", "--merchant", "m1")
    assert status == 0
    return list(json.loads(out)["conflicts"])


def test_a_shop_on_its_own_rules_connects_with_no_conflict_and_its_rules_are_checked(
        ledger: Ledger, tmp_path: Any) -> None:
    """The shop ran standalone on its own rules.toml (another rate, 50 points to the yuan), then changed it, and only
    then connected: its whole journal goes through in one batch, nothing is shown to the owner, and a sale that names
    its rules but states other numbers is refused like any."""
    ledger.merchant("m1")
    token = ledger.terminal("m1", "静安店", "T1")
    home = Home(tmp_path / "T1")
    home.root.mkdir()
    home.rules.write_text(rules_to_toml(OWN, "# the shop's own"), encoding="utf-8")
    till = new_till(home)
    assert till.shop.rules.version == OWN.version
    m = member(till)
    sell(till, m, ("general", 10000), ("fresh", 5000))
    sell(till, m, ("general", 10000), redeem=100, approver=MANAGER)  # 100 points are ¥2
    home.rules.write_text(rules_to_toml(OWN_LATER, "# changed"), encoding="utf-8")
    till.close()
    till = open_till(home, till.shop.clock)
    assert till.shop.rules.version == OWN_LATER.version
    sell(till, m, ("fresh", 10000))
    answer = ledger.sync(till, token)
    assert {r["status"] for r in answer["results"]} == {"applied"}
    assert ledger.balance(m) == balance(till, m) > 500
    assert conflicts_of(ledger) == []
    assert report(ledger, "conflicts", "--merchant", "m1") == (0, "no conflict was recorded for m1")
    sale = sell(till, m, ("fresh", 10000))
    entries = journal_of(till, after=sale.seq - 1)
    refused_whole(ledger, token, forged_sale(entries, sale.seq, {"rate_bp": 8000}), [m], sale.seq,
            f"line 1: rate_bp 8000 is not the 3000 rules {OWN_LATER.version} give fresh")
    refused_whole(ledger, token, forged_sale(entries, sale.seq, {"promo_pct": 100}), [m], sale.seq,
            f"line 1: promo_pct 100 is not what rules {OWN_LATER.version} give fresh on {DAY} (200)")
    older = forged_sale(entries, sale.seq, {"promo_pct": 100}, rules_version=OWN.version, redeemed_points=100,
                        redeemed_fen=100, paid_fen=9900)
    refused_whole(ledger, token, older, [m], sale.seq, f"100 points are not worth 100 fen by rules {OWN.version} "
                                                 "(50 points to the yuan)")
    assert ledger.sync(till, token, after=sale.seq - 1)["results"][0]["status"] == "applied"
    assert ledger.balance(m) == balance(till, m) and conflicts_of(ledger) == []
    till.close()


def test_a_sale_by_rules_journaled_after_it_is_shown(ledger: Ledger, shop: Any) -> None:
    """Only a rule set journaled before a sale is the one it used: one journaled later in the batch is not."""
    till, token = shop
    m = member(till)
    ledger.sync(till, token)
    set_rules(till, OWN)
    sale = sell(till, m, ("general", 10000))
    entries = journal_of(till, after=sale.seq - 1)
    rules = entries[0].model_copy(update={"kind": "rules", "points_delta": 0, "seq": sale.seq + 1,
                                          "id": entries[0].id[:-12] + "0" * 12,
                                          "payload": canonical({"version": OWN.version, "rules": OWN.to_dict()})})
    sent = rechain([entries[0], rules])
    answer = ledger.post(token, sent)
    assert answer.status_code == 200, answer.text
    assert {r["status"] for r in answer.json()["results"]} == {"applied"}
    assert [(c["seq"], c["kind"], c["sent_hash"]) for c in conflicts_of(ledger)] == [
        (sale.seq, "unknown_rules", OWN.version), (sale.seq + 1, "unheld_rules", OWN.version)]  # and journaled connected


def test_a_sale_by_rules_nobody_journaled_is_taken_and_shown_once(ledger: Ledger, shop: Any) -> None:
    """Rules the till never journaled (an honest till always does): its sales are taken, their rules shown to the
    owner once per terminal and rule set, with what to do about a token in other hands. One sent once the terminal
    has connected is credited what the merchant's rules give, and listed with both figures
    (test_sales_by_unknown_rules)."""
    till, token = shop
    own = replace(RuleSet(), categories={"general": 8000, "fresh": 3000})
    set_rules(till, own)  # in force at the till, never journaled
    m = member(till)
    first = sell(till, m, ("general", 10000), ("fresh", 5000))
    sell(till, m, ("fresh", 2000))
    acked = ledger.sync(till, token)["acknowledged_seq"]
    third = sell(till, m, ("general", 999))
    answer = ledger.sync(till, token, after=acked)
    assert {r["status"] for r in answer["results"]} == {"applied"}
    assert ledger.balance(m) == show_member(till.reading(), till.shop, m).balance - 7 + 4  # the merchant's 4
    shown = conflicts_of(ledger)
    assert [(c["seq"], c["kind"], c["sent_hash"], c.get("till_points")) for c in shown] == [
        (first.seq, "unknown_rules", own.version, None), (third.seq, "unknown_rules", own.version, 7)]
    assert shown[0]["what"] == (f"is the first sale to earn points by rules {own.version}, which neither the merchant "
                                "set at the ledger nor the terminal journaled before it: their rates, tier and "
                                "promotion multipliers could not be checked")
    assert shown[0]["to_do"] == ("an honest till journals every rule set it adopts before the sales that use it, so "
                                 "this sale was not written by the terminal's jifen and its token may be in other "
                                 "hands: give the terminal a new one (jifen-ledger terminal token) and correct the "
                                 "member's points with jifen adjust")
    assert "merchant rules" not in shown[0]["to_do"]
    assert report(ledger, "day", "--merchant", "m1", "--date", DAY)[1].splitlines()[-1] == (
        "2 conflicts of m1 to look at: jifen-ledger report conflicts --merchant m1")
    with ledger.session() as s:
        assert s.scalar(select(func.count()).select_from(Conflict)) == 2


SUNDAYS = replace(RuleSet(), expiry_policy="rolling_months", expiry_months=12,
                  promotions=(Promotion("sunday", 300, weekdays=(7,)),))


def test_a_sale_begun_before_midnight_and_written_after_applies(ledger: Ledger, shop: Any) -> None:
    """The till reads the day once for the rules and again for the journal: a sale begun on Sunday 23:59:59 and
    written on Monday carries Sunday's promotion and expiry on Monday's date. As it is written, it is taken; dated
    a day later still, it is not."""
    till, token = shop
    set_rules(till, SUNDAYS)
    ledger.do(lambda s: service.set_rules(s, "m1", SUNDAYS.to_dict()))
    m = member(till)
    move_clock(till, "2026-03-01 23:59:59")
    sale, late = sell(till, m, ("general", 10000)), sell(till, m, ("general", 10000))
    stated = json.loads(journal_of(till)[-1].payload)
    assert (stated["lines"][0]["promo_pct"], stated["earn_expires_on"]) == (300, "2027-03-01")
    written = rechain([e.model_copy(update={"business_date": {sale.seq: "2026-03-02", late.seq: "2026-03-03"}[e.seq],
                                            "at": "2026-03-01T16:00:00.001Z"}) if e.seq >= sale.seq else e
                       for e in journal_of(till)])
    assert {r["status"] for r in ledger.post(token, written[:-1]).json()["results"]} == {"applied"}
    assert ledger.balance(m) == 500 + 150
    refused_whole(ledger, token, written[-1:], [m], late.seq, f"earn_expires_on 2027-03-01 is not when rules "
                                                        f"{SUNDAYS.version} make points earned on 2026-03-03 expire "
                                                        "(2027-03-03)")
    check_books(ledger)
