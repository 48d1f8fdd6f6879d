"""`jifen-ledger`: run and administer the central ledger (see cli.md). The database layer is imported by the commands
that use it: `jifen-ledger --version`, `--help` or a mistyped option load none of it."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

from ledger.cli_text import conflicts_text, day_report_text, format_fen, overdrawn_text, settlement_text
from ledger.db_url import ACCEPTED_URLS, DB_VARIABLE, default_folder, default_url
from ledger.help_zh import HELP_ZH
from ledger.refusal import LedgerRefusal
from terminal.argparse_zh import ChineseHelp, in_chinese
from terminal.clock import Clock
from terminal.home import user_temp_file
from terminal.lang import console_streams, say
from terminal.money import half_width
from terminal.version import installed_version

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.exc import SQLAlchemyError

    from ledger.service import NewToken, Scope

log = logging.getLogger("jifen.ledger")


class Parser(ChineseHelp):
    help_zh = HELP_ZH

    def error(self, message: str) -> NoReturn:
        raise LedgerRefusal("bad_input", f"{message} (see 'jifen-ledger --help')",
                            zh=f"{in_chinese(message) or message}（见 jifen-ledger --help）")


def _day_report(session: Any, scope: Scope, text: str | None, until_text: str | None = None) -> tuple[dict[str, Any], str]:
    """The day asked for, else the merchant's today, or the period from it to --until; a day the merchant has not
    reached yet is said to be one, and so is a period's last day."""
    from ledger import conflicts, service, terminal_list
    from ledger.snapshots import merchant_today

    asked = None if text is None else _day(text)
    today = merchant_today(service.merchant_of(session, scope.merchant))
    day = today if asked is None else asked
    until = None if until_text is None else _until(day, _day(until_text))
    report = service.period_report(session, scope, day, until)
    report["behind"] = terminal_list.behind(session, scope, until or day)
    data, shown = day_report_text(report, conflicts.count(session, scope.merchant))
    if (until or day) <= today:
        return data, shown
    title, _, rest = shown.partition("\n")
    return data | {"day_to_come": True}, f"{title}\n! {_to_come(scope.merchant, today, until is not None)}\n{rest}"


def _until(day: date, until: date) -> date | None:
    """The period's last day; None for the day itself, a day's report."""
    from ledger import service

    if until < day:
        raise LedgerRefusal("bad_input", f"--until {until} is before the period's first day, {day}",
                            zh=f"--until {until} 早于期间的第一天 {day}")
    if (until - day).days >= service.MAX_REPORT_DAYS:
        raise LedgerRefusal("bad_input", f"a period spans at most {service.MAX_REPORT_DAYS} days: {day} to {until} is longer",
                            zh=f"期间最多 {service.MAX_REPORT_DAYS} 天：{day} 至 {until} 超出了")
    return None if until == day else until


def _to_come(merchant: str, today: date, period: bool) -> str:
    if period:
        return say(f"This period's last day has not come yet (it is {today} at merchant {merchant}): its figures are so "
                   "far, and the points outstanding are today's, before any that expire by then",
                   f"该期间的最后一天尚未到来（商户 {merchant} 今天是 {today}）：数字截至目前；会员持有积分为目前的数字，"
                   "未扣除届时将过期的积分")
    return say(f"This day has not come yet (it is {today} at merchant {merchant}): nothing can have been sold on "
               "it, and the points outstanding are today's, before any that expire by then",
               f"该日尚未到来（商户 {merchant} 今天是 {today}）：该日不可能有销售；会员持有积分为目前的数字，"
               "未扣除届时将过期的积分")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LedgerRefusal("bad_input", f"'{text}' is not a date like 2026-03-01",
                            zh=f"“{text}”不是日期，格式如 2026-03-01") from None


class _Date(argparse.Action):
    """--date given empty is refused, as by `jifen`: it is not taken as "today"."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if isinstance(values, str) and not values.strip():
            raise LedgerRefusal("bad_input", f"{parser.prog}: {option_string} is empty; give a value",
                                zh=f"{parser.prog}：{option_string} 为空；请给出一个值")
        setattr(namespace, self.dest, values)


def _port(text: str) -> int:
    cleaned = half_width(text).strip()
    if not re.fullmatch("[-+]?[0-9]{1,6}", cleaned):
        raise argparse.ArgumentTypeError(say(f"'{text[:40]}' is not a port number", f"“{text[:40]}”不是端口号"))
    port = int(cleaned)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(say(f"{port} is not a port: give one from 1 to 65535",
                                             f"{port} 不是端口号：请给 1 到 65535 之间的数"))
    return port


MAX_DIGITS = 30  # a longer number is a typing accident, and too long to repeat in a message


def _whole_number(text: str) -> int:
    """ASCII digits only, as the till and the HTTP API read them (full-width ones from a Chinese input method too,
    as the till does): int() would also take Arabic-Indic digits. The command checks the range."""
    cleaned = half_width(text).strip()
    shown = text if len(text) <= 40 else f"{text[:20]}… ({len(text):,} characters)"
    if not re.fullmatch("[-+]?[0-9]+", cleaned):
        raise argparse.ArgumentTypeError(say(f"'{shown}' is not a whole number: write it in digits 0 to 9, like 120",
                                             f"“{shown}”不是整数：请用数字 0 到 9 书写，如 120"))
    if len(cleaned) > MAX_DIGITS:
        raise argparse.ArgumentTypeError(say(f"'{shown}' is too large", f"“{shown}”太大"))
    return int(cleaned)


def _common(defaults: bool) -> Parser:
    """--db and --json go before or after the command words."""
    common = Parser(add_help=False)
    db_default = default_url() if defaults else argparse.SUPPRESS
    common.add_argument("--db", metavar="URL", default=db_default,
                        help=f"{ACCEPTED_URLS}; else $JIFEN_LEDGER_DB, else a SQLite file in the data folder")
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
    p.add_argument("--workers", type=_whole_number, default=1, help="server processes, one per core (default 1)")
    merchant = group("merchant", "merchants")
    p = command(merchant, "add", "add a merchant")
    p.add_argument("id", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--currency", help="share a points currency with the merchants naming the same one")
    p.add_argument("--fen-per-point", type=_whole_number, default=1, help="what a point is worth when merchants settle")
    p.add_argument("--timezone", default="Asia/Shanghai",
                   help="its stores' time zone, for business dates and expiry (default Asia/Shanghai)")
    p = command(merchant, "rules", "set the rule set terminals pull, from a rules.toml")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--yes", action="store_true",
                   help="set it even though settings the file leaves out go back to their defaults")
    p = command(merchant, "rules-history", "each rule set the merchant's tills were given, oldest first: when it was "
                "set and what it changed")
    p.add_argument("id", metavar="ID")
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
    p = command(terminal, "list", "the merchant's terminals: state, entries held, when the last arrived, rules version, "
                "conflicts")
    p.add_argument("--merchant", required=True)
    p.add_argument("--store")
    command(sub, "admin-token", "make an admin token for the HTTP API and print it, once")
    report = group("report", "reports")
    p = command(report, "day", "day totals across the merchant's stores")
    p.add_argument("--merchant", required=True)
    p.add_argument("--date", action=_Date)
    p.add_argument("--until", action=_Date, metavar="DATE",
                   help="the last day of a period from --date: its totals, each member served counted once")
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
    p.add_argument("--stock", type=_whole_number, required=True)
    p = command(mall_group, "list", "the merchant's catalog with each store's stock")
    p.add_argument("--merchant", required=True)
    offer = group("offer", "partner offers: redemption codes members claim for points")
    p = command(offer, "add", "add an offer and its codes (one per line in FILE)")
    p.add_argument("--merchant", required=True)
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", required=True)
    p.add_argument("--partner", default="")
    p.add_argument("--points", type=_whole_number, required=True)
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
    """The file a person wrote, perhaps in Notepad (UTF-8 with a BOM, or GBK it calls 'ANSI'), said as the till
    says its own rules.toml."""
    from terminal.toml_file import Unreadable, read_toml

    try:
        return read_toml(Path(path))
    except OSError as exc:
        raise LedgerRefusal("bad_rules", f"{path}: {exc}", zh=f"{path}：无法读取（{exc}）") from None
    except Unreadable as bad:
        raise LedgerRefusal("bad_rules", f"{path} {bad.en}", zh=f"{path} {bad.zh}") from None


def _rules_set(session: Any, merchant_id: str, path: str, yes: bool) -> tuple[dict[str, Any], str]:
    """The rules set, what they change, and a warning where a point is worth at the tills other than what settlement
    pays for it. A file that leaves out settings the rules in force hold otherwise is refused unless ``yes``."""
    from ledger import service
    from ledger.snapshots import rules_of
    from sync.protocol import left_out, rules_changes

    wanted = _rules_file(path)
    before = rules_of(service.merchant_of(session, merchant_id))
    after = service.checked_rules(wanted, Path(path).name)
    dropped = left_out(wanted, before, after)
    if dropped and not yes:
        raise LedgerRefusal("bad_rules", f"{path} leaves out {', '.join(dropped)}, which the rules of {merchant_id} "
                            "in force set otherwise: set without them, they go back to their defaults. Add them to the "
                            "file (jifen rules show at a till shows them), or give --yes; nothing was changed",
                            zh=f"{path} 缺少 {'、'.join(dropped)}，而商户 {merchant_id} 的现行规则对其另有设置：按此文件设置，"
                            "这些设置将恢复为默认值。请把它们补进文件（可在终端上用 jifen rules show 查看），或加 --yes；"
                            "未做任何修改")
    data: dict[str, Any] = {"version": service.store_rules(session, merchant_id, after)}
    changes = rules_changes(before, after)
    data["changes"] = [say(en, zh) for en, zh in changes]
    merchant = service.merchant_of(session, merchant_id)
    per_yuan, fen = rules_of(merchant).points_per_yuan, merchant.fen_per_point
    if per_yuan * fen != 100:
        data |= {"warning": "point_value", "points_per_yuan": per_yuan, "fen_per_point": fen,
                 "message": _point_value_warning(merchant_id, per_yuan, fen)}
    listed = "".join(f"\n  {line}" for line in data["changes"])
    return data, say(f"rules of {merchant_id} set (version {data['version']})" + (
                         f"; the tills take them at their next sync. Changes:{listed}" if changes else ": no change"),
                     f"已设置商户 {merchant_id} 的规则（版本 {data['version']}）" + (
                         f"；各终端下次同步时采用。改动：{listed}" if changes else "：无改动"))


def _point_value_warning(merchant: str, per_yuan: int, fen: int) -> str:
    return say(f"warning: {per_yuan:,} points pay {format_fen(100)} at {merchant}'s tills, but settlement between "
               f"merchants will pay {fen} fen a point ({format_fen(per_yuan * fen)} for {per_yuan:,} points): "
               f"{merchant} was added with --fen-per-point {fen}",
               f"警告：在 {merchant} 的终端上 {per_yuan:,} 积分抵 {format_fen(100)}，但商户间结算将按每积分 {fen} 分计"
               f"（{per_yuan:,} 积分计 {format_fen(per_yuan * fen)}）：添加 {merchant} 时 --fen-per-point 为 {fen}")


def _serve(args: argparse.Namespace, url: URL) -> tuple[Any, str]:
    from ledger import serve_lock
    from ledger.preflight import DatabaseDown, ledger_engine, sqlite_file

    if not 1 <= args.workers <= 64:
        raise LedgerRefusal("bad_input", "--workers must be from 1 to 64", zh="--workers 须在 1 到 64 之间")
    path = sqlite_file(url)
    with ExitStack() as stack:
        if path is not None and path.exists():  # before its schema is read: a migrate under way is said as such
            stack.enter_context(serve_lock.serving(path))  # migrate refuses to touch the file until serve ends
        try:
            engine = ledger_engine(args.db, url, serving=True)
        except DatabaseDown as down:  # nothing could be served: refuse to start rather than answer 500s
            raise LedgerRefusal("unreachable", down.message, zh=down.zh) from None
        return _served(args, url, engine)  # which disposes of the engine


def _served(args: argparse.Namespace, url: URL, engine: Engine) -> tuple[Any, str]:
    from ledger import serving  # uvicorn: for serve only
    from ledger.preflight import check_listening, named_database, plain_http_warning

    try:
        check_listening(args.host, args.port)
        held = serving.hold_port(args.host, args.port) if args.workers > 1 else None  # from now on: ledger.serving
        _skip_changes(engine, named_database(url))
    finally:
        engine.dispose()
    import uvicorn

    from ledger.api import SERVED_APP, served_app

    os.environ[DB_VARIABLE] = args.db  # each worker process opens it again: see ledger.api.served_app
    print(f"jifen-ledger: serving {named_database(url)} on http://{args.host}:{args.port} "
          f"({args.workers} worker{'s' if args.workers > 1 else ''})", file=sys.stderr, flush=True)
    warning = plain_http_warning(args.host, args.port)
    if warning:
        print(f"jifen-ledger: {warning}", file=sys.stderr, flush=True)
    if args.workers == 1:
        uvicorn.run(served_app(), host=args.host, port=args.port, log_level="info", log_config=serving.log_config())
    else:
        serving.serve(SERVED_APP, held, args.host, args.port, args.workers, log_level="info",
                      log_config=serving.log_config())
    return {"ok": True}, "stopped"


def _skip_changes(engine: Engine, where: str) -> None:
    """Move the change counter on (service.skip_changes), waiting a bounded time for another session's lock on it."""
    from sqlalchemy.exc import DBAPIError

    from ledger import db, service

    try:
        db.in_transaction(db.sessions(engine), service.skip_changes)
    except DBAPIError as exc:
        if db.unusable(exc) != "busy":
            raise
        raise LedgerRefusal(
            "busy", f"cannot start: another session holds the ledger's change counter in {where} ({db.first_line(exc)}); "
                    "end that session (PostgreSQL: pg_stat_activity, pg_terminate_backend) and start the ledger again",
            zh=f"无法启动：另一个会话锁住了 {where} 中总账的变更计数器（{db.first_line(exc)}）；请结束那个会话"
               "（PostgreSQL：pg_stat_activity、pg_terminate_backend）后再启动总账") from None


def _run(args: argparse.Namespace) -> tuple[Any, str]:
    from ledger.preflight import backup_database, database_url, ledger_engine, migrate_database

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
    from ledger import conflicts, db, mall, rules_history, service, terminal_list
    from ledger.expiry import expire_all
    from ledger.service import Scope

    factory = db.sessions(engine)
    work: dict[str, Callable[[Any], tuple[Any, str]]] = {
        "merchant add": lambda s: ({"id": service.add_merchant(s, args.id, args.name, args.currency, args.fen_per_point,
                                                                    args.timezone).id},
                                   f"added merchant {args.id}"),
        "merchant rules": lambda s: _rules_set(s, args.id, args.file, args.yes),
        "merchant rules-history": lambda s: rules_history.history_text(rules_history.history(s, args.id)),
        "terminal add": lambda s: _token(service.add_terminal(s, args.merchant, args.store, args.terminal)),
        "terminal revoke": lambda s: _revoked(s, args.merchant, args.terminal),
        "terminal token": lambda s: _renewed(service.renew_token(s, args.merchant, args.terminal)),
        "terminal list": lambda s: terminal_list.listing(terminal_list.terminals(s, args.merchant, args.store)),
        "admin-token": lambda s: _token(service.add_admin_token(s)),
        "report day": lambda s: _day_report(s, Scope(args.merchant, args.store, args.terminal), args.date, args.until),
        "report conflicts": lambda s: conflicts_text(args.merchant, conflicts.conflicts(s, args.merchant),
                                                     conflicts.shared_phones(s, args.merchant),
                                                     conflicts.unexpected_bonuses(s, args.merchant)),
        "report overdrawn": lambda s: overdrawn_text(args.merchant, service.overdrawn(s, args.merchant)),
        "report coupon-clashes": lambda s: _clashes(args.merchant, mall.coupon_clashes(s, args.merchant)),
        "report limit-breaches": lambda s: _breaches(mall.limit_breaches(s, args.merchant)),
        "mall set": lambda s: (mall.set_item(s, args.merchant, _json_arg(args.item)), f"item set for {args.merchant}"),
        "mall stock": lambda s: _stock(args.merchant, mall.set_stock(s, args.merchant, args.item, args.store, args.stock)),
        "mall list": lambda s: _catalog(args.merchant, mall.list_items(s, args.merchant)),
        "offer add": lambda s: (mall.add_offer(s, args.merchant, args.id, args.title, args.partner, args.points, args.start,
                                               args.until, _lines(args.codes)), f"offer {args.id} added"),
        "settle": lambda s: settlement_text(s, *_period(args.start, args.end)),
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
                                         "and expiring them cannot be undone",
                            zh=f"{day} 尚未到来：积分在到期日当天或之后才过期，且过期无法撤销")
    return day


def _period(start: str, end: str) -> tuple[date, date]:
    first, last = _day(start), _day(end)
    if last < first:
        raise LedgerRefusal("bad_input", f"the period ends ({last}) before it starts ({first})",
                            zh=f"结束日期（{last}）早于开始日期（{first}）")
    return first, last


def _json_arg(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise LedgerRefusal("bad_input", f"not JSON: {exc}", zh=f"不是 JSON：{exc}") from None
    if not isinstance(value, dict):
        raise LedgerRefusal("bad_input", "an item is a JSON object", zh="商品须是一个 JSON 对象")
    return value


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LedgerRefusal("bad_input", f"{path}: {exc}", zh=f"{path}：无法读取（{exc}）") from None


def _revoked(session: Any, merchant: str, terminal: str) -> tuple[dict[str, Any], str]:
    from ledger import service

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


def _renewed(renewed: NewToken) -> tuple[dict[str, Any], str]:
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
        lines += [f"  ! {short['said']}" for short in item.get("oversold", [])]  # report conflicts says what to do
    return {"items": items}, "\n".join(lines) or f"the catalog of {merchant} is empty"


def _database_problem(exc: SQLAlchemyError) -> str:
    from ledger import db

    return say("the ledger database failed: ", "总账数据库出错：") + db.first_line(exc)


def _read_only_problem(exc: SQLAlchemyError) -> str:
    from ledger import db

    return say("the ledger database takes no writes now (a read-only disk or a standby server): nothing was changed; "
               "its operator must fix it, then run the command again (", "总账数据库现在不接受写入（磁盘只读，或是备用服务器）："
               "未做任何更改；须由其管理员修复后再运行此命令（") + db.first_line(exc) + say(")", "）")


@dataclass(frozen=True)
class Answer:
    """What a run prints, where, and how it exits."""

    status: int
    text: str
    on_stderr: bool = False
    warning: str = ""  # a line for stderr beside a text answer on stdout


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
        if as_json:
            return Answer(0, json.dumps(data, ensure_ascii=False))
        return Answer(0, text, warning=data.get("message", "") if isinstance(data, dict) and "warning" in data else "")
    except LedgerRefusal as refused:
        return _problem(2, refused.code, refused.said, as_json)
    except KeyboardInterrupt:
        return Answer(130, "")
    except Exception as exc:  # noqa: BLE001 - one line and the log, never a traceback
        return _failure(exc, as_json)


def _failure(exc: Exception, as_json: bool) -> Answer:
    """What failed, in one line. Called while ``exc`` is handled (the log takes its traceback); the database layer is
    imported here, not for every command."""
    from sqlalchemy.exc import SQLAlchemyError

    from ledger import db
    from ledger.preflight import DatabaseDown

    if isinstance(exc, DatabaseDown):  # as `jifen sync` with its ledger out of reach: a refusal the operator can act on
        return _problem(2, "unreachable", exc.said, as_json)
    if isinstance(exc, SQLAlchemyError) and db.unusable(exc) == "read_only":  # the operator's to fix, not a bug
        return _problem(2, "database_read_only", _read_only_problem(exc), as_json)
    if isinstance(exc, SQLAlchemyError):
        log.debug("database failure", exc_info=True)  # shown with logging at debug level, never by default
        return _problem(1, "database", _database_problem(exc), as_json)
    if isinstance(exc, sqlite3.Error):  # a backup the disk could not hold
        return _problem(1, "database", say("the database failed: ", "数据库出错：") + str(exc), as_json)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return _problem(1, "io", say("cannot open the ledger's files: ", "无法打开总账的文件：") + f"{exc.strerror or exc}{where}",
                        as_json)
    return _unexpected(as_json)


class _QuietLog(RotatingFileHandler):
    """A log file that cannot be written is given up on quietly: never a traceback on the console."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True


def _log_file() -> Path | None:
    """The ledger's data folder (where its default SQLite file is), else this user's file in the temp folder; None:
    neither is writable."""
    for path in (Path(default_folder()) / "jifen-ledger-error.log", user_temp_file("jifen-ledger-error")):
        if os.access(path if path.exists() else path.parent, os.W_OK):
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
        return _problem(1, "internal", say("unexpected failure; the details could not be written to a log",
                                           "发生意外错误，详情无法写入日志"), as_json)
    return _problem(1, "internal", say(f"unexpected failure; details are in {path}", f"发生意外错误，详情见 {path}"), as_json)


def _stop_writing(stream: TextIO) -> None:
    """Point the stream at /dev/null, so that Python's own flush at exit does not fail on it again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):
        pass  # not a file descriptor (a test captures it): nothing is left to flush


def main(argv: list[str] | None = None) -> int:
    console_streams()
    said = answer(sys.argv[1:] if argv is None else argv)
    stream = sys.stderr if said.on_stderr else sys.stdout
    try:
        if said.text:
            print(said.text, file=stream)
        stream.flush()
        if said.warning:
            print(said.warning, file=sys.stderr, flush=True)
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
    what = say("done, but its answer" if status == 0 else "its answer", "已完成，但其结果" if status == 0 else "结果")
    try:
        print(f"jifen-ledger: {what}" + say(" could not be written: ", "无法写出：") + f"{exc.strerror or exc}",
              file=sys.stderr, flush=True)
    except OSError:
        _stop_writing(sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
