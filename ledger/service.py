"""What the ledger's owner does: merchants, terminals and their tokens, rules, reports, settlement."""

import hashlib
import json
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select, union_all, update
from sqlalchemy.orm import Session

from ledger import keys
from ledger.keys import RetiredKeys, deny_keys_of, trust_keys_again
from ledger.models import (
    AdminToken,
    Claim,
    Counter,
    Entry,
    Lot,
    Member,
    Merchant,
    MerchantRules,
    Overdraw,
    Revocation,
    RulesSetting,
    Terminal,
    Transfer,
)
from ledger.refusal import LedgerRefusal
from ledger.snapshots import merchant_today
from sync.protocol import GENESIS_HASH, Refused, RuleSet, check_new_rules, refuse_empty, rules_from_dict, totals_of
from terminal.clock import is_zone_name
from terminal.phones import mask_phone
from terminal.visible_text import has_control_characters

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
MAX_REPORT_DAYS = 366


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_ID_NAMES_ZH = {"merchant id": "商户编号", "currency": "积分币种", "terminal id": "收银台编号"}


def _check_id(value: str, what: str) -> str:
    if not _ID.fullmatch(value):
        raise LedgerRefusal("bad_input", f"{what} '{value}' must be 1 to 32 letters, digits, '.', '_' or '-'",
                            zh=f"{_ID_NAMES_ZH.get(what, what)}“{value}”须为 1 到 32 个字母、数字、“.”、“_”或“-”")
    return value


def ensure_counters(session: Session) -> None:
    if session.get(Counter, "change") is None:
        session.add(Counter(name="change", value=0))
        session.flush()


RESTART_GAP = 1_000_000_000  # more changes than any ledger makes between a backup and its restore


def skip_changes(session: Session) -> None:
    """At every start of the server: number changes from here on above any handed out before, even by this
    database before it was restored from a backup, so a terminal pulling after its cursor skips none."""
    ensure_counters(session)
    session.execute(update(Counter).where(Counter.name == "change").values(value=Counter.value + RESTART_GAP))


def add_merchant(session: Session, merchant_id: str, name: str, currency: str | None = None,
                 fen_per_point: int = 1, timezone_name: str = "Asia/Shanghai") -> Merchant:
    _check_id(merchant_id, "merchant id")
    _check_id(currency or merchant_id, "currency")
    if not name.strip() or len(name) > 64 or has_control_characters(name.strip()):
        raise LedgerRefusal("bad_input", "a merchant name is 1 to 64 visible characters "
                            "(no new line, tab or other control character)",
                            zh="商户名称须为 1 到 64 个可见字符（不能有换行、制表符或其他控制字符）")
    if not 0 < fen_per_point <= 10_000:
        raise LedgerRefusal("bad_input", "fen per point must be 1 to 10,000", zh="每积分的分值须在 1 到 10,000 之间")
    _check_timezone(timezone_name)
    if session.get(Merchant, merchant_id) is not None:
        raise LedgerRefusal("already_exists", f"merchant {merchant_id} already exists", 409, f"商户 {merchant_id} 已存在")
    ensure_counters(session)
    merchant = Merchant(id=merchant_id, name=name.strip(), currency=currency or merchant_id, fen_per_point=fen_per_point,
                        timezone=timezone_name, rules=None, rules_version=None, created_at=_now())
    session.add(merchant)
    session.flush()
    return merchant


def _check_timezone(name: str) -> None:
    if not is_zone_name(name):  # not "localtime": it is the server's zone, not the stores'
        raise LedgerRefusal("bad_input", f"'{name}' is not a time zone like Asia/Shanghai or Asia/Urumqi",
                            zh=f"“{name}”不是时区，应如 Asia/Shanghai 或 Asia/Urumqi")


def add_terminal(session: Session, merchant_id: str, store: str, terminal_id: str) -> str:
    """Register a terminal; returns its token, which is shown once and stored only as a hash."""
    if session.get(Merchant, merchant_id) is None:
        raise LedgerRefusal("not_found", f"no merchant {merchant_id}", 404, f"没有商户 {merchant_id}")
    _check_id(terminal_id, "terminal id")
    if not store.strip() or len(store) > 64 or has_control_characters(store.strip()):
        raise LedgerRefusal("bad_input", "a store is 1 to 64 visible characters "
                            "(no new line, tab or other control character)",
                            zh="门店名称须为 1 到 64 个可见字符（不能有换行、制表符或其他控制字符）")
    taken = session.scalar(select(Terminal.pk).where(Terminal.merchant_id == merchant_id, Terminal.terminal_id == terminal_id))
    if taken is not None:
        raise LedgerRefusal("already_exists", f"terminal {terminal_id} of {merchant_id} already exists", 409,
                            f"商户 {merchant_id} 的收银台 {terminal_id} 已存在")
    token, now = "jt_" + secrets.token_urlsafe(32), _now()
    session.add(Terminal(merchant_id=merchant_id, store=store.strip(), terminal_id=terminal_id, token_hash=token_hash(token),
                         last_seq=0, last_hash=GENESIS_HASH, revoked=False, created_at=now, state_since=now))
    return token


def _terminal(session: Session, merchant_id: str, terminal_id: str) -> Terminal:
    terminal = session.scalar(select(Terminal).where(Terminal.merchant_id == merchant_id, Terminal.terminal_id == terminal_id))
    if terminal is None:
        raise LedgerRefusal("not_found", f"merchant {merchant_id} has no terminal {terminal_id}", 404,
                            f"商户 {merchant_id} 没有收银台 {terminal_id}")
    return terminal


def revoke_terminal(session: Session, merchant_id: str, terminal_id: str) -> RetiredKeys:
    """A lost or stolen terminal: its token is refused from now on, and the member codes signed with its keys at
    every other terminal from its next sync (the keys go on the deny list); what it sent before stays."""
    terminal = _terminal(session, merchant_id, terminal_id)
    if not terminal.revoked:
        terminal.revoked, terminal.state_since = True, _now()
    return deny_keys_of(session, terminal)


@dataclass(frozen=True)
class NewToken:
    token: str
    trusted_again: tuple[str, ...]  # keys its revocation had put on the deny list, taken off


def renew_token(session: Session, merchant_id: str, terminal_id: str) -> NewToken:
    """A new token for a terminal whose token is in doubt (leaked, or its store folder moved whole to a new PC):
    the old one stops working, a revoked terminal is let in again (and its keys trusted again). Shown once,
    stored only as a hash."""
    terminal = _terminal(session, merchant_id, terminal_id)
    trusted_again = trust_keys_again(session, terminal) if terminal.revoked else ()
    token = "jt_" + secrets.token_urlsafe(32)
    if terminal.revoked:
        terminal.revoked, terminal.state_since = False, _now()
    terminal.token_hash = token_hash(token)
    return NewToken(token, trusted_again)


def new_token(session: Session, merchant_id: str, terminal_id: str) -> str:
    return renew_token(session, merchant_id, terminal_id).token


def add_admin_token(session: Session) -> str:
    token = "ja_" + secrets.token_urlsafe(32)
    session.add(AdminToken(token_hash=token_hash(token), created_at=_now()))
    return token


def checked_rules(rules: dict[str, Any], name: str = "rules") -> RuleSet:
    """Rules being set, read and checked as a till checks its rules.toml: an empty file (``name``) is refused too."""
    try:
        refuse_empty(rules, name)
        parsed = rules_from_dict(rules)
        check_new_rules(parsed)
    except Refused as bad:
        raise LedgerRefusal("bad_rules", bad.en, zh=bad.zh) from None
    return parsed


def set_rules(session: Session, merchant_id: str, rules: dict[str, Any]) -> str:
    return store_rules(session, merchant_id, checked_rules(rules))


def store_rules(session: Session, merchant_id: str, parsed: RuleSet) -> str:
    """The merchant's rules from now on (checked_rules), each change of version kept with when it was made."""
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise LedgerRefusal("not_found", f"no merchant {merchant_id}", 404, f"没有商户 {merchant_id}")
    if parsed.version != merchant.rules_version:
        session.add(RulesSetting(merchant_id=merchant_id, version=parsed.version, set_at=_now()))
    merchant.rules, merchant.rules_version = json.dumps(parsed.to_dict(), sort_keys=True, ensure_ascii=False), parsed.version
    session.merge(MerchantRules(merchant_id=merchant_id, version=parsed.version, rules=merchant.rules))
    return parsed.version


@dataclass(frozen=True)
class Scope:
    merchant: str
    store: str | None = None
    terminal: str | None = None


def _dated(column: Any, day: date, until: date | None) -> tuple[Any, ...]:
    if until is None:
        return (column == day.isoformat(),)
    return (column >= day.isoformat(), column <= until.isoformat())


def day_report(session: Session, scope: Scope, day: date, until: date | None = None) -> dict[str, Any]:
    """The terminal's `report day` fields, over every terminal of the merchant (or one store or terminal),
    for a day or the days from ``day`` to ``until``."""
    merchant = merchant_of(session, scope.merchant)
    # points past their date that no expiry run has recorded yet, up to the merchant's today: none expire ahead of it
    reached = min(until or day, merchant_today(merchant))
    if scope.store:
        require_store(session, scope.merchant, scope.store)
    if scope.terminal:
        store = session.scalar(select(Terminal.store).where(Terminal.merchant_id == scope.merchant,
                                                            Terminal.terminal_id == scope.terminal))
        if store is None:
            raise LedgerRefusal("not_found", f"merchant {scope.merchant} has no terminal {scope.terminal} "
                                             "(as given to jifen-ledger terminal add --terminal)", 404,
                                f"商户 {scope.merchant} 没有终端 {scope.terminal}（即 jifen-ledger terminal add --terminal 所给的）")
        if scope.store and store != scope.store:
            raise LedgerRefusal("bad_input", f"terminal {scope.terminal} is in store {store}, not {scope.store}",
                                zh=f"终端 {scope.terminal} 属于门店 {store}，不是 {scope.store}")
    query = select(Entry.terminal_pk, Entry.seq, Entry.kind, Entry.actor, Entry.payload, Terminal.terminal_id).join(
        Terminal, Terminal.pk == Entry.terminal_pk).where(Entry.merchant_id == scope.merchant,
                                                          *_dated(Entry.business_date, day, until))
    if scope.store:
        query = query.where(Entry.store == scope.store)
    if scope.terminal:
        query = query.where(Terminal.terminal_id == scope.terminal)
    rows = session.execute(query.order_by(Entry.terminal_pk, Entry.seq)).all()
    # cashiers are a terminal's own: wang at T1 and wang at T2 need not be one person
    totals = totals_of(_as_credited(session, scope.merchant, (
        (pk, seq, kind, actor if actor is None else f"{terminal}/{actor}", payload)
        for pk, seq, kind, actor, payload, terminal in rows)))
    report: dict[str, Any] = {"date": day.isoformat(), "merchant": scope.merchant, "store": scope.store,
                              "terminal": scope.terminal}
    if scope.store or scope.terminal:  # the ledger expires a merchant's points and coupons, not a store's
        del totals["points_expired"]
        report.update(totals)
    else:
        totals["points_expired"] = _expired_on(session, scope.merchant, day, until) + unrecorded_expiry(
            session, scope.merchant, day, reached)
        for field, value in totals.items():
            report[field] = value
            if field == "points_expired":  # the claims settle nets: they move points to their issuer's liability
                report.update(claimed_points(session, scope.merchant, day, until))
        if until is None:
            from ledger.mall import coupons_expired

            report["coupons_expired"] = coupons_expired(session, scope.merchant, day)
        report["opening_liability_points"] = outstanding(session, merchant, day - timedelta(days=1)) \
            if day > date.min else 0
    report["liability_points"] = outstanding(session, merchant, until or day)
    return report


def merchant_of(session: Session, merchant_id: str) -> Merchant:
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise LedgerRefusal("not_found", f"no merchant {merchant_id}", 404, f"没有商户 {merchant_id}")
    return merchant


def outstanding(session: Session, merchant: Merchant, day: date) -> int:
    """What the day report says was outstanding at the end of ``day``: the liability, less points past their date
    that no expiry run has recorded yet (up to the merchant's today)."""
    return liability(session, merchant.id, day) - unrecorded_expiry(session, merchant.id, date.min,
                                                                    min(day, merchant_today(merchant)))


def claimed_points(session: Session, merchant: str, day: date, until: date | None = None) -> dict[str, int]:
    """Points of other merchants redeemed at this one's stores (its liability does not fall by them: their issuer's
    does), and this one's points redeemed at other merchants' stores (its liability falls by them, though none of
    its entries redeemed them): the claims `settle` nets, dated as the entries that made them."""
    dated = _dated(Claim.business_date, day, until)
    here = select(func.coalesce(func.sum(Claim.points), 0)).where(Claim.redeemer == merchant, *dated)
    there = select(func.coalesce(func.sum(Claim.points), 0)).where(Claim.issuer == merchant, *dated)
    others, ours = session.execute(select(here.scalar_subquery(), there.scalar_subquery())).one()
    return {"points_of_other_merchants_redeemed": int(others or 0),
            "points_redeemed_at_other_merchants": int(ours or 0)}


def merchant_report(session: Session, merchant: str, day: date, until: date | None, by_terminal: bool) -> dict[str, Any]:
    """What a terminal may read of its own merchant: the totals for a day or a period, and with
    ``by_terminal`` each terminal's own (every terminal of the merchant, those without entries too)."""
    report = period_report(session, Scope(merchant), day, until)
    if by_terminal:
        entries = _entries_by_terminal(session, merchant, day, until)
        report["terminals"] = _per_terminal(session, merchant, entries)
        report["stores"] = _per_store(session, merchant, entries)
    return report


def period_report(session: Session, scope: Scope, day: date, until: date | None) -> dict[str, Any]:
    """The totals for a day, or for the days from ``day`` to ``until`` (its last, given as ``until`` either way):
    each member served is counted once over the period."""
    if until is not None and not 0 <= (until - day).days < MAX_REPORT_DAYS:
        raise LedgerRefusal("bad_input", f"a period runs forward from 'day' and spans at most {MAX_REPORT_DAYS} days")
    report = day_report(session, scope, day, None if until == day else until)
    report["until"] = (until or day).isoformat()
    return report


def _as_credited(session: Session, merchant: str,
                 rows: Iterable[tuple[int, int, str, str | None, str]]) -> Iterator[tuple[str, str | None, str]]:
    """The entries' (kind, actor, payload), stating what the ledger credited and took back: the book of record."""
    from ledger.credited import as_credited, overstated  # earning's conflicts import this module

    return as_credited(rows, overstated(session, merchant))


def _entries_by_terminal(session: Session, merchant: str, day: date,
                         until: date | None) -> dict[int, list[tuple[str, str | None, str]]]:
    entries: dict[int, list[tuple[str, str | None, str]]] = defaultdict(list)
    query = select(Entry.terminal_pk, Entry.seq, Entry.kind, Entry.actor, Entry.payload).where(
        Entry.merchant_id == merchant, *_dated(Entry.business_date, day, until)).order_by(Entry.terminal_pk, Entry.seq)
    rows: list[tuple[int, int, str, str | None, str]] = [(pk, seq, kind, actor, payload)
                                                          for pk, seq, kind, actor, payload in session.execute(query)]
    for (terminal_pk, *_), entry in zip(rows, _as_credited(session, merchant, rows)):
        entries[terminal_pk].append(entry)
    return entries


def _terminals_of(session: Session, merchant: str) -> list[tuple[int, str, str]]:
    return [(pk, store, terminal_id) for pk, store, terminal_id in session.execute(
        select(Terminal.pk, Terminal.store, Terminal.terminal_id).where(Terminal.merchant_id == merchant)
        .order_by(Terminal.terminal_id))]


def _per_terminal(session: Session, merchant: str,
                  entries: dict[int, list[tuple[str, str | None, str]]]) -> list[dict[str, Any]]:
    """Expiry and liability belong to the merchant, not to a terminal, so they are left out here."""
    out = []
    for terminal_pk, store, terminal_id in _terminals_of(session, merchant):
        totals = totals_of(entries.get(terminal_pk, []))
        del totals["points_expired"]
        out.append({"store": store, "terminal": terminal_id, **totals})
    return out


def _per_store(session: Session, merchant: str,
               entries: dict[int, list[tuple[str, str | None, str]]]) -> list[dict[str, Any]]:
    """Each store's totals, a member served at two of its terminals counted once (so not the sum of its terminals')."""
    by_store: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    for terminal_pk, store, _ in _terminals_of(session, merchant):
        by_store[store].extend(entries.get(terminal_pk, []))
    out = []
    for store, rows in sorted(by_store.items()):
        totals = totals_of(rows)
        del totals["points_expired"], totals["cashiers"]
        out.append({"store": store, **totals})
    return out


def store_known(session: Session, merchant: str, store: str) -> bool:
    """Whether a terminal of the merchant is in the store (stores are named when their terminals are added)."""
    return session.scalar(select(Terminal.pk).where(Terminal.merchant_id == merchant, Terminal.store == store)
                          .limit(1)) is not None


def require_store(session: Session, merchant: str, store: str) -> None:
    if not store_known(session, merchant, store):
        raise LedgerRefusal("not_found", f"merchant {merchant} has no store {store} "
                                         "(as given to jifen-ledger terminal add --store)", 404,
                            f"商户 {merchant} 没有门店 {store}（即 jifen-ledger terminal add --store 所给的）")


def _expired_on(session: Session, merchant: str, day: date, until: date | None = None) -> int:
    """The ledger runs expiry itself; the terminals' own expiry entries are not counted twice. Points a late
    entry spent after all come back on the day they had expired."""
    account, dated = f"expiry:{merchant}", _dated(Transfer.business_date, day, until)
    expired = select(func.coalesce(func.sum(Transfer.amount), 0)).where(Transfer.credit == account, *dated)
    returned = select(func.coalesce(func.sum(Transfer.amount), 0)).where(
        Transfer.kind == "unexpire", Transfer.debit == account, *dated)
    return int(session.scalar(select(expired.scalar_subquery() - returned.scalar_subquery())) or 0)


def unrecorded_expiry(session: Session, merchant: str, first: date, last: date) -> int:
    """The merchant's points that expired from ``first`` to ``last`` but are still held, the hourly expiry run not
    having recorded them yet: a day's figures count them as the run will, on the day after their last (or the day
    a refund gave them back), as the terminal's report does (terminal.services.expiry.unrecorded_expiry)."""
    rows = session.execute(select(Lot.expires_on, Lot.granted_on, Lot.remaining).where(
        Lot.issuer == merchant, Lot.remaining > 0, Lot.expires_on < last.isoformat()))
    return sum(remaining for expires_on, granted_on, remaining in rows
               if first <= max(date.fromisoformat(expires_on) + timedelta(days=1), date.fromisoformat(granted_on)) <= last)


def liability(session: Session, merchant: str, day: date) -> int:
    """Points the merchant owed its members at the end of ``day``: what its accounts gave members up to then, less
    what came back to them (redeemed, reversed, expired, or spent from debt), moved by the claims for its points
    redeemed at other merchants and theirs redeemed here. One aggregate over the transfers and claims up to that day."""
    accounts = [f"{kind}:{merchant}" for kind in ("issuance", "redemption", "expiry")]
    up_to = day.isoformat()
    moved = select(case((Transfer.debit.in_(accounts), Transfer.amount), else_=-Transfer.amount).label("points")).where(
        Transfer.business_date <= up_to, or_(Transfer.debit.in_(accounts), Transfer.credit.in_(accounts)))
    claimed = select(case((Claim.redeemer == merchant, Claim.points), else_=-Claim.points)).where(
        Claim.business_date <= up_to, or_(Claim.issuer == merchant, Claim.redeemer == merchant))
    points = union_all(moved, claimed).subquery()
    return int(session.scalar(select(func.coalesce(func.sum(points.c.points), 0))) or 0)


def overdrawn(session: Session, merchant: str) -> list[dict[str, Any]]:
    """Members carrying debt, with the entries that made it."""
    currency = session.scalar(select(Merchant.currency).where(Merchant.id == merchant))
    if currency is None:
        raise LedgerRefusal("not_found", f"no merchant {merchant}", 404)
    members = session.scalars(select(Member).where(Member.currency == currency, Member.debt > 0).order_by(Member.id))
    out = []
    for member in members:
        causes = session.execute(select(Overdraw.points, Overdraw.business_date, Terminal.terminal_id, Terminal.store,
                                        Overdraw.seq).join(Terminal, Terminal.pk == Overdraw.terminal_pk)
                                 .where(Overdraw.member_id == member.id).order_by(Overdraw.business_date)).all()
        # the report goes to the merchant's staff and the admin API: masked, as every report shows a phone (PIPL)
        out.append({"member_id": member.id, "phone": mask_phone(member.phone), "debt": member.debt,
                    "entries": [{"points": p, "date": d, "terminal": t, "store": s, "seq": q} for p, d, t, s, q in causes]})
    return out


def deny_list(session: Session, merchant: str) -> list[dict[str, str]]:
    rows = session.execute(select(Revocation.kind, Revocation.value, Revocation.reason)
                           .where(Revocation.merchant_id == merchant).order_by(Revocation.kind, Revocation.value))
    return [{"kind": kind, "value": value, "reason": reason or ""} for kind, value, reason in rows]


def public_keys(session: Session, merchant: str) -> list[dict[str, str]]:
    return keys.public_keys(session, merchant)


def settle(session: Session, start: date, end: date) -> list[dict[str, Any]]:
    """Each merchant's net position for the period: what others redeemed of its points (it owes) and
    what it redeemed of theirs (it is owed), in points and in fen at its rate."""
    return net_positions(settlement_pairs(session, start, end))


def settlement_pairs(session: Session, start: date, end: date) -> list[dict[str, Any]]:
    """What each issuer pays each redeemer for the issuer's points redeemed at the redeemer's stores in the period,
    at the issuer's fen per point: the gross each way, which ``net_positions`` sums."""
    rows = session.execute(select(Claim.issuer, Claim.redeemer, func.sum(Claim.points)).where(
        Claim.business_date >= start.isoformat(), Claim.business_date <= end.isoformat())
        .group_by(Claim.issuer, Claim.redeemer).order_by(Claim.issuer, Claim.redeemer))
    rate = {m: r for m, r in session.execute(select(Merchant.id, Merchant.fen_per_point))}
    return [{"issuer": issuer, "redeemer": redeemer, "points": int(points), "fen": int(points) * rate.get(issuer, 1)}
            for issuer, redeemer, points in rows]


def net_positions(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    net: dict[str, dict[str, int]] = {}
    for pair in pairs:
        for merchant, sign in ((pair["issuer"], -1), (pair["redeemer"], 1)):
            position = net.setdefault(merchant, {"points": 0, "fen": 0})
            position["points"] += sign * pair["points"]
            position["fen"] += sign * pair["fen"]
    return [{"merchant": m, "net_points": p["points"], "net_fen": p["fen"]} for m, p in sorted(net.items())]


def merchant_names(session: Session) -> dict[str, str]:
    return {merchant: name for merchant, name in session.execute(select(Merchant.id, Merchant.name))}


def merchants_today(session: Session) -> tuple[date, date]:
    """The earliest and the latest of the merchants' business days now (they may keep different time zones)."""
    days = [merchant_today(m) for m in session.scalars(select(Merchant))] or [merchant_today(None)]
    return min(days), max(days)
