"""The points mall's part of the HTTP API: the catalog and offers (admin), what a terminal pulls,
claims of redemption codes (a terminal, online), each member's takes of limited items (a terminal), and
what the owner must look at: coupon double uses and per-member limits broken across terminals (admin)."""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session, sessionmaker

from ledger import api_docs as docs
from ledger import db, mall
from ledger.api_params import Number
from ledger.models import Merchant, Terminal
from ledger.shapes import SnapshotShape, with_snapshots
from ledger.snapshots import merchant_today
from sync.protocol import Catalog, ClaimAnswer, ClaimRequest, MallTakes
from terminal.clock import Clock

Merchant_ = Annotated[str, Query(min_length=1, max_length=32)]


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    merchant: Annotated[str, Field(min_length=1, max_length=32)]
    item: dict[str, Any]


class StockIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    merchant: Annotated[str, Field(min_length=1, max_length=32)]
    item: Annotated[str, Field(min_length=1, max_length=32)]
    store: Annotated[str, Field(min_length=1, max_length=64)]
    stock: Annotated[int, Field(ge=0, le=1_000_000)]


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    merchant: Annotated[str, Field(min_length=1, max_length=32)]
    id: Annotated[str, Field(min_length=1, max_length=32)]
    title: Annotated[str, Field(min_length=1, max_length=128)]
    partner: Annotated[str, Field(max_length=64)] = ""
    points: Annotated[int, Field(ge=1, le=10_000_000)]
    starts_at: str
    ends_at: str
    codes: Annotated[list[str], Field(min_length=1, max_length=mall.MAX_CODES)]


def now() -> datetime:
    return Clock.from_env().now()


def business_day(session: Session, merchant_id: str) -> date:
    return merchant_today(session.get(Merchant, merchant_id))


def add_routes(app: FastAPI, factory: sessionmaker[Session], terminal_auth: Any, admin_auth: Any) -> None:
    @app.post("/v1/mall/items", status_code=201, description=docs.MALL_ITEM, responses=docs.problems(*docs.WITH_BODY, 404))
    def put_item(body: ItemIn, _: admin_auth) -> dict[str, Any]:  # type: ignore[valid-type]
        return db.in_transaction(factory, lambda s: mall.set_item(s, body.merchant, body.item))

    @app.get("/v1/mall/items", description=docs.MALL_ITEMS, responses=docs.problems(*docs.AUTHORIZED, 404))
    def get_items(_: admin_auth, merchant: Merchant_) -> list[dict[str, Any]]:  # type: ignore[valid-type]
        return db.in_transaction(factory, lambda s: mall.list_items(s, merchant))

    @app.post("/v1/mall/stock", description=docs.MALL_STOCK, responses=docs.problems(*docs.WITH_BODY, 404))
    def put_stock(body: StockIn, _: admin_auth) -> dict[str, Any]:  # type: ignore[valid-type]
        return db.in_transaction(factory, lambda s: mall.set_stock(s, body.merchant, body.item, body.store, body.stock))

    @app.post("/v1/mall/offers", status_code=201, description=docs.MALL_OFFER,
              responses=docs.problems(*docs.WITH_BODY, 404, 409))
    def put_offer(body: OfferIn, _: admin_auth) -> dict[str, Any]:  # type: ignore[valid-type]
        return db.in_transaction(factory, lambda s: mall.add_offer(s, body.merchant, body.id, body.title, body.partner,
                                                                   body.points, body.starts_at, body.ends_at, body.codes))

    @app.get("/v1/mall/catalog", description=docs.MALL_CATALOG, responses=docs.problems(401, 403, 503))
    def catalog(terminal: terminal_auth) -> Catalog:  # type: ignore[valid-type]
        held: Terminal = terminal
        return Catalog(**db.in_transaction(factory, lambda s: mall.catalog_for(s, held, now())))

    @app.post("/v1/mall/claims", response_model=ClaimAnswer, description=docs.MALL_CLAIM,
              responses=docs.problems(*docs.WITH_BODY, 404, 409))
    def claim(body: ClaimRequest, terminal: terminal_auth,  # type: ignore[valid-type]
              snapshot: SnapshotShape = 1) -> Response:
        held: Terminal = terminal
        return with_snapshots(db.in_transaction(factory, lambda s: mall.claim(s, held, body.offer, body.member_id, now(),
                                                                              business_day(s, held.merchant_id))), snapshot)

    @app.get("/v1/mall/takes", response_model_exclude_none=True, description=docs.MALL_TAKES,
             responses=docs.problems(*docs.AUTHORIZED))
    def takes(terminal: terminal_auth,  # type: ignore[valid-type]
              cursor: Number | None = None) -> MallTakes:
        held: Terminal = terminal

        def answer(s: Session) -> MallTakes:
            today = business_day(s, held.merchant_id)
            return mall.takes_for(s, held, today) if cursor is None else mall.takes_since(s, held, today, cursor)

        return db.in_transaction(factory, answer)

    @app.get("/v1/reports/limit-breaches", description=docs.LIMIT_BREACHES,
             responses=docs.problems(*docs.AUTHORIZED, 404))
    def breaches(_: admin_auth, merchant: Merchant_) -> list[dict[str, Any]]:  # type: ignore[valid-type]
        return db.in_transaction(factory, lambda s: mall.limit_breaches(s, merchant))

    @app.get("/v1/reports/coupon-clashes", description=docs.COUPON_CLASHES,
             responses=docs.problems(*docs.AUTHORIZED, 404))
    def clashes(_: admin_auth, merchant: Merchant_) -> list[dict[str, Any]]:  # type: ignore[valid-type]
        return db.in_transaction(factory, lambda s: mall.coupon_clashes(s, merchant))

