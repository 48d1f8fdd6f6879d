"""The grammar of `jifen` and its handlers. Packages above terminal/ (printing, sync, ui) add
their commands here, so the core never imports them."""

import argparse
from argparse import Namespace
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

from terminal.bootstrap import Till, open_till
from terminal.clock import Clock
from terminal.errors import Refused
from terminal.home import Home


@dataclass(frozen=True)
class Output:
    data: dict[str, Any]
    text: str
    failed: bool = False  # the command ran but found a problem (exit status 2)


class Context:
    """What one command run shares: the home folder and, once opened, the till."""

    def __init__(self, home: Home) -> None:
        self.home = home
        self._till: Till | None = None

    def till(self) -> Till:
        if self._till is None:
            self._till = open_till(self.home, Clock.from_env())
        return self._till

    @property
    def opened(self) -> Till | None:
        return self._till

    def close(self) -> None:
        if self._till is not None:
            self._till.close()
            self._till = None


Handler = Callable[[Namespace, Context], Output]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise Refused("bad_input", f"{self.prog}: {message} (see '{self.prog} --help')",
                      f"{self.prog}：命令参数有误：{message}（见“{self.prog} --help”）")


def _common(defaults: bool) -> Parser:
    """Options every command takes; on sub-commands they must not overwrite what came before."""
    common = Parser(add_help=False, allow_abbrev=False)
    unset: dict[str, Any] = {} if defaults else {"default": argparse.SUPPRESS}
    common.add_argument("--home", metavar="DIR", help="the terminal's data folder (else $JIFEN_HOME)", **unset)
    common.add_argument("--json", action="store_true", help="print one JSON object", **unset)
    common.add_argument("--cashier", metavar="NAME", help="who does it (PIN from $JIFEN_PIN)", **unset)
    common.add_argument("--approver", metavar="NAME", help="manager approving it (PIN from $JIFEN_APPROVER_PIN)", **unset)
    return common


class CommandLine:
    """Commands are one word (``sale``) or a group and a word (``member add``)."""

    def __init__(self) -> None:
        self.parser = Parser(prog="jifen", description="jifen points terminal (积分收银终端)",
                             parents=[_common(defaults=True)], allow_abbrev=False)
        self._common = _common(defaults=False)
        self._top = self.parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
        self._groups: dict[str, argparse._SubParsersAction[Parser]] = {}
        self._handlers: dict[str, Handler] = {}
        self.read_only: set[str] = set()

    def group(self, name: str, help: str) -> None:
        sub = self._top.add_parser(name, help=help, description=help, parents=[self._common], allow_abbrev=False)
        self._groups[name] = sub.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)

    def command(self, path: str, help: str, handler: Handler, read_only: bool = False) -> Parser:
        """Add ``path``; read-only commands skip the work done after writes (the daily backup)."""
        group, _, word = path.rpartition(" ")
        parent = self._groups[group] if group else self._top
        self._handlers[path] = handler
        if read_only:
            self.read_only.add(path)
        return parent.add_parser(word, help=help, description=help, parents=[self._common], allow_abbrev=False)

    def parse(self, argv: list[str]) -> Namespace:
        return self.parser.parse_args(argv)

    @staticmethod
    def path_of(args: Namespace) -> str:
        return args.command + (f" {args.action}" if getattr(args, "action", None) else "")

    def run(self, args: Namespace, ctx: Context) -> Output:
        return self._handlers[self.path_of(args)](args, ctx)


def line_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a line number (1, 2, …)")
    return int(text)


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def day_or_none(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused("bad_input", f"'{text}' is not a date like 2026-03-01", f"“{text}”不是日期，格式如 2026-03-01") from None
