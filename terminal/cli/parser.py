"""The argument grammar of `jifen` (see cli.md); common options go before or after the command."""

import argparse
from typing import Any, NoReturn

from terminal.errors import Refused


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise Refused("bad_input", f"{self.prog}: {message} (see '{self.prog} --help')",
                      f"{self.prog}：命令参数有误：{message}（见“{self.prog} --help”）")


def _line_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a line number (1, 2, …)")
    return int(text)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def _common(defaults: bool) -> Parser:
    """Options every command takes; on sub-commands they must not overwrite what came before."""
    common = Parser(add_help=False, allow_abbrev=False)
    unset: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}
    common.add_argument("--home", metavar="DIR", help="the terminal's data folder (else $JIFEN_HOME)", **unset)
    common.add_argument("--json", action="store_true", help="print one JSON object", **unset)
    common.add_argument("--cashier", metavar="NAME", help="who does it (PIN from $JIFEN_PIN)", **unset)
    common.add_argument("--approver", metavar="NAME", help="manager approving it (PIN from $JIFEN_APPROVER_PIN)", **unset)
    return common


def build_parser() -> Parser:
    common = _common(defaults=False)
    root = Parser(prog="jifen", description="jifen points terminal (积分收银终端)", parents=[_common(defaults=True)],
                  allow_abbrev=False)
    commands = root.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(parent: argparse._SubParsersAction, name: str, help: str) -> Parser:  # type: ignore[type-arg]
        return parent.add_parser(name, help=help, description=help, parents=[common], allow_abbrev=False)

    def group(name: str, help: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
        sub = commands.add_parser(name, help=help, description=help, parents=[common], allow_abbrev=False)
        return sub.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)

    p = command(commands, "init", "create the store in the home folder (owner PIN from $JIFEN_NEW_PIN)")
    p.add_argument("--store", required=True, metavar="NAME")
    p.add_argument("--terminal", required=True, metavar="ID")
    p.add_argument("--merchant", default="local", metavar="ID")
    p.add_argument("--timezone", default="Asia/Shanghai", metavar="TZ")
    p.add_argument("--owner", required=True, metavar="NAME")

    cashier = group("cashier", "cashiers and their roles")
    p = command(cashier, "add", "add a cashier (new PIN from $JIFEN_NEW_PIN)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=("cashier", "manager", "owner"))

    member = group("member", "members")
    p = command(member, "add", "register a member")
    p.add_argument("--phone", required=True)
    p.add_argument("--name")
    p.add_argument("--referrer", metavar="PHONE|ID")
    p = command(member, "show", "show one member")
    p.add_argument("ref", metavar="PHONE|ID")

    p = command(commands, "sale", "record a sale")
    p.add_argument("--member", metavar="PHONE|ID")
    p.add_argument("--line", action="append", default=[], metavar="CATEGORY:AMOUNT", dest="lines")
    p.add_argument("--redeem", metavar="POINTS")
    p.add_argument("--pay", default="cash", choices=("cash", "card"))

    p = command(commands, "refund", "refund a sale, or some of its lines")
    p.add_argument("sale", metavar="SALE_ID")
    p.add_argument("--line", action="append", type=_line_number, dest="lines", metavar="N")

    p = command(commands, "adjust", "add or take points by hand (manager or owner)")
    p.add_argument("ref", metavar="PHONE|ID")
    p.add_argument("--points", required=True, type=_whole, metavar="N")
    p.add_argument("--reason", required=True, metavar="TEXT")

    command(commands, "expire", "expire every lot due by now")

    report = group("report", "totals")
    p = command(report, "day", "day totals for this store")
    p.add_argument("--date", metavar="YYYY-MM-DD")
    p = command(report, "z", "show a Z record")
    p.add_argument("number", type=_line_number, metavar="N")

    day = group("day", "the business day")
    command(day, "close", "close the day: write the next Z record")

    shift = group("shift", "shifts")
    command(shift, "open", "open your shift")
    command(shift, "close", "close your shift and show its totals")

    journal = group("journal", "the hash-chained journal")
    command(journal, "verify", "check the hash chain")

    p = command(commands, "backup", "copy the store to FILE (safe while the terminal runs)")
    p.add_argument("file", metavar="FILE")
    p = command(commands, "restore", "replace the store with a backup (the current one is kept in backups/)")
    p.add_argument("file", metavar="FILE")

    rules = group("rules", "the rule set")
    p = command(rules, "check", "validate a rules file (default: the store's rules.toml)")
    p.add_argument("file", nargs="?", metavar="FILE")
    command(rules, "show", "show the rules in force")
    return root
