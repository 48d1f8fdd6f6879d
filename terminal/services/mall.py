"""The gift catalog and exchanging points for gifts: the checks every taking of points from the
mall goes through (window, stock, limits, tier, balance), the exchange, and its same-day cancel."""

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from terminal import lots
from terminal.errors import Refused
from terminal.journal import Who, next_seq
from terminal.lots import MemberLots
from terminal.mall.catalog import ItemSpec, check_item, check_tiers, item_from_dict
from terminal.models import (
    Coupon,
    GiftExchange,
    JournalEntry,
    LedgerLink,
    LedgerTake,
    MallItem,
    Member,
)
from terminal.money import format_fen
from terminal.rules import Tier
from terminal.services.cashiers import Actor, approval
from terminal.services.common import PAY_METHODS, local_id, queue_receipt, record
from terminal.services.expiry import live_lots_after_expiry
from terminal.services.staff import check_active
from terminal.services.members import (
    find_member,
    member_stats,
    offline_room,
    refuse_if_in_debt,
)
from terminal.shop import Shop
from terminal.uow import UnitOfWork

log = logging.getLogger("jifen.mall")

_FIELDS = tuple(ItemSpec.__dataclass_fields__)


def spec_of(row: MallItem) -> ItemSpec:
    return ItemSpec(**{name: getattr(row, name) for name in _FIELDS if name != "tiers"},
                    tiers=tuple(t for t in row.tiers.split(",") if t))


def _row_values(spec: ItemSpec) -> dict[str, Any]:
    values = {name: getattr(spec, name) for name in _FIELDS}
    values["tiers"] = ",".join(spec.tiers)
    return values


def item_json(row: MallItem) -> dict[str, Any]:
    return spec_of(row).as_dict() | {"stock": row.stock, "source": row.source}


def find_item(session: Session, item_id: str, kind: str | None = None) -> MallItem:
    row = session.get(MallItem, item_id.strip())
    if row is not None and kind is not None and row.kind != kind:  # the right item, the wrong command
        if row.kind == "coupon":
            raise Refused("bad_input", f"{row.id} is a coupon: use jifen coupon issue {row.id}",
                          f"{row.id} 是优惠券：请用 jifen coupon issue {row.id}")
        raise Refused("bad_input", f"{row.id} is a gift: use jifen gift exchange {row.id}",
                      f"{row.id} 是礼品：请用 jifen gift exchange {row.id}")
    if row is None:
        what_en, what_zh = {"gift": ("gift", "礼品"), "coupon": ("coupon", "优惠券")}.get(kind or "", ("item", "商品"))
        raise Refused("not_found", f"no {what_en} '{item_id}' in the catalog", f"商品目录中没有{what_zh}“{item_id}”")
    return row


def _check_coupon_value(spec: ItemSpec) -> None:
    """A coupon with a minimum spend is worth at most that minimum. Without one, a sale takes off at most its own
    total (coupons.take_coupon): no sale costs less than nothing."""
    if spec.kind == "coupon" and spec.min_spend_fen and spec.value_fen > spec.min_spend_fen:
        value = format_fen(spec.value_fen)
        raise Refused("bad_input", f"a {value} coupon needs a minimum spend of at least {value}",
                      f"{value} 的优惠券，最低消费（--min-spend）至少为 {value}")


# --- the catalog ---------------------------------------------------------------------------------


def _local_only(session: Session) -> None:
    if session.get(LedgerLink, 1) is not None:
        raise Refused("forbidden", "this terminal answers to a central ledger: the catalog is managed there "
                      "(jifen-ledger mall …) and arrives with sync", "本终端已连接总账：商品目录在总账中管理（jifen-ledger mall …），同步时下发")


def _check_stock(stock: int | None) -> None:
    if stock is not None and (type(stock) is not int or not 0 <= stock <= 1_000_000):
        raise Refused("bad_input", "stock is a whole number from 0 to 1,000,000", "库存应为 0 到 1,000,000 之间的整数")


def add_item(uow: UnitOfWork, shop: Shop, cashier: Actor, spec: ItemSpec, stock: int | None,
             approver: Actor | None = None) -> dict[str, Any]:
    """A shop without a ledger keeps its own catalog (manager or owner)."""
    who = approval(cashier, approver, "changing the gift catalog", "修改礼品目录")
    check_tiers(check_item(spec), (tier.name for tier in shop.rules.tiers))
    _check_coupon_value(spec)
    _check_stock(stock)
    with uow:
        session = uow.session
        check_active(session, cashier, "change the gift catalog", "修改礼品目录", approver)
        _local_only(session)
        if session.get(MallItem, spec.id) is not None:
            raise Refused("already_exists", f"item '{spec.id}' is already in the catalog", f"商品目录中已有“{spec.id}”")
        row = MallItem(**_row_values(spec), stock=stock, source="local")
        session.add(row)
        record(session, shop, "mall_item", who, {"action": "add", "item": spec.as_dict(), "stock": stock})
        session.flush()
        data = item_json(row)
        uow.commit()
    return data


def edit_item(uow: UnitOfWork, shop: Shop, cashier: Actor, item_id: str, changes: dict[str, Any],
              stock: int | None = None, approver: Actor | None = None) -> dict[str, Any]:
    """Change some fields of a local item; ``changes`` maps ItemSpec fields to new values."""
    who = approval(cashier, approver, "changing the gift catalog", "修改礼品目录")
    _check_stock(stock)
    with uow:
        session = uow.session
        check_active(session, cashier, "change the gift catalog", "修改礼品目录", approver)
        _local_only(session)
        row = find_item(session, item_id)
        stored = spec_of(row)
        spec = check_item(replace(stored, **changes), stored)
        check_tiers(spec, (tier.name for tier in shop.rules.tiers))
        if (spec.value_fen, spec.min_spend_fen) != (stored.value_fen, stored.min_spend_fen):
            _check_coupon_value(spec)  # one made before the check can still be restocked or taken off sale
        for name, value in _row_values(spec).items():
            setattr(row, name, value)
        if stock is not None:
            row.stock = stock
        record(session, shop, "mall_item", who, {"action": "edit", "item": spec.as_dict(), "stock": row.stock})
        session.flush()
        data = item_json(row)
        uow.commit()
    return data


def list_items(uow: UnitOfWork, shop: Shop, kind: str | None = None, everything: bool = False) -> list[dict[str, Any]]:
    """Items on sale today (or every item), with what is left of their stock."""
    today = shop.today()
    with uow:
        query = select(MallItem).order_by(MallItem.kind, MallItem.points, MallItem.id)
        if kind:
            query = query.where(MallItem.kind == kind)
        rows = list(uow.session.scalars(query))
        return [item_json(row) | {"available": _open(row, today)} for row in rows if everything or _open(row, today)]


def _open(row: MallItem, today: date) -> bool:
    return row.on_sale and spec_of(row).window_open(today) and (row.stock is None or row.stock > 0)


COUPON_CANCELLED = "cancel:"  # a cancelled coupon's used_sale: "cancel:T1-19" (services.coupons.cancel_coupon)

_STOCK_MOVES = {"gift_exchange": -1, "coupon_issue": -1, "gift_cancel": 1}


def _unacknowledged_takes(session: Session, after_seq: int, on: date | None = None) -> Iterator[tuple[dict[str, Any], int]]:
    """This terminal's entries after ``after_seq`` (of the day ``on``) that take from the mall or give back,
    as (payload, stock move): an exchange or a coupon issue takes one, a cancel gives it back."""
    query = select(JournalEntry.kind, JournalEntry.payload).where(JournalEntry.seq > after_seq,
                                                                 JournalEntry.kind.in_(tuple(_STOCK_MOVES)))
    if on is not None:
        query = query.where(JournalEntry.business_date == on.isoformat())
    for kind, payload in session.execute(query):
        yield json.loads(payload), _STOCK_MOVES[kind]


def pending_stock_moves(session: Session, after_seq: int) -> dict[str, int]:
    """Stock taken (−) and put back (+) by entries the ledger has not acknowledged yet, per item."""
    moves: dict[str, int] = {}
    for payload, move in _unacknowledged_takes(session, after_seq):
        item = payload["item_id"]
        moves[item] = moves.get(item, 0) + move
    return moves


def own_items_missing(session: Session, ledger_items: set[str]) -> list[str]:
    """The items this shop added itself that are not in ``ledger_items``: adopting the ledger's catalog drops them."""
    return list(session.scalars(select(MallItem.id).where(MallItem.source == "local", MallItem.id.not_in(ledger_items))
                                .order_by(MallItem.id)))


def _checked(item: dict[str, Any]) -> ItemSpec | None:
    """An item of the ledger's catalog, or None when it breaks the rules (one stored by an older ledger, which
    checked less): it is left out and logged, and the rest of the catalog and the sync go on."""
    try:
        return item_from_dict(item)
    except Refused as problem:
        name = item.get("id") if isinstance(item, dict) else None
        log.warning("the ledger's catalog item %r is left out: %s", name, problem.en)
        return None


def adopt_catalog(session: Session, shop: Shop, items: list[dict[str, Any]], stock: dict[str, int | None]) -> bool:
    """The ledger's catalog replaces the one held here; this store's stock as the ledger counts it, less
    what this terminal has taken since its last acknowledged entry. Recorded when anything changed."""
    link = session.get(LedgerLink, 1)
    moves = pending_stock_moves(session, link.acked_seq if link else 0)
    wanted = {spec.id: spec for spec in (_checked(item) for item in items) if spec is not None}
    held = {row.id: row for row in session.scalars(select(MallItem))}
    changed = False
    for item_id, row in held.items():
        if item_id not in wanted:
            session.delete(row)
            changed = True
    for item_id, spec in wanted.items():
        base = stock.get(item_id)
        left = None if base is None else max(0, base + moves.get(item_id, 0))
        values = _row_values(spec) | {"stock": left, "source": "ledger"}
        kept = held.get(item_id)
        if kept is None:
            session.add(MallItem(**values))
            changed = True
        elif any(getattr(kept, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(kept, name, value)
            changed = True
    if changed:
        record(session, shop, "mall_catalog", Who(None),
               {"items": [spec.as_dict() for spec in wanted.values()], "stock": stock})
        session.flush()
    return changed


# --- taking points from the mall -----------------------------------------------------------------


@dataclass(frozen=True)
class Taker:
    """A member about to take something from the mall, with what the checks found."""

    member: Member
    held: MemberLots
    tier: Tier
    balance: int


def adopt_takes(session: Session, day: date, takes: list[tuple[str, str, int, int]], every: bool) -> None:
    """The ledger's counts of (member, item, in all, on ``day``): all of them (``every``: those held here
    go), or those that changed since the last pull."""
    if every:
        session.execute(delete(LedgerTake))
    if takes:
        upsert = sqlite_insert(LedgerTake)
        session.execute(upsert.on_conflict_do_update(index_elements=["member_id", "item_id"], set_={
            "total": upsert.excluded.total, "day": upsert.excluded.day, "on_day": upsert.excluded.on_day}),
            [{"member_id": member, "item_id": item, "total": total, "day": day, "on_day": on_day}
             for member, item, total, on_day in takes])


def _pending_takes(session: Session, after_seq: int, member_id: str, item_id: str, today: date | None) -> int:
    """This terminal's takes of the item by the member that the ledger has not acknowledged yet (a cancel −1)."""
    return -sum(move for payload, move in _unacknowledged_takes(session, after_seq, today)
                if payload.get("member_id") == member_id and payload.get("item_id") == item_id)


def _taken_count(session: Session, row: MallItem, member_id: str, today: date | None) -> int:
    """How often the member took the item (in all, or on ``today``). Linked to a ledger: what the ledger
    counted over every terminal at the last sync, plus what this terminal did since; never less than
    what this terminal has seen itself (a ledger that does not send its counts leaves that)."""
    here = _taken_here(session, row, member_id, today)
    link = session.get(LedgerLink, 1)
    if link is None:
        return here
    held = session.get(LedgerTake, (member_id, row.id))
    ledger = 0 if held is None else held.total if today is None else held.on_day if held.day == today else 0
    return max(here, ledger + _pending_takes(session, link.acked_seq, member_id, row.id, today))


def _taken_here(session: Session, row: MallItem, member_id: str, today: date | None) -> int:
    if row.kind == "gift":
        query = select(func.count()).select_from(GiftExchange).where(
            GiftExchange.member_id == member_id, GiftExchange.item_id == row.id, GiftExchange.cancelled_seq.is_(None))
        if today is not None:
            query = query.where(GiftExchange.business_date == today)
    else:
        query = select(func.count()).select_from(Coupon).where(
            Coupon.member_id == member_id, Coupon.item_id == row.id, Coupon.issued_seq.is_not(None),
            or_(Coupon.used_sale.is_(None), Coupon.used_sale.not_like(COUPON_CANCELLED + "%")))
        if today is not None:
            query = query.where(Coupon.issued_on == today)
    return int(session.scalar(query) or 0)


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def check_taking(session: Session, shop: Shop, row: MallItem, member_ref: str) -> Taker:
    """Everything that must hold before a member takes ``row`` for its points; a refusal says what does not."""
    today, rules = shop.today(), shop.rules
    name = f"{row.name_en} ({row.id})"
    name_zh = f"{row.name_zh}（{row.id}）"
    if not row.on_sale:
        raise Refused("not_on_sale", f"{name} is not on sale", f"{name_zh}未上架")
    spec = spec_of(row)
    if not spec.window_open(today):
        when = f"{row.starts_on or '…'} to {row.ends_on or '…'}"
        raise Refused("not_on_sale", f"{name} can be exchanged from {when} only", f"{name_zh}仅限 {when} 兑换")
    if row.stock is not None and row.stock <= 0:
        raise Refused("out_of_stock", f"{name} is out of stock at this store", f"{name_zh}本店已无库存")
    member = find_member(session, member_ref, shop)
    stats = member_stats(session, member, today)
    tier = rules.tier_for(stats.growth_fen)
    if spec.tiers and tier.name not in spec.tiers:
        raise Refused("tier_not_allowed", f"{name} is for {', '.join(spec.tiers)} members; this member is {tier.name}",
                      f"{name_zh}仅限 {'、'.join(spec.tiers)} 会员兑换；该会员为{tier.label}")
    if row.per_member is not None and _taken_count(session, row, member.id, None) >= row.per_member:
        raise Refused("over_limit", f"{name} can be taken {_times(row.per_member)} per member, and this member has "
                      "taken it that often already", f"每位会员最多兑换{name_zh} {row.per_member} 次，该会员已达上限")
    if row.per_day is not None and _taken_count(session, row, member.id, today) >= row.per_day:
        raise Refused("over_limit", f"{name} can be taken {_times(row.per_day)} a day per member, and this member has "
                      "taken it that often today", f"每位会员每天最多兑换{name_zh} {row.per_day} 次，该会员今天已达上限")
    refuse_if_in_debt(member)
    held = live_lots_after_expiry(session, shop, member.id)
    if row.points > held.held:
        raise Refused("insufficient_points", f"{name} takes {row.points:,} points; the member has {held.held:,}",
                      f"{name_zh}需要 {row.points:,} 积分，会员仅有 {held.held:,} 积分")
    room = offline_room(session, shop, member.id)
    if room is not None and row.points > room:
        raise Refused("over_offline_cap", f"offline, this member can spend {room:,} more points here today",
                      f"离线状态下，该会员今天在本机还可使用 {room:,} 积分")
    return Taker(member, held, tier, held.held - member.debt_points)


@dataclass(frozen=True)
class ExchangeResult:
    exchange_id: str
    seq: int
    item: dict[str, Any]
    points: int
    topup_fen: int
    pay_method: str
    stock_left: int | None
    member: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"exchange_id": self.exchange_id, "seq": self.seq, "item": self.item, "points": self.points,
                "topup_fen": self.topup_fen, "pay_method": self.pay_method, "stock_left": self.stock_left,
                "member": self.member}


def exchange_gift(uow: UnitOfWork, shop: Shop, cashier: Actor, item_id: str, member_ref: str,
                  pay_method: str = "cash") -> ExchangeResult:
    """Points for a gift: the soonest-expiring points go first, one leaves the stock, the receipt is queued."""
    if pay_method not in PAY_METHODS:
        raise Refused("bad_input", "pay the top-up with cash or card", "加价部分请用 cash（现金）或 card（刷卡）支付")
    with uow:
        session = uow.session
        check_active(session, cashier, "exchange gifts", "兑换礼品")
        row = find_item(session, item_id, "gift")
        taker = check_taking(session, shop, row, member_ref)
        exchange_id = f"{shop.terminal_id}-{next_seq(session)}"
        stock_left = None if row.stock is None else row.stock - 1
        payload = {"exchange_id": exchange_id, "member_id": taker.member.id, "item_id": row.id, "name_zh": row.name_zh,
                   "name_en": row.name_en, "points": row.points, "topup_fen": row.topup_fen,
                   "pay_method": pay_method, "tier": taker.tier.name, "stock_after": stock_left}
        entry = record(session, shop, "gift_exchange", Who(cashier.name), payload, points_delta=-row.points)
        spent_until = lots.latest_of(lots.spend(session, taker.held.live, row.points))
        row.stock = stock_left
        balance = taker.balance - row.points
        session.add(GiftExchange(id=exchange_id, seq=entry.seq, item_id=row.id, member_id=taker.member.id,
                                 business_date=shop.today(), points=row.points, topup_fen=row.topup_fen,
                                 spent_expires_on=spent_until, cancelled_seq=None, balance_after=balance,
                                 cancel_balance_after=None))
        queue_receipt(session, shop, "gift", exchange_id)
        result = ExchangeResult(exchange_id, entry.seq, {"id": row.id, "name_zh": row.name_zh, "name_en": row.name_en},
                                row.points, row.topup_fen, pay_method, stock_left, {"id": taker.member.id, "balance": balance})
        uow.commit()
    return result


def _paid_by(session: Session, exchange: GiftExchange) -> str:
    """How the exchange's top-up was paid (its journal entry says): the cancel gives it back that way."""
    entry = session.get(JournalEntry, exchange.seq)
    return str(json.loads(entry.payload).get("pay_method") or "cash") if entry is not None else "cash"


@dataclass(frozen=True)
class GivenBack:
    cancel_id: str
    seq: int
    stock_after: int | None


def give_back(session: Session, shop: Shop, who: Who, member: Member, taken: tuple[str, str], item_id: str | None,
              points: int, topup: tuple[int, str], spent_expires_on: date | None) -> GivenBack:
    """A gift exchange or coupon (``taken``: its key and id) taken back: its points come back as a lot with the
    expiry they were spent from while that lasts (else a fresh one, never a year more than they had), its item
    goes back in stock, a gift_cancel says so in the journal and its slip is queued."""
    today = shop.today()
    live_lots_after_expiry(session, shop, member.id)
    expires_on = spent_expires_on if spent_expires_on and spent_expires_on >= today else shop.rules.expires_on(today)
    row = session.get(MallItem, item_id) if item_id else None
    stock_after = None if row is None or row.stock is None else row.stock + 1
    cancel_id = f"{shop.terminal_id}-{next_seq(session)}"
    entry = record(session, shop, "gift_cancel", who,
                   {"cancel_id": cancel_id, taken[0]: taken[1], "member_id": member.id, "item_id": item_id,
                    "points": points, "topup_fen": topup[0], "pay_method": topup[1],
                    "expires_on": expires_on.isoformat(), "stock_after": stock_after},
                   points_delta=points)
    lots.grant(session, member, points, today, expires_on, entry.seq)
    if row is not None and row.stock is not None:
        row.stock = stock_after
    queue_receipt(session, shop, "gift_cancel", cancel_id)
    return GivenBack(cancel_id, entry.seq, stock_after)


def cancel_exchange(uow: UnitOfWork, shop: Shop, cashier: Actor, exchange_ref: str,
                    approver: Actor | None = None) -> dict[str, Any]:
    """Same day only, with a manager's approval: the points come back as a lot and the gift goes back in stock."""
    who = approval(cashier, approver, "cancelling a gift exchange", "取消礼品兑换")
    text = exchange_ref.strip()
    exchange_id = local_id(shop, text)
    with uow:
        session = uow.session
        check_active(session, cashier, "cancel gift exchanges", "取消礼品兑换", approver)
        exchange = session.get(GiftExchange, exchange_id)
        if exchange is None:
            raise Refused("not_found", f"no gift exchange '{exchange_ref}' at this terminal", f"本机没有礼品兑换单“{exchange_ref}”")
        if exchange.cancelled_seq is not None:
            raise Refused("already_cancelled", f"exchange {exchange_id} was cancelled already", f"兑换单 {exchange_id} 已取消")
        today = shop.today()
        if exchange.business_date != today:
            raise Refused("too_late", f"exchange {exchange_id} was on {exchange.business_date}; only today's can be cancelled",
                          f"兑换单 {exchange_id} 发生于 {exchange.business_date}；只能取消当天的兑换")
        member = session.get(Member, exchange.member_id)
        assert member is not None
        pay_method = _paid_by(session, exchange)
        back = give_back(session, shop, who, member, ("exchange_id", exchange.id), exchange.item_id, exchange.points,
                         (exchange.topup_fen, pay_method), exchange.spent_expires_on)
        cancel_id, stock_after = back.cancel_id, back.stock_after
        exchange.cancelled_seq = back.seq
        exchange.cancel_balance_after = balance = lots.member_lots(session, member.id, today).held - member.debt_points
        session.flush()
        data = {"cancel_id": cancel_id, "exchange_id": exchange.id, "restored_points": exchange.points,
                "topup_fen": exchange.topup_fen, "pay_method": pay_method, "stock_left": stock_after, "member": {"id": member.id, "balance": balance}}
        uow.commit()
    return data
