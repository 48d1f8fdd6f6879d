"""The ledger takes every signup and referral bonus a terminal sends (points-rules.md, "Sign-up and referral"): journal
entries cannot be changed, so refusing one would stop the terminal's sync for good. Those whose points no rules the
merchant has had give (the defaults, those in force, each one set) are shown to the owner by `jifen-ledger report
conflicts`: a shop that ran on its own rules before it connected, rules changed before the ledger kept every set, a
rules file edited at a terminal. A bonus for a reason the terminal never gives is malformed and refused whole."""

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
WHAT = "no rule set the merchant has had gives it"
TO_DO = ("if m1 meant these rules, set them at the ledger (jifen-ledger merchant rules m1 FILE); otherwise correct the "
         "member's points at 静安店 with jifen adjust (a manager or owner)")
GIVES = f"{WHAT} (the rules give 500)"
SEE = "jifen-ledger report conflicts --merchant m1"


def take_rules(till: Till, rules: RuleSet) -> None:
    """The terminal adopts a rule set (from the ledger's answer, or, as jifen did, from its edited rules.toml)."""
    with till.uow() as uow:
        adopt_rules(uow.session, till.shop, rules)
        uow.commit()
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
    take_rules(till, replace(RuleSet(), signup_bonus=1_000_000))  # rules.toml edited, adopted by an older jifen
    forged = member(till, "13600136000")
    assert {r["status"] for r in ledger.sync(till, token, after=acked)["results"]} == {"applied"}
    assert ledger.balance(forged) == balance(till, forged) == 1_000_000
    assert [(b["seq"], b["member"], b["points"], b["given"]) for b in unexpected(ledger)] == [
        (bonus_seqs(journal_of(till))[-1], forged, 1_000_000, [300, 500, 800])]


def test_a_bonus_by_a_shops_own_rules_is_taken_and_shown_to_the_owner(ledger: Ledger, shop: Any) -> None:
    """The shop ran on its own with a signup bonus of 1000 before it connected: its sync goes through, the balances
    are the terminal's, and the owner is told what to do until the merchant's rules give it."""
    till, token = shop
    own = replace(RuleSet(), signup_bonus=1000)
    take_rules(till, own)
    first, second = member(till, "13800138001"), member(till, "13800138002")
    sale = sell(till, second, ("general", 1000))
    answer = ledger.sync(till, token)
    assert {r["status"] for r in answer["results"]} == {"applied"}
    assert answer["acknowledged_seq"] == journal_of(till)[-1].seq
    assert [ledger.balance(m) for m in (first, second)] == [balance(till, m) for m in (first, second)] == [1000, 1005]
    seqs = bonus_seqs(journal_of(till))
    # its sale earned by the rules it journaled on adopting them: checked against them, nothing to show
    assert json.loads(report(ledger, "--json", "conflicts", "--merchant", "m1")[1])["conflicts"] == []
    status, text = report(ledger, "conflicts", "--merchant", "m1")
    assert status == 0 and text == "\n".join([
        "2 conflicts of m1 to look at:",
        f"  {DAY}  静安店 terminal T1: entry {seqs[0]}, a signup bonus of 1,000 points to member {first}: {GIVES}",
        f"    To do: {TO_DO}",
        f"  {DAY}  静安店 terminal T1: entry {seqs[1]}, a signup bonus of 1,000 points to member {second}: {GIVES}",
        f"    To do: {TO_DO}"])
    assert unexpected(ledger) == [
        {"merchant": "m1", "store": "静安店", "terminal": "T1", "seq": seq, "member": m, "reason": "signup",
         "points": 1000, "given": [500], "date": DAY, "what": WHAT, "to_do": TO_DO}
        for seq, m in zip(seqs, (first, second))]
    assert report(ledger, "day", "--merchant", "m1", "--date", DAY)[1].splitlines()[-1] == (
        f"2 conflicts of m1 to look at: {SEE}")
    status, text = report(ledger, "conflicts")
    assert status == 0 and text.splitlines()[:2] == [
        "2 conflicts to look at:",
        (f"  {DAY}  merchant m1, 静安店 terminal T1: entry {seqs[0]}, a signup bonus of 1,000 points to member {first}: "
         f"{GIVES}")]
    merchant_rules(ledger, 1000)  # the merchant meant them
    assert report(ledger, "conflicts", "--merchant", "m1") == (0, "no conflict was recorded for m1")


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
    a terminal offline since, is shown; one by the 800 is not, though the rules changed again since."""
    till, token = shop
    take_rules(till, merchant_rules(ledger, 700))
    by_older = member(till, "13800138001")
    eight_hundred = merchant_rules(ledger, 800)
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0011")
        command.upgrade(config, "head")
    with ledger.session() as s:
        assert list(s.scalars(select(MerchantRules.version))) == [eight_hundred.version]
    take_rules(till, eight_hundred)
    by_upgrade = member(till, "13800138002")
    merchant_rules(ledger, 300)
    assert {r["status"] for r in ledger.sync(till, token)["results"]} == {"applied"}
    assert [ledger.balance(m) for m in (by_older, by_upgrade)] == [700, 800]
    assert [(b["member"], b["points"], b["given"]) for b in unexpected(ledger)] == [(by_older, 700, [300, 500, 800])]
