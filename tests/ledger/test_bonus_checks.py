"""The ledger believes a signup or referral bonus only when rules the merchant has had give it (points-rules.md,
"Sign-up and referral"): those in force, or earlier ones a terminal offline or not yet connected rightly granted by.
A bonus only rules edited at a terminal give, or for another reason, is refused whole like any entry that cannot be
believed. Manual adjustments approved by a manager are not bonuses and are taken as before."""

import json
from dataclasses import replace
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from ledger import service
from ledger.models import MerchantRules
from sync.protocol import RuleSet, WireEntry, canonical
from terminal.bootstrap import Till
from terminal.ledger_link import adopt_rules
from terminal.services.adjust import adjust_points
from terminal.services.members import show_member
from tests.helpers.ledger import Ledger, journal_of, rechain, schema_migrations
from tests.helpers.store import MANAGER, balance, member, sell

DAY = "2026-03-01"
ADVICE = ("; if the merchant means it (a shop that ran on its own rules before it connected), set those rules at the ledger: "
          "jifen-ledger merchant rules")


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


def refused(ledger: Ledger, token: str, entries: list[WireEntry], seq: int, message: str) -> None:
    before = ledger.get("/v1/reports/day", merchant="m1", day=DAY).json()
    answer = ledger.post(token, entries)
    assert answer.status_code == 422, answer.text
    assert answer.json() == {"error": "bad_entry", "message": f"entry {seq}: {message}"}
    assert ledger.get("/v1/reports/day", merchant="m1", day=DAY).json() == before


def bonus_seqs(entries: list[WireEntry]) -> list[int]:
    return [entry.seq for entry in entries if entry.kind == "bonus"]


def test_bonuses_by_every_rule_set_the_merchant_has_had_are_taken_and_none_other(ledger: Ledger, shop: Any) -> None:
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
    take_rules(till, replace(RuleSet(), signup_bonus=1_000_000))
    forged = member(till, "13600136000")
    refused(ledger, token, journal_of(till, after=acked), bonus_seqs(journal_of(till))[-1],
            "a signup bonus of 1000000 points is not what the merchant's rules give (300) or gave"
            f"{ADVICE}")
    assert show_member(till.reading(), till.shop, forged).balance == 1_000_000  # the terminal's word only


@pytest.mark.parametrize(("changes", "message"), [
    ({"points": 1_000_000}, "a signup bonus of 1000000 points is not what the merchant's rules give (500) or gave"
                            + ADVICE),
    ({"reason": "birthday"}, "'reason' of a bonus must be one of signup, referral"),
])
def test_a_doctored_bonus_is_refused(ledger: Ledger, shop: Any, changes: dict[str, Any], message: str) -> None:
    till, token = shop
    member(till)
    entries = journal_of(till)
    seq = bonus_seqs(entries)[0]
    doctored = [entry.model_copy(update={"payload": canonical(json.loads(entry.payload) | changes),
                                         "points_delta": changes.get("points", entry.points_delta)})
                if entry.seq == seq else entry for entry in entries]
    refused(ledger, token, rechain(doctored), seq, message)


def test_the_rules_a_merchant_has_at_the_upgrade_are_believed_once_changed(ledger: Ledger, shop: Any) -> None:
    till, token = shop
    eight_hundred = merchant_rules(ledger, 800)
    with schema_migrations(ledger.engine) as (config, _):
        command.downgrade(config, "0011")
        command.upgrade(config, "head")
    with ledger.session() as s:
        assert list(s.scalars(select(MerchantRules.version))) == [eight_hundred.version]
    take_rules(till, eight_hundred)
    granted = member(till)
    merchant_rules(ledger, 300)
    assert {r["status"] for r in ledger.sync(till, token)["results"]} == {"applied"}
    assert ledger.balance(granted) == 800
