"""`jifen-ledger`: run and administer the central ledger (see cli.md)."""

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ledger import db, mall, service
from ledger.expiry import expire_all
from ledger.service import LedgerRefusal, Scope
from terminal.clock import Clock

log = logging.getLogger("jifen.ledger")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise LedgerRefusal("bad_input", f"{message} (see 'jifen-ledger --help')")


def _day(text: str | None) -> date:
    if text is None:
        return Clock.from_env().today(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LedgerRefusal("bad_input", f"'{text}' is not a date like 2026-03-01") from None


def _common(defaults: bool) -> Parser:
    """--db and --json go before or after the command words."""
    common = Parser(add_help=False)
    db_default = db.default_url() if defaults else argparse.SUPPRESS
    common.add_argument("--db", metavar="URL", default=db_default,
                        help="sqlite:///PATH (default) or postgresql+psycopg://USER@HOST/DB; else $JIFEN_LEDGER_DB")
    common.add_argument("--json", action="store_true", help="print one JSON object",
                        **({} if defaults else {"default": argparse.SUPPRESS}))
    return common


def build_parser() -> Parser:
    root = Parser(prog="jifen-ledger", description="jifen central ledger", parents=[_common(True)])
    common = _common(False)

    def command(parent: Any, name: str, help: str) -> Parser:
        return parent.add_parser(name, help=help, description=help, parents=[common])  # type: ignore[no-any-return]

    def group(name: str, help: str) -> Any:
        return command(sub, name, help).add_subparsers(dest="action", required=True, parser_class=Parser)

    sub = root.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=Parser)
    command(sub, "migrate", "create or upgrade the schema")
    p = command(sub, "serve", "run the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8470)
    p.add_argument("--workers", type=int, default=1, help="server processes, one per core (default 1)")
    merchant = group("merchant", "merchants")
    p = command(merchant, "add", "add a merchant")
    p.add_argument("id", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--currency", help="share a points currency with the merchants naming the same one")
    p.add_argument("--fen-per-point", type=int, default=1, help="what a point is worth when merchants settle")
    p = command(merchant, "rules", "set the rule set terminals pull, from a rules.toml")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", metavar="FILE")
    terminal = group("terminal", "terminals")
    p = command(terminal, "add", "register a terminal and print its token, once")
    p.add_argument("--merchant", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--terminal", required=True)
    command(sub, "admin-token", "make an admin token for the HTTP API and print it, once")
    report = group("report", "reports")
    p = command(report, "day", "day totals across the merchant's stores")
    p.add_argument("--merchant", required=True)
    p.add_argument("--date")
    p.add_argument("--store")
    p.add_argument("--terminal")
    p = command(report, "overdrawn", "members in debt, with the entries that did it")
    p.add_argument("--merchant", required=True)
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
    p.add_argument("--date")
    return root


def _rules_file(path: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LedgerRefusal("bad_rules", f"{path}: {exc}") from None


def _serve(args: argparse.Namespace) -> tuple[Any, str]:
    import uvicorn

    from ledger.api import SERVED_APP, served_app

    if not 1 <= args.workers <= 64:
        raise LedgerRefusal("bad_input", "--workers must be from 1 to 64")
    os.environ[db.DB_VARIABLE] = args.db  # each worker process opens it again: see ledger.api.served_app
    if args.workers == 1:
        uvicorn.run(served_app(), host=args.host, port=args.port, log_level="info")
    else:
        uvicorn.run(SERVED_APP, factory=True, workers=args.workers, host=args.host, port=args.port, log_level="info")
    return {"ok": True}, "stopped"


def _run(args: argparse.Namespace) -> tuple[Any, str]:
    if args.command == "serve":
        return _serve(args)
    engine = db.open_engine(args.db)
    if args.command == "migrate":
        db.migrate(engine)
        db.in_transaction(db.sessions(engine), service.ensure_counters)
        return {"ok": True, "db": engine.url.render_as_string(hide_password=True)}, "schema is up to date"
    factory = db.sessions(engine)
    work: dict[str, Callable[[Any], tuple[Any, str]]] = {
        "merchant add": lambda s: ({"id": service.add_merchant(s, args.id, args.name, args.currency, args.fen_per_point).id},
                                   f"added merchant {args.id}"),
        "merchant rules": lambda s: ({"version": service.set_rules(s, args.id, _rules_file(args.file))},
                                     f"rules of {args.id} set"),
        "terminal add": lambda s: _token(service.add_terminal(s, args.merchant, args.store, args.terminal)),
        "admin-token": lambda s: _token(service.add_admin_token(s)),
        "report day": lambda s: _report(service.day_report(s, Scope(args.merchant, args.store, args.terminal), _day(args.date))),
        "report overdrawn": lambda s: ({"members": service.overdrawn(s, args.merchant)}, ""),
        "report coupon-clashes": lambda s: ({"clashes": mall.coupon_clashes(s, args.merchant)}, ""),
        "report limit-breaches": lambda s: _breaches(mall.limit_breaches(s, args.merchant)),
        "mall set": lambda s: (mall.set_item(s, args.merchant, _json_arg(args.item)), f"item set for {args.merchant}"),
        "mall stock": lambda s: (mall.set_stock(s, args.merchant, args.item, args.store, args.stock), "stock set"),
        "mall list": lambda s: ({"items": mall.list_items(s, args.merchant)}, ""),
        "offer add": lambda s: (mall.add_offer(s, args.merchant, args.id, args.title, args.partner, args.points, args.start,
                                               args.until, _lines(args.codes)), f"offer {args.id} added"),
        "settle": lambda s: ({"positions": service.settle(s, _day(args.start), _day(args.end))}, ""),
        "expire": lambda s: _expired(*expire_all(s, _day(args.date))),
    }
    name = args.command + (f" {args.action}" if getattr(args, "action", None) else "")
    data, text = db.in_transaction(factory, work[name])
    return data, text or json.dumps(data, ensure_ascii=False, indent=2)


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


def _token(token: str) -> tuple[dict[str, str], str]:
    return {"token": token}, f"{token}\n(shown once: keep it now; the ledger stores only its hash)"


def _expired(points: int, members: int) -> tuple[dict[str, int], str]:
    return {"expired_points": points, "members": members}, f"expired {points:,} points of {members} members"


def _breaches(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    lines = [f"{r['member_id']} took {r['item_id']} ({r['name_en']}) {r['taken']} times"
             + (f" on {r['date']}" if r["date"] else " in all") + f", the limit is {r['allowed']}: "
             + ", ".join(f"{t} {n}" for t, n in r["terminals"].items()) for r in rows]
    return {"breaches": rows}, "\n".join(lines) or "no per-member limit was broken"


def _report(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    return data, "\n".join(f"{k:20} {v}" for k, v in data.items() if not isinstance(v, dict))


def _database_problem(exc: SQLAlchemyError) -> str:
    cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if isinstance(exc, OperationalError) and ("connect" in cause or "unable to open" in cause):
        return f"cannot open the ledger database: {cause} (check --db or $JIFEN_LEDGER_DB, and that the server is running)"
    return f"the ledger database failed ({type(exc).__name__}: {cause}); is the schema migrated? (jifen-ledger migrate)"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        as_json = args.json
        data, text = _run(args)
        print(json.dumps(data, ensure_ascii=False) if as_json else text)
        return 0
    except LedgerRefusal as refused:
        if as_json:
            print(json.dumps({"error": refused.code, "message": refused.message}, ensure_ascii=False))
        else:
            print(refused.message, file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        log.debug("database failure", exc_info=True)  # shown with logging at debug level, never by default
        message = _database_problem(exc)
        if as_json:
            print(json.dumps({"error": "database", "message": message}, ensure_ascii=False))
        else:
            print(message, file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        message = f"cannot open the ledger's files: {exc.strerror or exc}{where}"
        print(json.dumps({"error": "io", "message": message}, ensure_ascii=False) if as_json else message,
              file=sys.stdout if as_json else sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
