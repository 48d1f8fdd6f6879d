"""ui/guide/使用说明.md, the guide for shop owners and cashiers, cannot silently rot:

- every text it quotes in 「」 is what the app shows in Chinese: a zh translation of ui/translations (a
  button without its key hint or its (&X) mark, one clause of a sentence split at ——, "……" standing for
  what the app fills in), or the printer's words of printing/problems.py that the status bar shows;
- every key it names (F7, Ctrl+F9, Shift+F7, …) is a shortcut of the app, as the owner's main window
  declares them (QShortcut), and each row of its shortcut table is a key of the screen the row names;
- every `jifen …` command line it quotes (in `…` or in a code block) is taken by the command line's parser:
  its command, sub-command and options exist."""

import os
import re
import shlex
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

import printing.problems as printer_words
from terminal.bootstrap import Till
from terminal.errors import Refused
from tests.helpers.store import OWNER
from tests.ui.conftest import chinese  # noqa: F401  (the fixture: the app in Chinese)
from tests.ui.test_members_support import app_context, settle
from ui.context import AppContext
from ui.guide_window import guide_file, guide_text
from ui.qt import core, gui
from ui.translations.update import HERE, read_ts

os.environ.setdefault("LC_CTYPE", "C.UTF-8")  # as the UI tests: Qt warns of a C locale that is not UTF-8

GUIDE = guide_file()
QUOTED = re.compile(r"「([^」]+)」")
KEY = re.compile(r"(?<![\w+])(?:(?:(?:Ctrl|Shift|Alt)\+)+(?:F\d{1,2}|[A-Z]|Tab)|F\d{1,2})(?![\w+])")
PLACEHOLDER = re.compile(r"%L?\d+|%n")
FILLED_IN = "……"  # in the guide: what the app fills in (a number, a name)
MNEMONIC = re.compile(r"\(&(.)\)")  # 保存(&S): shown as 保存(S)
KEY_HINT = re.compile(r"\s{2,}\S+$")  # 新会员  %1, 退勾选的商品  Enter
CLAUSE = re.compile(r"\s*——\s*")
WORDS = re.compile(r"[\u3400-\u9fffA-Za-z]")  # what a quote is made of, beside what the app fills in
ANY_SCREEN = "任何界面"


def guide() -> str:
    return guide_text()


def section(title: str) -> str:
    """The text of the guide's ## section whose heading holds ``title``."""
    parts = re.split(r"^## ", guide(), flags=re.MULTILINE)
    found = [part for part in parts if part.splitlines()[0].find(title) >= 0]
    assert len(found) == 1, f"one section '{title}' wanted in {GUIDE.name}"
    return found[0]


# --- 「」: the app's own words ------------------------------------------------------------------------------


def shown_forms(text: str) -> set[str]:
    """How a translation can appear on screen, whole or in part, as the guide may quote it."""
    forms = {text, MNEMONIC.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&"),
             MNEMONIC.sub(r"(\1)", text).replace("&&", "\0").replace("&", "").replace("\0", "&")}
    for form in list(forms):
        forms.add(KEY_HINT.sub("", form))
    for form in list(forms):
        for line in form.split("\n"):
            forms.add(line)
            forms.update(CLAUSE.split(line))
    # a part that is mostly what the app fills in ('%1', '%1：%2') would match any quote
    return {form.strip() for form in forms
            if form.strip() and (not PLACEHOLDER.search(form) or len(WORDS.findall(PLACEHOLDER.sub("", form))) >= 2)}


def app_words() -> set[str]:
    words = {form for message in read_ts(HERE / "jifen_zh_CN.ts") for text in message.translations
             for form in shown_forms(text)}
    for table in (printer_words.SHORT, printer_words.WORDS, printer_words.STATE_WORDS):
        words.update(form for _en, zh in table.values() for form in shown_forms(zh))
    return words


def said_by_the_app(quote: str, words: set[str]) -> bool:
    """The quote is one of the app's texts; "……" in it, and %1 in the app's, stand for what is filled in."""
    if len(WORDS.findall(quote.replace(FILLED_IN, ""))) < 1:
        return False  # 「……」 says nothing
    quote_pattern = re.compile(".+".join(re.escape(part) for part in quote.split(FILLED_IN)))
    for text in words:
        as_quoted = PLACEHOLDER.sub(FILLED_IN, text)
        if quote_pattern.fullmatch(as_quoted):
            return True
        if PLACEHOLDER.search(text):
            text_pattern = ".+".join(re.escape(part) for part in PLACEHOLDER.split(text))
            if re.fullmatch(text_pattern, quote):
                return True
    return False


def test_every_quoted_text_is_what_the_app_shows_in_chinese() -> None:
    quotes = QUOTED.findall(guide())
    assert len(quotes) > 100, "the guide quotes the app's words in 「」"
    words = app_words()
    unknown = sorted({quote for quote in quotes if not said_by_the_app(quote, words)})
    assert not unknown, f"{GUIDE.name} quotes texts the app does not show (ui/translations/jifen_zh_CN.ts): {unknown}"


# --- `jifen …`: the command line --------------------------------------------------------------------------


def command_lines() -> list[str]:
    """Each `jifen …` in inline code or on a line of a code block, without the environment set before it."""
    text = guide()
    block = re.compile(r"^[ \t]*```\w*\n(.*?)^[ \t]*```", flags=re.MULTILINE | re.DOTALL)  # lists indent theirs
    found = block.findall(text)
    lines = [line for block in found for line in block.splitlines()]
    lines += re.findall(r"`([^`\n]+)`", block.sub("", text))
    commands = []
    for line in lines:
        words = shlex.split(line.strip(), comments=True)
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            words.pop(0)
        if words and words[0] == "jifen":
            commands.append(shlex.join(words))
    return commands


def test_every_command_line_quoted_is_taken_by_the_command_line() -> None:
    from ui.entry import EXTENSIONS
    from terminal.cli.main import command_line

    commands = command_lines()
    assert len(commands) > 20 and "jifen sync --status" in commands
    wrong = []
    for command in commands:
        argv = shlex.split(command)[1:]
        try:
            args, extra = command_line(EXTENSIONS).parse_known(argv)
        except Refused as refused:
            wrong.append(f"{command}: {refused.en}")
            continue
        if extra and args.command != "demo":  # demo reads its own options
            wrong.append(f"{command}: not options of it: {extra}")
        if args.command is None and not (args.selftest or not argv):
            wrong.append(f"{command}: no command")
    assert not wrong, f"{GUIDE.name} quotes command lines jifen does not take:\n" + "\n".join(wrong)


# --- keys: the app's shortcuts ----------------------------------------------------------------------------


@pytest.fixture
def ctx(till: Till) -> Iterator[AppContext]:
    context = app_context(till, None, OWNER)
    yield context
    context.tasks.shutdown()


def keys_of(shortcuts: list[gui.QShortcut]) -> set[str]:
    return {sequence.toString() for shortcut in shortcuts for sequence in shortcut.keys()}


def app_keys(qtbot: QtBot, ctx: AppContext) -> dict[str, set[str]]:
    """The owner's shortcuts: those of the whole window (ANY_SCREEN) and, by its Chinese title, each screen's."""
    from ui.main_window import MainWindow
    from ui.screens.catalog import SCREENS

    window = MainWindow(ctx, SCREENS)
    qtbot.addWidget(window)
    window.logged_in(OWNER)
    settle(qtbot, ctx)
    direct = core.Qt.FindChildOption.FindDirectChildrenOnly
    keys = {ANY_SCREEN: keys_of(window.findChildren(gui.QShortcut, "", direct))}
    for screen in window.screens:
        keys[screen.title()] = keys_of(screen.findChildren(gui.QShortcut))
    return keys


@pytest.mark.gui
def test_every_key_named_is_a_shortcut_of_the_screen_named(qtbot: QtBot, ctx: AppContext, chinese: None) -> None:
    keys = app_keys(qtbot, ctx)
    assert {"收银", "会员", "退款", "交班", "经营概况", "积分兑换", "设置"} <= set(keys)
    every_key = set().union(*keys.values())
    named = set(KEY.findall(guide()))
    assert {"F1", "F12", "Ctrl+F9", "Shift+F7", "Ctrl+P"} <= named
    assert not named - every_key, f"{GUIDE.name} names keys the app has no shortcut for: {sorted(named - every_key)}"
    rows = [line for line in section("快捷键").splitlines() if line.startswith("|") and not line.startswith("|---")][1:]
    assert len(rows) > 20
    wrong = []
    for row in rows:
        where, pressed = (cell.strip() for cell in row.strip("|").split("|")[:2])
        screen = ANY_SCREEN if where == ANY_SCREEN else QUOTED.findall(where)[0]
        for key in KEY.findall(pressed) or [pressed]:
            if key not in keys.get(screen, set()):
                wrong.append(f"{where}: {key}")
    assert not wrong, f"{GUIDE.name}'s shortcut table names keys those screens do not have: {wrong}"
