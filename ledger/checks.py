"""Checking an entry's payload before the ledger believes it, and where entries come from."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ledger.models import Merchant, MerchantRules
from sync.protocol import MAX_POINTS, RuleSet

BONUSES = {"signup": "signup_bonus", "referral": "referral_bonus"}  # a bonus's reason, and the rule giving its points


class BadEntry(ValueError):
    """An entry the ledger will not accept: the whole batch is refused and nothing applied."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"entry {seq}: {reason}")
        self.seq = seq


@dataclass(frozen=True)
class Origin:
    """Where entries come from: the authenticated terminal."""

    terminal_pk: int
    terminal_id: str
    merchant: str
    currency: str
    store: str


def checked_int(p: dict[str, Any], key: str, seq: int, low: int = 0, high: int = MAX_POINTS) -> int:
    value = p.get(key)
    if type(value) is not int or not low <= value <= high:
        raise BadEntry(seq, f"'{key}' must be a whole number from {low} to {high}")
    return value


def checked_text(p: dict[str, Any], key: str, seq: int, optional: bool = False) -> str | None:
    value = p.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        raise BadEntry(seq, f"'{key}' must be text")
    return value


def checked_day(p: dict[str, Any], key: str, seq: int, optional: bool = False) -> str | None:
    value = checked_text(p, key, seq, optional)
    if value is not None:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise BadEntry(seq, f"'{key}' must be a date") from None
    return value


class BonusRules:
    """The points a terminal may grant as a signup or referral bonus: what the merchant's rules give, or gave
    before they last changed (a terminal offline then, or not yet connected, rightly grants by the rules it holds).
    Rules edited at a terminal are not the merchant's: a bonus only they give is refused."""

    def __init__(self, current: dict[str, Any], earlier: Callable[[], list[dict[str, Any]]]) -> None:
        self.current = current
        self._earlier = cache(earlier)  # read only for a bonus the current rules do not give

    def check(self, seq: int, reason: Any, points: int) -> None:
        rule = BONUSES.get(reason) if isinstance(reason, str) else None
        if rule is None:
            raise BadEntry(seq, f"'reason' of a bonus must be one of {', '.join(BONUSES)}")
        given = _given(self.current, rule)
        if points != given and points not in {_given(rules, rule) for rules in [{}, *self._earlier()]}:
            raise BadEntry(seq, f"a {reason} bonus of {points} points is not what the merchant's rules give ({given}) "
                                "or gave; if the merchant means it (a shop that ran on its own rules before it "
                                "connected), set those rules at the ledger: jifen-ledger merchant rules")


def _given(rules: dict[str, Any], rule: str) -> Any:
    """What ``rules`` (as stored; {} for the default rules every merchant starts with) give."""
    return rules.get(rule, getattr(RuleSet(), rule))


def bonus_rules(session: Session, merchant: Merchant) -> BonusRules:
    def earlier() -> list[dict[str, Any]]:
        held = session.scalars(select(MerchantRules.rules).where(MerchantRules.merchant_id == merchant.id))
        return [json.loads(rules) for rules in held]

    return BonusRules(json.loads(merchant.rules) if merchant.rules else {}, earlier)
