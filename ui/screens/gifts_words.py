"""What the gifts screen says: the question before taking points, what happened after, and for a
refusal the core's reason (already in the app's language) with what the cashier can do next."""

from typing import Any

from terminal.errors import Refused
from terminal.services.mall import ExchangeResult
from ui.qt import core
from ui.screens.checkout_sale import CheckoutMember
from ui.screens.gifts_list import item_name
from ui.widgets.money import points, yuan
from ui.widgets.sentences import sentences


class GiftWords(core.QObject):
    def question(self, item: dict[str, Any], member: CheckoutMember) -> str:
        price = self.tr("%1 points", "", item["points"]).replace("%1", points(item["points"]))
        if item["kind"] == "coupon":
            words = self.tr("Give member %1 the coupon “%2” for %3?")
        else:
            words = self.tr("Give member %1 the gift “%2” for %3?")
        words = words.replace("%1", member.masked_phone).replace("%2", item_name(item)).replace("%3", price)
        if item["topup_fen"]:
            return sentences(words, self.tr("Take %1 on top: Enter in cash, F10 by card; Esc to go back.")
                             .replace("%1", yuan(item["topup_fen"])))
        return sentences(words, self.tr("Enter to confirm, Esc to go back."))

    def exchanged(self, result: ExchangeResult, name: str) -> str:
        words = self.tr("Exchange %1: %2 for %3 points.", "", result.points).replace("%1", result.exchange_id) \
            .replace("%2", name).replace("%3", points(result.points))
        taken = ""
        if result.topup_fen:
            method = self.tr("card") if result.pay_method == "card" else self.tr("cash")
            taken = self.tr("Take %1 (%2).").replace("%1", yuan(result.topup_fen)).replace("%2", method)
        balance = int(result.member["balance"])
        return sentences(words, taken, self.tr("Balance now %1 points.", "", balance).replace("%1", points(balance)))

    def coupon_issued(self, data: dict[str, Any]) -> str:
        balance = int(data["member"]["balance"])
        return self.tr("Coupon %1 issued: %2 off a spend of %3 or more, until %4. Balance now %5 points.", "", balance) \
            .replace("%1", data["coupon_id"]).replace("%2", yuan(data["value_fen"])) \
            .replace("%3", yuan(data["min_spend_fen"])).replace("%4", data["expires_on"]) \
            .replace("%5", points(balance))

    def cancelled(self, data: dict[str, Any]) -> str:
        words = self.tr("Exchange %1 cancelled: %2 points back to the member, the gift back in stock.", "",
                        data["restored_points"]).replace("%1", data["exchange_id"]) \
            .replace("%2", points(data["restored_points"]))
        back = self.tr("Give back the top-up of %1.").replace("%1", yuan(data["topup_fen"])) if data["topup_fen"] else ""
        balance = int(data["member"]["balance"])
        return sentences(words, back, self.tr("Balance now %1 points.", "", balance).replace("%1", points(balance)))

    def claimed(self, data: dict[str, Any]) -> str:
        balance = int(data["member"]["balance"])  # type: ignore[index]
        return self.tr("Code for %1: %2 (%3 points). Write it down for the member or let them photograph it. "
                       "Balance now %4 points.", "", balance) \
            .replace("%1", str(data["offer"])).replace("%2", str(data["code"])) \
            .replace("%3", points(int(data["points"]))).replace("%4", points(balance))

    def not_taken(self, problem: Refused) -> str:
        """A refused exchange, coupon or claim: nothing was taken, why, and what to do."""
        hint = {
            "insufficient_points": self.tr("Choose something with fewer points."),
            "out_of_stock": self.tr("Choose another gift; the manager adds stock."),
            "not_on_sale": self.tr("Choose another gift."),
            "over_limit": self.tr("The member has taken as many as allowed; choose another gift."),
            "tier_not_allowed": self.tr("Choose a gift for this member's tier."),
            "member_in_debt": self.tr("The member must clear what they owe first."),
            "over_offline_cap": self.tr("Try again when the terminal is online, or choose something with fewer points."),
            "offline": self.tr("Try again when the terminal is online."),
            "already_claimed": self.tr("Each member may claim one code of an offer."),
            "not_found": self.tr("Check the name or number and try again."),
        }.get(problem.code, "")
        return sentences(self.tr("Nothing was taken: %1.").replace("%1", problem.message), hint)

    def not_cancelled(self, problem: Refused) -> str:
        hint = {
            "not_found": self.tr("Check the exchange number on the receipt."),
            "too_late": self.tr("Only today's exchanges can be cancelled."),
            "already_cancelled": self.tr("Nothing more to do."),
        }.get(problem.code, "")
        return sentences(self.tr("Not cancelled: %1.").replace("%1", problem.message), hint)
