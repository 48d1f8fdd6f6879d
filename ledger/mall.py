"""The points mall in the ledger: the merchant's catalog and stock, partner offers whose codes members
claim (never oversold: one conditional UPDATE takes a code from the count, under that row's lock),
coupons and the double uses found when terminals sync, each member's takes of an item across terminals
(what terminals pull to check the per-member limits, and the breaches of those limits the owner must
see), and the mall's report figures."""

import json
import secrets
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ledger.book import Book
from ledger.checks import BadEntry, Origin
from ledger.models import (
    CouponClash,
    MallCoupon,
    MallItem,
    MallStock,
    MallTake,
    Entry,
    Member,
    Merchant,
    Offer,
    OfferClaim,
    OfferCode,
    Terminal,
)
from ledger.persist import load_members
from ledger.service import LedgerRefusal, store_known
from ledger.snapshots import PULL_LIMIT, from_start_if_ahead, publish, rules_of, snapshots
from sync.protocol import (
    ClaimAnswer,
    MallTaken,
    MallTakes,
    Refused,
    check_tiers,
    item_from_dict,
)
from terminal.clock import parse_instant
from terminal.lang import say

MAX_CODES = 100_000


def _merchant(session: Session, merchant_id: str) -> Merchant:
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise LedgerRefusal("not_found", f"no merchant {merchant_id}", 404)
    return merchant


def set_item(session: Session, merchant_id: str, item: dict[str, Any]) -> dict[str, Any]:
    """Add or replace a catalog item (the dictionary terminals pull; checked as they check it)."""
    merchant = _merchant(session, merchant_id)
    try:
        spec = item_from_dict(item)
        check_tiers(spec, (tier.name for tier in rules_of(merchant).tiers))
    except Refused as bad:
        raise LedgerRefusal("bad_input", bad.en) from None
    body = json.dumps(spec.as_dict(), sort_keys=True, ensure_ascii=False)
    row = session.get(MallItem, (merchant_id, spec.id))
    if row is None:
        session.add(MallItem(merchant_id=merchant_id, id=spec.id, kind=spec.kind, body=body))
    else:
        row.kind, row.body = spec.kind, body
    session.flush()
    return spec.as_dict()


def set_stock(session: Session, merchant_id: str, item_id: str, store: str, quantity: int) -> dict[str, Any]:
    if session.get(MallItem, (merchant_id, item_id)) is None:
        raise LedgerRefusal("not_found", f"no item {item_id} in the catalog of {merchant_id}", 404)
    if not 0 <= quantity <= 1_000_000 or not store.strip():
        raise LedgerRefusal("bad_input", "stock is 0 to 1,000,000 for a named store")
    row = session.get(MallStock, (merchant_id, item_id, store))
    if row is None:
        session.add(MallStock(merchant_id=merchant_id, item_id=item_id, store=store, quantity=quantity))
    else:
        row.quantity = quantity
    session.flush()
    return {"item": item_id, "store": store, "stock": quantity, "store_known": store_known(session, merchant_id, store)}


_TAKES = ("gift_exchange", "coupon_issue", "gift_cancel")


def _latest_takes(session: Session, merchant_id: str, item_id: str, store: str, count: int) -> list[dict[str, Any]]:
    """The store's last ``count`` exchanges (or coupons) of the item not cancelled, oldest first, with where they
    were made: those that took what the store did not have."""
    rows = session.execute(select(Entry.kind, Entry.payload, Entry.seq, Entry.at, Terminal.terminal_id)
                           .join(Terminal, Terminal.pk == Entry.terminal_pk)
                           .where(Entry.merchant_id == merchant_id, Entry.store == store, Entry.kind.in_(_TAKES),
                                  Entry.payload.contains(json.dumps(item_id)))
                           .order_by(Entry.at.desc(), Entry.seq.desc(), Terminal.terminal_id.desc())).all()
    cancelled: set[str] = set()
    found: list[dict[str, Any]] = []
    for kind, payload, seq, at, terminal in rows:
        p = json.loads(payload)
        if p.get("item_id") != item_id:
            continue
        if kind == "gift_cancel":
            cancelled.add(str(p.get("coupon_id") or p.get("exchange_id")))
            continue
        taken = str(p.get("exchange_id") or p.get("coupon_id") or f"{terminal}-{seq}")
        if taken not in cancelled:
            found.append({"id": taken, "terminal": terminal, "seq": seq, "at": at})
        if len(found) == count:
            break
    return found[::-1]


def oversold(session: Session, merchant_id: str | None = None) -> list[dict[str, Any]]:
    """Items a store has given more of than it had (stock below 0): its tills each took the last ones before they
    synced. Each with the exchanges that took them (the store's latest, one more than it is short)."""
    query = select(MallStock).where(MallStock.quantity < 0)
    if merchant_id is not None:
        query = query.where(MallStock.merchant_id == merchant_id)
    out: list[dict[str, Any]] = []
    for row in session.scalars(query.order_by(MallStock.merchant_id, MallStock.item_id, MallStock.store)):
        item = session.get(MallItem, (row.merchant_id, row.item_id))
        names = json.loads(item.body) if item is not None else {}
        out.append({"merchant": row.merchant_id, "item_id": row.item_id, "name_zh": names.get("name_zh", row.item_id),
                    "name_en": names.get("name_en", row.item_id), "store": row.store, "stock": row.quantity,
                    "over": -row.quantity,
                    "takes": _latest_takes(session, row.merchant_id, row.item_id, row.store, 1 - row.quantity)})
    return out


def oversold_line(row: dict[str, Any]) -> str:
    """``静安店 -1: oversold by 1 — the exchanges that took it: T1-12, T2-9``"""
    takes = ", ".join(take["id"] for take in row["takes"])
    return say(f"{row['store']} {row['stock']:,}: oversold by {row['over']:,} — the exchanges that took it: {takes}",
               f"{row['store']} {row['stock']:,}：超兑 {row['over']:,} 件——兑换单：{takes}")


def list_items(session: Session, merchant_id: str) -> list[dict[str, Any]]:
    _merchant(session, merchant_id)
    stock: dict[str, dict[str, int]] = {}
    for item_id, store, quantity in session.execute(select(MallStock.item_id, MallStock.store, MallStock.quantity)
                                                    .where(MallStock.merchant_id == merchant_id)):
        stock.setdefault(item_id, {})[store] = quantity
    rows = session.scalars(select(MallItem).where(MallItem.merchant_id == merchant_id).order_by(MallItem.id))
    short: dict[str, list[dict[str, Any]]] = {}
    for row in oversold(session, merchant_id):
        short.setdefault(row["item_id"], []).append(row | {"said": oversold_line(row)})
    return [json.loads(row.body) | {"stock": stock.get(row.id, {}), "oversold": short.get(row.id, [])} for row in rows]


def catalog_for(session: Session, terminal: Terminal, now: datetime) -> dict[str, Any]:
    """What a terminal pulls: the items, its store's stock, and the offers open now or later."""
    merchant = terminal.merchant_id
    items = [json.loads(body) for body in session.scalars(
        select(MallItem.body).where(MallItem.merchant_id == merchant).order_by(MallItem.id))]
    stock = {item: quantity for item, quantity in session.execute(
        select(MallStock.item_id, MallStock.quantity).where(MallStock.merchant_id == merchant,
                                                            MallStock.store == terminal.store))}
    offers = [{"id": o.id, "title": o.title, "partner": o.partner, "points": o.points, "starts_at": o.starts_at,
               "ends_at": o.ends_at, "remaining": o.remaining, "total": o.total}
              for o in session.scalars(select(Offer).where(Offer.merchant_id == merchant,
                                                           Offer.ends_at >= _instant(now)).order_by(Offer.id))]
    return {"items": items, "stock": stock, "offers": offers}


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse_instant(text: str) -> str:
    try:
        return _instant(parse_instant(text))
    except Refused as bad:
        raise LedgerRefusal("bad_input", bad.en) from None


def add_offer(session: Session, merchant_id: str, offer_id: str, title: str, partner: str, points: int,
              starts_at: str, ends_at: str, codes: list[str]) -> dict[str, Any]:
    _merchant(session, merchant_id)
    codes = [code.strip() for code in codes if code.strip()]
    if not codes or len(codes) > MAX_CODES or len(set(codes)) != len(codes) or any(len(c) > 64 for c in codes):
        raise LedgerRefusal("bad_input", f"an offer needs 1 to {MAX_CODES:,} distinct codes of at most 64 characters")
    if not 0 < points <= 10_000_000 or not title.strip() or len(title) > 128 or len(partner) > 64 or not offer_id:
        raise LedgerRefusal("bad_input", "an offer needs an id, a title, a partner and 1 to 10,000,000 points")
    start, end = _parse_instant(starts_at), _parse_instant(ends_at)
    if end <= start:
        raise LedgerRefusal("bad_input", "the drop ends before it starts")
    if session.get(Offer, (merchant_id, offer_id)) is not None:
        raise LedgerRefusal("already_exists", f"offer {offer_id} already exists", 409)
    session.add(Offer(merchant_id=merchant_id, id=offer_id, title=title.strip(), partner=partner.strip(), points=points,
                      starts_at=start, ends_at=end, total=len(codes), remaining=len(codes)))
    session.add_all(OfferCode(merchant_id=merchant_id, offer_id=offer_id, code=code, member_id=None) for code in codes)
    session.flush()
    return {"id": offer_id, "codes": len(codes), "starts_at": start, "ends_at": end, "points": points}


def claim(session: Session, terminal: Terminal, offer_id: str, member_id: str, now: datetime, today: date) -> ClaimAnswer:
    """Hand one code of the offer to the member for its points, or refuse. The conditional UPDATE takes
    the offer's row lock: concurrent claims queue on it, and each sees the count the one before left."""
    merchant_id = terminal.merchant_id
    offer = session.get(Offer, (merchant_id, offer_id))
    if offer is None:
        raise LedgerRefusal("not_found", f"no offer {offer_id}", 404)
    held = _claimed(session, merchant_id, offer_id, member_id)
    if held is not None:  # before the drop's window and stock: a retry after a lost answer gets its claim
        return _claimed_again(session, terminal, held)
    instant = _instant(now)
    if instant < offer.starts_at:
        raise LedgerRefusal("not_on_sale", f"the drop of {offer_id} opens at {offer.starts_at}", 409)
    if instant > offer.ends_at:
        raise LedgerRefusal("not_on_sale", f"the drop of {offer_id} closed at {offer.ends_at}", 409)
    taken = session.execute(update(Offer).where(Offer.merchant_id == merchant_id, Offer.id == offer_id, Offer.remaining > 0)
                            .values(remaining=Offer.remaining - 1).execution_options(synchronize_session=False))
    held = _claimed(session, merchant_id, offer_id, member_id)  # a retry that waited for the offer's row behind the claim
    if held is not None:
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            _give_back_count(session, merchant_id, offer_id)
        return _claimed_again(session, terminal, held)
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise LedgerRefusal("out_of_stock", f"every code of {offer_id} has been claimed", 409)
    currency = session.scalar(select(Merchant.currency).where(Merchant.id == merchant_id))
    members = load_members(session, {member_id})
    member = members.get(member_id)
    if member is None or member.currency != currency:
        raise LedgerRefusal("not_found", f"the ledger does not know member {member_id} yet: sync, then claim", 404)
    book = Book(members)
    claim_id = "C" + secrets.token_hex(8)
    ref = f"claim:{claim_id}"
    book.expire_due(member, today.isoformat(), ref)
    if member.debt:
        raise LedgerRefusal("member_in_debt", f"member {member_id} owes {member.debt} points", 409)
    if member.held < offer.points:
        raise LedgerRefusal("insufficient_points", f"a code of {offer_id} takes {offer.points} points; the member has "
                            f"{member.held}", 409)
    code = session.scalar(select(OfferCode).where(OfferCode.merchant_id == merchant_id, OfferCode.offer_id == offer_id,
                                                  OfferCode.member_id.is_(None)).order_by(OfferCode.code).limit(1))
    if code is None:
        raise LedgerRefusal("out_of_stock", f"every code of {offer_id} has been claimed", 409)
    code.member_id = member_id
    book.spend(member, offer.points, f"redemption:{merchant_id}", merchant_id, today.isoformat(), ref, "claim",
               (terminal.pk, None))  # type: ignore[arg-type]
    session.add(OfferClaim(merchant_id=merchant_id, offer_id=offer_id, member_id=member_id, claim_id=claim_id,
                           code=code.code, points=offer.points, terminal_pk=terminal.pk, business_date=today.isoformat()))
    try:
        session.flush()
    except IntegrityError:
        raise LedgerRefusal("already_claimed", f"member {member_id} has already claimed a code of {offer_id}", 409) from None
    return ClaimAnswer(claim_id=claim_id, offer=offer_id, code=code.code, points=offer.points,
                       member=publish(session, book, merchant_id)[0])


def _claimed(session: Session, merchant_id: str, offer_id: str, member_id: str) -> OfferClaim | None:
    return session.scalar(select(OfferClaim).where(OfferClaim.merchant_id == merchant_id, OfferClaim.offer_id == offer_id,
                                                   OfferClaim.member_id == member_id))


def _give_back_count(session: Session, merchant_id: str, offer_id: str) -> None:
    session.execute(update(Offer).where(Offer.merchant_id == merchant_id, Offer.id == offer_id)
                    .values(remaining=Offer.remaining + 1).execution_options(synchronize_session=False))


def _claimed_again(session: Session, terminal: Terminal, held: OfferClaim) -> ClaimAnswer:
    """The same claim asked for again by the terminal that made it (its answer was lost on the way): the same claim
    and code, and the member as they stand, with nothing changed. Another terminal is refused: one claim a member."""
    if held.terminal_pk != terminal.pk:
        raise LedgerRefusal("already_claimed", f"member {held.member_id} has already claimed a code of {held.offer_id}", 409)
    member = load_members(session, {held.member_id})[held.member_id]
    change = session.scalar(select(Member.change).where(Member.id == held.member_id)) or 0
    return ClaimAnswer(claim_id=held.claim_id, offer=held.offer_id, code=held.code, points=held.points,
                       member=snapshots(session, [member], terminal.merchant_id, change)[0])


def apply_mall(session: Session, origin: Origin, events: list[dict[str, Any]]) -> None:
    """Write what a batch's mall entries did: stock, coupons issued and used (a second use is a clash)."""
    merchant = origin.merchant
    moves: dict[str, int] = {}
    for event in events:
        kind = event["kind"]
        if kind == "stock":
            moves[event["item"]] = moves.get(event["item"], 0) + event["move"]
        elif kind == "coupon_issue":
            row = _locked_coupon(session, merchant, event["coupon"])
            if row is None:
                session.add(MallCoupon(merchant_id=merchant, id=event["coupon"], member_id=event["member"],
                                       value_fen=event["value"], expires_on=event["expires_on"], issued=True,
                                       used_by=None, used_on=None))
            else:
                row.issued, row.expires_on, row.value_fen = True, event["expires_on"], event["value"]
        elif kind == "coupon_use":
            use = f"{origin.terminal_id}/{event['sale']}"
            row = _locked_coupon(session, merchant, event["coupon"])
            if row is None:
                session.add(MallCoupon(merchant_id=merchant, id=event["coupon"], member_id=event["member"],
                                       value_fen=event["discount"], expires_on=event["day"], issued=False,
                                       used_by=use, used_on=event["day"]))
            elif row.used_by is None:
                row.used_by, row.used_on = use, event["day"]
            else:
                session.add(CouponClash(merchant_id=merchant, coupon_id=event["coupon"], member_id=event["member"],
                                        first_use=row.used_by, second_use=use, discount_fen=event["discount"],
                                        business_date=event["day"]))
        elif kind == "take":  # only this terminal's batches write its rows: no two batches race for one
            key = (merchant, event["member"], event["item"], event["day"], origin.terminal_id)
            take = session.get(MallTake, key)
            if take is None:
                session.add(MallTake(merchant_id=merchant, member_id=event["member"], item_id=event["item"],
                                     business_date=event["day"], terminal_id=origin.terminal_id, count=event["move"],
                                     change=None))
            else:
                take.count, take.change = take.count + event["move"], None  # stamped by stamp_takes
        elif kind == "claim":
            held = session.scalar(select(OfferClaim).where(OfferClaim.claim_id == event["claim"]))
            if held is None or held.member_id != event["member"] or held.points != event["points"]:
                raise BadEntry(event["seq"], f"claim {event['claim']} is not one the ledger handed out")
        session.flush()
    for item, move in moves.items():  # computed by the database: another store's batch may be moving the same row
        session.execute(update(MallStock).where(MallStock.merchant_id == merchant, MallStock.item_id == item,
                                                MallStock.store == origin.store)
                        .values(quantity=MallStock.quantity + move).execution_options(synchronize_session=False))


def stamp_takes(session: Session, origin: Origin, change: int) -> None:
    """Give the takes a batch wrote its change number (taken last, in ledger.snapshots.publish)."""
    session.execute(update(MallTake).where(MallTake.merchant_id == origin.merchant, MallTake.change.is_(None),
                                           MallTake.terminal_id == origin.terminal_id)
                    .values(change=change).execution_options(synchronize_session=False))


def _locked_coupon(session: Session, merchant: str, coupon: str) -> MallCoupon | None:
    """The coupon's row, locked: two terminals' batches using one coupon queue here, so the second sees the first use."""
    return session.get(MallCoupon, (merchant, coupon), with_for_update=True)


def coupon_clashes(session: Session, merchant_id: str) -> list[dict[str, Any]]:
    _merchant(session, merchant_id)
    rows = session.scalars(select(CouponClash).where(CouponClash.merchant_id == merchant_id).order_by(CouponClash.id))
    return [{"coupon_id": r.coupon_id, "member_id": r.member_id, "first_use": r.first_use, "second_use": r.second_use,
             "discount_fen": r.discount_fen, "date": r.business_date} for r in rows]


def coupons_expired(session: Session, merchant_id: str, day: date) -> int:
    return int(session.scalar(select(func.count()).select_from(MallCoupon).where(
        MallCoupon.merchant_id == merchant_id, MallCoupon.expires_on == day.isoformat(), MallCoupon.issued.is_(True),
        MallCoupon.used_by.is_(None))) or 0)


def _limits(session: Session, merchant_id: str) -> dict[str, dict[str, Any]]:
    """The catalog's items that limit how often a member may take them, by id."""
    items = (json.loads(body) for body in session.scalars(select(MallItem.body).where(MallItem.merchant_id == merchant_id)))
    return {item["id"]: item for item in items if item.get("per_member") is not None or item.get("per_day") is not None}


def _takes(session: Session, merchant_id: str, items: list[str]) -> list[MallTake]:
    if not items:
        return []
    return list(session.scalars(select(MallTake).where(MallTake.merchant_id == merchant_id, MallTake.item_id.in_(items),
                                                       MallTake.count != 0)))


def limit_breaches(session: Session, merchant_id: str) -> list[dict[str, Any]]:
    """Members who took an item more often than its per-member limits allow, counting every terminal's
    synced exchanges and coupons (each terminal checks only what it knows, so offline terminals can
    together go over): per member in all, or per member on one day. Each says which terminals took how many."""
    _merchant(session, merchant_id)
    limits = _limits(session, merchant_id)
    totals: dict[tuple[str, str], dict[str, int]] = {}
    days: dict[tuple[str, str, str], dict[str, int]] = {}
    for row in _takes(session, merchant_id, list(limits)):
        per = totals.setdefault((row.member_id, row.item_id), {})
        per[row.terminal_id] = per.get(row.terminal_id, 0) + row.count
        per = days.setdefault((row.member_id, row.item_id, row.business_date), {})
        per[row.terminal_id] = per.get(row.terminal_id, 0) + row.count
    out: list[dict[str, Any]] = []

    def breach(member: str, item: dict[str, Any], limit: str, day: str | None, terminals: dict[str, int]) -> None:
        taken, allowed = sum(terminals.values()), item.get(limit)
        if allowed is not None and taken > allowed:
            out.append({"item_id": item["id"], "name_zh": item["name_zh"], "name_en": item["name_en"],
                        "member_id": member, "limit": limit, "allowed": allowed, "taken": taken, "date": day,
                        "terminals": {t: n for t, n in sorted(terminals.items()) if n}})

    for (member, item_id), terminals in sorted(totals.items()):
        breach(member, limits[item_id], "per_member", None, terminals)
    for (member, item_id, day), terminals in sorted(days.items()):
        breach(member, limits[item_id], "per_day", day, terminals)
    return out


def takes_for(session: Session, terminal: Terminal, today: date) -> MallTakes:
    """What a terminal pulls to check the per-member limits of the items that have them: each member's takes
    of each such item over every terminal, in all and on ``today`` (the merchant's business day)."""
    limits = _limits(session, terminal.merchant_id)
    counts: dict[tuple[str, str], list[int]] = {}
    for row in _takes(session, terminal.merchant_id, list(limits)):
        both = counts.setdefault((row.member_id, row.item_id), [0, 0])
        both[0] += row.count
        both[1] += row.count if row.business_date == today.isoformat() else 0
    return MallTakes(day=today.isoformat(), takes=[
        MallTaken(member_id=member, item_id=item, total=total, on_day=on_day)
        for (member, item), (total, on_day) in sorted(counts.items()) if total or on_day])


def takes_since(session: Session, terminal: Terminal, today: date, cursor: int) -> MallTakes:
    """A page of what a terminal pulls to check per-member limits: for each (member, item) taken or
    cancelled at any terminal after ``cursor`` (any item: a limit may come later), the takes over every
    terminal in all and on ``today``, oldest change first. The answer's cursor is where the next page
    starts; a count back at 0 is sent too, to replace the one the terminal holds."""
    merchant, day = terminal.merchant_id, today.isoformat()
    cursor = from_start_if_ahead(session, cursor)
    changed = (select(MallTake.member_id, MallTake.item_id).where(MallTake.merchant_id == merchant, MallTake.change > cursor)
               .distinct().subquery())  # found by the index; then each pair's rows by the primary key
    last = func.max(MallTake.change).label("last")
    rows = session.execute(
        select(MallTake.member_id, MallTake.item_id, func.sum(MallTake.count),
               func.sum(case((MallTake.business_date == day, MallTake.count), else_=0)), last)
        .join(changed, and_(MallTake.member_id == changed.c.member_id, MallTake.item_id == changed.c.item_id))
        .where(MallTake.merchant_id == merchant)
        .group_by(MallTake.member_id, MallTake.item_id).order_by(last, MallTake.member_id, MallTake.item_id)
        .limit(PULL_LIMIT)).all()
    more = len(rows) == PULL_LIMIT
    if more and rows[0][4] != rows[-1][4]:
        rows = [row for row in rows if row[4] != rows[-1][4]]  # the rest of that change comes on the next page
    return MallTakes(day=day, cursor=rows[-1][4] if rows else cursor, more=more, takes=[
        MallTaken(member_id=member, item_id=item, total=int(total), on_day=int(on_day)) for member, item, total, on_day, _ in rows])
