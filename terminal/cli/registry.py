"""The grammar of `jifen` and its handlers. Packages above terminal/ (printing, sync, ui) add
their commands here, so the core never imports them. The grammar loads no handler's work: the store,
the printer and the ledger client come with the command that uses them (tests/terminal/test_cli_startup_imports.py)."""

from __future__ import annotations

import argparse
import re
from argparse import Namespace
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from terminal.argparse_zh import ChineseHelp, in_chinese
from terminal.cli.help_zh import HELP_ZH
from terminal.clock import Clock
from terminal.errors import Refused
from terminal.home import Home
from terminal.money import half_width, parse_amount, parse_points
from terminal.version import installed_version

if TYPE_CHECKING:
    from terminal.backup import LedgerAsk
    from terminal.bootstrap import Till


@dataclass(frozen=True)
class Output:
    data: dict[str, Any]
    text: str
    failed: bool = False  # the command ran but found a problem (exit status 2)


class Context:
    """What one command run shares: the home folder and, once opened, the till. A ``read_only``
    command also works on a store it cannot write (a read-only folder), and is not followed by
    the work done after writes. A command that only reads with some options (``receipt --text``)
    sets ``read_only`` before it opens the till."""

    def __init__(self, home: Home, read_only: bool = False) -> None:
        self.home = home
        self.read_only = read_only
        self.backup_anew = False  # the command closed the day: today's backup is made again, with all of the day
        self._till: Till | None = None

    def till(self) -> Till:
        from terminal.bootstrap import open_till

        if self._till is None:
            self._till = open_till(self.home, Clock.from_env(), read_only=self.read_only)
        return self._till

    @property
    def opened(self) -> Till | None:
        return self._till

    def close(self) -> None:
        if self._till is not None:
            self._till.close()
            self._till = None


Handler = Callable[[Namespace, Context], Output]
AfterWrite = Callable[[Context, Output], Output]  # may add to what a command that wrote says; never fails it


class Once(argparse.Action):
    """A value given once: an option given twice, or any value given empty, is refused rather than
    the last one silently winning (``--member A --member B`` would credit B only)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: Namespace, values: Any,
                 option_string: str | None = None) -> None:
        name = option_string or (self.metavar if isinstance(self.metavar, str) else self.dest.upper())
        given: set[str] = namespace.__dict__.setdefault("_given", set())
        if self.dest in given:
            raise Refused("bad_input", f"{parser.prog}: {name} is given more than once; give it once",
                          f"{parser.prog}：{name} 只能给一次")
        if isinstance(values, str) and not values.strip():
            raise Refused("bad_input", f"{parser.prog}: {name} is empty; give a value", f"{parser.prog}：{name} 为空；请填写")
        given.add(self.dest)
        setattr(namespace, self.dest, values)


class Words(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The command words. An option given both before and after them (``jifen --cashier A sale … --cashier B``) is
    refused as if given twice after them, unless the two values agree: argparse would let the later one win."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: Namespace, values: Any,
                 option_string: str | None = None) -> None:
        before = dict(vars(namespace))
        given: set[str] = before.get("_given", set())
        super().__call__(parser, namespace, values, option_string)  # sets what came after, over what came before
        sub = self._name_parser_map[values[0]]
        after: set[str] = namespace.__dict__.get("_given", set())
        for dest in given & after:
            if before[dest] != getattr(namespace, dest):
                name = next(a.option_strings[0] for a in sub._actions if a.dest == dest and a.option_strings)
                raise Refused("bad_input", f"{sub.prog}: {name} is given more than once; give it once",
                              f"{sub.prog}：{name} 只能给一次")
        namespace._given = given | after


_CHINESE_ASIDE = re.compile(r" ?[(（][^()（）]*[\u3400-\u9fff][^()（）]*[)）]")


class EnglishHelp(argparse.HelpFormatter):
    """English help without the Chinese asides its strings carry, "(补积分)": a cp1252 console shows them as ???.
    The strings keep them, as help_zh finds their Chinese by them."""

    def add_text(self, text: str | None) -> None:
        super().add_text(None if text is None else _CHINESE_ASIDE.sub("", text))

    def _expand_help(self, action: argparse.Action) -> str:
        return _CHINESE_ASIDE.sub("", super()._expand_help(action))


class Parser(ChineseHelp):
    help_zh = HELP_ZH

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", EnglishHelp)
        super().__init__(*args, **kwargs)
        self.register("action", None, Once)  # the default action, in argument groups too
        self.register("action", "store", Once)
        self.register("action", "parsers", Words)

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        try:
            return super()._get_value(action, arg_string)
        except Refused as refused:  # from a type below: say which command and option it is about
            name = "/".join(action.option_strings) or action.metavar or action.dest
            raise Refused(refused.code, f"{self.prog}: {name}: {refused.en}", f"{self.prog}：{name}：{refused.zh}") from None

    def error(self, message: str) -> NoReturn:
        raise Refused("bad_input", f"{self.prog}: {message} (see '{self.prog} --help')",
                      f"{self.prog}：{in_chinese(message) or '命令参数有误：' + message}（见“{self.prog} --help”）")


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
        self.parser.add_argument("--selftest", action="store_true",
                                 help="drive one full checkout in the app offscreen; exit 0 when it works (on its own, "
                                      "without a command)")
        self.parser.add_argument("--version", action="version", version=f"jifen {installed_version()}")
        self._common = _common(defaults=False)
        self._top = self.parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
        self._groups: dict[str, argparse._SubParsersAction[Parser]] = {}
        self._handlers: dict[str, Handler] = {}
        self.read_only: set[str] = set()
        self.after_write: list[AfterWrite] = []
        self.ask_ledger: LedgerAsk | None = None  # sync/ gives it: `restore` asks the ledger what it holds

    def group(self, name: str, help: str) -> None:
        sub = self._top.add_parser(name, help=help, description=help, parents=[self._common], allow_abbrev=False)
        self._groups[name] = sub.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)

    def command(self, path: str, help: str, handler: Handler, read_only: bool = False, add_help: bool = True) -> Parser:
        """Add ``path``; read-only commands skip the work done after writes (the daily backup) and
        work on a store that cannot be written. ``add_help=False``: the command reads its own --help."""
        group, _, word = path.rpartition(" ")
        parent = self._groups[group] if group else self._top
        self._handlers[path] = handler
        if read_only:
            self.read_only.add(path)
        return parent.add_parser(word, help=help, description=help, parents=[self._common], allow_abbrev=False,
                                 add_help=add_help)

    def parse(self, argv: list[str]) -> Namespace:
        args = self.parser.parse_args(argv)
        vars(args).pop("_given", None)
        return args

    def parse_known(self, argv: list[str]) -> tuple[Namespace, list[str]]:
        """The command and its options, and the words left for a command that reads its own (``demo``)."""
        args, extra = self.parser.parse_known_args(argv)
        vars(args).pop("_given", None)
        return args, extra

    @staticmethod
    def path_of(args: Namespace) -> str:
        return args.command + (f" {args.action}" if getattr(args, "action", None) else "")

    def run(self, args: Namespace, ctx: Context) -> Output:
        return self._handlers[self.path_of(args)](args, ctx)


MAX_DIGITS = 30  # longer numbers are typing accidents; Python refuses to read ones over 4,300 digits
MAX_COUNT = 2**63 - 1  # SQLite's largest integer: a larger line, Z or job number cannot even be looked up


def _shown(text: str) -> str:
    """What the user typed, cut short when it is too long to repeat in a message."""
    return text if len(text) <= 40 else f"{text[:20]}…{text[-8:]} ({len(text):,} characters)"


def _too_large(text: str) -> Refused:
    return Refused("bad_input", f"'{_shown(text)}' is too large", f"“{_shown(text)}”太大")


def _counting(en: str, zh: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        cleaned = half_width(text).strip()
        if re.fullmatch("[0-9]+", cleaned) and (len(cleaned) > MAX_DIGITS or int(cleaned) > MAX_COUNT):
            raise _too_large(text)
        if not re.fullmatch("[0-9]+", cleaned) or int(cleaned) < 1:
            raise Refused("bad_input", f"'{_shown(text)}' is not {en} (1, 2, …)", f"“{_shown(text)}”不是有效的{zh}（1、2、…）")
        return int(cleaned)
    return parse


line_number = _counting("a line number", "行号")
z_number = _counting("a Z number", "日结编号")
job_number = _counting("a job number", "打印任务编号")


def whole_number(text: str) -> int:
    cleaned = half_width(text).strip()
    if not re.fullmatch("[-+]?[0-9]+", cleaned):
        raise Refused("bad_input", f"'{_shown(text)}' is not a whole number", f"“{_shown(text)}”不是整数")
    if len(cleaned) > MAX_DIGITS:
        raise _too_large(text)
    return int(cleaned)


def amount(text: str) -> int:
    """Yuan to fen, as ``parse_amount``, refusing first what is too long to be an amount."""
    if len(text) > MAX_DIGITS:
        raise Refused("bad_amount", f"'{_shown(text)}' is too long to be an amount (at most ¥1,000,000 a line)",
                      f"“{_shown(text)}”太长，不是有效金额（单行上限 ￥1,000,000）")
    return parse_amount(text)


def points(text: str) -> int:
    """A positive number of points, as ``parse_points``, refusing first what is too long to be one."""
    if len(text) > MAX_DIGITS:
        raise Refused("bad_input", f"'{_shown(text)}' is too long to be a number of points",
                      f"“{_shown(text)}”太长，不是有效积分数")
    return parse_points(text)


def day_or_none(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused("bad_input", f"'{text}' is not a date like 2026-03-01", f"“{text}”不是日期，格式如 2026-03-01") from None
