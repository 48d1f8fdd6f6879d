"""The ledger takes every signup and referral bonus a terminal sends (points-rules.md, "Sign-up and referral"): journal
entries cannot be changed, so refusing one would stop the terminal's sync for good. Those whose points no rules the
merchant has had give (the defaults, those in force, each one set) nor the rule sets its terminal journaled before it
are shown to the owner by `jifen-ledger report conflicts`: an honest till journals the rules it pays bonuses by, so a
shop that ran on its own rules before it connected shows nothing. A bonus for a reason the terminal never gives is
malformed and refused whole."""

import json
from dataclasses import replace
from typing import Any

from alembic import command
from sqlalchemy import select

from ledger import service
from ledger.models import MerchantRules
from sync.protocol import RuleSet, WireEntry, canonical
from terminal.bootstrap import Till
from terminal.ledger_link import adopt_rules
from terminal.services.adjust import adjust_points
from tests.helpers.ledger import (
    Ledger,
    journal_of,
    ledger_cli,
    rechain,
    schema_migrations,
)
from tests.helpers.store import MANAGER, balance, member, sell

DAY = "2026-03-01"
WHAT = "neither a rule set the merchant has had nor one the terminal journaled before it gives it"
TO_DO = ("an honest till journals the rules it pays bonuses by, so this bonus was not granted by the terminal's jifen "
         "and its token may be in other hands: give the terminal a new one (jifen-ledger terminal token) and correct "
         "the member's points at 静安店 with jifen adjust (a manager or owner)")
SEE = "jifen-ledger report conflicts --merchant m1"


def take_rules(till: Till, rules: RuleSet) -> None:
    """The terminal adopts a rule set (from the ledger's answer, or, as jifen did, from its edited rules.toml)."""
    with till.uow() as uow:
        adopt_rules(uow.session, till.shop, rules)
        uow.commit()
    till.shop = replace(till.shop, rules=rules)


def grant_by(till: Till, rules: RuleSet) -> None:
    """The terminal grants by a rule set it never journaled: no honest till's (a forged entry, a doctored store)."""
    till.shop = replace(till.shop, rules=rules)


def merchant_rules(ledger: Ledger, signup_bonus: int) -> RuleSet:
    """The ledger's owner sets the merchant's rules (jifen-ledger merchant rules); the rule set terminals pull."""
    ledger.do(lambda s: service.set_rules(s, "m1", {"signup_bonus": signup_bonus}))
    return replace(RuleSet(), signup_bonus=signup_bonus)


def report(ledger: Ledger, *words: str) -> tuple[int, str]:
    return ledger_cli(ledger.engine.url.render_as_string(hide_password=False))("report", *words)


def unexpected(ledger: Ledger) -> list[dict[str, Any]]:
    status, out = report(ledger, "--json", "conflicts", "--merchant", "m1")
    assert status == 0
    return list(json.loads(out)["unexpected_bonuses"])


def bonus_seqs(entries: list[WireEntry]) -> list[int]:
    return [entry.seq for entry in entries if entry.kind == "bonus"]


def test_of_the_bonuses_taken_only_one_no_rule_set_the_merchant_has_had_gives_is_shown(
        ledger: Ledger, shop: Any) -> None:
    till, token = shop
    eight_hundred = merchant_rules(ledger, 800)
    first = member(till, "13800138001")  # before the terminal first synced: the default rules' 500
    take_rules(till, eight_hundred)
    second = member(till, "13800138002")
    merchant_rules(ledger, 300)  # changed while the terminal is offline: it still grants 800
    third = member(till, "13800138003", referrer=first)
    sell(till, third, ("general", 1000))  # the referral bonus, 100 to each
    adjust_points(till.uow(), till.shop, MANAGER, second, 5000, "lost card, points moved over")
    entries = journal_of(till)
    assert [json.loads(e.payload)["points"] for e in entries if e.kind == "bonus"] == [500, 800, 800, 100, 100]
    acked = ledger.sync(till, token)["acknowledged_seq"]
    assert [ledger.balance(m) for m in (first, second, third)] == [balance(till, m) for m in (first, second, third)]
    assert ledger.get("/v1/reports/day", merchant="m1", day=DAY).json()["points_bonus"] == 2300
    assert report(ledger, "conflicts", "--merchant", "m1") == (0, "no conflict was recorded for m1")
    grant_by(till, replace(RuleSet(), signup_bonus=1_000_000))
    forged = member(till, "13600136000")
    assert {r["status"] for r in ledger.sync(till, token, after=acked)["results"]} == {"applied"}
    assert ledger.balance(forged) == balance(till, forged) == 1_000_000
    assert [(b["seq"], b["member"], b["points"], b["given"]) for b in unexpected(ledger)] == [
        (bonus_seqs(journal_of(till))[-1], forged, 1_000_000, [300, 500, 800])]


def test_an_honest_shop_that_ran_on_its_own_signup_bonus_connects_with_no_bonus_shown(ledger: Ledger, shop: Any) -> None:
    """The shop ran on its own with a signup bonus of 1000 before it connected, journaled when it adopted it: its sync
    goes through, the balances are the terminal's, and nothing is shown (nor are old rules to be set in force)."""
    till, token = shop
    take_rules(till, replace(RuleSet(), signup_bonus=1000))
    first, second = member(till, "13800138001"), member(till, "13800138002")
    sell(till, second, ("general", 1000))
    answer = ledger.sync(till, token)
    assert {r["status"] for r in answer["results"]} == {"applied"}
    assert answer["acknowledged_seq"] == journal_of(till)[-1].seq
    assert [ledger.balance(m) for m in (first, second)] == [balance(till, m) for m in (first, second)] == [1000, 1005]
    assert unexpected(ledger) == []
    assert report(ledger, "conflicts", "--merchant", "m1") == (0, "no conflict was recorded for m1")
    assert report(ledger, "conflicts") == (0, "no conflict was recorded")


def test_a_bonus_no_rules_the_merchant_set_or_the_terminal_journaled_before_it_give_is_shown(
        ledger: Ledger, shop: Any) -> None:
    """Bonuses of 1000 granted before the terminal journaled the rules giving them, and of 2000 nothing gives, are
    shown with what to do: never to set old rules in force for every till."""
    till, token = shop
    own = replace(RuleSet(), signup_bonus=1000)
    grant_by(till, own)
    early = member(till, "13800138001")
    take_rules(till, own)
    honest = member(till, "13800138002")
    grant_by(till, replace(own, signup_bonus=2000))
    made_up = member(till, "13800138003")
    assert {r["status"] for r in ledger.sync(till, token)["results"]} == {"applied"}
    assert [ledger.balance(m) for m in (early, honest, made_up)] == [1000, 1000, 2000]
    seqs = bonus_seqs(journal_of(till))
    assert unexpected(ledger) == [
        {"merchant": "m1", "store": "静安店", "terminal": "T1", "seq": seq, "member": m, "reason": "signup",
         "points": points, "given": given, "date": DAY, "what": WHAT, "to_do": TO_DO}
        for seq, m, points, given in ((seqs[0], early, 1000, [500]), (seqs[2], made_up, 2000, [500, 1000]))]
    status, text = report(ledger, "conflicts", "--merchant", "m1")
    assert status == 0 and text == "\n".join([
        "2 conflicts of m1 to look at:",
        f"  {DAY}  静安店 terminal T1: entry {seqs[0]}, a signup bonus of 1,000 points to member {early}: {WHAT} "
        "(the rules give 500)",
        f"    To do: {TO_DO}",
        f"  {DAY}  静安店 terminal T1: entry {seqs[2]}, a signup bonus of 2,000 points to member {made_up}: {WHAT} "
        "(the rules give 500 or 1,000)",
        f"    To do: {TO_DO}"])
    assert "set them at the ledger" not in text and "merchant rules" not in text
    assert report(ledger, "day", "--merchant", "m1", "--date", DAY)[1].splitlines()[-1] == (
        f"2 conflicts of m1 to look at: {SEE}")


def test_a_bonus_for_another_reason_is_refused(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    member(till)
    entries = journal_of(till)
    seq = bonus_seqs(entries)[0]
    doctored = [entry.model_copy(update={"payload": canonical(json.loads(entry.payload) | {"reason": "birthday"})})
                if entry.seq == seq else entry for entry in entries]
    before = ledger.get("/v1/reports/day", merchant="m1", day=DAY).json()
    answer = ledger.post(token, rechain(doctored))
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"error": "bad_entry",
                             "message": f"entry {seq}: 'reason' of a bonus must be one of signup, referral"}
    assert ledger.get("/v1/reports/day", merchant="m1", day=DAY).json() == before


def test_rules_changed_before_the_upgrade_are_shown_and_those_at_it_believed(ledger: Ledger, shop: Any) -> None:
    """The upgrade to schema 0012 kept only the rules in force then (800): a bonus by the 700 before them, granted by
    a terminal that never journaled them, is shown; one by the 800 is not, though the rules changed again since."""
    till, token = shop
    grant_by(till, merchant_rules(ledger, 700))
    by_older = member(till, "13800138001")
    eight_hundred = merchant_rules(ledger, 800)
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0011")
        command.upgrade(config, "head")
    with ledger.session() as s:
        assert list(s.scalars(select(MerchantRules.version))) == [eight_hundred.version]
    grant_by(till, eight_hundred)
    by_upgrade = member(till, "13800138002")
    merchant_rules(ledger, 300)
    assert {r["status"] for r in ledger.sync(till, token)["results"]} == {"applied"}
    assert [ledger.balance(m) for m in (by_older, by_upgrade)] == [700, 800]
    assert [(b["member"], b["points"], b["given"]) for b in unexpected(ledger)] == [(by_older, 700, [300, 500, 800])]
