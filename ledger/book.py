"""The working set of one ledger transaction: members, their lots, and the transfers made.

All arithmetic happens here in memory; ledger.ingest loads the rows a batch needs with a fixed
number of queries and writes the results back the same way.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

NO_ONE = ""  # a debt no merchant settles for: run up by an adjustment, or from before the ledger remembered whose


@dataclass
class LotState:
    member_id: str
    issuer: str
    granted_on: str
    expires_on: str
    points: int
    remaining: int
    source: str
    id: int | None = None  # None until written
    expired: int = 0
    expired_on: str | None = None
    changed: bool = False

    def usable_on(self, day: str) -> int:
        """Points of the lot a spend dated ``day`` may take: with those expiry took after that day, if the
        lot was the member's on that day (points a later refund gave back were spent then)."""
        if self.expires_on < day:
            return 0
        return self.remaining + (self.expired if self.granted_on <= day else 0)

    @property
    def expiry_day(self) -> str:
        """The day its points expired: the day after their last, or the day they were given back if that was later
        (a refund after their date gives them back expired). Expiry is dated by it, however late it ran."""
        after_last = (date.fromisoformat(self.expires_on) + timedelta(days=1)).isoformat()
        return max(after_last, self.granted_on)


@dataclass
class MemberState:
    id: str
    currency: str
    merchant_id: str
    phone: str
    name: str | None
    referrer_id: str | None
    registered_on: str
    debt: int
    owed_to: list[tuple[str, int]] = field(default_factory=list)  # the debt by the merchant it is owed to, oldest first
    lots: list[LotState] = field(default_factory=list)
    new: bool = False
    changed: bool = False

    @property
    def held(self) -> int:
        return sum(lot.remaining for lot in self.lots)

    @property
    def balance(self) -> int:
        return self.held - self.debt

    def owe(self, merchant: str, points: int) -> None:
        """Debt run up at ``merchant``: its account took points the member did not have."""
        self.debt += points
        if self.owed_to and self.owed_to[-1][0] == merchant:
            self.owed_to[-1] = (merchant, self.owed_to[-1][1] + points)
        else:
            self.owed_to.append((merchant, points))

    def pay_debt(self, points: int) -> list[tuple[str, int]]:
        """Pay ``points`` (no more than the debt) off, oldest first: what went to each merchant it was owed to."""
        unknown = self.debt - sum(owed for _, owed in self.owed_to)
        owed_to = ([(NO_ONE, unknown)] if unknown > 0 else []) + self.owed_to
        paid: list[tuple[str, int]] = []
        while points and owed_to:
            merchant, owed = owed_to.pop(0)
            take = min(owed, points)
            paid.append((merchant, take))
            if owed > take:
                owed_to.insert(0, (merchant, owed - take))
            points -= take
            self.debt -= take
        self.owed_to = owed_to
        return paid


def owed_to_text(owed_to: list[tuple[str, int]]) -> str | None:
    """As ``members.debt_owed_to`` holds it: JSON [[merchant, points], …] oldest first; NULL: nothing owed."""
    return json.dumps([[merchant, points] for merchant, points in owed_to], ensure_ascii=False) if owed_to else None


def owed_to_of(text: str | None) -> list[tuple[str, int]]:
    return [(str(merchant), int(points)) for merchant, points in json.loads(text)] if text else []


def member_account(member_id: str) -> str:
    return f"member:{member_id}"


def merchant_accounts(merchant: str) -> tuple[str, str]:
    """Where a member's points go to the merchant: redeemed at its stores (a sale, a gift, a coupon, a code), or
    taken back into its issuance by its refund, whoever issued them."""
    return f"redemption:{merchant}", f"issuance:{merchant}"


class Book:
    """Transfers are recorded as (id, debit, credit, amount); every point that leaves one account
    arrives in another, so the accounts always sum to zero."""

    def __init__(self, members: dict[str, MemberState]) -> None:
        self.members = members
        self.transfers: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []
        self.overdraws: list[dict[str, Any]] = []

    def transfer(self, ref: str, debit: str, credit: str, amount: int, kind: str, day: str,
                 terminal_pk: int | None = None, seq: int | None = None) -> str:
        transfer_id = f"{ref}:{len(self.transfers)}"
        self.transfers.append({"id": transfer_id, "debit": debit, "credit": credit, "amount": amount, "kind": kind,
                               "business_date": day, "terminal_pk": terminal_pk, "seq": seq})
        return transfer_id

    def claim(self, issuer: str, redeemer: str, points: int, day: str, ref: str) -> None:
        """The issuer's points came to the redeemer: the issuer's liability falls by them, and it owes them."""
        self.claims.append({"id": f"{ref}:{len(self.claims)}", "issuer": issuer, "redeemer": redeemer,
                            "points": points, "business_date": day})

    def expire_due(self, member: MemberState, day: str, ref: str) -> int:
        """Lots that ended before ``day`` leave the member's account for the issuer's expiry account, on the day
        they expired: a run or an entry days later counts them on that day, as the terminal that expired them did."""
        expired = 0
        for lot in member.lots:
            if lot.remaining and lot.expires_on < day:
                self.transfer(ref, member_account(member.id), f"expiry:{lot.issuer}", lot.remaining, "expire",
                              lot.expiry_day)
                expired += lot.remaining
                lot.expired, lot.expired_on = lot.expired + lot.remaining, lot.expiry_day
                lot.remaining, lot.changed = 0, True
        member.changed = member.changed or expired > 0
        return expired

    def grant(self, member: MemberState, points: int, source_account: str, issuer: str, expires_on: str, day: str,
              ref: str, kind: str, origin: tuple[int, int] | None = None, pays_debt: bool = True) -> None:
        """Points in: a debt is paid off first (unless ``pays_debt`` is False: points a refund gives back past their
        date come back expired, and nothing can be taken from them), the rest becomes a lot."""
        if points <= 0:
            return
        tpk, seq = origin or (None, None)
        source = self.transfer(ref, source_account, member_account(member.id), points, kind, day, tpk, seq)
        settle = min(points, member.debt) if pays_debt else 0
        if settle:
            self.transfer(ref, member_account(member.id), f"debt:{member.currency}", settle, "settle_debt", day, tpk, seq)
            self.pay_debt(member, settle, issuer, day, ref, kind)
        if points > settle:
            member.lots.append(LotState(member.id, issuer, day, expires_on, points - settle, points - settle, source))
        member.changed = True

    def pay_debt(self, member: MemberState, points: int, issuer: str, day: str, ref: str, kind: str) -> None:
        """The issuer's points fill the hole another merchant's refund or stores left: they come to that merchant as
        if redeemed there, with a claim, as they would have had the member held them then. An adjustment's make none
        (it moves no money between merchants)."""
        for merchant, paid in member.pay_debt(points):
            if merchant not in (NO_ONE, issuer) and kind != "adjust":
                self.claim(issuer, merchant, paid, day, ref)

    def spend(self, member: MemberState, points: int, to_account: str, merchant: str, day: str, ref: str, kind: str,
              origin: tuple[int, int], first_source: str | None = None,
              back_to_issuer: bool = False) -> list[tuple[str, int]]:
        """Points out, soonest-expiring lots first (or those ``first_source`` granted); what the member
        does not have comes from the debt account and becomes the member's debt. Returns what was taken
        at each expiry, in that order (what came from debt is not in it). ``back_to_issuer``: each lot's points go
        to its own issuer's issuance, with no claim (an adjustment: a merchant's say moves no money between merchants).

        An entry that arrives late spends points as they stood on its own date: points that expired
        since come back from the expiry account first, on the day they had expired."""
        if points <= 0:
            return []
        tpk, seq = origin
        lots = sorted((lot for lot in member.lots if lot.usable_on(day)),
                      key=lambda lot: (not (first_source and lot.source.startswith(first_source)), lot.expires_on))
        spent, left = [], points
        for lot in lots:
            take = min(lot.usable_on(day), left)
            back = take - min(take, lot.remaining)
            if back:
                self.transfer(ref, f"expiry:{lot.issuer}", member_account(member.id), back, "unexpire",
                              str(lot.expired_on), tpk, seq)
                lot.expired, lot.remaining = lot.expired - back, lot.remaining + back
            to = f"issuance:{lot.issuer}" if back_to_issuer else to_account
            self.transfer(ref, member_account(member.id), to, take, kind, day, tpk, seq)
            if lot.issuer != merchant and to in merchant_accounts(merchant):
                self.claim(lot.issuer, merchant, take, day, ref)
            lot.remaining -= take
            lot.changed = True
            spent.append((lot.expires_on, take))
            left -= take
            if left == 0:
                break
        if left:
            self.transfer(ref, f"debt:{member.currency}", to_account, left, f"{kind}_debt", day, tpk, seq)
            member.owe(NO_ONE if back_to_issuer else merchant, left)
            self.overdraws.append({"id": f"{ref}:{len(self.overdraws)}", "member_id": member.id, "terminal_pk": tpk,
                                   "seq": seq, "points": left, "business_date": day})
        member.changed = True
        return spent
