"""Totals of journal entries: the fields of `report day`, shared by the terminal and the ledger.

Money is counted by how it was paid. ``cash_fen`` and ``card_fen`` are what sales took (so that
gross = cash + card + points, and the figures compare with earlier days); a gift's money top-up is
counted apart, in ``topup_cash_fen`` / ``topup_card_fen`` (less those given back by a cancel). What
the cashier counts at shift close or Z is ``drawer_cash_fen``: cash from sales and top-ups, less
cash given back by refunds and cancels; ``net_card_fen`` is the same for the card terminal."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Totals:
    sales: int = 0
    gross_fen: int = 0
    cash_fen: int = 0
    card_fen: int = 0
    points_paid_fen: int = 0
    refunds: int = 0
    refunds_fen: int = 0
    refund_cash_fen: int = 0
    refund_card_fen: int = 0
    points_earned: int = 0
    sales_given_member: int = 0  # paid sales given their member afterwards (补积分), their points in points_earned too
    points_given_later: int = 0
    points_bonus: int = 0
    points_redeemed: int = 0
    points_restored: int = 0
    points_reversed: int = 0
    points_adjusted: int = 0
    points_expired: int = 0
    new_members: int = 0
    exchanges: int = 0
    exchange_points: int = 0
    exchange_topup_fen: int = 0
    topup_cash_fen: int = 0
    topup_card_fen: int = 0
    exchanges_cancelled: int = 0
    coupons_issued: int = 0
    coupon_points: int = 0
    coupons_used: int = 0
    coupon_discount_fen: int = 0
    codes_claimed: int = 0
    claim_points: int = 0
    served: set[str] = field(default_factory=set)
    topup_paid_by: dict[str, str] = field(default_factory=dict)  # exchange id → how its top-up was paid

    def _topup(self, method: str | None, fen: int) -> None:
        if method == "card":
            self.topup_card_fen += fen
        else:  # cash is the default way to pay a top-up
            self.topup_cash_fen += fen

    def add(self, kind: str, p: dict[str, Any]) -> None:
        if kind == "sale":
            self.sales += 1
            self.gross_fen += p["total_fen"]
            self.cash_fen += p["paid_fen"] if p["pay_method"] == "cash" else 0
            self.card_fen += p["paid_fen"] if p["pay_method"] == "card" else 0
            self.points_paid_fen += p["redeemed_fen"]
            self.points_earned += p["earned_points"]
            self.points_redeemed += p["redeemed_points"]
            if p["member_id"]:
                self.served.add(p["member_id"])
            if p.get("coupon"):
                self.coupons_used += 1
                self.coupon_discount_fen += p["coupon"]["discount_fen"]
        elif kind == "sale_member":  # a paid sale given its member: its points count on the day they were given
            self.points_earned += p["earned_points"]
            self.sales_given_member += 1
            self.points_given_later += p["earned_points"]
            self.served.add(p["member_id"])
        elif kind == "gift_exchange":
            self.exchanges += 1
            self.exchange_points += p["points"]
            self.exchange_topup_fen += p["topup_fen"]
            self._topup(p.get("pay_method"), p["topup_fen"])
            if "exchange_id" in p:
                self.topup_paid_by[p["exchange_id"]] = p.get("pay_method") or "cash"
        elif kind == "gift_cancel" and p.get("coupon_id"):  # an unused coupon taken back
            self.coupons_issued -= 1
            self.coupon_points -= p["points"]
        elif kind == "gift_cancel":
            self.exchanges_cancelled += 1
            self.exchanges -= 1
            self.exchange_points -= p["points"]
            self.exchange_topup_fen -= p["topup_fen"]
            # given back the way it was paid (a cancel written before it said so: as its exchange, else cash)
            self._topup(p.get("pay_method") or self.topup_paid_by.get(p.get("exchange_id", "")), -p["topup_fen"])
        elif kind == "coupon_issue":
            self.coupons_issued += 1
            self.coupon_points += p["points"]
        elif kind == "code_claim":
            self.codes_claimed += 1
            self.claim_points += p["points"]
        elif kind == "refund":
            self.refunds += 1
            self.refunds_fen += p["refunded_fen"]
            self.refund_cash_fen += p["money_fen"] if p["pay_method"] == "cash" else 0
            self.refund_card_fen += p["money_fen"] if p["pay_method"] == "card" else 0
            self.points_restored += p["restored_points"]
            self.points_reversed += p["reversed_points"]
        elif kind == "bonus":
            self.points_bonus += p["points"]
        elif kind == "adjust":
            self.points_adjusted += p["points"]
        elif kind == "expire":
            self.points_expired += p["points"]
        elif kind == "member_add":
            self.new_members += 1

    def add_sums(self, sums: dict[str, int]) -> None:
        """Add what ``add`` would for many entries of one kind (see ``SUMMED``), but the members served."""
        for name, value in sums.items():
            setattr(self, name, getattr(self, name) + value)

    def as_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("served", "topup_paid_by")}
        out["members_served"] = len(self.served)
        out["drawer_cash_fen"] = self.cash_fen + self.topup_cash_fen - self.refund_cash_fen
        out["net_card_fen"] = self.card_fen + self.topup_card_fen - self.refund_card_fen
        return out


# What ``Totals.add`` counts for the kinds of entry a long period holds most of, as sums SQL works out over many
# entries at once without Python reading each (terminal.services.reports.day_totals): each field's ``Sum``. The
# members served are added apart (``Tally.serve``); the kinds not here are added one entry at a time.
@dataclass(frozen=True)
class Sum:
    path: str | None = None  # the payload's number summed; None: the entries counted
    where: tuple[str, str] | None = None  # only entries whose payload has this key with this value
    counted: bool = False  # the entries where ``path`` holds something counted, not summed


COUNT = Sum()
SUMMED: dict[str, dict[str, Sum]] = {
    "sale": {"sales": COUNT, "gross_fen": Sum("total_fen"), "cash_fen": Sum("paid_fen", ("pay_method", "cash")),
             "card_fen": Sum("paid_fen", ("pay_method", "card")), "points_paid_fen": Sum("redeemed_fen"),
             "points_earned": Sum("earned_points"), "points_redeemed": Sum("redeemed_points"),
             # a coupon used has its discount: ``p.get("coupon")`` holds it
             "coupons_used": Sum("coupon.discount_fen", counted=True), "coupon_discount_fen": Sum("coupon.discount_fen")},
    "sale_member": {"points_earned": Sum("earned_points"), "sales_given_member": COUNT,
                    "points_given_later": Sum("earned_points")},
    "refund": {"refunds": COUNT, "refunds_fen": Sum("refunded_fen"),
               "refund_cash_fen": Sum("money_fen", ("pay_method", "cash")),
               "refund_card_fen": Sum("money_fen", ("pay_method", "card")),
               "points_restored": Sum("restored_points"), "points_reversed": Sum("reversed_points")},
    "bonus": {"points_bonus": Sum("points")},
    "adjust": {"points_adjusted": Sum("points")},
    "expire": {"points_expired": Sum("points")},
    "member_add": {"new_members": COUNT},
    "coupon_issue": {"coupons_issued": COUNT, "coupon_points": Sum("points")},
    "code_claim": {"codes_claimed": COUNT, "claim_points": Sum("points")},
}
ONE_BY_ONE = ("gift_exchange", "gift_cancel")  # a cancel's top-up is given back as its exchange, read before it, was paid


# The points mall's fields: a shop that does not use the mall reads and prints its totals without them.
MALL_FIELDS = frozenset({"topup_cash_fen", "topup_card_fen", "exchanges", "exchange_points", "exchange_topup_fen",
                         "exchanges_cancelled", "coupons_issued", "coupon_points", "coupons_used", "coupon_discount_fen",
                         "coupons_expired", "codes_claimed", "claim_points"})


# On a till linked to a ledger, liability_points is this till's running net of every point change made here (given,
# given back by refunds, adjusted, less used, taken back by refunds, expired), below zero where members spend here
# points earned elsewhere: not what members hold. Too many terms for a 58 mm line: README gives them.
SHARE_LABEL = ("This till's net points", "本机积分累计净增减")


def worth_showing(data: dict[str, Any]) -> dict[str, Any]:
    """The totals to read or print: the mall's rows only when the mall saw something (JSON keeps them all)."""
    if any(data.get(key) for key in MALL_FIELDS):
        return data
    return {key: value for key, value in data.items() if key not in MALL_FIELDS}


# The kinds of entry a cashier answers for, in the per-cashier totals.
CASHIER_KINDS = frozenset({"sale", "sale_member", "refund", "member_add", "adjust", "bonus", "gift_exchange",
                           "gift_cancel", "coupon_issue", "code_claim"})


class Tally:
    """Totals overall and per cashier, added to entry by entry (a long period can be read in parts)."""

    def __init__(self) -> None:
        self.overall = Totals()
        self.per_cashier: dict[str, Totals] = {}

    def add(self, kind: str, actor: str | None, p: dict[str, Any]) -> None:
        self.overall.add(kind, p)
        if actor is not None and kind in CASHIER_KINDS:
            self._cashier(actor).add(kind, p)

    def add_sums(self, kind: str, actor: str | None, sums: dict[str, int]) -> None:
        """``add`` for many entries of ``kind`` by ``actor`` at once, as ``SUMMED`` says, but the members served."""
        self.overall.add_sums(sums)
        if actor is not None and kind in CASHIER_KINDS:
            self._cashier(actor).add_sums(sums)

    def serve(self, actor: str | None, members: list[str]) -> None:
        """The members that sales and sale_member entries by ``actor`` served, as ``add`` has them."""
        self.overall.served.update(members)
        if actor is not None:  # both kinds are the cashier's
            self._cashier(actor).served.update(members)

    def _cashier(self, actor: str) -> Totals:
        cashier = self.per_cashier.get(actor)
        if cashier is None:  # not setdefault: a Totals made for every entry took a quarter of a year's time
            cashier = self.per_cashier[actor] = Totals()
        return cashier

    def as_json(self) -> dict[str, Any]:
        result = self.overall.as_json()
        result["cashiers"] = {name: t.as_json() for name, t in sorted(self.per_cashier.items())}
        return result


def totals_of(entries: Iterable[tuple[str, str | None, str]]) -> dict[str, Any]:
    """Totals of (kind, actor, payload) rows, overall and per cashier."""
    tally = Tally()
    for kind, actor, payload in entries:
        tally.add(kind, actor, json.loads(payload))
    return tally.as_json()
