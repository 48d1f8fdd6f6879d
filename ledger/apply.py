"""What each kind of journal entry does to the ledger's accounts, checked before it is believed."""

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from ledger.book import Book, MemberState
from ledger.checks import (
    BadEntry,
    Origin,
    checked_bonus_reason,
    checked_day,
    checked_int,
    checked_name,
    checked_phone,
    checked_text,
    sale_number,
)
from ledger.conflicts import UNKNOWN_RULES, Reworked
from ledger.earning import (
    Credit,
    RuleBook,
    Refunded,
    SaleTerms,
    by_rules_in_force,
    check_earning,
    check_given_member,
    check_given_terms,
    credited_back,
    overpaid,
    taken_back,
)
from ledger.mall_apply import MALL_KINDS, MallApplying
from ledger.payloads import check_readable
from sync.protocol import (
    MAX_FEN,
    MAX_POINTS,
    PAY_METHODS,
    EarnLine,
    WireEntry,
    earned_points,
    restored_lots,
)

log = logging.getLogger("jifen.ledger")

POINT_KINDS = ("member_add", "member_edit", "bonus", "sale", "sale_member", "refund", "adjust", "store_init", "code_revoke", "key_revoke",
               "code_reinstate", "key_reinstate", *MALL_KINDS)
INFORMATIONAL = ("expire",)  # the terminal's own expiry: the ledger runs expiry itself
_HANDLED = frozenset((*POINT_KINDS, *INFORMATIONAL))


@dataclass
class SaleFact:
    """A sale being refunded, and what its refunds so far gave back (those of this batch included)."""

    member_id: str | None
    business_date: str
    redeem_expires_on: str | None
    line_fen: list[int]
    pay_method: str
    paid_fen: int
    redeemed_points: int
    credited_points: int  # what the ledger credited: the points the terminal gave, but for a sale by_rules_in_force
    terms: SaleTerms  # what its terminal worked its earned points out from
    redeemed_lots: list[tuple[str, int]] = field(default_factory=list)  # where its redeemed points came from
    refunded_lines: set[int] = field(default_factory=set)
    money_fen: int = 0
    restored_points: int = 0
    reversed_points: int = 0

    @property
    def redeemed_fen(self) -> int:
        """What its points paid: the rest of its lines' total (the sale was checked to add up)."""
        return sum(self.line_fen) - self.paid_fen

    @property
    def refunded(self) -> Refunded:
        return Refunded(frozenset(self.refunded_lines), self.money_fen, self.reversed_points)

    def credited_back(self, lines: list[int], reversed_points: int) -> int:
        """What the ledger takes back for a refund of ``lines`` taking back ``reversed_points`` (the terminal's)."""
        empties = len(self.refunded_lines.union(lines)) == len(self.line_fen)
        return credited_back(self.credited_points, self.terms.earned, self.reversed_points, reversed_points,
                             empties)

    def add_refund(self, lines: list[int], money_fen: int, restored_points: int, reversed_points: int) -> None:
        self.refunded_lines.update(lines)
        self.money_fen += money_fen
        self.restored_points += restored_points
        self.reversed_points += reversed_points


def numbers(text: str) -> list[int]:
    """The comma-separated numbers of Sale.line_fen and Refund.lines."""
    return [int(n) for n in text.split(",") if n]


def joined(values: list[int]) -> str:
    return ",".join(map(str, values))


class Applier(MallApplying):
    """Applies one terminal's entries, in order, to a book."""

    def __init__(self, book: Book, origin: Origin, sales: dict[int, SaleFact], rules: RuleBook) -> None:
        self.book, self.origin, self.sales, self.rules = book, origin, sales, rules
        self.unknown_rules: dict[str, int] = {}  # versions of rules the ledger does not hold, and their first sale
        self.reworked: dict[int, Reworked] = {}  # the sales credited by the merchant's rules in force, by number
        self.registered: dict[int, str] = {}  # the members this batch registers, by their member_add's number
        self.odd_signups: dict[int, str] = {}  # signup bonuses not after their member's member_add in this batch
        self.new_sales: list[dict[str, Any]] = []
        self.sales_given_members: list[dict[str, Any]] = []  # sales held before this batch, given their member in it
        self.new_refunds: list[dict[str, Any]] = []
        self.revocations: list[dict[str, Any]] = []
        self.reinstated: list[dict[str, Any]] = []  # deleted before ``revocations`` are added: they come later
        self.keys: list[dict[str, Any]] = []
        self.mall_events: list[dict[str, Any]] = []

    def member(self, member_id: Any, seq: int) -> MemberState:
        member = self.book.members.get(member_id) if isinstance(member_id, str) else None
        if member is None or member.currency != self.origin.currency:
            raise BadEntry(seq, f"unknown member {member_id!r}")
        return member

    def apply(self, entry: WireEntry, payload: dict[str, Any]) -> None:
        # Looked up per entry, not kept as bound methods: those would tie the applier in a cycle with its book,
        # left for the garbage collector to find (bench/ledger_bench.py: a tenth of the server's CPU).
        handler = getattr(self, f"_{entry.kind}") if entry.kind in _HANDLED else None
        delta = 0 if handler is None else handler(entry, payload)
        check_readable(entry.kind, payload, entry.seq)
        if handler is None and entry.points_delta:
            raise BadEntry(entry.seq, f"a '{entry.kind}' entry cannot move points")
        if delta != entry.points_delta:
            raise BadEntry(entry.seq, f"points_delta {entry.points_delta} does not match the payload ({delta})")

    def _ref(self, entry: WireEntry) -> tuple[str, tuple[int, int]]:
        return f"{self.origin.terminal_pk}:{entry.seq}", (self.origin.terminal_pk, entry.seq)

    def _expire(self, entry: WireEntry, p: dict[str, Any]) -> int:
        """Kept, not counted: the ledger expires the points itself. Its points are the lots' it emptied."""
        check_readable(entry.kind, p, entry.seq)
        points = p["points"]
        if sum(lot["points"] for lot in p["lots"]) != points:
            raise BadEntry(entry.seq, f"the lots it emptied do not add up to its {points} points")
        return -int(points)

    def _store_init(self, entry: WireEntry, p: dict[str, Any]) -> int:
        """A store announces the key its member codes are signed with; every terminal of the merchant will trust it.
        Only in its first entry: init writes it, nothing later does (a restored till keeps its own), and a key
        announced later would be trusted by every till and outlive the terminal's revocation."""
        if entry.seq != 1:
            raise BadEntry(entry.seq, "a store_init entry can only be a terminal's first entry: it announces the keys "
                                      "the terminal made at init, and no key is announced later")
        key = p.get("merchant_key")
        if isinstance(key, str) and len(key) == 64:
            self.keys.append({"merchant_id": self.origin.merchant, "public_key": key})
        return 0

    def _code_revoke(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member_id, until = checked_text(p, "member_id", entry.seq), checked_text(p, "until", entry.seq)
        self.revocations.append({"merchant_id": self.origin.merchant, "kind": "member_code", "value": f"{member_id}@{until}",
                                 "reason": p.get("reason") if isinstance(p.get("reason"), str) else None})
        return 0

    def _key_revoke(self, entry: WireEntry, p: dict[str, Any]) -> int:
        self.revocations.append({"merchant_id": self.origin.merchant, "kind": "terminal_key",
                                 "value": checked_text(p, "key", entry.seq),
                                 "reason": p.get("reason") if isinstance(p.get("reason"), str) else None})
        return 0

    def _code_reinstate(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member_id, until = checked_text(p, "member_id", entry.seq), p.get("until")
        if not isinstance(until, list) or not until or not all(isinstance(u, str) for u in until):
            raise BadEntry(entry.seq, "'until' must list the revocations lifted")
        for each in until:
            self._lift("member_code", f"{member_id}@{each}")
        return 0

    def _key_reinstate(self, entry: WireEntry, p: dict[str, Any]) -> int:
        self._lift("terminal_key", str(checked_text(p, "key", entry.seq)))
        return 0

    def _lift(self, kind: str, value: str) -> None:
        """A revocation lifted: gone from the deny list, even if revoked earlier in this same batch."""
        self.revocations = [r for r in self.revocations if (r["kind"], r["value"]) != (kind, value)]
        self.reinstated.append({"merchant_id": self.origin.merchant, "kind": kind, "value": value})

    def _member_add(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member_id = checked_text(p, "member_id", entry.seq)
        assert member_id is not None
        if member_id in self.book.members:
            raise BadEntry(entry.seq, f"member {member_id} is already registered")
        self.registered[entry.seq] = member_id
        referrer = checked_text(p, "referrer_id", entry.seq, optional=True)
        if referrer is not None:
            self.member(referrer, entry.seq)
        self.book.members[member_id] = MemberState(
            member_id, self.origin.currency, self.origin.merchant, checked_phone(p, entry.seq),
            checked_name(p, entry.seq), referrer, entry.business_date, 0, new=True, changed=True)
        return 0

    def _member_edit(self, entry: WireEntry, p: dict[str, Any]) -> int:
        """A member's phone or name corrected at a till of the merchant they registered with; every till takes them
        from the member's next snapshot. Only the keys present changed: another till's edit of the other one stands.
        A partner's till serves the member but may not change who they are; its edit is kept, not applied (refusing
        it would stop that till's sync for good), and the member's snapshot puts their details back there."""
        member = self.member(p.get("member_id"), entry.seq)
        phone = checked_phone(p, entry.seq) if "phone" in p else member.phone
        name = checked_name(p, entry.seq) if "name" in p else member.name
        if "phone" not in p and "name" not in p:
            raise BadEntry(entry.seq, "a member_edit changes the member's 'phone', 'name' or both")
        member.changed = True
        if member.merchant_id != self.origin.merchant:
            log.warning("entry %s of %s/%s kept, not applied: member %s registered with another merchant, whose "
                        "tills alone edit them", entry.seq, self.origin.merchant, self.origin.terminal_id, member.id)
            return 0
        member.phone, member.name = phone, name
        return 0

    def _bonus(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member = self.member(p.get("member_id"), entry.seq)
        points, expires_on = checked_int(p, "points", entry.seq), str(checked_day(p, "expires_on", entry.seq))
        if checked_bonus_reason(p, entry.seq) == "signup" and self.registered.get(entry.seq - 1) != member.id:
            self.odd_signups[entry.seq] = member.id
        ref, origin = self._ref(entry)
        self.book.grant(member, points, f"issuance:{self.origin.merchant}", self.origin.merchant, expires_on,
                        entry.business_date, ref, "bonus", origin)
        return points

    def _adjust(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member = self.member(p.get("member_id"), entry.seq)
        points = checked_int(p, "points", entry.seq, -MAX_POINTS)
        ref, origin = self._ref(entry)
        issuance = f"issuance:{self.origin.merchant}"
        self.book.expire_due(member, entry.business_date, ref)
        if points > 0:
            self.book.grant(member, points, issuance, self.origin.merchant, str(checked_day(p, "expires_on", entry.seq)),
                            entry.business_date, ref, "adjust", origin)
        else:
            self.book.spend(member, -points, issuance, self.origin.merchant, entry.business_date, ref, "adjust", origin,
                            back_to_issuer=True)
        return points

    def _sale(self, entry: WireEntry, p: dict[str, Any]) -> int:
        seq = entry.seq
        lines = p.get("lines")
        if not isinstance(lines, list) or not lines or len(lines) > 200:
            raise BadEntry(seq, "a sale needs 1 to 200 lines")
        earn_lines = [EarnLine(checked_int(line, "amount_fen", seq, 0, 100_000_000), checked_int(line, "rate_bp", seq, 0, 100_000),
                               checked_int(line, "promo_pct", seq, 100, 1000)) if isinstance(line, dict) else _bad_line(seq)
                      for line in lines]
        total, redeemed = checked_int(p, "total_fen", seq, 0, MAX_FEN), checked_int(p, "redeemed_points", seq)
        redeemed_fen, paid = checked_int(p, "redeemed_fen", seq, 0, MAX_FEN), checked_int(p, "paid_fen", seq, 0, MAX_FEN)
        earned, tier_pct = checked_int(p, "earned_points", seq), checked_int(p, "tier_pct", seq, 100, 1000)
        if total != sum(line.amount_fen for line in earn_lines) or paid != total - redeemed_fen:
            raise BadEntry(seq, "the sale's amounts do not add up")
        pay_method = p.get("pay_method")
        if pay_method not in PAY_METHODS:  # the day report counts money by these: gross = cash + card + points
            raise BadEntry(seq, f"pay_method {pay_method!r} is not one of {', '.join(PAY_METHODS)}")
        member = self.member(p.get("member_id"), seq) if p.get("member_id") is not None else None
        expected = earned_points(earn_lines, tier_pct, total, redeemed_fen) if member else 0
        if earned != expected or (member is None and redeemed):
            raise BadEntry(seq, f"earned points {earned} do not follow from the sale ({expected})")
        credit = self._check_rules(entry, p, earned) if member is not None else Credit(0, None)
        ref, origin = self._ref(entry)
        spent: list[tuple[str, int]] = []
        if member is not None:
            self.book.expire_due(member, entry.business_date, ref)
            spent = self.book.spend(member, redeemed, f"redemption:{self.origin.merchant}", self.origin.merchant,
                                     entry.business_date, ref, "redeem", origin)
            self.book.grant(member, credit.points, f"issuance:{self.origin.merchant}", self.origin.merchant,
                            credit.expires_on or entry.business_date, entry.business_date, ref, "earn", origin)
            member.changed = True  # its growth and first sale are in its snapshot, even when no point moves
        if p.get("coupon") is not None:
            self.note_coupon_use(entry, p)
        line_fen = [line.amount_fen for line in earn_lines]
        latest = max((expires_on for expires_on, _ in spent), default=None)
        self.sales[seq] = SaleFact(member.id if member else None, entry.business_date, latest, line_fen, pay_method,
                                   paid, redeemed, credit.points, SaleTerms(tuple(earn_lines), tier_pct, earned), spent)
        self.new_sales.append({"terminal_pk": self.origin.terminal_pk, "seq": seq, "member_id": member.id if member else None,
                               "merchant_id": self.origin.merchant, "business_date": entry.business_date,
                               "paid_fen": paid, "redeem_expires_on": latest, "line_fen": joined(line_fen),
                               "pay_method": pay_method, "redeemed_points": redeemed, "earned_points": credit.points,
                               "redeemed_lots": json.dumps(spent) if spent else None, "tier_pct": None})
        return earned - redeemed  # the journal's: its running total goes on from it

    def _sale_member(self, entry: WireEntry, p: dict[str, Any]) -> int:
        """A paid sale without a member given one (补积分): it earns, by its own lines and the member's tier now, what
        it would have earned with them on it, in a lot that expires as if the card had been shown at the sale."""
        seq = entry.seq
        sale_id = str(checked_text(p, "sale_id", seq))
        number = sale_number(sale_id, self.origin.terminal_id)
        sale = None if number is None else self.sales.get(number)
        if number is None or sale is None:
            raise BadEntry(seq, f"sale_member of unknown sale {sale_id}")
        member = self.member(p.get("member_id"), seq)
        earned, tier_pct = checked_int(p, "earned_points", seq), checked_int(p, "tier_pct", seq, 100, 1000)
        check_given_member(seq, sale_id, sale.member_id, bool(sale.refunded_lines), sale.business_date,
                           entry.business_date)
        expected = earned_points(list(sale.terms.lines), tier_pct, sum(sale.line_fen), sale.redeemed_fen)
        if earned != expected:
            raise BadEntry(seq, f"earned points {earned} do not follow from sale {sale_id} ({expected})")
        expires_on = self._given_member_terms(entry, p, sale.business_date, earned)
        ref, origin = self._ref(entry)
        self.book.expire_due(member, entry.business_date, ref)
        self.book.grant(member, earned, f"issuance:{self.origin.merchant}", self.origin.merchant,
                        expires_on or entry.business_date, entry.business_date, ref, "earn", origin)
        member.changed = True  # its growth and first sale are in its snapshot, even when no point moves
        sale.member_id, sale.credited_points = member.id, earned
        sale.terms = SaleTerms(sale.terms.lines, tier_pct, earned)
        self._note_given_member(number, member.id, earned, tier_pct)
        return earned

    def _given_member_terms(self, entry: WireEntry, p: dict[str, Any], sale_date: str, earned: int) -> str | None:
        """The tier named is one of the rules named, and the points expire as those rules make points earned on the
        sale's day expire (rules the ledger does not hold: as some rules could); returns that day."""
        version = str(checked_text(p, "rules_version", entry.seq))
        expires_on = str(checked_day(p, "earn_expires_on", entry.seq)) if earned else None
        check = self.rules.check(version, entry.seq)
        check_given_terms(entry.seq, p, sale_date, expires_on, check, version)
        return expires_on

    def _note_given_member(self, number: int, member_id: str, earned: int, tier_pct: int) -> None:
        """The ledger's row of the sale names the member: its refunds, the member's growth and earning sales read it."""
        given = {"member_id": member_id, "earned_points": earned, "tier_pct": tier_pct}
        row = next((row for row in self.new_sales if row["seq"] == number), None)
        if row is not None:
            row.update(given)
        else:
            self.sales_given_members.append({"sale_pk": self.origin.terminal_pk, "sale_seq": number, "member": member_id,
                                             "earned": earned, "pct": tier_pct})

    def _check_rules(self, entry: WireEntry, p: dict[str, Any], earned: int) -> Credit:
        """What a member's sale is credited. Rules the ledger does not hold are a shop's own before it connected, or
        rules it set before it kept every set: refusing would stop an honest terminal's sync for good. They are
        taken, and shown to the owner."""
        version = str(checked_text(p, "rules_version", entry.seq))
        stated = Credit(earned, str(checked_day(p, "earn_expires_on", entry.seq)) if earned else None)
        if self.rules.is_unheld(version, entry.seq):
            return self._by_merchants(entry, p, stated, Reworked(version, earned, earned))
        check = self.rules.check(version, entry.seq)
        if check is None and self.rules.connected:
            return self._by_unknown(entry, p, stated, version)
        check_earning(entry.seq, entry.business_date, p, earned, check, version)
        if check is None:
            self.unknown_rules.setdefault(version, entry.seq)
        return stated

    def _by_unknown(self, entry: WireEntry, p: dict[str, Any], stated: Credit, version: str) -> Credit:
        """A sale by rules neither the merchant had nor the terminal journaled, once it had connected: no honest till's
        (it journals every rule set before the sales by it), so it is credited as a sale by unheld rules is. Its rules
        are shown once: by each sale credited otherwise, or else by the first one."""
        credit = self._by_merchants(entry, p, stated, Reworked(version, stated.points, stated.points, UNKNOWN_RULES))
        if entry.seq in self.reworked:
            self.unknown_rules.pop(version, None)
        elif all(sale.version != version or sale.kind != UNKNOWN_RULES for sale in self.reworked.values()):
            self.unknown_rules.setdefault(version, entry.seq)
        return credit

    def _by_merchants(self, entry: WireEntry, p: dict[str, Any], stated: Credit, sale: Reworked) -> Credit:
        """A sale by rules journaled once the terminal had connected, that the merchant never had: a stolen token's,
        or an older jifen's that adopted an edit of its rules.toml. Refusing it would stop that till's sync for good
        (its journal cannot change), so it is taken, and credited what the merchant's rules in force give: the till
        takes the member's balance from the ledger. One that earns otherwise is shown to the owner."""
        in_force = self.rules.in_force
        try:
            check_earning(entry.seq, entry.business_date, p, stated.points, in_force, in_force.rules.version)
        except BadEntry:
            credit = by_rules_in_force(in_force, entry.business_date, p)
            self.reworked[entry.seq] = sale._replace(ledger=credit.points)
            return credit
        return stated

    def _refund(self, entry: WireEntry, p: dict[str, Any]) -> int:
        seq = entry.seq
        sale_id = str(checked_text(p, "sale_id", seq))
        number = sale_number(sale_id, self.origin.terminal_id)
        sale = None if number is None else self.sales.get(number)
        if number is None or sale is None:
            raise BadEntry(seq, f"refund of unknown sale {sale_id}")
        restored, reversed_points = checked_int(p, "restored_points", seq), checked_int(p, "reversed_points", seq)
        money = checked_int(p, "money_fen", seq, 0, MAX_FEN)
        lines = _refunded_lines(seq, sale_id, sale, p)
        ref, origin = self._ref(entry)
        if sale.member_id is not None:
            member = self.member(sale.member_id, seq)
            otherwise = sale.redeem_expires_on or checked_day(p, "restored_expires_on", seq, optional=True) \
                or entry.business_date
            spent = sale.redeemed_lots or ([(sale.redeem_expires_on, sale.redeemed_points)] if sale.redeem_expires_on else [])
            for expires_on, points in restored_lots(spent, sale.restored_points, restored, str(otherwise)):
                self.book.grant(member, points, f"redemption:{self.origin.merchant}", self.origin.merchant,
                                expires_on, entry.business_date, ref, "restore", origin,
                                pays_debt=expires_on >= entry.business_date)
            self.book.expire_due(member, entry.business_date, ref)  # after: points given back past their date expire now
            self.book.spend(member, sale.credited_back(lines, reversed_points), f"issuance:{self.origin.merchant}",
                            self.origin.merchant, entry.business_date, ref, "reverse", origin,
                            first_source=f"{self.origin.terminal_pk}:{number}:")
            member.changed = True  # the refunded money leaves its growth
        elif restored or reversed_points:
            raise BadEntry(seq, "a refund without a member cannot move points")
        _check_given_back(seq, sale_id, sale, money, restored, reversed_points)
        _check_worth(seq, sale, sum(sale.line_fen[n - 1] for n in lines), money, restored)
        _check_taken_back(seq, sale_id, sale, lines, restored, reversed_points)
        sale.add_refund(lines, money, restored, reversed_points)
        self.new_refunds.append({"terminal_pk": self.origin.terminal_pk, "seq": seq, "sale_seq": number,
                                 "member_id": sale.member_id, "sale_date": sale.business_date, "money_fen": money,
                                 "lines": joined(lines), "restored_points": restored, "reversed_points": reversed_points})
        return restored - reversed_points


def _refunded_lines(seq: int, sale_id: str, sale: SaleFact, p: dict[str, Any]) -> list[int]:
    """The lines a refund names: lines of the sale, each refunded once, worth what the refund says, paid
    back the way the sale was paid."""
    lines = p.get("lines")
    if not isinstance(lines, list) or not lines or any(type(n) is not int for n in lines):
        raise BadEntry(seq, "a refund names the numbers of the sale's lines it refunds")
    seen = set(sale.refunded_lines)
    for n in lines:
        if not 1 <= n <= len(sale.line_fen):
            raise BadEntry(seq, f"sale {sale_id} has no line {n} (it has 1 to {len(sale.line_fen)})")
        if n in seen:
            raise BadEntry(seq, f"line {n} of sale {sale_id} is refunded twice")
        seen.add(n)
    worth = sum(sale.line_fen[n - 1] for n in lines)
    if checked_int(p, "refunded_fen", seq, 0, MAX_FEN) != worth:
        raise BadEntry(seq, f"refunded_fen {p['refunded_fen']} is not what the refunded lines come to ({worth})")
    if p.get("pay_method") != sale.pay_method:
        raise BadEntry(seq, f"pay_method {p.get('pay_method')!r} is not the sale's ({sale.pay_method!r})")
    return lines


def _check_given_back(seq: int, sale_id: str, sale: SaleFact, money: int, restored: int, reversed_points: int) -> None:
    """Over all its refunds, a sale gives back at most what was paid and redeemed, and takes back at most what it earned."""
    for what, total, most, of in (("give back", sale.money_fen + money, sale.paid_fen, "fen paid"),
                                  ("restore", sale.restored_points + restored, sale.redeemed_points, "points redeemed"),
                                  ("take back", sale.reversed_points + reversed_points, sale.terms.earned, "points earned")):
        if total > most:
            raise BadEntry(seq, f"the refunds of sale {sale_id} would {what} {total}, more than the {most} {of}")


def _check_worth(seq: int, sale: SaleFact, worth: int, money: int, restored: int) -> None:
    """A refund gives back what its lines come to, in money and points, and no more."""
    if overpaid(worth, money, restored, sale.redeemed_points, sale.redeemed_fen):
        value = restored * sale.redeemed_fen // sale.redeemed_points if sale.redeemed_points else 0
        raise BadEntry(seq, f"the refund gives back {money} fen and {restored} points worth {value} fen, more than "
                            f"the {worth} fen its lines come to")


def _check_taken_back(seq: int, sale_id: str, sale: SaleFact, lines: list[int], restored: int, reversed_points: int) -> None:
    """A refund takes back the earned points the rules' arithmetic gives for its lines, no fewer and no more."""
    due = taken_back(sale.terms, sale.terms.earned, sale.redeemed_points, sale.redeemed_fen, sale.refunded, lines,
                     restored)
    if reversed_points != due:
        raise BadEntry(seq, f"the refund takes back {reversed_points} of the points sale {sale_id} earned, where its "
                            f"lines take back {due}")


def _bad_line(seq: int) -> EarnLine:
    raise BadEntry(seq, "a sale line must be an object")
