"""argparse in Chinese, for `jifen` and `jifen-ledger`: argparse has no Chinese of its own.

``in_chinese`` says one of its error messages as a Chinese sentence; ``ChineseHelp`` shows a parser's help
in Chinese when the language is Chinese, from a table of its help strings plus argparse's own words. In
English both leave argparse as it is. Option names, metavars, command words and the user's values stay
as they were typed."""

import argparse
import ast
import copy
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from terminal.lang import prefers_chinese
from terminal.textwidth import char_width, width

OWN_HELP = {"show this help message and exit": "显示此帮助并退出",
            "show program's version number and exit": "显示版本号并退出"}
HEADINGS = {"options": "选项", "positional arguments": "位置参数"}
USAGE = "用法："
_COMMAND_WORDS = {"COMMAND", "ACTION", "command", "action"}  # how argparse names the command words
_TYPES = {"int": "整数", "float": "数字"}
_CLOSING = "，。、；：！？）》”’),.;:"  # never begins a line
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^,\s][^,]*""")


def _plain(token: str) -> str:
    """A value as the user typed it, from argparse's repr of it; one that cannot be shown stays a repr."""
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError):
        return token
    return str(value) if str(value).isprintable() else token


def _value(token: str) -> str:
    return f"“{_plain(token)}”"


def _listed(text: str) -> str:
    """'cash', 'card' (or --a, --b) as cash、card."""
    return "、".join(_plain(token.strip()) for token in _QUOTED.findall(text))


def _choice(name: str, value: str, choices: str) -> str:
    what = "命令" if name in _COMMAND_WORDS else f"{name} 的值"
    return f"{what}{_value(value)}无效，可选：{_listed(choices)}"


def _typed(name: str, kind: str, value: str) -> str:
    if kind in _TYPES:
        return f"{name} 的值{_value(value)}不是{_TYPES[kind]}"
    return f"{name} 的值{_value(value)}无效"


_Say = Callable[..., str]
# What argparse says about one argument, after "argument NAME: "; each is given NAME, then the groups.
_ABOUT_ONE: tuple[tuple[re.Pattern[str], _Say], ...] = (
    (re.compile(r"expected one argument"), lambda name: f"{name} 后面要跟一个值"),
    (re.compile(r"expected at most one argument"), lambda name: f"{name} 后面最多跟一个值"),
    (re.compile(r"expected at least one argument"), lambda name: f"{name} 后面至少要跟一个值"),
    (re.compile(r"expected (\d+) arguments?"), lambda name, count: f"{name} 后面要跟 {count} 个值"),
    (re.compile(r"invalid choice: (.*) \(choose from (.*)\)"), _choice),
    (re.compile(r"invalid (\S+) value: (.*)"), _typed),
    (re.compile(r"not allowed with argument (.*)"), lambda name, other: f"{name} 不能与 {other} 同时给出"),
    (re.compile(r"ignored explicit argument (.*)"), lambda name, value: f"{name} 不带值，却给了{_value(value)}"),
)
_ABOUT_ALL: tuple[tuple[re.Pattern[str], _Say], ...] = (
    (re.compile(r"the following arguments are required: (.*)"), lambda names: f"缺少必需的参数：{_listed(names)}"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda words: f"无法识别的参数：{words}"),
    (re.compile(r"one of the arguments (.*) is required"),
     lambda names: f"{' 或 '.join(names.split())} 须给出其一"),
    (re.compile(r"too few arguments"), lambda: "参数太少"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"),
     lambda option, matches: f"选项 {option} 不明确，可能是：{_listed(matches)}"),
)
_ARGUMENT = re.compile(r"argument (.+?): (.*)", re.DOTALL)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _first(table: Iterable[tuple[re.Pattern[str], _Say]], text: str, *before: str) -> str | None:
    for pattern, say in table:
        found = pattern.fullmatch(text)
        if found:
            return say(*before, *found.groups())
    return None


def in_chinese(message: str) -> str | None:
    """argparse's error ``message`` as a Chinese sentence; None for one this table does not know."""
    about = _ARGUMENT.fullmatch(message)
    if about is None:
        return _first(_ABOUT_ALL, message)
    name, rest = about.groups()
    said = _first(_ABOUT_ONE, rest, name)
    if said is None and _CJK.search(rest):  # a type's own message, already in Chinese
        return f"{name}：{rest}"
    return said


def _units(text: str) -> list[str]:
    """Where a line may break: a Latin word, or one CJK character, each with the punctuation closing it; and spaces."""
    units: list[str] = []
    for ch in text:
        last = units[-1] if units else ""
        latin = not ch.isspace() and char_width(ch) == 1 and last[-1:] != "" and not last[-1].isspace() \
            and char_width(last[-1]) == 1
        if last and (ch in _CLOSING or latin or (ch.isspace() and last.isspace())):
            units[-1] += ch
        else:
            units.append(ch)
    return units


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` display columns (a CJK character takes two), breaking between
    words or CJK characters; a word longer than a line gets one of its own."""
    lines = [""]
    for unit in _units(" ".join(text.split())):
        if unit.isspace():
            lines[-1] += unit if lines[-1] else ""
        elif lines[-1] and width(lines[-1] + unit) > columns:
            lines.append(unit)
        else:
            lines[-1] += unit
    return [line.rstrip() for line in lines if line]


class _Formatter(argparse.HelpFormatter):
    """argparse's layout with Chinese headings, wrapped by display columns."""

    def _format_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                      groups: Iterable[Any], prefix: str | None) -> str:
        if prefix is not None:  # argparse's own use, for a command's name ("jifen sale")
            return super()._format_usage(usage, actions, groups, prefix)
        # "usage:" is as wide as "用法：", so the lines after the first stay under the command
        return USAGE + super()._format_usage(usage, actions, groups, "usage:").removeprefix("usage:")

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def format_help(self) -> str:
        text = super().format_help()
        for heading in HEADINGS.values():  # argparse puts a colon of its own after a heading
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text


class ChineseHelp(argparse.ArgumentParser):
    """A parser whose help is Chinese when the language is: ``help_zh`` holds the Chinese of its descriptions
    and option help; a string it lacks is shown in English."""

    help_zh: Mapping[str, str] = {}

    def _get_formatter(self) -> argparse.HelpFormatter:
        return _Formatter(prog=self.prog) if prefers_chinese() else super()._get_formatter()

    def format_help(self) -> str:
        if not prefers_chinese():
            return super().format_help()
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups)
        formatter.add_text(self._zh(self.description))
        for group in self._action_groups:
            formatter.start_section(HEADINGS.get(group.title or "", group.title))
            formatter.add_text(self._zh(group.description))
            formatter.add_arguments([self._shown(action) for action in group._group_actions])
            formatter.end_section()
        formatter.add_text(self._zh(self.epilog))
        return formatter.format_help()

    def _zh(self, text: str | None) -> str | None:
        if text is None:
            return None
        return OWN_HELP.get(text) or self.help_zh.get(text, text)

    def _shown(self, action: argparse.Action) -> argparse.Action:
        """A copy of ``action`` with its help in Chinese (and its commands', for the command words)."""
        shown = copy.copy(action)
        shown.help = self._zh(action.help)
        if isinstance(shown, argparse._SubParsersAction):
            shown._choices_actions = [self._shown(word) for word in shown._choices_actions]
        return shown
