"""What the points mall's journal entries do to the ledger: gift exchanges and coupons take points
(soonest-expiring first), a cancel gives them back, a claimed code's points were taken when the
ledger handed the code out. Stock, each member's takes of an item (for the per-member limits) and
coupon use are collected here and written by ledger.mall."""

from abc import ABC, abstractmethod
from typing import Any

from ledger.book import Book, MemberState
from ledger.checks import BadEntry, Origin, checked_day, checked_int, checked_text
from sync.protocol import MAX_FEN, WireEntry

CANCELLED = "cancel:"  # the use a cancelled coupon is marked with: "T1/cancel:T1-19" (as the terminal marks it)
MALL_KINDS = ("gift_exchange", "gift_cancel", "coupon_issue", "code_claim")


class MallApplying(ABC):
    """The mall's part of ledger.apply.Applier, which provides the book, the origin and these two."""

    book: Book
    origin: Origin
    mall_events: list[dict[str, Any]]

    @abstractmethod
    def member(self, member_id: Any, seq: int) -> MemberState: ...

    @abstractmethod
    def _ref(self, entry: WireEntry) -> tuple[str, tuple[int, int]]: ...

    def _take(self, entry: WireEntry, p: dict[str, Any]) -> tuple[MemberState, int]:
        member = self.member(p.get("member_id"), entry.seq)
        points = checked_int(p, "points", entry.seq, 1)
        ref, origin = self._ref(entry)
        self.book.expire_due(member, entry.business_date, ref)
        self.book.spend(member, points, f"redemption:{self.origin.merchant}", self.origin.merchant,
                        entry.business_date, ref, "mall", origin)
        return member, points

    def _event(self, kind: str, entry: WireEntry, **fields: Any) -> None:
        self.mall_events.append({"kind": kind, "seq": entry.seq, "day": entry.business_date, **fields})

    def _gift_exchange(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member, points = self._take(entry, p)
        item = checked_text(p, "item_id", entry.seq)
        self._event("stock", entry, item=item, move=-1)
        self._event("take", entry, item=item, member=member.id, move=1)
        return -points

    def _gift_cancel(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member = self.member(p.get("member_id"), entry.seq)
        points = checked_int(p, "points", entry.seq, 1)
        ref, origin = self._ref(entry)
        self.book.expire_due(member, entry.business_date, ref)
        self.book.grant(member, points, f"redemption:{self.origin.merchant}", self.origin.merchant,
                        str(checked_day(p, "expires_on", entry.seq)), entry.business_date, ref, "mall_back", origin)
        item = checked_text(p, "item_id", entry.seq)
        self._event("stock", entry, item=item, move=1)
        self._event("take", entry, item=item, member=member.id, move=-1)  # a cancel is the same day as its exchange
        if p.get("coupon_id") is not None:  # an unused coupon taken back: used by its cancel, so a use elsewhere clashes
            self._event("coupon_use", entry, coupon=checked_text(p, "coupon_id", entry.seq), member=member.id, discount=0,
                        sale=CANCELLED + str(checked_text(p, "cancel_id", entry.seq)))
        return points

    def _coupon_issue(self, entry: WireEntry, p: dict[str, Any]) -> int:
        member, points = self._take(entry, p)
        item = checked_text(p, "item_id", entry.seq)
        self._event("stock", entry, item=item, move=-1)
        self._event("take", entry, item=item, member=member.id, move=1)
        self._event("coupon_issue", entry, coupon=checked_text(p, "coupon_id", entry.seq), member=member.id,
                    value=checked_int(p, "value_fen", entry.seq, 1, MAX_FEN), expires_on=checked_day(p, "expires_on", entry.seq))
        return -points

    def _code_claim(self, entry: WireEntry, p: dict[str, Any]) -> int:
        """The points left the member's account when the ledger handed out the code; checked when written."""
        member = self.member(p.get("member_id"), entry.seq)
        points = checked_int(p, "points", entry.seq, 1)
        self._event("claim", entry, claim=checked_text(p, "claim_id", entry.seq), member=member.id, points=points)
        return -points

    def note_coupon_use(self, entry: WireEntry, p: dict[str, Any]) -> None:

        coupon = p.get("coupon")
        if not isinstance(coupon, dict):
            raise BadEntry(entry.seq, "'coupon' must be an object")
        self._event("coupon_use", entry, coupon=checked_text(coupon, "id", entry.seq), member=p.get("member_id"),
                    discount=checked_int(coupon, "discount_fen", entry.seq, 0, MAX_FEN), sale=str(p.get("sale_id")))
