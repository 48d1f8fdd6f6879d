"""`jifen-ledger`: run and administer the central ledger (see cli.md)."""

import argparse
import json
import logging
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from ledger import conflicts, db, mall, service, terminal_list
from ledger.expiry import expire_all
from ledger.models import Merchant
from ledger.preflight import (
    ACCEPTED_URLS,
    DatabaseDown,
    backup_database,
    check_listening,
    database_url,
    ledger_engine,
    migrate_database,
    named_database,
)
from ledger.service import LedgerRefusal, Scope
from ledger.snapshots import merchant_today
from sync.protocol import format_fen, pad, pad_left
from terminal.clock import Clock
from terminal.home import default_home
from terminal.totals import worth_showing
from terminal.version import installed_version

log = logging.getLogger("jifen.ledger")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise LedgerRefusal("bad_input", f"{message} (see 'jifen-ledger --help')")


def _today_of(session: Any, merchant: str) -> date:
    return merchant_today(session.get(Merchant, merchant))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LedgerRefusal("bad_input", f"'{text}' is not a date like 2026-03-01") from None


class _Date(argparse.Action):
    """--date given empty is refused, as by `jifen`: it is not taken as "today"."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if isinstance(values, str) and not values.strip():
            raise LedgerRefusal("bad_input", f"{parser.prog}: {option_string} is empty; give a value")
        setattr(namespace, self.dest, values)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port: give one from 1 to 65535")
    return port


def _common(defaults: bool) -> Parser:
    """--db and --json go before or after the command words."""
    common = Parser(add_help=False)
    db_default = db.default_url() if defaults else argparse.SUPPRESS
    common.add_argument("--db", metavar="URL", default=db_default,
                        help=f"{ACCEPTED_URLS}; else $JIFEN_LEDGER_DB, else a SQLite file in the user data folder")
    json_default: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}
    common.add_argument("--json", action="store_true", help="print one JSON object", **json_default)
    return common


def build_parser() -> Parser:
    root = Parser(prog="jifen-ledger", description="jifen central ledger", parents=[_common(True)])
    root.add_argument("--version", action="version", version=f"jifen-ledger {installed_version()}")
    common = _common(False)

    def command(parent: Any, name: str, help: str) -> Parser:
        return parent.add_parser(name, help=help, description=help, parents=[common])  # type: ignore[no-any-return]

    def group(name: str, help: str) -> Any:
        return command(sub, name, help).add_subparsers(dest="action", required=True, parser_class=Parser)

    sub = root.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=Parser)
    command(sub, "migrate", "create or upgrade the schema")
    p = command(sub, "backup", "copy a SQLite ledger to a new file, while it serves too (PostgreSQL: pg_dump)")
    p.add_argument("file", metavar="FILE")
    p = command(sub, "serve", "run the HTTP API")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=_port, default=8470, help="1 to 65535 (default 8470)")
    p.add_argument("--workers", type=int, default=1, help="server processes, one per core (default 1)")
    merchant = group("merchant", "merchants")
    p = command(merchant, "add", "add a merchant")
    p.add_argument("id", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--currency", help="share a points currency with the merchants naming the same one")
    p.add_argument("--fen-per-point", type=int, default=1, help="what a point is worth when merchants settle")
    p.add_argument("--timezone", default="Asia/Shanghai",
                   help="its stores' time zone, for business dates and expiry (default Asia/Shanghai)")
    p = command(merchant, "rules", "set the rule set terminals pull, from a rules.toml")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", metavar="FILE")
    terminal = group("terminal", "terminals")
    p = command(terminal, "add", "register a terminal and print its token, once")
    p.add_argument("--merchant", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--terminal", required=True)
    for action, about in (("revoke", "refuse a lost or stolen terminal's token from now on"),
                          ("token", "issue a terminal a new token, print it once (the old one stops working)")):
        p = command(terminal, action, about)
        p.add_argument("--merchant", required=True)
        p.add_argument("--terminal", required=True)
    p = command(terminal, "list", "the merchant's terminals: state, entries held, when the last arrived, conflicts")
    p.add_argument("--merchant", required=True)
    p.add_argument("--store")
    command(sub, "admin-token", "make an admin token for the HTTP API and print it, once")
    report = group("report", "reports")
    p = command(report, "day", "day totals across the merchant's stores")
    p.add_argument("--merchant", required=True)
    p.add_argument("--date", action=_Date)
    p.add_argument("--store")
    p.add_argument("--terminal")
    p = command(report, "overdrawn", "members in debt, with the entries that did it")
    p.add_argument("--merchant", required=True)
    p = command(report, "conflicts", "entries terminals sent that the ledger could not take as sent (changed, "
                "or off their chain), phones with two members, bonuses no rules of the merchant give, and what to do")
    p.add_argument("--merchant", help="only this merchant's (default: every merchant's)")
    p = command(report, "coupon-clashes", "coupons used twice (offline, at two terminals), found at sync")
    p.add_argument("--merchant", required=True)
    p = command(report, "limit-breaches", "members who took a gift or coupon more often than its per-member limits "
                "allow, counting every terminal's synced exchanges")
    p.add_argument("--merchant", required=True)
    mall_group = group("mall", "the points mall: gifts and coupons terminals pull with the rules")
    p = command(mall_group, "set", "add or replace a catalog item from JSON (the fields of terminal.mall.catalog)")
    p.add_argument("--merchant", required=True)
    p.add_argument("item", metavar="JSON")
    p = command(mall_group, "stock", "set an item's stock at one store")
    p.add_argument("--merchant", required=True)
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--store", required=True)
    p.add_argument("--stock", type=int, required=True)
    p = command(mall_group, "list", "the merchant's catalog with each store's stock")
    p.add_argument("--merchant", required=True)
    offer = group("offer", "partner offers: redemption codes members claim for points")
    p = command(offer, "add", "add an offer and its codes (one per line in FILE)")
    p.add_argument("--merchant", required=True)
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", required=True)
    p.add_argument("--partner", default="")
    p.add_argument("--points", type=int, required=True)
    p.add_argument("--from", dest="start", required=True, help="when the drop opens (2026-03-01T20:00:00+08:00)")
    p.add_argument("--until", required=True)
    p.add_argument("--codes", required=True, metavar="FILE")
    p = command(sub, "settle", "net points settlement between merchants")
    p.add_argument("--from", dest="start", required=True)
    p.add_argument("--to", dest="end", required=True)
    p = command(sub, "expire", "expire every lot due by the date (default today)")
    p.add_argument("--date", action=_Date)
    return root


def _rules_file(path: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LedgerRefusal("bad_rules", f"{path}: {exc}") from None


def _serve(args: argparse.Namespace, url: URL) -> tuple[Any, str]:
    if not 1 <= args.workers <= 64:
        raise LedgerRefusal("bad_input", "--workers must be from 1 to 64")
    try:
        engine = ledger_engine(args.db, url)
    except DatabaseDown as down:  # nothing could be served: refuse to start rather than answer 500s
        raise LedgerRefusal("unreachable", down.message) from None
    try:
        check_listening(args.host, args.port)
        db.in_transaction(db.sessions(engine), service.skip_changes)
    finally:
        engine.dispose()
    import uvicorn

    from ledger.api import SERVED_APP, served_app

    os.environ[db.DB_VARIABLE] = args.db  # each worker process opens it again: see ledger.api.served_app
    print(f"jifen-ledger: serving {named_database(url)} on http://{args.host}:{args.port} "
          f"({args.workers} worker{'s' if args.workers > 1 else ''})", file=sys.stderr, flush=True)
    if args.workers == 1:
        uvicorn.run(served_app(), host=args.host, port=args.port, log_level="info")
    else:
        uvicorn.run(SERVED_APP, factory=True, workers=args.workers, host=args.host, port=args.port, log_level="info")
    return {"ok": True}, "stopped"


def _run(args: argparse.Namespace) -> tuple[Any, str]:
    url = database_url(args.db)
    if args.command == "serve":
        return _serve(args, url)
    if args.command == "migrate":
        return migrate_database(args.db, url)
    if args.command == "backup":
        return backup_database(args.db, url, args.file)
    engine = ledger_engine(args.db, url)
    try:
        return _work(args, engine)
    finally:
        engine.dispose()


def _work(args: argparse.Namespace, engine: Engine) -> tuple[Any, str]:
    factory = db.sessions(engine)
    work: dict[str, Callable[[Any], tuple[Any, str]]] = {
        "merchant add": lambda s: ({"id": service.add_merchant(s, args.id, args.name, args.currency, args.fen_per_point,
                                                                    args.timezone).id},
                                   f"added merchant {args.id}"),
        "merchant rules": lambda s: ({"version": service.set_rules(s, args.id, _rules_file(args.file))},
                                     f"rules of {args.id} set"),
        "terminal add": lambda s: _token(service.add_terminal(s, args.merchant, args.store, args.terminal)),
        "terminal revoke": lambda s: _revoked(s, args.merchant, args.terminal),
        "terminal token": lambda s: _renewed(service.renew_token(s, args.merchant, args.terminal)),
        "terminal list": lambda s: terminal_list.listing(terminal_list.terminals(s, args.merchant, args.store)),
        "admin-token": lambda s: _token(service.add_admin_token(s)),
        "report day": lambda s: _report(service.day_report(s, Scope(args.merchant, args.store, args.terminal),
                                                           _day(args.date) if args.date is not None else _today_of(s, args.merchant)),
                                        conflicts.count(s, args.merchant)),
        "report conflicts": lambda s: _conflicts(args.merchant, conflicts.conflicts(s, args.merchant),
                                                 conflicts.shared_phones(s, args.merchant),
                                                 conflicts.unexpected_bonuses(s, args.merchant)),
        "report overdrawn": lambda s: _overdrawn(args.merchant, service.overdrawn(s, args.merchant)),
        "report coupon-clashes": lambda s: _clashes(args.merchant, mall.coupon_clashes(s, args.merchant)),
        "report limit-breaches": lambda s: _breaches(mall.limit_breaches(s, args.merchant)),
        "mall set": lambda s: (mall.set_item(s, args.merchant, _json_arg(args.item)), f"item set for {args.merchant}"),
        "mall stock": lambda s: _stock(args.merchant, mall.set_stock(s, args.merchant, args.item, args.store, args.stock)),
        "mall list": lambda s: _catalog(args.merchant, mall.list_items(s, args.merchant)),
        "offer add": lambda s: (mall.add_offer(s, args.merchant, args.id, args.title, args.partner, args.points, args.start,
                                               args.until, _lines(args.codes)), f"offer {args.id} added"),
        "settle": lambda s: _settlement(s, *_period(args.start, args.end)),
        "expire": lambda s: _expired(*expire_all(s, _not_ahead(_day(args.date)) if args.date is not None else None)),
    }
    name = args.command + (f" {args.action}" if getattr(args, "action", None) else "")
    data, text = db.in_transaction(factory, work[name])
    return data, text


def _stock(merchant: str, row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    if row["store_known"]:
        return row, "stock set"
    return row, (f"stock set; no terminal of {merchant} is in store {row['store']} yet: check the name against "
                 "jifen-ledger terminal add --store")


def _not_ahead(day: date) -> date:
    """Expiry cannot be undone: a date no shop anywhere has reached yet (UTC+14) is a mistake."""
    if day > Clock.from_env().today(ZoneInfo("Etc/GMT-14")):
        raise LedgerRefusal("bad_input", f"{day} has not come yet: points are expired on or after their day, "
                                         "and expiring them cannot be undone")
    return day


def _period(start: str, end: str) -> tuple[date, date]:
    first, last = _day(start), _day(end)
    if last < first:
        raise LedgerRefusal("bad_input", f"the period ends ({last}) before it starts ({first})")
    return first, last


def _json_arg(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise LedgerRefusal("bad_input", f"not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise LedgerRefusal("bad_input", "an item is a JSON object")
    return value


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerRefusal("bad_input", f"{path}: {exc}") from None


def _revoked(session: Any, merchant: str, terminal: str) -> tuple[dict[str, Any], str]:
    retired = service.revoke_terminal(session, merchant, terminal)
    lines = [f"terminal {terminal} of {merchant} revoked: its token is refused from now on",
             "entries this terminal has not sent yet are refused from now on; if it is being retired rather than lost, "
             "let it sync first (`jifen sync` on it) and check `terminal list`"]
    if retired.denied or retired.already:
        lines.append(f"its keys are on the deny list: every other terminal of {merchant} refuses the member codes they "
                     "signed from its next sync, so members whose cards it printed need new ones (jifen print card or "
                     "jifen member card at any other terminal)")
        lines += [f"  {key}" for key in (*retired.denied, *retired.already)]
    else:
        lines.append("the ledger holds no key of it (it never synced), so no other terminal trusts its member codes")
    lines += [f"  {key} kept: terminal {', '.join(others)} still uses it too" for key, others in retired.shared]
    lines.append("jifen-ledger terminal token lets it in again and trusts its keys again: only for a terminal revoked "
                 "by mistake; a replacement starts under a new terminal id")
    data = {"revoked": terminal, "keys_denied": [*retired.denied, *retired.already],
            "keys_kept": [{"key": key, "terminals": list(others)} for key, others in retired.shared]}
    return data, "\n".join(lines)


def _token(token: str) -> tuple[dict[str, str], str]:
    return {"token": token}, f"{token}\n(shown once: keep it now; the ledger stores only its hash)"


def _renewed(renewed: service.NewToken) -> tuple[dict[str, Any], str]:
    data, text = _token(renewed.token)
    if not renewed.trusted_again:
        return data, text
    keys = "".join(f"\n  {key}" for key in renewed.trusted_again)
    return data | {"keys_trusted_again": list(renewed.trusted_again)}, (
        f"{text}\nits keys are off the deny list: the other terminals accept the member codes they signed again from "
        f"their next sync{keys}")


def _expired(points: int, members: int) -> tuple[dict[str, int], str]:
    return {"expired_points": points, "members": members}, f"expired {points:,} points of {members} members"


def _breaches(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    lines = [f"{r['member_id']} took {r['item_id']} ({r['name_en']}) {r['taken']} times"
             + (f" on {r['date']}" if r["date"] else " in all") + f", the limit is {r['allowed']}: "
             + ", ".join(f"{t} {n}" for t, n in r["terminals"].items()) for r in rows]
    return {"breaches": rows}, "\n".join(lines) or "no per-member limit was broken"


def _clashes(merchant: str, rows: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    lines = [f"coupon {r['coupon_id']} of member {r['member_id']} taken off twice: {r['first_use']}, then {r['second_use']} "
             f"on {r['date']} ({format_fen(r['discount_fen'])} off the second time)" for r in rows]
    return {"clashes": rows}, "\n".join(lines) or f"no coupon of {merchant} was used twice"


def _catalog(merchant: str, items: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    lines = []
    for item in items:
        what = f"{item['id']}  {item['name_zh']} / {item['name_en']}  {item['points']:,} points"
        if item.get("topup_fen"):
            what += f" + {format_fen(item['topup_fen'])}"
        if item.get("kind") == "coupon":
            what += f", a coupon: {format_fen(item['value_fen'])} off from {format_fen(item['min_spend_fen'])}"
        if item.get("on_sale") is False:
            what += ", off sale"
        stock = ", ".join(f"{store} {left:,}" for store, left in item["stock"].items())
        lines.append(f"{what}; stock: {stock or 'no limit'}")
    return {"items": items}, "\n".join(lines) or f"the catalog of {merchant} is empty"


_SCOPE = ("date", "merchant", "store", "terminal")
# Where the field's own name does not say it plainly; the others read as their names do.
_LABELS = {
    "gross_fen": "Gross", "points_paid_fen": "Paid with points", "refunds_fen": "Refunded",
    "refund_cash_fen": "Refunded as cash", "refund_card_fen": "Refunded to card", "drawer_cash_fen": "Cash in drawer",
    "net_card_fen": "Card, net", "points_bonus": "Bonus points", "points_reversed": "Points taken back",
    "liability_points": "Points outstanding", "exchanges": "Gift exchanges", "exchange_points": "Points spent on gifts",
    "exchange_topup_fen": "Gift top-ups", "exchanges_cancelled": "Gift exchanges cancelled",
    "topup_cash_fen": "Gift top-ups in cash", "topup_card_fen": "Gift top-ups by card",
    "coupon_points": "Points spent on coupons", "coupon_discount_fen": "Coupon money off",
    "claim_points": "Points spent on codes",
    "points_of_other_merchants_redeemed": "Other merchants' points redeemed here",
    "points_redeemed_at_other_merchants": "Our points redeemed at other merchants",
    "opening_liability_points": "Points outstanding the day before",
}
# Shown when members spent another merchant's points that day; JSON keeps them, 0 or not, as the day's sum needs them.
_SHARED_POINTS = ("points_of_other_merchants_redeemed", "points_redeemed_at_other_merchants")


def _label(field: str) -> str:
    return _LABELS.get(field) or field.removesuffix("_fen").replace("_", " ").capitalize()


def _report(data: dict[str, Any], conflicts_recorded: int) -> tuple[dict[str, Any], str]:
    scope = [f"merchant {data['merchant']}"] + [f"{key} {data[key]}" for key in ("store", "terminal") if data[key]]
    title = f"Day totals of {data['date']} for {', '.join(scope)}" + ("" if len(scope) > 1 else ", all stores")
    shared = any(data.get(field) for field in _SHARED_POINTS)
    labels = {field: _report_label(field, data) for field, value in worth_showing(data).items()
              if field not in _SCOPE and isinstance(value, int) and (shared or field not in _SHARED_POINTS)}
    column = max([24, *(len(label) + 2 for label in labels.values())])  # the labels are English
    rows = [f"  {pad(label, column)}{pad_left(_figure(field, data[field]), 16)}" for field, label in labels.items()]
    cashiers = [f"  {pad(name, 24)}{pad_left(_sales(t['sales']), 12)}{pad_left(format_fen(t['gross_fen']), 16)}"
                f"{pad_left(format_fen(t['drawer_cash_fen']) + ' cash', 20)}" for name, t in data["cashiers"].items()]
    lines = [title, *rows, *(["Cashiers:", *cashiers] if cashiers else [])]
    if conflicts_recorded:
        lines.append(f"{_conflicts_of(conflicts_recorded, data['merchant'])} to look at: "
                     f"jifen-ledger report conflicts --merchant {data['merchant']}")
    return data, "\n".join(lines)


def _report_label(field: str, data: dict[str, Any]) -> str:
    """A store's or a terminal's day says its outstanding points are the merchant's: members spend them at any store."""
    if field == "liability_points" and (data["store"] or data["terminal"]):
        return f"Points outstanding, all of {data['merchant']}'s stores"
    return _label(field)


def _figure(field: str, value: int) -> str:
    return format_fen(value) if field.endswith("_fen") else f"{value:,}"


def _sales(count: int) -> str:
    return f"{count:,} sale" + ("" if count == 1 else "s")


def _conflicts_of(count: int, merchant: str | None) -> str:
    return f"{count} conflict{'' if count == 1 else 's'}" + (f" of {merchant}" if merchant else "")


def _conflicts(merchant: str | None, rows: list[dict[str, Any]], phones: list[dict[str, Any]],
               bonuses: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    data = {"conflicts": rows, "shared_phones": phones, "unexpected_bonuses": bonuses}
    if not rows and not phones and not bonuses:
        return data, "no conflict was recorded" + (f" for {merchant}" if merchant else "")
    lines = [f"{_conflicts_of(len(rows) + len(phones) + len(bonuses), merchant)} to look at:"]
    for r in rows:
        where = ("" if merchant else f"merchant {r['merchant']}, ") + f"{r['store']} terminal {r['terminal']}"
        lines += [f"  {r['at']}  {where}: entry {r['seq']} {r['what']}", f"    To do: {r['to_do']}"]
    for phone in phones:
        lines.append(f"  phone {phone['phone']} has {len(phone['members'])} members: it {phone['what']}")
        lines += [f"    {m['id']}  {_registered(m, merchant)}, balance {m['balance']:,} points" for m in phone["members"]]
        lines.append(f"    To do: {phone['to_do']}")
    for b in bonuses:
        where = ("" if merchant else f"merchant {b['merchant']}, ") + f"{b['store']} terminal {b['terminal']}"
        given = " or ".join(f"{points:,}" for points in b["given"]) or "none"
        lines += [(f"  {b['date']}  {where}: entry {b['seq']}, a {b['reason']} bonus of {b['points']:,} points to member "
                   f"{b['member']}: {b['what']} (the rules give {given})"), f"    To do: {b['to_do']}"]
    return data, "\n".join(lines)


def _registered(member: dict[str, Any], merchant: str | None) -> str:
    """``registered 2027-03-01 09:00 at A店 terminal A1``, naming the merchant when it is another's."""
    shop = "" if member["merchant"] == merchant else f"merchant {member['merchant']}, "
    return f"registered {member['registered_at']} at {shop}{member['store']} terminal {member['terminal']}"


def _overdrawn(merchant: str, members: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    if not members:
        return {"members": members}, f"no member of {merchant} owes points"
    lines = [f"1 member of {merchant} owes points:" if len(members) == 1
             else f"{len(members)} members of {merchant} owe points:"]
    for member in members:
        lines.append(f"  {member['member_id']}  {member['phone']}  owes {member['debt']:,} points, run into by:")
        lines += [f"    {e['date']}  {e['store']} terminal {e['terminal']} entry {e['seq']}: {e['points']:,} points"
                  for e in member["entries"]]
    return {"members": members}, "\n".join(lines)


def _settlement(session: Any, start: date, end: date) -> tuple[dict[str, Any], str]:
    positions = service.settle(session, start, end)
    if not positions:
        return {"positions": positions}, (f"nothing to settle from {start} to {end}: "
                                          "no points were spent at another merchant")
    width = max(len(p["merchant"]) for p in positions)
    lines = [f"Settlement from {start} to {end}:"]
    for p in positions:
        fen, points = p["net_fen"], f"{p['net_points']:+,} points"
        owes = f"owes {format_fen(-fen)}" if fen < 0 else f"is owed {format_fen(fen)}" if fen > 0 else "is even"
        lines.append(f"  {pad(p['merchant'], width)}  {owes} (net {points})")
    return {"positions": positions}, "\n".join(lines)


def _database_problem(exc: SQLAlchemyError) -> str:
    return f"the ledger database failed: {db.first_line(exc)}"


@dataclass(frozen=True)
class Answer:
    """What a run prints, where, and how it exits."""

    status: int
    text: str
    on_stderr: bool = False


def _problem(status: int, code: str, message: str, as_json: bool) -> Answer:
    if as_json:
        return Answer(status, json.dumps({"error": code, "message": message}, ensure_ascii=False))
    return Answer(status, message, on_stderr=True)


def answer(argv: list[str]) -> Answer:
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        as_json = args.json
        data, text = _run(args)
        return Answer(0, json.dumps(data, ensure_ascii=False) if as_json else text)
    except LedgerRefusal as refused:
        return _problem(2, refused.code, refused.message, as_json)
    except DatabaseDown as down:
        return _problem(1, "unreachable", down.message, as_json)
    except SQLAlchemyError as exc:
        log.debug("database failure", exc_info=True)  # shown with logging at debug level, never by default
        return _problem(1, "database", _database_problem(exc), as_json)
    except sqlite3.Error as exc:  # a backup the disk could not hold
        return _problem(1, "database", f"the database failed: {exc}", as_json)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return _problem(1, "io", f"cannot open the ledger's files: {exc.strerror or exc}{where}", as_json)
    except KeyboardInterrupt:
        return Answer(130, "")
    except Exception:  # noqa: BLE001 - one line and the log, never a traceback
        return _unexpected(as_json)


class _QuietLog(RotatingFileHandler):
    """A log file that cannot be written is given up on quietly: never a traceback on the console."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True


def _log_file() -> Path | None:
    """The ledger's data folder (where its default SQLite file is), else the temp folder; None: neither is writable."""
    for folder in (default_home().parent / "jifen-ledger", Path(tempfile.gettempdir())):
        path = folder / "jifen-ledger-error.log"
        if os.access(path if path.exists() else folder, os.W_OK):
            return path
    return None


def _unexpected(as_json: bool) -> Answer:
    """Logged with its traceback (to the file only), one line on the console, exit 1: as `jifen` does."""
    path = _log_file()
    handler: logging.Handler = (logging.NullHandler() if path is None
                                else _QuietLog(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    failures = logging.getLogger("jifen.ledger.cli")
    failures.propagate = False
    failures.addHandler(handler)
    try:
        failures.exception("unexpected failure")
    finally:
        failures.removeHandler(handler)
        handler.close()
    if path is None or getattr(handler, "failed", False):
        return _problem(1, "internal", "unexpected failure; the details could not be written to a log", as_json)
    return _problem(1, "internal", f"unexpected failure; details are in {path}", as_json)


def _stop_writing(stream: TextIO) -> None:
    """Point the stream at /dev/null, so that Python's own flush at exit does not fail on it again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):
        pass  # not a file descriptor (a test captures it): nothing is left to flush


def main(argv: list[str] | None = None) -> int:
    said = answer(sys.argv[1:] if argv is None else argv)
    stream = sys.stderr if said.on_stderr else sys.stdout
    try:
        if said.text:
            print(said.text, file=stream)
        stream.flush()
    except BrokenPipeError:  # the reader went away (`jifen-ledger report day | head`)
        _stop_writing(stream)
        return 1
    except OSError as exc:  # a full disk or a closed stream: the command itself ran
        _stop_writing(stream)
        _unwritten(said.status, exc)
        return said.status or 1
    return said.status


def _unwritten(status: int, exc: OSError) -> None:
    """Say on stderr, if it can be written, that the answer was lost but not the work it reports."""
    what = "done, but its answer" if status == 0 else "its answer"
    try:
        print(f"jifen-ledger: {what} could not be written: {exc.strerror or exc}", file=sys.stderr, flush=True)
    except OSError:
        _stop_writing(sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
