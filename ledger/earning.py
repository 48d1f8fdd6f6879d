"""A sale's earned points and a refund's numbers worked out again at the ledger, as the till works them out
(terminal.services.sales and refunds, terminal.points_math, points-rules.md), so that an entry a till would never
write is refused."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ledger.checks import BadEntry
from ledger.conflicts import REWORKED_KINDS, UNHELD_RULES, UNKNOWN_RULES, figures
from ledger.db import among
from ledger.models import Conflict, Entry, Merchant, MerchantRules, Refund, Sale, Terminal
from ledger.persist import write
from sync.protocol import Refused, RuleSet, rules_from_dict
from terminal.points_math import EarnLine, earned_points, points_step


def fen_per_step(redeemed_points: int, redeemed_fen: int) -> int:
    """What the fewest points worth whole fen were worth on a sale, at the rate it was paid (as the till splits a
    refund: terminal.services.refunds._paid_points_per_yuan); 1 on a sale without points."""
    if redeemed_points <= 0 or redeemed_fen <= 0:
        return 1
    per_yuan = redeemed_points * 100 // redeemed_fen
    if not 1 <= per_yuan <= 10_000:  # no rule set has such a rate
        return 1
    step = points_step(per_yuan)
    return step * 100 // per_yuan


def overpaid(refunded_fen: int, money_fen: int, restored_points: int, redeemed_points: int, redeemed_fen: int) -> bool:
    """Whether a refund gives back more than its lines come to: its money, and the points it restores at what the
    sale took them for. Where a point is worth more than a fen, the till may give back up to one step of points'
    worth too much (refund_split rounds the points up when too little money is left), never more."""
    if redeemed_points <= 0:
        return money_fen > refunded_fen or restored_points > 0
    slack = fen_per_step(redeemed_points, redeemed_fen) - 1
    return money_fen * redeemed_points + restored_points * redeemed_fen > (refunded_fen + slack) * redeemed_points


@dataclass(frozen=True)
class SaleTerms:
    """What a sale's earned points were worked out from, and its refunds take them back by: each line's amount,
    rate and promotion, the tier's multiplier, and the points they earned."""

    lines: tuple[EarnLine, ...]
    tier_pct: int
    earned: int


def terms_of(payload: dict[str, Any]) -> SaleTerms:
    """Of a sale the ledger holds, as its terminal journaled it: its lines and tier were checked when it was taken."""
    return SaleTerms(tuple(EarnLine(int(line["amount_fen"]), int(line["rate_bp"]), int(line["promo_pct"]))
                           for line in payload["lines"]), int(payload["tier_pct"]), int(payload["earned_points"]))


@dataclass(frozen=True)
class Credit:
    """What the ledger credits a member for a sale: the points and the day they expire (None: no points)."""

    points: int
    expires_on: str | None


@dataclass(frozen=True)
class Refunded:
    """What a sale's earlier refunds took: its lines, and what they gave back and took back."""

    lines: frozenset[int]
    money_fen: int
    reversed_points: int


def taken_back(terms: SaleTerms, earned: int, redeemed_points: int, redeemed_fen: int, before: Refunded,
               lines: list[int], restored_points: int) -> int:
    """The earned points a refund of ``lines`` takes back, as the till works them out: the member keeps what the
    lines still kept would have earned, paid with the points still on them (points-rules.md, Refunds). The refund
    that empties the sale takes back all that is left."""
    amount = [line.amount_fen for line in terms.lines]
    refunded_before = sum(amount[n - 1] for n in before.lines)
    kept = [line for n, line in enumerate(terms.lines, start=1) if n not in before.lines and n not in lines]
    points_fen_left = redeemed_fen - (refunded_before - before.money_fen)
    points_fen_back = restored_points * redeemed_fen // redeemed_points if redeemed_points else 0
    kept_earn = earned_points(kept, terms.tier_pct, sum(line.amount_fen for line in kept),
                              points_fen_left - points_fen_back)
    return max(0, earned - kept_earn - before.reversed_points)


def credited_back(credited: int, earned: int, before: int, reversed_points: int, empties: bool) -> int:
    """The points the ledger takes back for a refund that takes back ``reversed_points`` of the ``earned`` points the
    terminal gave for the sale (``before`` of them taken back by earlier refunds) where the ledger credited
    ``credited`` (a sale by rules the merchant never had: by_rules_in_force): the same share of what it credited,
    all that is left once the sale is refunded whole. Never more than it credited, so no refund is refused for it."""
    if credited == earned:
        return reversed_points

    def share(taken: int) -> int:
        return credited * taken // earned if earned else 0

    return (credited if empties else share(before + reversed_points)) - share(before)


DEFAULT_RULES = RuleSet()
_ROLLING = replace(DEFAULT_RULES, expiry_policy="rolling_months")


class EarningCheck:
    """A rule set as the earning check reads it, its answers for a business date worked out once: a batch's hundreds
    of sales share a date or two and a few categories, so each sale costs a few lookups."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.tiers = {tier.name: tier.multiplier for tier in rules.tiers}
        self.points_step = rules.points_step
        self._expiries: dict[str, frozenset[date | None]] = {}
        self._promotions: dict[tuple[str, str], frozenset[int]] = {}

    def expiries(self, business_date: str) -> frozenset[date | None]:
        """When points earned by a sale dated ``business_date`` may expire (see _days_of)."""
        found = self._expiries.get(business_date)
        if found is None:
            found = self._expiries[business_date] = frozenset(_expiry(self.rules, day) for day in _days_of(business_date))
        return found

    def promotions(self, business_date: str, category: str) -> frozenset[int]:
        """The promotion multipliers a line of ``category`` may carry on a sale dated ``business_date``."""
        key = business_date, category
        found = self._promotions.get(key)
        if found is None:
            found = self._promotions[key] = frozenset(self.rules.promo_pct(day, category)
                                                      for day in _days_of(business_date))
        return found


class RuleBook:
    """The rule sets a terminal's sales may name, by version: the merchant's the ledger holds (the defaults every
    merchant starts with, the one in force, each one set since: merchant_rules), then the terminal's own, as it
    journaled each on adopting it (a "rules" entry: held at the ledger, or earlier in the batch), which is how a
    shop that ran on its own rules before it connected earns. The last two reads are made only for a version none
    of the first two is, once a batch, so most batches cost no statement more. Each rule set is parsed once a book
    (a batch), whatever the number of sales naming it.

    A connected till takes its rules from the ledger and journals no rules of its own: a rule set the merchant never
    had, journaled once the terminal had sent all it held (``connected``), is no rule set of the terminal's. Such an
    entry is taken and shown to the owner (``unheld``: its number and version), and a sale naming it is credited what
    the merchant's rules in force give (``in_force``), as is one naming rules no one had once it had connected."""

    def __init__(self, held: dict[str, str], more: Callable[[], Iterable[tuple[str, str]]],
                 journaled: Callable[[], Iterable[tuple[str, bool]]] = lambda: (),
                 batch: Iterable[tuple[int, dict[str, Any]]] = (), connected: bool = False,
                 in_force: RuleSet = DEFAULT_RULES) -> None:
        self._text, self._more, self._journaled = held, more, journaled
        self._read_more = False
        self._parsed: dict[str, EarningCheck | None] = {DEFAULT_RULES.version: EarningCheck(DEFAULT_RULES)}
        self._terminals: dict[str, EarningCheck | None] | None = None
        self._unheld_before: set[str] = set()  # versions of entries held earlier that were shown as unheld
        self._batch: dict[str, tuple[int, dict[str, Any]]] = {}
        self._batch_parsed: dict[str, EarningCheck | None] = {}
        self.unheld: dict[int, str] = {}
        self.in_force = EarningCheck(in_force)
        self.connected = connected
        for seq, payload in batch:
            version = _journaled_version(payload)
            if version is not None and not self.had(version) and connected:
                self.unheld[seq] = version
            elif version is not None:
                self._batch.setdefault(version, (seq, payload))

    @classmethod
    def of(cls, session: Session, merchant: Merchant, terminal_pk: int,
           batch: dict[int, tuple[str, dict[str, Any]]], connected: bool) -> "RuleBook":
        """``batch``: the new entries' kinds and payloads, by number; ``connected``: the terminal's, as the ledger
        held it before this batch (ledger.ingest.now_connected)."""
        held = {merchant.rules_version: merchant.rules} if merchant.rules and merchant.rules_version else {}
        named = {p["rules_version"] for kind, p in batch.values()
                 if kind == "sale" and isinstance(p.get("rules_version"), str)}
        return cls(held, lambda: [(version, rules) for version, rules in session.execute(
            select(MerchantRules.version, MerchantRules.rules).where(MerchantRules.merchant_id == merchant.id))],
                   lambda: _journaled_rules(session, terminal_pk, named),
                   [(seq, p) for seq, (kind, p) in sorted(batch.items()) if kind == "rules"],
                   connected, _parsed(merchant.rules) or DEFAULT_RULES)

    def had(self, version: str) -> bool:
        """Whether ``version`` is a rule set the merchant has had: the defaults, the one in force, each one set."""
        if version == DEFAULT_RULES.version or version in self._text:
            return True
        if not self._read_more:
            self._text = dict(self._more()) | self._text
            self._read_more = True
        return version in self._text

    def is_unheld(self, version: str, seq: int) -> bool:
        """Whether a sale numbered ``seq`` names rules that only an entry shown as unheld journaled before it."""
        if self.check(version, seq) is not None:
            return False
        return version in self._unheld_before or any(v == version and at < seq for at, v in self.unheld.items())

    def get(self, version: str, seq: int | None = None) -> RuleSet | None:
        """The rule set ``version`` as a sale numbered ``seq`` could have used; None if no one journaled it."""
        check = self.check(version, seq)
        return None if check is None else check.rules

    def check(self, version: str, seq: int | None = None) -> EarningCheck | None:
        """``get``, as the earning check reads it."""
        check = self._merchants(version)
        return check if check is not None else self._terminals_own(version, seq)

    def _merchants(self, version: str) -> EarningCheck | None:
        if version in self._parsed:
            return self._parsed[version]
        if version not in self._text and not self._read_more:
            self._text = dict(self._more()) | self._text
            self._read_more = True
        self._parsed[version] = check = _checked(_parsed(self._text.get(version)))
        return check

    def _terminals_own(self, version: str, seq: int | None) -> EarningCheck | None:
        if self._terminals is None:
            self._terminals = {}
            for text, unheld in self._journaled():
                payload = json.loads(text)
                name = _journaled_version(payload)
                if name is not None and unheld:
                    self._unheld_before.add(name)
                elif name is not None and self._terminals.get(name) is None:
                    self._terminals[name] = _checked(_rules_of(payload["rules"]))
        check = self._terminals.get(version)
        if check is None and version in self._batch and (seq is None or self._batch[version][0] < seq):
            if version not in self._batch_parsed:
                self._batch_parsed[version] = _checked(_rules_of(self._batch[version][1]["rules"]))
            check = self._batch_parsed[version]
        return check


def _checked(rules: RuleSet | None) -> EarningCheck | None:
    return None if rules is None else EarningCheck(rules)


def _journaled_version(payload: Any) -> str | None:
    """The version a terminal's "rules" entry names, if it holds a rule set at all."""
    if isinstance(payload, dict) and isinstance(payload.get("version"), str) and isinstance(payload.get("rules"), dict):
        return str(payload["version"])
    return None


def _journaled_rules(session: Session, terminal_pk: int, versions: set[str]) -> list[tuple[str, bool]]:
    """The payloads of the terminal's "rules" entries the ledger holds that may name one of ``versions``, each with
    whether it was shown as unheld (journaled once connected, a rule set the merchant never had)."""
    if not versions:
        return []
    unheld = select(Conflict.seq).where(Conflict.terminal_pk == terminal_pk, Conflict.kind == UNHELD_RULES)
    return [(payload, bool(shown)) for payload, shown in session.execute(
        select(Entry.payload, Entry.seq.in_(unheld)).where(
            Entry.terminal_pk == terminal_pk, Entry.kind == "rules",
            or_(*(Entry.payload.contains(version, autoescape=True) for version in versions))))]


def _parsed(text: str | None) -> RuleSet | None:
    """A rule set as the ledger stored it; one its rules no longer read is as good as not held."""
    return None if text is None else _rules_of(json.loads(text))


def _rules_of(data: dict[str, Any]) -> RuleSet | None:
    try:
        return rules_from_dict(data)
    except Refused:
        return None


@lru_cache(maxsize=1024)
def _days_of(business_date: str) -> tuple[date, date]:
    """The days a till may have worked a sale out on: its date, or the day before for a sale begun before midnight
    and written after (record_sale reads the day once for the rules, the journal again)."""
    day = date.fromisoformat(business_date)
    return day, max(day, date.min + timedelta(days=1)) - timedelta(days=1)


def _expiry(rules: RuleSet, day: date) -> date | None:
    try:
        return rules.expires_on(day)
    except ValueError:  # past the year 9999: no till's date
        return None


@lru_cache(maxsize=1024)
def _any_rules_expiry(day: date, expires: date) -> bool:
    """Whether some rule set makes points earned on ``day`` expire on ``expires``: the end of the next year, or 1 to
    120 months on (terminal.rules: expiry)."""
    months = (expires.year - day.year) * 12 + expires.month - day.month
    return expires == _expiry(DEFAULT_RULES, day) or (
        1 <= months <= 120 and replace(_ROLLING, expiry_months=months).expires_on(day) == expires)


def check_earning(seq: int, business_date: str, p: dict[str, Any], earned: int, check: EarningCheck | None,
                  version: str) -> None:
    """A member's sale earns by the rule set it names, as the till worked it out (terminal.services.sales): each
    line's rate is its category's, its promotion the highest of the day's, the tier multiplier the named tier's,
    the points redeemed worth what the rules make them, and points earned expire when the rules say. Of rules neither
    the merchant nor the terminal's journal holds (no honest till's), only the expiry can be checked: against every
    rule set."""
    days = _days_of(business_date)
    if earned:
        expires = date.fromisoformat(p["earn_expires_on"])
        if check is None and not any(_any_rules_expiry(day, expires) for day in days):
            raise BadEntry(seq, f"earn_expires_on {expires} is not when any rules make points earned on "
                                f"{business_date} expire")
        if check is not None and expires not in check.expiries(business_date):
            raise BadEntry(seq, f"earn_expires_on {expires} is not when rules {version} make points earned on "
                                f"{business_date} expire ({_expiry(check.rules, days[0])})")
    if check is None:
        return
    for n, line in enumerate(p["lines"], start=1):
        _check_line(seq, n, line, business_date, check, version)
    if check.tiers.get(p["tier"] if isinstance(p.get("tier"), str) else "") != p["tier_pct"]:
        raise BadEntry(seq, f"tier {p.get('tier')!r} at {p['tier_pct']}% is not one of the tiers of rules {version}")
    points, fen = p["redeemed_points"], p["redeemed_fen"]
    if points % check.points_step or fen != points * 100 // check.rules.points_per_yuan:
        raise BadEntry(seq, f"{points} points are not worth {fen} fen by rules {version} "
                            f"({check.rules.points_per_yuan} points to the yuan)")


GIVEN_MEMBER_DAYS = 7  # terminal.services.sale_member.DAYS_BACK: the oldest sale a till gives its member


def check_given_member(seq: int, sale_id: str, member_id: str | None, refunded: bool, sale_date: str,
                       business_date: str) -> None:
    """A till gives a sale its member (sale_member) only when it has none, no line of it is refunded, and it is of
    the entry's business day or up to GIVEN_MEMBER_DAYS before."""
    if member_id is not None:
        raise BadEntry(seq, f"sale {sale_id} already has a member ({member_id})")
    if refunded:
        raise BadEntry(seq, f"sale {sale_id} was refunded before it was given a member")
    days = (date.fromisoformat(business_date) - date.fromisoformat(sale_date)).days
    if not 0 <= days <= GIVEN_MEMBER_DAYS:
        raise BadEntry(seq, f"sale {sale_id} of {sale_date} given a member on {business_date}: a till gives one "
                            f"up to {GIVEN_MEMBER_DAYS} days after the sale")


def check_given_terms(seq: int, p: dict[str, Any], sale_date: str, expires_on: str | None, check: EarningCheck | None,
                      version: str) -> None:
    """The tier a sale given its member names is one of the rules named, at its multiplier, and its points expire as
    those rules make points earned on the sale's day expire (of rules no one holds: as some rules could)."""
    day = date.fromisoformat(sale_date)
    if expires_on is not None:
        expires = date.fromisoformat(expires_on)
        if check is None and not _any_rules_expiry(day, expires) or check is not None and expires != _expiry(
                check.rules, day):
            raise BadEntry(seq, f"earn_expires_on {expires} is not when rules {version} make points earned on "
                                f"{sale_date} expire")
    if check is not None and check.tiers.get(p["tier"] if isinstance(p.get("tier"), str) else "") != p["tier_pct"]:
        raise BadEntry(seq, f"tier {p.get('tier')!r} at {p['tier_pct']}% is not one of the tiers of rules {version}")


def by_rules_in_force(check: EarningCheck, business_date: str, p: dict[str, Any]) -> Credit:
    """What a member's sale earns by the merchant's rules in force (``check``) on its business date, whatever rates
    it states: each line's category's rate (none for a category they do not name) and the promotion they give it
    that day (the line's own if they give it on a day the sale may have been priced on), the named tier's multiplier
    (the lowest tier's for a tier they do not name), nothing for what points paid; expiring as they make points earned
    that day expire."""
    day = _days_of(business_date)[0]
    lines = [_line_in_force(check, business_date, day, line) for line in p["lines"]]
    tier = check.tiers.get(p["tier"]) if isinstance(p.get("tier"), str) else None
    total = sum(line.amount_fen for line in lines)
    points = earned_points(lines, tier or check.rules.tiers[0].multiplier, total, p["redeemed_fen"])
    stated = p.get("earn_expires_on") if p["earned_points"] else None
    expires = stated if stated is not None and date.fromisoformat(stated) in check.expiries(business_date) \
        else str(_expiry(check.rules, day) or business_date)
    return Credit(points, expires if points else None)


def _line_in_force(check: EarningCheck, business_date: str, day: date, line: dict[str, Any]) -> EarnLine:
    category = str(line.get("category"))
    promo = line["promo_pct"] if line["promo_pct"] in check.promotions(business_date, category) \
        else check.rules.promo_pct(day, category)
    return EarnLine(line["amount_fen"], check.rules.categories.get(category, 0), promo)


def _check_line(seq: int, n: int, line: dict[str, Any], business_date: str, check: EarningCheck, version: str) -> None:
    category = line.get("category")
    rate = check.rules.categories.get(category) if isinstance(category, str) else None
    if rate is None or not isinstance(category, str):
        raise BadEntry(seq, f"line {n}: category {category!r} is not one of rules {version}")
    if line["rate_bp"] != rate:
        raise BadEntry(seq, f"line {n}: rate_bp {line['rate_bp']} is not the {rate} rules {version} give {category}")
    if line["promo_pct"] not in check.promotions(business_date, category):
        day = _days_of(business_date)[0]
        raise BadEntry(seq, f"line {n}: promo_pct {line['promo_pct']} is not what rules {version} give {category} on "
                            f"{day} ({check.rules.promo_pct(day, category)})")


def record_unknown_rules(session: Session, terminal_pk: int, versions: dict[str, int], at: str) -> None:
    """Each rule set of a terminal's sales that neither the merchant nor the terminal's journal holds is shown to the
    owner (report conflicts) once, at the first sale by it: an honest till journals every rule set it adopts."""
    if not versions:
        return
    recorded = set(session.scalars(select(Conflict.sent_hash).where(Conflict.terminal_pk == terminal_pk,
                                                                    Conflict.kind == UNKNOWN_RULES)))
    write(session, Conflict, [{"terminal_pk": terminal_pk, "seq": seq, "kind": UNKNOWN_RULES, "held_hash": "",
                               "sent_hash": version, "at": at} for version, seq in versions.items()
                              if version not in recorded])


def reworked_sales(session: Session, merchant: str) -> dict[tuple[int, int], tuple[int, int]]:
    """The merchant's sales the ledger credited otherwise than their till (by rules it never had: listed as
    unheld_rules or unknown_rules with both figures), by terminal pk and number: the till's and the ledger's points."""
    return {(pk, seq): figures(held) for pk, seq, held in session.execute(
        select(Conflict.terminal_pk, Conflict.seq, Conflict.held_hash).join(Terminal, Terminal.pk == Conflict.terminal_pk)
        .where(Terminal.merchant_id == merchant, Conflict.kind.in_(REWORKED_KINDS), Conflict.held_hash != ""))}


def _taken_otherwise(session: Session, reworked: dict[tuple[int, int], tuple[int, int]]) -> dict[tuple[int, int], int]:
    """By refund, how many more points the refunds of ``reworked`` sales (the till's and the ledger's points of each)
    took back at their till than the ledger took back (credited_back), worked out again in their order."""
    rows = session.execute(
        select(Refund.terminal_pk, Refund.seq, Refund.sale_seq, Refund.lines, Refund.reversed_points, Sale.line_fen)
        .join(Sale, (Sale.terminal_pk == Refund.terminal_pk) & (Sale.seq == Refund.sale_seq))
        .where(among(session, Refund.terminal_pk, {pk for pk, _ in reworked}),
               among(session, Refund.sale_seq, {seq for _, seq in reworked}))
        .order_by(Refund.terminal_pk, Refund.seq))
    before: dict[tuple[int, int], tuple[int, set[str]]] = {}
    taken: dict[tuple[int, int], int] = {}
    for pk, seq, sale_seq, lines, reversed_points, line_fen in rows.all():
        if (pk, sale_seq) not in reworked:
            continue
        till, ledger = reworked[pk, sale_seq]
        reversed_before, refunded = before.get((pk, sale_seq), (0, set()))
        refunded = refunded | set(filter(None, lines.split(",")))
        empties = len(refunded) == len(line_fen.split(","))
        taken[pk, seq] = reversed_points - credited_back(ledger, till, reversed_before, reversed_points, empties)
        before[pk, sale_seq] = reversed_before + reversed_points, refunded
    return taken
