"""The points mall in the owner's figures: the gifts exchanged most in a period and the stock that is
running low now. Read from this terminal's store (the exchanges made here, this store's stock);
the period's counts and points are the day report's fields (terminal.totals)."""

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from terminal.models import GiftExchange, JournalEntry, MallItem
from terminal.uow import UnitOfWork

TOP_GIFTS = 5
LOW_STOCK = 5  # an item with this many or fewer left is running low


@dataclass(frozen=True)
class GiftCount:
    item_id: str
    name_zh: str
    name_en: str
    exchanges: int  # not counting those cancelled
    points: int


@dataclass(frozen=True)
class LowStock:
    item_id: str
    kind: str  # gift, coupon
    name_zh: str
    name_en: str
    stock: int


@dataclass(frozen=True)
class MallReport:
    start: date
    end: date
    top_gifts: list[GiftCount]
    low_stock: list[LowStock]
    catalog_items: int  # how many items the catalog holds (0: this shop has no points mall)


def top_gifts(session: Session, start: date, end: date, limit: int = TOP_GIFTS) -> list[GiftCount]:
    """The gifts exchanged most often from ``start`` to ``end`` (cancelled ones left out), most first;
    a gift since taken out of the catalog keeps the name it had when it was exchanged."""
    rows = session.execute(
        select(GiftExchange.item_id, func.count(), func.sum(GiftExchange.points), func.max(GiftExchange.seq))
        .where(GiftExchange.business_date >= start, GiftExchange.business_date <= end,
               GiftExchange.cancelled_seq.is_(None))
        .group_by(GiftExchange.item_id)
        .order_by(func.count().desc(), func.sum(GiftExchange.points).desc(), GiftExchange.item_id)
        .limit(limit)).all()
    out = []
    for item_id, count, points, last_seq in rows:
        item = session.get(MallItem, item_id)
        if item is not None:
            name_zh, name_en = item.name_zh, item.name_en
        else:
            entry = session.get(JournalEntry, last_seq)
            payload = json.loads(entry.payload) if entry is not None else {}
            name_zh, name_en = payload.get("name_zh", item_id), payload.get("name_en", item_id)
        out.append(GiftCount(item_id, name_zh, name_en, int(count), int(points or 0)))
    return out


def low_stock(session: Session, threshold: int = LOW_STOCK) -> list[LowStock]:
    """Items on sale with a counted stock of ``threshold`` or fewer, the emptiest first."""
    rows = session.scalars(select(MallItem).where(MallItem.on_sale.is_(True), MallItem.stock.is_not(None),
                                                  MallItem.stock <= threshold)
                           .order_by(MallItem.stock, MallItem.id))
    return [LowStock(row.id, row.kind, row.name_zh, row.name_en, int(row.stock or 0)) for row in rows]


def mall_report(uow: UnitOfWork, start: date, end: date, top: int = TOP_GIFTS, threshold: int = LOW_STOCK) -> MallReport:
    with uow:
        session = uow.session
        items = int(session.scalar(select(func.count()).select_from(MallItem)) or 0)
        return MallReport(start, end, top_gifts(session, start, end, top), low_stock(session, threshold), items)
